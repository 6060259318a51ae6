"""A critical or SLA'd service should not hang on a single person or supplier.

For every service an SLA covers, or that lists a ``critical`` item, the items its
closure needs without redundancy (not through an ``any_of`` group with a spare member)
are single points of failure; those among them owned by a team of one member, or
delivered by a supplier, rest on one person or one company. The warning on the service
lists them; add redundancy, a second team member or a second source. An item whose
``svcascode/suppress`` annotation names this rule is an accepted risk and left out.
"""

from __future__ import annotations

from collections.abc import Iterator

from svcascode.diagnostics import Problem, Severity
from svcascode.graph import Reach
from svcascode.index import Index
from svcascode.model.agreement import Agreement
from svcascode.model.ci import ConfigurationItem
from svcascode.model.parties import Team
from svcascode.model.service import Service
from svcascode.underpinning import closure_services

ID = "single-point-of-failure"
SEVERITY = Severity.WARNING


def _serial_reasons(index: Index, service: str) -> set[str]:
    """Why each item the service needs with no redundancy (reached through single needs
    only) rests on one person or company, where it does."""
    reasons = index.memo("spof-serial-reasons", None, lambda: _reasons_below(index))
    cis = index.service_cis
    return reasons.union(
        ci for name in closure_services(index, service) for ci in cis.get(name, ())
    )


def _reasons_below(index: Index) -> Reach[str, str]:
    def serial(ci: str) -> list[str]:
        return [m for need in index.needs.get(ci, ()) if not need.redundant for m in need.members]

    def own(ci: str) -> frozenset[str]:
        reason = _reason(index, ci)
        return frozenset() if reason is None else frozenset((reason,))

    return Reach(serial, own)


def _reason(index: Index, ci: str) -> str | None:
    item = index.entity(ConfigurationItem, ci)
    if item is None:
        return None
    owner = item.metadata.owner
    team = index.entity(Team, owner) if owner else None
    alone = team is not None and len(team.spec.members) <= 1
    if (not alone and not item.spec.supplier) or ID in item.suppressed:
        return None
    if alone:
        return f"{ci} (team {owner} has one member)"
    return f"{ci} (only from {item.spec.supplier})"


def _important(index: Index) -> dict[str, str]:
    found: dict[str, str] = {}
    for _, agreement in index.items(Agreement):
        if agreement.spec.type == "SLA":
            for service in agreement.spec.services:
                found.setdefault(service, "covered by an SLA")
    critical = {
        ident
        for ident, record in index.by_kind.get("ConfigurationItem", {}).items()
        if isinstance(item := record.entity, ConfigurationItem)
        and item.spec.criticality == "critical"
    }
    for record, service in index.items(Service):
        if not critical.isdisjoint(service.spec.cis):
            found.setdefault(record.id, "realised by critical items")
    return found


def check(index: Index) -> Iterator[Problem]:
    for service, why in sorted(_important(index).items()):
        record = index.get("Service", service)
        if record is None:
            continue
        reasons = sorted(_serial_reasons(index, service))
        if not reasons:
            continue
        shown = "; ".join(reasons[:6]) + (
            f"; and {len(reasons) - 6} more" if len(reasons) > 6 else ""
        )
        yield Problem(
            record.where.locate(("metadata", "id")),
            f"service {service} ({why}) has single points of failure: {shown}",
            record.kind,
            record.id,
        )
