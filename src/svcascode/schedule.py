"""The change schedule: changes, blackout and maintenance windows in a period, and conflicts.

Recurring windows are expanded into their occurrences (in the wall-clock time of their
time zone, see :mod:`svcascode.windows`). A change *reaches* its items and everything an
interruption of them spreads to (:func:`svcascode.propagation.spread`: dependent items,
interrupted or degraded, and the services they realise).

Two changes *conflict* when their windows overlap and

- they touch the same item, or one touches an item the other reaches (``shared_items``),
  or
- together they interrupt an item that neither interrupts alone, such as both members of
  a redundant pair (``compounded``).

A change whose window overlaps an occurrence of a blackout whose scope it reaches (an
empty scope is everything) is marked with that blackout, and the blackout's entry with
the change.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Literal

from svcascode.index import Index
from svcascode.loader.load import Record
from svcascode.model.change import Change, ChangeWindow, Scope
from svcascode.propagation import Spread, State, redundant_dependents, spread
from svcascode.windows import UTC, occurrences

EntryKind = Literal["change", "blackout", "maintenance"]
_KIND_ORDER: dict[str, int] = {"blackout": 0, "maintenance": 1, "change": 2}


@dataclass(frozen=True)
class Entry:
    """One change, or one occurrence of a change window, on the schedule."""

    kind: EntryKind
    id: str
    title: str
    start: datetime
    """In the offset the change or window was written in (recurring: its time zone)."""
    end: datetime
    scope: str
    """What it applies to, for people: a change's items and reach, a window's scope."""
    change_type: str | None = None
    """``standard``, ``normal`` or ``emergency`` (changes only)."""
    risk: str | None = None
    """The requester's risk assessment (changes only)."""
    cis: tuple[str, ...] = ()
    """A change's items; a window's scope items."""
    services: tuple[str, ...] = ()
    """Services a change reaches; a window's scope services."""
    conflicts: tuple[str, ...] = ()
    """A change: the changes it conflicts with. A blackout: the changes that fall in it."""
    blackouts: tuple[str, ...] = ()
    """A change: the blackouts it falls in (that cover what it reaches)."""
    recurring: bool = False
    """An occurrence of a recurring window."""
    path: str = ""
    """The file it is defined in, relative to the repository root."""

    @property
    def marked(self) -> bool:
        """Whether something is wrong with it: a conflict or a blackout."""
        return bool(self.conflicts or self.blackouts)


@dataclass(frozen=True)
class Conflict:
    """Two changes at the same time whose interruptions meet."""

    a: str
    """The change that starts first (by id on a tie)."""
    b: str
    shared_items: tuple[str, ...]
    """Items one change touches and the other touches or reaches."""
    overlap_start: datetime
    overlap_end: datetime
    compounded: tuple[str, ...] = ()
    """Items that only the two together interrupt (where redundancy is lost)."""

    def involves(self, change: str) -> bool:
        return change in (self.a, self.b)

    def other(self, change: str) -> str:
        return self.b if change == self.a else self.a


@dataclass(frozen=True)
class Schedule:
    """What is planned between ``start`` and ``end``, sorted by start."""

    start: datetime
    end: datetime
    entries: tuple[Entry, ...]
    conflicts: tuple[Conflict, ...]
    organisation: str | None
    generated: datetime
    """When the schedule was made (UTC), the calendar's time stamp."""

    def of_kind(self, kind: EntryKind) -> list[Entry]:
        return [entry for entry in self.entries if entry.kind == kind]


@dataclass
class _Planned:
    """A change with a usable window; what it reaches is worked out when first asked."""

    index: Index
    record: Record
    change: Change

    @cached_property
    def reach(self) -> Spread:
        return spread(self.index, self.change.spec.cis)

    @cached_property
    def exposed(self) -> frozenset[str]:
        """The redundant items another change's interruption could take down together
        with this one's (see :func:`svcascode.propagation.redundant_dependents`)."""
        return redundant_dependents(self.index, self.reach.cis)

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def start(self) -> datetime:
        return self.change.spec.window.start

    @property
    def end(self) -> datetime:
        return self.change.spec.window.end

    def touches(self, scope: Scope) -> bool:
        """Whether the scope (empty: everything) includes anything the change reaches."""
        if not scope.cis and not scope.services:
            return True
        return bool(set(scope.cis) & self.reach.cis.keys()) or bool(
            set(scope.services) & self.reach.services.keys()
        )


def _planned(
    index: Index, start: datetime | None = None, end: datetime | None = None
) -> list[_Planned]:
    """Changes whose window overlaps ``[start, end)`` (unbounded where ``None``), by start."""
    found: list[_Planned] = []
    for record, change in index.items(Change):
        window = change.spec.window
        if window.end <= window.start:
            continue  # reported by change-window-order
        if (start is not None and window.end <= start) or (end is not None and window.start >= end):
            continue
        found.append(_Planned(index, record, change))
    found.sort(key=lambda p: (p.start, p.id))
    return found


def _compounded(index: Index, a: _Planned, b: _Planned) -> tuple[str, ...]:
    """Items the two changes interrupt only together: the first ones, not their dependents.

    Nothing unless a redundant item is exposed to both changes: otherwise spreading
    them together gives, item by item, the worse of the two separate spreads."""
    if a.exposed.isdisjoint(b.exposed):
        return ()
    together = spread(index, [*a.change.spec.cis, *b.change.spec.cis])
    alone = {
        ci
        for reach in (a.reach, b.reach)
        for ci, state in reach.cis.items()
        if state is State.INTERRUPTED
    }
    new = {ci for ci, s in together.cis.items() if s is State.INTERRUPTED and ci not in alone}
    roots = {
        ci
        for ci in new
        if not any(member in new for need in index.needs.get(ci, ()) for member in need.members)
    }
    return tuple(sorted(roots))


