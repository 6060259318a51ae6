"""An emergency change needs its post-implementation review in time.

An emergency change skips most of the normal assessment, so the policy requires a
review (``spec.review``) within ``emergency_review_within`` (default 2 days) after its
window ends. Reported when the deadline has passed with no review, or when the recorded
review is dated after the deadline.
"""

from __future__ import annotations

from collections.abc import Iterator

from svcascode.approvers import policy_of
from svcascode.diagnostics import Problem, Severity
from svcascode.index import Index
from svcascode.model.change import Change

ID = "emergency-review"
SEVERITY = Severity.ERROR


def check(index: Index) -> Iterator[Problem]:
    within = policy_of(index).emergency_review_within
    for record, change in index.items(Change):
        spec = change.spec
        if spec.type != "emergency":
            continue
        deadline = (spec.window.end + within).date()
        if spec.review is None:
            if index.as_of > deadline:
                yield Problem(
                    record.where.locate(("spec", "type")),
                    f"emergency change {record.id} ended {spec.window.end:%Y-%m-%d} and its "
                    f"post-implementation review was due by {deadline.isoformat()}; add "
                    "spec.review with date, outcome and notes",
                    record.kind,
                    record.id,
                )
        elif spec.review.date > deadline:
            yield Problem(
                record.where.locate(("spec", "review", "date")),
                f"the review of emergency change {record.id} is dated "
                f"{spec.review.date.isoformat()}, after the deadline {deadline.isoformat()}",
                record.kind,
                record.id,
            )
