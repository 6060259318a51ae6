"""A production item under an SLA'd service should be covered by an OLA or a UC.

An item in the closure of a service an SLA covers, in the ``production`` environment,
that no OLA or UC covers (by ``cis``, or through a service it realises) has no agreed
availability, response or resolution: the SLA's feasibility figure counts it as 100%.
The finding is on the item's id.
"""

from __future__ import annotations

from collections.abc import Iterator

from svcascode.diagnostics import Problem, Severity
from svcascode.index import Index
from svcascode.model.ci import ConfigurationItem
from svcascode.rules.uc_coverage import slad_scope
from svcascode.underpinning import covering, sla_scope

ID = "uncovered-item"
SEVERITY = Severity.WARNING


def check(index: Index) -> Iterator[Problem]:
    items = index.by_kind.get("ConfigurationItem", {})
    for ci in sorted(slad_scope(index)):
        record = items.get(ci)
        item = record.entity if record is not None else None
        if record is None or not isinstance(item, ConfigurationItem):
            continue
        if item.spec.environment != "production" or covering(index, ci):
            continue
        slas = sla_scope(index).of(ci)
        yield Problem(
            record.where.locate(("metadata", "id")),
            f"production item {ci} underpins {', '.join(sorted(slas))} but no OLA or UC "
            "covers it, so its availability is unknown; add it to the cis of the owning "
            "team's OLA or the supplier's UC",
            record.kind,
            record.id,
        )
