"""An OLA or UC must not end before an SLA that rests on it.

When an OLA or UC underpinning an SLA's services has a ``valid_until`` earlier than the
SLA's (or the SLA has none), the SLA's promises lose their footing on that day. The
finding is on the underpinning's ``valid_until`` and names both dates.
"""

from __future__ import annotations

from collections.abc import Iterator

from svcascode.diagnostics import Problem, Severity
from svcascode.index import Index
from svcascode.model.agreement import Agreement
from svcascode.underpinning import sla_underpinnings

ID = "underpinning-ends-early"
SEVERITY = Severity.WARNING


def check(index: Index) -> Iterator[Problem]:
    for record, sla in index.items(Agreement):
        if sla.spec.type != "SLA":
            continue
        below = sla_underpinnings(index, record.id)
        sla_end = sla.spec.valid_until
        for ident in below:
            under_record = index.get("Agreement", ident)
            under = index.entity(Agreement, ident)
            if under is None or under_record is None or under.spec.valid_until is None:
                continue
            end = under.spec.valid_until
            if sla_end is not None and end >= sla_end:
                continue
            sla_text = sla_end.isoformat() if sla_end else "no end date"
            yield Problem(
                under_record.where.locate(("spec", "valid_until")),
                f"{ident} ends on {end.isoformat()}, before {record.id} which rests on it "
                f"({sla_text}); extend {ident} to at least the SLA's end",
                under_record.kind,
                ident,
            )
