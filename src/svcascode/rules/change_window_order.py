"""A window must end after it starts.

Applies to a change's ``spec.window`` and to one-off ChangeWindows. The finding is on
the ``end`` value.
"""

from __future__ import annotations

from collections.abc import Iterator

from svcascode.diagnostics import Problem, Severity
from svcascode.index import Index
from svcascode.model.change import Change, ChangeWindow

ID = "change-window-order"
SEVERITY = Severity.ERROR


def check(index: Index) -> Iterator[Problem]:
    for record, change in index.items(Change):
        window = change.spec.window
        if window.end <= window.start:
            yield Problem(
                record.where.locate(("spec", "window", "end")),
                f"window ends at {window.end.isoformat()}, not after its start "
                f"{window.start.isoformat()}; the end must be later than the start",
                record.kind,
                record.id,
            )
    for record, cw in index.items(ChangeWindow):
        start, end = cw.spec.start, cw.spec.end
        if start is not None and end is not None and end <= start:
            yield Problem(
                record.where.locate(("spec", "end")),
                f"change window ends at {end.isoformat()}, not after its start "
                f"{start.isoformat()}; the end must be later than the start",
                record.kind,
                record.id,
            )