def _conflict(index: Index, a: _Planned, b: _Planned) -> Conflict | None:
    overlap_start, overlap_end = max(a.start, b.start), min(a.end, b.end)
    if overlap_end <= overlap_start:
        return None
    shared = (set(a.change.spec.cis) & b.reach.cis.keys()) | (
        set(b.change.spec.cis) & a.reach.cis.keys()
    )
    compounded = _compounded(index, a, b)
    if not shared and not compounded:
        return None
    return Conflict(a.id, b.id, tuple(sorted(shared)), overlap_start, overlap_end, compounded)


def _conflicts(
    index: Index, planned: list[_Planned], start: datetime | None, end: datetime | None
) -> list[Conflict]:
    """Conflicts among ``planned`` (sorted by start) whose overlap meets ``[start, end)``."""
    found: list[Conflict] = []
    for i, a in enumerate(planned):
        for b in planned[i + 1 :]:
            if b.start >= a.end:
                break
            conflict = _conflict(index, a, b)
            if conflict is None:
                continue
            if start is not None and conflict.overlap_end <= start:
                continue
            if end is not None and conflict.overlap_start >= end:
                continue
            found.append(conflict)
    return found


def find_conflicts(
    index: Index, start: datetime | None = None, end: datetime | None = None
) -> list[Conflict]:
    """Every pair of conflicting changes (overlapping ``[start, end)`` when given),
    ordered by the first change's start."""
    return _conflicts(index, _planned(index, start, end), start, end)


def describe_scope(scope: Scope) -> str:
    """``everything``, or the services and items a window's scope names."""
    parts = []
    if scope.services:
        parts.append("services: " + ", ".join(scope.services))
    if scope.cis:
        parts.append("items: " + ", ".join(scope.cis))
    return "; ".join(parts) or "everything"


def _reach_text(planned: _Planned) -> str:
    items = ", ".join(planned.change.spec.cis)
    reached = len(planned.reach.cis.keys() - set(planned.change.spec.cis))
    services = len(planned.reach.services)
    return (
        f"items: {items}; reaches {reached} more item{'' if reached == 1 else 's'}, "
        f"{services} service{'' if services == 1 else 's'}"
    )


def _window_entries(
    index: Index, planned: list[_Planned], start: datetime, end: datetime
) -> Iterator[Entry]:
    for record, window in index.items(ChangeWindow):
        spec = window.spec
        for begin, finish in occurrences(spec, start, end):
            inside: tuple[str, ...] = ()
            if spec.type == "blackout":
                inside = tuple(
                    p.id
                    for p in planned
                    if p.start < finish and begin < p.end and p.touches(spec.scope)
                )
            yield Entry(
                kind=spec.type,
                id=record.id,
                title=window.title,
                start=begin,
                end=finish,
                scope=describe_scope(spec.scope),
                cis=tuple(spec.scope.cis),
                services=tuple(spec.scope.services),
                conflicts=inside,
                recurring=spec.rrule is not None,
                path=record.where.path,
            )


def _blackouts_of(index: Index, planned: _Planned) -> tuple[str, ...]:
    hit = []
    for record, window in index.items(ChangeWindow):
        spec = window.spec
        if spec.type != "blackout" or not planned.touches(spec.scope):
            continue
        if next(occurrences(spec, planned.start, planned.end), None) is not None:
            hit.append(record.id)
    return tuple(sorted(hit))


def _change_entry(index: Index, planned: _Planned, conflicts: Iterable[Conflict]) -> Entry:
    spec = planned.change.spec
    others = sorted({c.other(planned.id) for c in conflicts if c.involves(planned.id)})
    return Entry(
        kind="change",
        id=planned.id,
        title=planned.change.title,
        start=spec.window.start,
        end=spec.window.end,
        scope=_reach_text(planned),
        change_type=spec.type,
        risk=spec.risk,
        cis=tuple(spec.cis),
        services=tuple(sorted(planned.reach.services)),
        conflicts=tuple(others),
        blackouts=_blackouts_of(index, planned),
        path=planned.record.where.path,
    )


def _sort_key(entry: Entry) -> tuple[datetime, int, str]:
    return (entry.start.astimezone(UTC), _KIND_ORDER[entry.kind], entry.id)


def build_schedule(
    index: Index, start: datetime, end: datetime, now: datetime | None = None
) -> Schedule:
    """Changes and window occurrences overlapping ``[start, end)`` (aware datetimes),
    with conflicts and blackout marks, sorted by start."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("the schedule's start and end need a time zone")
    planned = _planned(index, start, end)
    conflicts = _conflicts(index, planned, start, end)
    entries = [_change_entry(index, p, conflicts) for p in planned]
    entries += _window_entries(index, planned, start, end)
    entries.sort(key=_sort_key)
    return Schedule(
        start=start,
        end=end,
        entries=tuple(entries),
        conflicts=tuple(conflicts),
        organisation=index.load.config.organisation,
        generated=(now or datetime.now(UTC)).astimezone(UTC),
    )
