"""A normal change must be proposed the policy's lead time before its window.

The lead time (``ChangePolicy.spec.lead_time``, default 5 days) runs from the first
commit that added the change's file to the start of its window, so the CAB has time to
assess it; a change not yet committed counts from now. Outside a git checkout the rule
cannot see history: it is skipped, and ``svc lint`` says so in a note.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from svcascode.approvers import policy_of
from svcascode.diagnostics import Problem, Severity
from svcascode.index import Index
from svcascode.loader.load import Record
from svcascode.model.change import Change
from svcascode.model.types import format_duration

ID = "change-lead-time"
SEVERITY = Severity.ERROR


def _normal(index: Index) -> list[tuple[Record, Change]]:
    return [(r, c) for r, c in index.items(Change) if c.spec.type == "normal"]


def volatile(index: Index) -> bool:
    """Whether the findings depend on the moment of the run, not only on the files and
    the day: a normal change not committed yet is measured from now."""
    history = index.load.history
    return history is not None and any(r.where.path not in history for r, _ in _normal(index))


def check(index: Index) -> Iterator[Problem]:
    normal = _normal(index)
    if not normal:
        return
    history = index.load.history
    if history is None:
        return
    lead = policy_of(index).lead_time
    now = datetime.now(tz=UTC)
    for record, change in normal:
        committed = record.where.path in history
        proposed = history.get(record.where.path, now)
        start = change.spec.window.start
        if start - proposed >= lead:
            continue
        gap = start - proposed
        when = (
            f"{format_duration(gap)} before its window"
            if gap.total_seconds() >= 0
            else "after its window had started"
        )
        yield Problem(
            record.where.locate(("spec", "window", "start")),
            f"normal change {record.id} "
            + (
                f"was first committed {proposed:%Y-%m-%d %H:%M} UTC"
                if committed
                else f"is not committed yet (now is {proposed:%Y-%m-%d %H:%M} UTC)"
            )
            + ", "
            f"{when}; the policy's lead time is {format_duration(lead)}: move the window to "
            f"{(proposed + lead).astimezone(start.tzinfo):%Y-%m-%d %H:%M} or later, or make "
            "it an emergency change",
            record.kind,
            record.id,
        )
