"""``svc explain``: the chain behind an SLA, from its services to the targets under them."""

from __future__ import annotations

from dataclasses import dataclass, field

from svcascode.errors import SvcError
from svcascode.hours import describe
from svcascode.index import Index
from svcascode.model.agreement import Agreement, Targets
from svcascode.model.ci import ConfigurationItem
from svcascode.model.types import format_duration
from svcascode.underpinning import closure, feasibility, underpinnings


class UnknownAgreement(SvcError):
    """The agreement to explain does not exist."""


@dataclass(frozen=True)
class ItemRow:
    """One item of a service's closure and the agreement that sets its availability."""

    item: str
    environment: str
    criticality: str
    supplier: str | None
    agreement: str | None
    availability: float | None
    """Percent."""


@dataclass(frozen=True)
class Terms:
    """An agreement's targets and hours, as text."""

    agreement: str
    type: str
    party: str
    availability: float | None
    response: dict[str, str]
    resolution: dict[str, str]
    hours: str
    valid_until: str | None


@dataclass
class ServiceChain:
    """One service an SLA covers, what it rests on, and what that allows."""

    service: str
    title: str
    promised: float | None
    allowed: float
    """Percent the underpinnings allow together."""
    feasible: bool
    weakest: list[str]
    unknown: list[str]
    items: list[ItemRow] = field(default_factory=list)
    underpinnings: list[Terms] = field(default_factory=list)


@dataclass
class Explanation:
    """An SLA and the chain behind each of its services (or, for an OLA or UC, the SLAs
    resting on it)."""

    terms: Terms
    services: list[ServiceChain] = field(default_factory=list)
    supports: list[str] = field(default_factory=list)
    """For an OLA or UC: the SLAs that rest on it."""


def _durations(targets: dict[str, object]) -> dict[str, str]:
    from datetime import timedelta

    return {
        priority: format_duration(value)
        for priority, value in sorted(targets.items())
        if isinstance(value, timedelta)
    }


def terms(ident: str, agreement: Agreement) -> Terms:
    spec = agreement.spec
    targets: Targets = spec.targets
    return Terms(
        agreement=ident,
        type=spec.type,
        party=spec.party,
        availability=targets.availability,
        response=_durations(dict(targets.response)),
        resolution=_durations(dict(targets.resolution)),
        hours=describe(spec.service_hours or "24x7"),
        valid_until=spec.valid_until.isoformat() if spec.valid_until else None,
    )


def _chain(index: Index, sla: str, promised: float | None, service: str) -> ServiceChain:
    result = feasibility(index, service)
    scope = closure(index, service)
    links = {link.item: link for link in result.links}
    rows = []
    for ci in sorted(scope.items):
        item = index.entity(ConfigurationItem, ci)
        if item is None:
            continue
        link = links.get(ci)
        rows.append(
            ItemRow(
                item=ci,
                environment=item.spec.environment,
                criticality=item.spec.criticality,
                supplier=item.spec.supplier,
                agreement=link.agreement if link else None,
                availability=link.availability * 100 if link and link.availability else None,
            )
        )
    under = []
    for ident in underpinnings(index, sla, service):
        agreement = index.entity(Agreement, ident)
        if agreement is not None:
            under.append(terms(ident, agreement))
    entity = index.entity_of("Service", service)
    return ServiceChain(
        service=service,
        title=entity.title if entity else service,
        promised=promised,
        allowed=result.percent,
        feasible=promised is None or promised <= result.percent + 1e-9,
        weakest=[f"{a} ({v * 100:g}%)" for a, v in result.weakest()],
        unknown=result.unknown,
        items=rows,
        underpinnings=under,
    )


def explain(index: Index, ident: str) -> Explanation:
    """The chain behind agreement ``ident``."""
    agreement = index.entity(Agreement, ident)
    if agreement is None:
        known = ", ".join(sorted(index.by_kind.get("Agreement", {}))[:10])
        raise UnknownAgreement(f"no agreement {ident!r}; known: {known}")
    explanation = Explanation(terms(ident, agreement))
    if agreement.spec.type == "SLA":
        promised = agreement.spec.targets.availability
        for service in agreement.spec.services:
            explanation.services.append(_chain(index, ident, promised, service))
        return explanation
    for record, sla in index.items(Agreement):
        if sla.spec.type != "SLA":
            continue
        if any(ident in underpinnings(index, record.id, s) for s in sla.spec.services):
            explanation.supports.append(record.id)
    return explanation
