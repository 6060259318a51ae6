"""What an SLA rests on: the closure of a service, the OLAs and UCs covering it, and the
availability they allow together.

Model: an OLA or UC promises the availability of what it covers (items by ``cis``, or the
items of the services it names). A service needs all of its items, the services it
depends on, and everything those items depend on: serial, so the targets of the distinct
agreements covering that closure multiply, each agreement counted once (an agreement is
one promise about its whole scope; an item takes the lowest target among the agreements
covering it). A redundancy group ``{any_of: [...], min: k}`` is up while at least ``k``
of its members are: parallel, the k-of-n probability of its members' own chains, in which
agreements already counted outside the group count as 100%. Failures are independent. An
item no OLA or UC covers counts as 100% and is reported as unknown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from svcascode.graph import Reach, reach_union
from svcascode.index import CI, Index, Need
from svcascode.model.agreement import Agreement
from svcascode.model.service import Service


def k_of_n(values: Sequence[float], k: int) -> float:
    """The probability that at least ``k`` of independent parts with availabilities
    ``values`` are up (a dynamic programme over the number of parts up)."""
    if k <= 0:
        return 1.0
    up = [1.0] + [0.0] * len(values)  # up[j]: probability that exactly j parts are up
    for value in values:
        for j in range(len(up) - 1, 0, -1):
            up[j] = up[j] * (1 - value) + up[j - 1] * value
        up[0] *= 1 - value
    return sum(up[k:])


@dataclass(frozen=True)
class Closure:
    """Everything a service needs: services (itself included) and items."""

    services: frozenset[str]
    items: frozenset[str]


def closure(index: Index, service: str) -> Closure:
    """The services ``service`` depends on (transitively, itself included) and every item
    they realise or need, redundancy-group members included."""
    return index.memo("closure", service, lambda: _closure(index, service))


def _closure(index: Index, service: str) -> Closure:
    services = closure_services(index, service)
    items: set[str] = set()
    for current in services:
        for ci in index.service_cis.get(current, ()):
            if ci not in items:
                items.add(ci)
                items |= index.dependencies_of(ci)
    return Closure(services, frozenset(items))


def closure_services(index: Index, service: str) -> frozenset[str]:
    """The services of :func:`closure` alone (cheap: the service graph is small)."""
    return index.memo("closure-services", service, lambda: _closure_services(index, service))


def _closure_services(index: Index, service: str) -> frozenset[str]:
    services: set[str] = set()
    stack = [service]
    while stack:
        current = stack.pop()
        if current in services:
            continue
        services.add(current)
        entity = index.entity(Service, current)
        if entity is not None:
            stack.extend(entity.spec.depends_on)
    return frozenset(services)


def closure_roots(index: Index, service: str) -> list[str]:
    """The items the services of the closure list in ``cis``, sorted (repeats kept)."""
    services = closure_services(index, service)
    return sorted(ci for s in services for ci in index.service_cis.get(s, ()))


def underpinnings(index: Index, sla: str, service: str) -> list[str]:
    """OLAs and UCs that cover anything in the service's closure (a service of it, or an
    item the way :func:`covering` does), or that the SLA names in ``underpinned_by``."""
    return index.memo("underpinnings", (sla, service), lambda: _underpinnings(index, sla, service))


def _underpinnings(index: Index, sla: str, service: str) -> list[str]:
    services = closure_services(index, service)
    found: set[str] = set()
    for name in services:
        found |= index.covered_by.get(("Service", name), set())
    # The same coverage that sets an item's availability (cis, or a service it realises,
    # even one outside this closure), for every item the closure's items reach.
    below = _covering_below(index)
    for name in services:
        for ci in index.service_cis.get(name, ()):
            found |= below(ci)
    agreement = index.entity(Agreement, sla)
    if agreement is not None:
        found |= set(agreement.spec.underpinned_by)
    underpinning = _underpinning_agreements(index)
    return sorted(ident for ident in found if ident in underpinning)


def sla_underpinnings(index: Index, sla: str) -> list[str]:
    """Every OLA and UC under any of an SLA's services (see :func:`underpinnings`)."""
    agreement = index.entity(Agreement, sla)
    found: set[str] = set()
    for service in agreement.spec.services if agreement is not None else ():
        found.update(underpinnings(index, sla, service))
    return sorted(found)


