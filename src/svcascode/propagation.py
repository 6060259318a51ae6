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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import IntEnum

from svcascode.index import Index, Need
from svcascode.model.service import Service


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
    services: dict[str, State] = field(default_factory=dict)

    def merge(self, other: Spread) -> None:
        for mine, theirs in ((self.cis, other.cis), (self.services, other.services)):
            for key, state in theirs.items():
                mine[key] = max(mine.get(key, State.OK), state)


def _need_state(need: Need, states: Mapping[str, State]) -> State:
    down = sum(1 for m in need.members if states.get(m) is State.INTERRUPTED)
    if len(need.members) - down < need.min:
        return State.INTERRUPTED
    if down or any(states.get(m) is State.DEGRADED for m in need.members):
        return State.DEGRADED
    return State.OK


def spread(index: Index, cis: Iterable[str], services: Iterable[str] = ()) -> Spread:
    """Propagate the interruption of ``cis`` and ``services`` (the seeds).

    A worklist: an item is re-examined only when something it needs got worse, and a
    state only ever rises, so each edge is looked at a bounded number of times.
    """
    states: dict[str, State] = {ci: State.INTERRUPTED for ci in cis}
    queue = deque(states)
    while queue:
        for dependent in index.needed_by.get(queue.popleft(), ()):
            if states.get(dependent) is State.INTERRUPTED:
                continue
            state = max(
                (_need_state(need, states) for need in index.needs.get(dependent, ())),
                default=State.OK,
            )
            if state > states.get(dependent, State.OK):
                states[dependent] = state
                queue.append(dependent)
    result = Spread(cis={ci: s for ci, s in states.items() if s is not State.OK})
    result.services = _services(index, result.cis, set(services))
    return result


def _services(index: Index, cis: Mapping[str, State], seeds: set[str]) -> dict[str, State]:
    dependents: dict[str, set[str]] = {}
    for record, service in index.items(Service):
        for needed in service.spec.depends_on:
            dependents.setdefault(needed, set()).add(record.id)
    states: dict[str, State] = {s: State.INTERRUPTED for s in seeds}
    for ci, state in cis.items():
        for ident in index.ci_services.get(ci, ()):
            states[ident] = max(states.get(ident, State.OK), state)
    queue = deque(states)
    while queue:
        current = queue.popleft()
        for dependent in dependents.get(current, ()):
            state = _through_dependency(states[current], bool(index.service_cis.get(dependent)))
            if state > states.get(dependent, State.OK):
                states[dependent] = state
                queue.append(dependent)
    return states


def _through_dependency(needed: State, has_items: bool) -> State:
    """A service-level ``depends_on`` is coarser than the item graph: when the dependent
    has items of its own, the item graph already says whether it is down, so a service
    it needs being down only degrades it; a service without items inherits the state."""
    if has_items and needed is State.INTERRUPTED:
        return State.DEGRADED
    return needed
