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

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from svcascode.availability import Evaluator, Target
from svcascode.availability import k_of_n as k_of_n
from svcascode.graph import Reach
from svcascode.index import CI, Index
from svcascode.model.agreement import Agreement
from svcascode.model.service import Service


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
    return index.memo("sla-underpinnings", sla, lambda: _sla_underpinnings(index, sla))


def _sla_underpinnings(index: Index, sla: str) -> list[str]:
    agreement = index.entity(Agreement, sla)
    scope = sla_scope(index)
    if agreement is None or sla not in scope.bits:
        found: set[str] = set()
        for service in agreement.spec.services if agreement is not None else ():
            found.update(underpinnings(index, sla, service))
        return sorted(found)
    if not agreement.spec.services:
        return []
    # What underpinnings() finds for each service, for all of them at once.
    found = set(scope.agreements(sla))
    for service in agreement.spec.services:
        for name in closure_services(index, service):
            found |= index.covered_by.get(("Service", name), set())
    found |= set(agreement.spec.underpinned_by)
    underpinning = _underpinning_agreements(index)
    return sorted(ident for ident in found if ident in underpinning)


@dataclass
class SlaScope:
    """Which SLAs every item underpins: each SLA is a bit, and an item holds the bits of
    the SLAs whose services' closures contain it (one pass over the item graph for all
    SLAs, not a walk per SLA or per service)."""

    index: Index
    slas: list[str]
    """The SLA ids, in index order; ``slas[i]`` is bit ``i``."""
    masks: dict[str, int]
    """Item id (valid or not) -> its SLAs' bits; only items some SLA reaches."""

    @property
    def bits(self) -> dict[str, int]:
        return {sla: 1 << i for i, sla in enumerate(self.slas)}

    def of(self, ci: str) -> list[str]:
        """The SLAs whose services' closures contain ``ci``, in index order."""
        mask = self.masks.get(ci, 0)
        return [sla for i, sla in enumerate(self.slas) if mask >> i & 1]

    def agreements(self, sla: str) -> set[str]:
        """The OLAs and UCs covering (as :func:`covering` does) an item in the SLA's
        closures."""
        bit = self.bits[sla]
        return {ident for ident, mask in self._covering_masks().items() if mask & bit}

    def _covering_masks(self) -> dict[str, int]:
        return self.index.memo("sla-scope-covering", None, self._agreement_masks)

    def _agreement_masks(self) -> dict[str, int]:
        """OLA or UC -> the bits of the SLAs whose closures hold an item it covers."""
        coverage = _coverage(self.index)
        found: dict[str, int] = {}
        for ci, mask in self.masks.items():
            for ident in coverage.get(ci, ()):
                found[ident] = found.get(ident, 0) | mask
        return found


def sla_scope(index: Index) -> SlaScope:
    """The :class:`SlaScope` of the index's SLAs."""
    return index.memo("sla-scope", None, lambda: _sla_scope(index))


def _sla_scope(index: Index) -> SlaScope:
    slas: list[str] = []
    masks: dict[str, int] = {}
    for record, agreement in index.items(Agreement):
        if agreement.spec.type != "SLA":
            continue
        bit = 1 << len(slas)
        slas.append(record.id)
        for service in agreement.spec.services:
            for name in closure_services(index, service):
                for ci in index.service_cis.get(name, ()):
                    masks[ci] = masks.get(ci, 0) | bit
    spread_masks(index.members_needed, masks)
    return SlaScope(index, slas, masks)


def spread_masks(successors: Callable[[str], Iterable[str]], masks: dict[str, int]) -> None:
    """Give everything the ids in ``masks`` reach (along ``successors``) the bits of every
    id that reaches it. Kahn's order over what is reached, so an id passes its bits on
    once, after all its own have arrived; ids on a cycle are finished by a worklist."""
    edges: dict[str, list[str]] = {}
    incoming = dict.fromkeys(masks, 0)
    stack = list(masks)
    while stack:
        ci = stack.pop()
        edges[ci] = members = list(successors(ci))
        for member in members:
            if member in incoming:
                incoming[member] += 1
            else:
                incoming[member] = 1
                stack.append(member)
    ready = [ci for ci, count in incoming.items() if count == 0]
    done = 0
    while ready:
        ci = ready.pop()
        done += 1
        mask = masks.get(ci, 0)
        for member in edges[ci]:
            masks[member] = masks.get(member, 0) | mask
            left = incoming[member] - 1
            incoming[member] = left
            if not left:
                ready.append(member)
    if done == len(incoming):
        return
    queue = [ci for ci, count in incoming.items() if count]
    while queue:
        ci = queue.pop()
        mask = masks.get(ci, 0)
        for member in edges[ci]:
            before = masks.get(member, 0)
            if before | mask != before:
                masks[member] = before | mask
                queue.append(member)


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


def _target(index: Index, ci: str) -> Target | None:
    """:func:`own_link` as the evaluation reads it, without making a Link."""
    targets = _underpinning_agreements(index)
    best: tuple[float, str] | None = None
    for ident in covering(index, ci):
        target = targets[ident]
        if target is not None and (best is None or target / 100 < best[0]):
            best = (target / 100, ident)
    return None if best is None else (best[1], best[0])


def feasibility(index: Index, service: str) -> Feasibility:
    """The availability the OLAs and UCs under ``service`` allow together."""
    return index.memo("feasibility", service, lambda: _feasibility(index, service))


def _feasibility(index: Index, service: str) -> Feasibility:
    evaluator = index.memo(
        "availability-evaluator",
        None,
        lambda: Evaluator(index.needs, index.members_needed, lambda ci: _target(index, ci)),
    )
    value = evaluator.value(closure_roots(index, service))
    return Feasibility(service, value, lambda: _links(index, service))


def _links(index: Index, service: str) -> list[Link]:
    """Every valid item in the service's closure: the evaluation counts each of them, as
    a serial item or a block member, or finds it counted already."""
    items = closure(index, service).items
    return [own_link(index, ci) for ci in sorted(items) if ci in index.needs]
