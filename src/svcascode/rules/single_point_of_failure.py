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
from svcascode.itemfacts import item_facts
from svcascode.model.agreement import Agreement
from svcascode.model.ci import ConfigurationItem
from svcascode.model.parties import Team
from svcascode.model.service import Service
from svcascode.underpinning import closure_services

ID = "single-point-of-failure"
SEVERITY = Severity.WARNING


def _reasons(index: Index) -> dict[str, str]:
    """Why each item that has a reason rests on one person or company."""
    facts = item_facts(index)
    alone = [record.id for record, team in index.items(Team) if len(team.spec.members) <= 1]
    candidates = facts.supplied.union(*(facts.owned.get(team, ()) for team in alone))
    found: dict[str, str] = {}
    for ident in candidates:
        reason = _reason(index, ident)
        if reason is not None:
            found[ident] = reason
    return found


class _SerialReasons:
    """Why the items a service needs with no redundancy (reached through single needs
    only) rest on one person or company, where they do.

    Only items from which an item with a reason can be reached that way are walked:
    those above the items with a reason, found by one walk up from all of them."""

    def __init__(self, index: Index, reasons: dict[str, str]) -> None:
        self.index = index
        needs, needed_by = index.needs, index.needed_by
        above = set(reasons)
        stack = list(reasons)
        while stack:
            needed = stack.pop()
            for dependent in needed_by.get(needed, ()):
                if dependent not in above and any(
                    needed in need.members and len(need.members) <= need.min
                    for need in needs.get(dependent, ())
                ):
                    above.add(dependent)
                    stack.append(dependent)
        self.above = above

        def serial(ci: str) -> list[str]:
            return [
                m
                for need in needs.get(ci, ())
                if len(need.members) <= need.min
                for m in need.members
                if m in above
            ]

        def own(ci: str) -> frozenset[str]:
            reason = reasons.get(ci)
            return frozenset() if reason is None else frozenset((reason,))

        self.below = Reach(serial, own)
        self.starts: dict[str, list[str]] = {}
        """Service -> the items it lists that are above an item with a reason."""

    def of(self, service: str) -> set[str]:
        found: set[str] = set()
        for name in closure_services(self.index, service):
            starts = self.starts.get(name)
            if starts is None:
                listed = self.index.service_cis.get(name, ())
                starts = self.starts[name] = [ci for ci in listed if ci in self.above]
            if starts:
                found |= self.below.union(starts)
        return found


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


def _important(index: Index, critical: set[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for _, agreement in index.items(Agreement):
        if agreement.spec.type == "SLA":
            for service in agreement.spec.services:
                found.setdefault(service, "covered by an SLA")
    for record, service in index.items(Service):
        if not critical.isdisjoint(service.spec.cis):
            found.setdefault(record.id, "realised by critical items")
    return found


def check(index: Index) -> Iterator[Problem]:
    serial_reasons = _SerialReasons(index, _reasons(index))
    for service, why in sorted(_important(index, item_facts(index).critical).items()):
        record = index.get("Service", service)
        if record is None:
            continue
        reasons = sorted(serial_reasons.of(service))
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
