"""Two changes must not interrupt the same things at the same time.

Changes whose windows overlap and whose impact sets meet (the same item, or one's item
in the other's blast radius) are reported on both, each naming the other change and the
shared items, so that the CAB sequences them. Items that only the two together take
down (both halves of a redundancy group) are named too.
"""

from __future__ import annotations

from collections.abc import Iterator

from svcascode.diagnostics import Problem, Severity
from svcascode.index import Index
from svcascode.schedule import find_conflicts

ID = "change-conflict"
SEVERITY = Severity.WARNING


def check(index: Index) -> Iterator[Problem]:
    for conflict in find_conflicts(index):
        shared = ", ".join(conflict.shared_items[:8])
        more = len(conflict.shared_items) - 8
        if more > 0:
            shared += f" and {more} more"
        together = ", ".join(conflict.compounded)
        if shared and together:
            what = f"both touch {shared}; together they also take down {together}"
        elif shared:
            what = f"both touch {shared}"
        else:
            what = f"together they take down {together}"
        start = conflict.overlap_start
        end = conflict.overlap_end.astimezone(start.tzinfo)  # one offset for both ends
        when = f"{start:%Y-%m-%d %H:%M}-{end:%H:%M %z}"
        for this in (conflict.a, conflict.b):
            record = index.get("Change", this)
            if record is None:
                continue
            yield Problem(
                record.where.locate(("spec", "window", "start")),
                f"change {this} overlaps {conflict.other(this)} ({when}) and {what}; "
                "sequence them or merge them",
                record.kind,
                record.id,
            )
