"""An agreement's review date must not be past, and is flagged 30 days ahead.

``review_by`` before today (or ``svc lint --as-of DATE``) is overdue; within the next 30
days it is due soon. Review the agreement with its party and set the next date.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from svcascode.diagnostics import Problem, Severity
from svcascode.index import Index
from svcascode.model.agreement import Agreement

ID = "agreement-review-due"
SEVERITY = Severity.WARNING
NOTICE = timedelta(days=30)


def check(index: Index) -> Iterator[Problem]:
    for record, agreement in index.items(Agreement):
        due = agreement.spec.review_by
        if due is None or due > index.as_of + NOTICE:
            continue
        days = (due - index.as_of).days
        when = (
            f"was due {-days} day(s) ago, on {due.isoformat()}"
            if days < 0
            else f"is due in {days} day(s), on {due.isoformat()}"
        )
        yield Problem(
            record.where.locate(("spec", "review_by")),
            f"the review of {record.id} {when}; review it with {agreement.spec.party} and set "
            "the next review_by",
            record.kind,
            record.id,
        )
