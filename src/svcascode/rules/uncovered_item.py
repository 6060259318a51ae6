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
from svcascode.rules.uc_coverage import slad_items
from svcascode.underpinning import covering

ID = "uncovered-item"
SEVERITY = Severity.WARNING


def check(index: Index) -> Iterator[Problem]:
    for ci, slas in sorted(slad_items(index).items()):
        record = index.get("ConfigurationItem", ci)
        item = index.entity(ConfigurationItem, ci)
        if record is None or item is None or item.spec.environment != "production":
            continue
        if covering(index, ci):
            continue
        yield Problem(
            record.where.locate(("metadata", "id")),
            f"production item {ci} underpins {', '.join(sorted(slas))} but no OLA or UC "
            "covers it, so its availability is unknown; add it to the cis of the owning "
            "team's OLA or the supplier's UC",
            record.kind,
            record.id,
        )