def _underpinning_agreements(index: Index) -> dict[str, float | None]:
    """OLA and UC ids with their availability targets (percent)."""
    return index.memo("underpinning-agreements", None, lambda: _olas_and_ucs(index))


def _olas_and_ucs(index: Index) -> dict[str, float | None]:
    return {
        record.id: agreement.spec.targets.availability
        for record, agreement in index.items(Agreement)
        if agreement.spec.type in ("OLA", "UC")
    }


def covering(index: Index, ci: str) -> list[str]:
    """OLAs and UCs covering an item directly (``cis``) or through a service it realises."""
    return _coverage(index).get(ci, [])


def _coverage(index: Index) -> dict[str, list[str]]:
    """:func:`covering` of every id an OLA or UC covers, worked out in one pass over the
    agreements (ids no OLA or UC covers are left out)."""
    return index.memo("coverage", None, lambda: _cover_all(index))


def _cover_all(index: Index) -> dict[str, list[str]]:
    underpinning = _underpinning_agreements(index)
    found: dict[str, set[str]] = {}
    for (kind, target), agreements in index.covered_by.items():
        cover = {ident for ident in agreements if ident in underpinning}
        if not cover:
            continue
        if kind == CI:
            cis: Iterable[str] = (target,)
        elif kind == "Service":
            cis = index.service_cis.get(target, ())
        else:
            continue
        for ci in cis:
            if ci in found:
                found[ci] |= cover
            else:
                found[ci] = set(cover)
    return {ci: sorted(cover) for ci, cover in found.items()}


def _covering_below(index: Index) -> Reach[str, str]:
    """Item -> the OLAs and UCs covering it or anything it needs, directly or not."""
    return index.memo(
        "covering-below",
        None,
        lambda: Reach(index.members_needed, lambda ci: frozenset(covering(index, ci))),
    )


@dataclass(frozen=True)
class Link:
    """An item's own availability and the agreement that sets it."""

    item: str
    availability: float | None
    """As a fraction (0..1); ``None`` when no covering agreement states a target."""
    agreement: str | None


@dataclass
class Feasibility:
    """The availability a service's underpinnings allow, and what decides it."""

    service: str
    value: float
    """As a fraction, 0..1."""
    counted: Callable[[], list[Link]] = field(default=list, repr=False, compare=False)
    """Lists :attr:`links` when first asked (a verdict needs the value alone)."""

    @cached_property
    def links(self) -> list[Link]:
        """Every item counted, with its own availability, by item."""
        return self.counted()

    @property
    def percent(self) -> float:
        return self.value * 100

    @property
    def unknown(self) -> list[str]:
        """Items no OLA or UC covers."""
        return sorted(link.item for link in self.links if link.agreement is None)

    @property
    def untargeted(self) -> list[str]:
        """Items covered only by agreements that state no availability."""
        return sorted(
            link.item
            for link in self.links
            if link.agreement is not None and link.availability is None
        )

    def weakest(self, count: int = 3) -> list[tuple[str, float]]:
        """The agreements with the lowest targets among those counted, lowest first."""
        lowest: dict[str, float] = {}
        for link in self.links:
            if link.agreement is not None and link.availability is not None:
                current = lowest.get(link.agreement, 1.0)
                lowest[link.agreement] = min(current, link.availability)
        return sorted(lowest.items(), key=lambda pair: (pair[1], pair[0]))[:count]


def own_link(index: Index, ci: str) -> Link:
    """The item's own availability: the lowest target among its covering agreements."""
    return index.memo("own-link", ci, lambda: _own_link(index, ci))


