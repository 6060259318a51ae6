"""spread() with its shortcuts (results remembered per index, services worked out when
asked, items without a spare-holding group following what just got worse) gives what
the plain worklist gives, in the same order; the SLA scope's bits say what the closures
say."""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Iterable

import pytest

from svcascode.index import Index
from svcascode.loader.load import load
from svcascode.loader.sources import WorkingTree
from svcascode.propagation import State, spread
from svcascode.underpinning import (
    closure,
    sla_scope,
    sla_underpinnings,
    spread_masks,
    underpinnings,
)
from tests.conftest import WriteRepo
from tests.test_underpinning_shared import estate


def plain_spread(
    index: Index, cis: Iterable[str], services: Iterable[str]
) -> tuple[list[tuple[str, State]], list[tuple[str, State]]]:
    """The worklist as first written: every examined item re-reads all its needs."""
    states = dict.fromkeys(cis, State.INTERRUPTED)
    queue = deque(states)
    while queue:
        for dependent in index.needed_by.get(queue.popleft(), ()):
            current = states.get(dependent, State.OK)
            if current is State.INTERRUPTED:
                continue
            worst = State.OK
            for need in index.needs.get(dependent, ()):
                values = [states.get(m, State.OK) for m in need.members]
                down = values.count(State.INTERRUPTED)
                if len(need.members) == 1:
                    state = values[0]
                elif len(need.members) - down < need.min:
                    state = State.INTERRUPTED
                elif down or State.DEGRADED in values:
                    state = State.DEGRADED
                else:
                    state = State.OK
                worst = max(worst, state)
            if worst > current:
                states[dependent] = worst
                queue.append(dependent)
    service_states = dict.fromkeys(set(services), State.INTERRUPTED)
    for ci, state in states.items():
        for ident in index.ci_services.get(ci, ()):
            service_states[ident] = max(service_states.get(ident, State.OK), state)
    later = deque(service_states)
    while later:
        current = later.popleft()
        for dependent in index.service_needed_by.get(current, ()):
            state = service_states[current]
            if state is State.INTERRUPTED and index.service_cis.get(dependent):
                state = State.DEGRADED
            if state > service_states.get(dependent, State.OK):
                service_states[dependent] = state
                later.append(dependent)
    return list(states.items()), list(service_states.items())


@pytest.mark.parametrize("seed", range(40))
def test_spread_is_the_plain_worklist(write_repo: WriteRepo, seed: int) -> None:
    rng = random.Random(seed)
    index = Index.build(load(WorkingTree(write_repo(estate(rng)), use_git=False)))
    items = sorted(index.by_kind["ConfigurationItem"])
    services = sorted(index.by_kind["Service"])
    for _ in range(12):
        seeds = rng.sample(items, rng.randint(1, 3))
        seeded = rng.sample(services, rng.randint(0, 1))
        reach = spread(index, seeds, seeded)
        cis, reached = plain_spread(index, seeds, seeded)
        assert list(reach.cis.items()) == cis
        assert list(reach.services.items()) == reached
        reach.cis.clear()
        reach.services.clear()  # a copy: the next call is not affected
        again = spread(index, seeds, seeded)
        assert list(again.cis.items()) == cis and list(again.services.items()) == reached


@pytest.mark.parametrize("seed", range(40))
def test_spread_masks_give_every_reached_id_the_bits_of_what_reaches_it(seed: int) -> None:
    rng = random.Random(seed)
    nodes = [f"n{i}" for i in range(rng.randint(1, 30))]
    needed = {
        n: rng.choices(nodes, k=rng.randint(0, 3)) + ["outside"] * rng.randint(0, 1) for n in nodes
    }
    seeds = {
        n: 1 << rng.randrange(4) for n in rng.sample(nodes, min(len(nodes), rng.randint(1, 5)))
    }
    masks = dict(seeds)
    spread_masks(lambda n: needed.get(n, []), masks)
    expected: dict[str, int] = {}
    for seed_id, bit in seeds.items():
        seen = {seed_id}
        stack = [seed_id]
        while stack:
            for nxt in needed.get(stack.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        for node in seen:
            expected[node] = expected.get(node, 0) | bit
    assert masks == expected


@pytest.mark.parametrize("seed", range(40))
def test_the_sla_scope_is_the_closures(write_repo: WriteRepo, seed: int) -> None:
    index = Index.build(load(WorkingTree(write_repo(estate(random.Random(seed))), use_git=False)))
    scope = sla_scope(index)
    assert scope.slas == ["sla"]
    services = index.entity_of("Agreement", "sla").spec.services  # type: ignore[union-attr]
    items = set().union(*(closure(index, s).items for s in services))
    assert set(scope.masks) == items and all(scope.of(ci) == ["sla"] for ci in items)
    fresh = Index.build(index.load)
    assert sla_underpinnings(index, "sla") == sorted(
        set().union(*(underpinnings(fresh, "sla", s) for s in services))
    )
