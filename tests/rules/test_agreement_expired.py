"""agreement-expired: an SLA covering services is still valid (linted as of 2026-11-22)."""

from __future__ import annotations

from datetime import date

import pytest

from svcascode.diagnostics import Severity
from tests.conftest import LintAt, only, where
from tests.rules.helpers import PARTIES, agreement, documents, item, rules_fired, service

RULE = "agreement-expired"


def estate(sla_until: str, ola_until: str | None = None, lifecycle: str = "live") -> dict[str, str]:
    """web-sla over web-ola; the SLA's valid_until value is at line 9, column 16."""
    ola = ["services: [web, shop]"] + ([f"valid_until: {ola_until}"] if ola_until else [])
    return {
        "agreements/parties.yaml": PARTIES,
        "agreements/sla.yaml": agreement(
            "web-sla", "SLA", "acme", "services: [web, shop]", f"valid_until: {sla_until}"
        ),
        "agreements/ola.yaml": agreement("web-ola", "OLA", "ops", *ola),
        "catalog/services.yaml": documents(
            service("web", "cis: [app]", f"lifecycle: {lifecycle}"),
            service("shop", "cis: [app]", f"lifecycle: {lifecycle}"),
        ),
        "cmdb/app.yaml": item("app"),
    }


def test_an_sla_past_its_last_day_is_reported_on_valid_until(lint_at: LintAt) -> None:
    result = lint_at(estate("2026-11-21", ola_until="2026-11-21"))
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [("agreements/sla.yaml", 9, 16)]
    finding = findings[0]
    assert finding.severity is Severity.ERROR
    assert (finding.kind, finding.id) == ("Agreement", "web-sla")
    assert finding.message.startswith(
        "SLA web-sla expired on 2026-11-21 (today is 2026-11-22) but still covers web, shop"
    )
    # The expired OLA is not this rule's business: only the SLA is reported.
    assert rules_fired(result) == {RULE}


def test_the_day_judged_against_is_as_of(lint_at: LintAt) -> None:
    result = lint_at(estate("2026-11-22"), as_of=date(2027, 1, 15))
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [("agreements/sla.yaml", 9, 16)]
    assert "expired on 2026-11-22 (today is 2027-01-15)" in findings[0].message


@pytest.mark.parametrize("until", ["2026-11-22", "2027-12-31"])
def test_an_sla_valid_today_or_later_passes(lint_at: LintAt, until: str) -> None:
    # valid_until is the last day the agreement applies: valid on that very day.
    assert lint_at(estate(until)).findings == []


def test_an_sla_without_services_or_end_date_passes(lint_at: LintAt) -> None:
    result = lint_at(
        {
            **estate("2027-12-31"),
            "agreements/old.yaml": documents(
                agreement("old-sla", "SLA", "acme", "valid_until: 2020-12-31"),
                agreement("open-sla", "SLA", "acme", "services: [web]"),
            ),
        }
    )
    assert result.findings == []


def test_an_expired_sla_over_retired_services_passes(lint_at: LintAt) -> None:
    # The finding says "renew it or retire the services": once they are retired, the SLA
    # covers nothing still delivered and is no longer reported.
    result = lint_at(estate("2026-06-30", lifecycle="retired"))
    assert only(result, RULE) == []
