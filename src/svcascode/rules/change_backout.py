"""Normal and emergency changes need a backout plan.

Only a standard change (pre-approved, low risk) may go without ``spec.backout``: every
other change must say how it will be undone if it fails.
"""

from __future__ import annotations

from collections.abc import Iterator

from svcascode.diagnostics import Problem, Severity
from svcascode.index import Index
from svcascode.model.change import Change

ID = "change-backout"
SEVERITY = Severity.ERROR


def check(index: Index) -> Iterator[Problem]:
    for record, change in index.items(Change):
        spec = change.spec
        if spec.type == "standard" or (spec.backout and spec.backout.strip()):
            continue
        yield Problem(
            record.where.locate(("spec", "backout"), prefer_key=True),
            f"{spec.type} change {record.id!r} has no backout plan; add spec.backout "
            "saying how the change is undone if it fails",
            record.kind,
            record.id,
        )
