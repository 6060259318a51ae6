"""How an interruption spreads through the dependency graph, redundancy-aware.

An item is *interrupted* when one of its single dependencies is interrupted, or when
fewer than ``min`` members of one of its redundancy groups are left; it is *degraded*
when something it needs is degraded, or a redundancy group lost members but still holds.
A service takes the worst state of its items. A service it depends on being interrupted
degrades it when it has items of its own (the item graph decides whether it is down) and
interrupts it when it has none.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from functools import cached_property

from svcascode.index import Index, Need


class State(IntEnum):
    """Ordered so that ``max`` gives the worse of two states."""

    OK = 0
    DEGRADED = 1
    INTERRUPTED = 2

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass
class Spread:
    """States of the items and services an interruption reaches (``OK`` ones omitted)."""

    cis: dict[str, State] = field(default_factory=dict)
    reckon: Callable[[], dict[str, State]] = field(default=dict, repr=False, compare=False)
    """Works out :attr:`services` when first asked (a caller may want the items alone)."""

    @cached_property
    def services(self) -> dict[str, State]:
        return self.reckon()

    def merge(self, other: Spread) -> None:
        for mine, theirs in ((self.cis, other.cis), (self.services, other.services)):
            for key, state in theirs.items():
                mine[key] = max(mine.get(key, State.OK), state)


_OK, _DEGRADED, _INTERRUPTED = int(State.OK), int(State.DEGRADED), int(State.INTERRUPTED)
_STATES = tuple(State)
"""Plain int -> State (``State(value)`` costs an enum lookup)."""


def _state_of(needs: Iterable[Need], states: Mapping[str, int]) -> int:
    """The state an item's needs put it in (plain ints: this is the hot loop)."""
    worst = _OK
    for need in needs:
        members = need.members
        if len(members) == 1:
            state = states.get(members[0], _OK)
        else:
            down = degraded = 0
            for member in members:
                value = states.get(member, _OK)
                if value == _INTERRUPTED:
                    down += 1
                elif value == _DEGRADED:
                    degraded += 1
            if len(members) - down < need.min:
                state = _INTERRUPTED
            else:
                state = _DEGRADED if down or degraded else _OK
        if state > worst:
            worst = state
            if worst == _INTERRUPTED:
                break
    return worst


def spread(index: Index, cis: Iterable[str], services: Iterable[str] = ()) -> Spread:
    """Propagate the interruption of ``cis`` and ``services`` (the seeds).

    A worklist: an item is re-examined only when something it needs got worse, and a
    state only ever rises, so each edge is looked at a bounded number of times. The same
    seeds give the same result, remembered per index (each call gets its own copy).
    """
    seeds = (tuple(cis), tuple(services))
    states = index.memo("spread", seeds[0], lambda: _spread(index, seeds[0]))

    def reckon() -> dict[str, State]:
        return dict(
            index.memo("spread-services", seeds, lambda: _services(index, states, set(seeds[1])))
        )

    return Spread({ci: _STATES[s] for ci, s in states.items() if s != _OK}, reckon)


def _spread(index: Index, cis: tuple[str, ...]) -> dict[str, int]:
    """The items' states (plain ints, ``OK`` ones included where examined)."""
    states: dict[str, int] = dict.fromkeys(cis, _INTERRUPTED)
    queue = deque(states)
    needed_by, needs = index.needed_by, index.needs
    grouped = index.memo("redundant-needers", None, lambda: _RedundantNeeders(needs))
    while queue:
        needed = queue.popleft()
        for dependent in needed_by.get(needed, ()):
            current = states.get(dependent, _OK)
            if current == _INTERRUPTED:
                continue
            if grouped[dependent]:
                state = _state_of(needs.get(dependent, ()), states)
            else:
                # Without a redundancy group an item is as bad as the worst it needs, so
                # only what just got worse can make it worse: the same fixpoint, reached
                # in the same order (an item first rises when the first thing it needs
                # that got worse is taken from the queue, either way).
                state = states[needed]
            if state > current:
                states[dependent] = state
                queue.append(dependent)
    return states


def redundant_dependents(index: Index, reached: Iterable[str]) -> frozenset[str]:
    """The items that need something in ``reached`` through a redundancy group that
    holds with fewer than all its members.

    Every other item is as bad as the worst thing it needs. So when two sets of seeds
    spread together, every item ends up in the worse of its states in the two separate
    spreads, unless an item of this kind needs things from both. When this gives
    disjoint sets for the items of the two spreads, spreading together interrupts
    nothing that neither interrupts alone."""
    grouped = index.memo("redundant-needers", None, lambda: _RedundantNeeders(index.needs))
    needed_by = index.needed_by
    return frozenset(
        dependent for ci in reached for dependent in needed_by.get(ci, ()) if grouped[dependent]
    )


class _RedundantNeeders(dict[str, bool]):
    """Item -> whether it has a redundancy group that holds with fewer than all its
    members; worked out as items are met."""

    def __init__(self, needs: Mapping[str, list[Need]]) -> None:
        super().__init__()
        self.needs = needs

    def __missing__(self, ci: str) -> bool:
        found = self[ci] = any(len(need.members) > need.min for need in self.needs.get(ci, ()))
        return found


def _services(index: Index, cis: Mapping[str, int], seeds: set[str]) -> dict[str, State]:
    """The services' states from their items' (``cis``, plain ints) and the ``seeds``."""
    dependents, realised_by = index.service_needed_by, index.service_cis
    states: dict[str, int] = dict.fromkeys(seeds, _INTERRUPTED)
    ci_services = index.ci_services
    for ci, state in cis.items():
        if state == _OK:
            continue
        for ident in ci_services.get(ci, ()):
            if state > states.get(ident, _OK):
                states[ident] = state
    queue = deque(states)
    while queue:
        current = queue.popleft()
        needed = states[current]
        for dependent in dependents.get(current, ()):
            # See _through_dependency, here on plain ints.
            state = _DEGRADED if needed == _INTERRUPTED and realised_by.get(dependent) else needed
            if state > states.get(dependent, _OK):
                states[dependent] = state
                queue.append(dependent)
    return {ident: _STATES[state] for ident, state in states.items()}


def _through_dependency(needed: State, has_items: bool) -> State:
    """A service-level ``depends_on`` is coarser than the item graph: when the dependent
    has items of its own, the item graph already says whether it is down, so a service
    it needs being down only degrades it; a service without items inherits the state."""
    if has_items and needed is State.INTERRUPTED:
        return State.DEGRADED
    return needed