def _own_link(index: Index, ci: str) -> Link:
    targets = _underpinning_agreements(index)
    cover = covering(index, ci)
    best: tuple[float, str] | None = None
    for ident in cover:
        target = targets[ident]
        if target is not None and (best is None or target / 100 < best[0]):
            best = (target / 100, ident)
    if best is None:
        # Covered but with no availability target, or not covered at all.
        return Link(ci, None, cover[0] if cover else None)
    return Link(ci, best[0], best[1])


GroupKey = tuple[tuple[str, ...], int]
"""A redundancy group's sorted members and ``min``: one block however often listed."""
GroupResult = tuple[float, frozenset[str], frozenset[str]]
"""A k-of-n block's availability, and the items and agreements it added to those counted."""


class _Evaluator:
    """Serial chains and k-of-n groups over the item graph; each agreement counted once
    per level, and not again inside a group when the level around it counted it.

    One evaluator serves every service of an index. A block's result depends only on
    which of the items and agreements below it were counted already around it, so it is
    remembered under those and reused wherever the block recurs (in another service, or
    under every member of an enclosing block).
    """

    def __init__(self, index: Index) -> None:
        self.index = index
        self.steps = _Steps(index)
        self.targets = _Targets(index)
        self.reach: dict[str, frozenset[str]] = {}
        """Id -> every id it reaches through any need, itself included."""
        self.below: dict[tuple[str, ...], tuple[frozenset[str], frozenset[str]]] = {}
        self.blocks: dict[tuple[tuple[str, ...], int, frozenset[str], frozenset[str]], GroupResult]
        self.blocks = {}

    def chain(
        self,
        starts: Iterable[str],
        exclude: frozenset[str],
        counted: frozenset[str],
        serial: tuple[frozenset[str], list[Need]] | None = None,
    ) -> tuple[float, frozenset[str], frozenset[str]]:
        """The availability of everything ``starts`` need, with the items and the
        agreements it counted (``serial``: what :meth:`_serial` gives for them, if known)."""
        items, groups = self._serial(starts, exclude) if serial is None else serial
        targets: dict[str, float] = {}
        known = self.targets
        for ci in items:
            found = known[ci]
            if found is not None:
                agreement, availability = found
                targets[agreement] = min(targets.get(agreement, 1.0), availability)
        value = 1.0
        for agreement, target in targets.items():
            if agreement not in counted:
                value *= target
        inner_exclude = exclude | items
        inner_counted = counted | frozenset(targets)
        below, blocks = self.below, self.blocks
        for need in groups:
            # A block is remembered under what was counted already of what it reaches.
            reach, reach_agreements = below.get(need.members) or self._below(need.members)
            key = (need.members, need.min, inner_exclude & reach, inner_counted & reach_agreements)
            remembered = blocks.get(key)
            if remembered is None:
                block_value, after_exclude, after_counted = self._block(
                    need, inner_exclude, inner_counted
                )
                blocks[key] = (
                    block_value,
                    after_exclude - inner_exclude,
                    after_counted - inner_counted,
                )
                inner_exclude, inner_counted = after_exclude, after_counted
            else:
                block_value, more_exclude, more_counted = remembered
                if more_exclude:
                    inner_exclude = inner_exclude | more_exclude
                if more_counted:
                    inner_counted = inner_counted | more_counted
            value *= block_value
        return value, inner_exclude, inner_counted

    def _block(
        self, need: Need, exclude: frozenset[str], counted: frozenset[str]
    ) -> tuple[float, frozenset[str], frozenset[str]]:
        """A k-of-n block. What every member needs is needed by the block as a whole: it
        is counted once, in series, not once per member as if it failed independently."""
        value = 1.0
        serials = [self._serial((m,), exclude) for m in need.members]
        common = frozenset.intersection(*(reach for reach, _ in serials))
        members: list[float] = []
        if common:
            value, exclude, counted = self.chain(common, exclude, counted)
            for m in need.members:
                members.append(self.chain((m,), exclude, counted)[0])
        else:
            for m, serial in zip(need.members, serials, strict=True):
                members.append(self.chain((m,), exclude, counted, serial)[0])
        return value * k_of_n(members, need.min), exclude, counted

    def _below(self, members: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
        """Everything ``members`` reach, and the agreements setting those items' targets."""
        reach_union(members, self.index.members_needed, _single, self.reach)
        items = frozenset().union(*(self.reach[m] for m in members))
        steps, known = self.steps, self.targets
        agreements = frozenset(
            found[0] for ci in items if steps[ci] is not None and (found := known[ci]) is not None
        )
        self.below[members] = (items, agreements)
        return items, agreements

    def _serial(
        self, starts: Iterable[str], exclude: frozenset[str]
    ) -> tuple[frozenset[str], list[Need]]:
        items: set[str] = set()
        groups: dict[GroupKey, Need] = {}
        steps = self.steps
        stack = [s for s in starts if s not in exclude]
        pop, push, add = stack.pop, stack.extend, items.add
        while stack:
            ci = pop()
            if ci in items or ci in exclude:
                continue
            step = steps[ci]
            if step is None:
                continue  # not a valid item
            add(ci)
            serial, blocks = step
            if serial:
                push(serial)
            for key, need in blocks:
                if key not in groups:
                    groups[key] = need
        return frozenset(items), list(groups.values())


class _Targets(dict[str, tuple[str, float] | None]):
    """Item -> the agreement setting its own availability and that target, if any."""

    def __init__(self, index: Index) -> None:
        super().__init__()
        self.index = index

    def __missing__(self, ci: str) -> tuple[str, float] | None:
        # As own_link decides, without making a Link.
        targets = _underpinning_agreements(self.index)
        best: tuple[float, str] | None = None
        for ident in covering(self.index, ci):
            target = targets[ident]
            if target is not None and (best is None or target / 100 < best[0]):
                best = (target / 100, ident)
        found = None if best is None else (best[1], best[0])
        self[ci] = found
        return found


class _Steps(dict[str, "tuple[tuple[str, ...], tuple[tuple[GroupKey, Need], ...]] | None"]):
    """Valid item -> the members of its serial needs, and its k-of-n needs with their
    group keys; ``None`` for an id that is no valid item. Worked out as items are met."""

    def __init__(self, index: Index) -> None:
        super().__init__()
        self.needs = index.needs

    def __missing__(
        self, ci: str
    ) -> tuple[tuple[str, ...], tuple[tuple[GroupKey, Need], ...]] | None:
        needs = self.needs.get(ci)
        step = None
        if needs is not None:
            serial: list[str] = []
            groups: list[tuple[GroupKey, Need]] = []
            for need in needs:
                if len(need.members) == 1 or need.min >= len(need.members):
                    serial.extend(need.members)
                else:
                    groups.append(((tuple(sorted(need.members)), need.min), need))
            step = (tuple(serial), tuple(groups))
        self[ci] = step
        return step


def _single(ci: str) -> frozenset[str]:
    return frozenset((ci,))


def feasibility(index: Index, service: str) -> Feasibility:
    """The availability the OLAs and UCs under ``service`` allow together."""
    return index.memo("feasibility", service, lambda: _feasibility(index, service))


def _feasibility(index: Index, service: str) -> Feasibility:
    evaluator = index.memo("availability-evaluator", None, lambda: _Evaluator(index))
    value = evaluator.chain(closure_roots(index, service), frozenset(), frozenset())[0]
    return Feasibility(service, value, lambda: _links(index, service))


def _links(index: Index, service: str) -> list[Link]:
    """Every valid item in the service's closure: the evaluation counts each of them, as
    a serial item or a block member, or finds it counted already."""
    items = closure(index, service).items
    return [own_link(index, ci) for ci in sorted(items) if ci in index.needs]
