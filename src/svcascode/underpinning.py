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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from svcascode.index import CI, Index, Need
from svcascode.model.agreement import Agreement
from svcascode.model.ci import ConfigurationItem
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
    items: set[str] = set()
    for current in services:
        for ci in index.service_cis.get(current, ()):
            if ci not in items:
                items.add(ci)
                items |= index.dependencies_of(ci)
    return Closure(frozenset(services), frozenset(items))


def underpinnings(index: Index, sla: str, service: str) -> list[str]:
    """OLAs and UCs that cover anything in the service's closure (a service of it, or an
    item the way :func:`covering` does), or that the SLA names in ``underpinned_by``."""
    return index.memo("underpinnings", (sla, service), lambda: _underpinnings(index, sla, service))


def _underpinnings(index: Index, sla: str, service: str) -> list[str]:
    scope = closure(index, service)
    found: set[str] = set()
    for name in scope.services:
        found |= index.covered_by.get(("Service", name), set())
    for ci in scope.items:
        # The same coverage that sets the item's availability (cis, or a service it
        # realises, even one outside this closure).
        found |= set(covering(index, ci))
    agreement = index.entity(Agreement, sla)
    if agreement is not None:
        found |= set(agreement.spec.underpinned_by)
    return sorted(
        ident
        for ident in found
        if (a := index.entity(Agreement, ident)) is not None and a.spec.type in ("OLA", "UC")
    )


def sla_underpinnings(index: Index, sla: str) -> list[str]:
    """Every OLA and UC under any of an SLA's services (see :func:`underpinnings`)."""
    agreement = index.entity(Agreement, sla)
    found: set[str] = set()
    for service in agreement.spec.services if agreement is not None else ():
        found.update(underpinnings(index, sla, service))
    return sorted(found)


def covering(index: Index, ci: str) -> list[str]:
    """OLAs and UCs covering an item directly (``cis``) or through a service it realises."""
    return index.memo("covering", ci, lambda: _covering(index, ci))


def _covering(index: Index, ci: str) -> list[str]:
    found = set(index.covered_by.get((CI, ci), set()))
    for service in index.ci_services.get(ci, ()):
        found |= index.covered_by.get(("Service", service), set())
    return sorted(
        ident
        for ident in found
        if (a := index.entity(Agreement, ident)) is not None and a.spec.type in ("OLA", "UC")
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
    links: list[Link] = field(default_factory=list)
    """Every item counted, with its own availability."""

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
    best: tuple[float, str] | None = None
    for ident in covering(index, ci):
        agreement = index.entity(Agreement, ident)
        target = agreement.spec.targets.availability if agreement else None
        if target is not None and (best is None or target / 100 < best[0]):
            best = (target / 100, ident)
    if best is None:
        # Covered but with no availability target, or not covered at all.
        cover = covering(index, ci)
        return Link(ci, None, cover[0] if cover else None)
    return Link(ci, best[0], best[1])


class _Evaluator:
    """Serial chains and k-of-n groups over the item graph; each agreement counted once
    per level, and not again inside a group when the level around it counted it."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.links: dict[str, Link] = {}

    def link(self, ci: str) -> Link:
        if ci not in self.links:
            self.links[ci] = own_link(self.index, ci)
        return self.links[ci]

    def chain(
        self, starts: Iterable[str], exclude: frozenset[str], counted: frozenset[str]
    ) -> tuple[float, frozenset[str], frozenset[str]]:
        """The availability of everything ``starts`` need, with the items and the
        agreements it counted."""
        items, groups = self._serial(starts, exclude)
        targets: dict[str, float] = {}
        for ci in items:
            link = self.link(ci)
            if link.agreement is not None and link.availability is not None:
                targets[link.agreement] = min(targets.get(link.agreement, 1.0), link.availability)
        value = 1.0
        for agreement, target in targets.items():
            if agreement not in counted:
                value *= target
        inner_exclude = exclude | items
        inner_counted = counted | frozenset(targets)
        for need in groups:
            group_value, inner_exclude, inner_counted = self._group(
                need, inner_exclude, inner_counted
            )
            value *= group_value
        return value, inner_exclude, inner_counted

    def _group(
        self, need: Need, exclude: frozenset[str], counted: frozenset[str]
    ) -> tuple[float, frozenset[str], frozenset[str]]:
        """A k-of-n block. What every member needs is needed by the block as a whole: it
        is counted once, in series, not once per member as if it failed independently."""
        value = 1.0
        reach = [self._serial([m], exclude)[0] for m in need.members]
        common = frozenset.intersection(*reach) if reach else frozenset()
        if common:
            value, exclude, counted = self.chain(common, exclude, counted)
        members = [self.chain([m], exclude, counted)[0] for m in need.members]
        return value * k_of_n(members, need.min), exclude, counted

    def _serial(
        self, starts: Iterable[str], exclude: frozenset[str]
    ) -> tuple[frozenset[str], list[Need]]:
        items: set[str] = set()
        groups: dict[tuple[tuple[str, ...], int], Need] = {}
        stack = [s for s in starts if s not in exclude]
        while stack:
            ci = stack.pop()
            if ci in items or ci in exclude:
                continue
            if self.index.entity(ConfigurationItem, ci) is None:
                continue
            items.add(ci)
            for need in self.index.needs.get(ci, ()):
                if len(need.members) == 1 or need.min >= len(need.members):
                    stack.extend(need.members)
                else:
                    groups.setdefault((tuple(sorted(need.members)), need.min), need)
        return frozenset(items), list(groups.values())


def feasibility(index: Index, service: str) -> Feasibility:
    """The availability the OLAs and UCs under ``service`` allow together."""
    return index.memo("feasibility", service, lambda: _feasibility(index, service))


def _feasibility(index: Index, service: str) -> Feasibility:
    scope = closure(index, service)
    roots = sorted(ci for s in scope.services for ci in index.service_cis.get(s, ()))
    evaluator = _Evaluator(index)
    value = evaluator.chain(roots, frozenset(), frozenset())[0]
    return Feasibility(service, value, sorted(evaluator.links.values(), key=lambda link: link.item))
