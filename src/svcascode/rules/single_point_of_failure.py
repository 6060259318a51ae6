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
from svcascode.index import Index
from svcascode.model.agreement import Agreement
from svcascode.model.ci import ConfigurationItem
from svcascode.model.parties import Team
from svcascode.model.service import Service
from svcascode.underpinning import closure

ID = "single-point-of-failure"
SEVERITY = Severity.WARNING


def _serial_items(index: Index, service: str) -> set[str]:
    """Items the service needs with no redundancy: reached through single needs only."""
    scope = closure(index, service)
    roots = [ci for s in scope.services for ci in index.service_cis.get(s, ())]
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        ci = stack.pop()
        if ci in seen:
            continue
        seen.add(ci)
        for need in index.needs.get(ci, ()):
            if not need.redundant:
                stack.extend(need.members)
    return seen


def _why(index: Index, ci: str) -> str | None:
    return index.memo("spof-why", ci, lambda: _reason(index, ci))


def _reason(index: Index, ci: str) -> str | None:
    item = index.entity(ConfigurationItem, ci)
    if item is None or ID in item.suppressed:
        return None
    owner = item.metadata.owner
    team = index.entity(Team, owner) if owner else None
    if team is not None and len(team.spec.members) <= 1:
        return f"{ci} (team {owner} has one member)"
    if item.spec.supplier:
        return f"{ci} (only from {item.spec.supplier})"
    return None


def _important(index: Index) -> dict[str, str]:
    found: dict[str, str] = {}
    for _, agreement in index.items(Agreement):
        if agreement.spec.type == "SLA":
            for service in agreement.spec.services:
                found.setdefault(service, "covered by an SLA")
    for record, service in index.items(Service):
        for ci in service.spec.cis:
            item = index.entity(ConfigurationItem, ci)
            if item is not None and item.spec.criticality == "critical":
                found.setdefault(record.id, "realised by critical items")
    return found


def check(index: Index) -> Iterator[Problem]:
    for service, why in sorted(_important(index).items()):
        record = index.get("Service", service)
        if record is None:
            continue
        reasons = sorted(
            r for ci in _serial_items(index, service) if (r := _why(index, ci)) is not None
        )
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
