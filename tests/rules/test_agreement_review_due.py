"""agreement-review-due: review dates past are overdue, within 30 days due soon.

Linted as of 2026-11-22; 30 days later is 2026-12-22.
"""

from __future__ import annotations

from svcascode.diagnostics import Severity
from tests.conftest import LintAt, only, where
from tests.rules.helpers import PARTIES, agreement, item, rules_fired, service

RULE = "agreement-review-due"

ESTATE = {
    "agreements/parties.yaml": PARTIES,
    "catalog/web.yaml": service("web", "cis: [app]"),
    "cmdb/app.yaml": item("app"),
}


def reviewed(ident: str, type_: str, party: str, review_by: str) -> str:
    """An agreement on web; its review_by value is at line 9, column 14."""
    return agreement(ident, type_, party, "services: [web]", f"review_by: {review_by}")


def test_overdue_and_soon_due_reviews_are_reported_on_review_by(lint_at: LintAt) -> None:
    result = lint_at(
        {
            **ESTATE,
            "agreements/a-overdue.yaml": reviewed("web-sla", "SLA", "acme", "2026-11-12"),
            "agreements/b-yesterday.yaml": reviewed("web-ola", "OLA", "ops", "2026-11-21"),
            "agreements/c-today.yaml": reviewed("app-ola", "OLA", "ops", "2026-11-22"),
            "agreements/d-soon.yaml": reviewed("db-ola", "OLA", "ops", "2026-12-22"),
        }
    )
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [
        ("agreements/a-overdue.yaml", 9, 14),
        ("agreements/b-yesterday.yaml", 9, 14),
        ("agreements/c-today.yaml", 9, 14),
        ("agreements/d-soon.yaml", 9, 14),
    ]
    assert all(f.severity is Severity.WARNING for f in findings)
    assert [(f.kind, f.id) for f in findings] == [
        ("Agreement", "web-sla"),
        ("Agreement", "web-ola"),
        ("Agreement", "app-ola"),
        ("Agreement", "db-ola"),
    ]
    assert [f.message.split(";")[0] for f in findings] == [
        "the review of web-sla was due 10 day(s) ago, on 2026-11-12",
        "the review of web-ola was due 1 day(s) ago, on 2026-11-21",
        "the review of app-ola is due in 0 day(s), on 2026-11-22",
        "the review of db-ola is due in 30 day(s), on 2026-12-22",
    ]
    assert "review it with acme" in findings[0].message
    assert "review it with ops" in findings[1].message
    assert rules_fired(result) == {RULE}


def test_reviews_more_than_30_days_ahead_or_none_pass(lint_at: LintAt) -> None:
    result = lint_at(
        {
            **ESTATE,
            "agreements/sla.yaml": reviewed("web-sla", "SLA", "acme", "2026-12-23"),
            "agreements/ola.yaml": reviewed("web-ola", "OLA", "ops", "2027-06-30"),
            "agreements/plain.yaml": agreement("app-ola", "OLA", "ops", "cis: [app]"),
        }
    )
    assert result.findings == []
