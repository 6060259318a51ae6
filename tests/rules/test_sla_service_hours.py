"""sla-service-hours: the OLAs and UCs under an SLA are in service whenever it is.

Linted as of 2026-11-22, so an SLA without ``valid_from`` is compared over 2026.
Europe/Oslo is UTC+1 in winter and UTC+2 in summer; in 2026 summer time runs from
Sunday 2026-03-29 to Sunday 2026-10-25, so its first weekday is Monday 2026-03-30.
2026-01-01 is a Thursday.
"""

from __future__ import annotations

import pytest

from svcascode.diagnostics import Severity
from tests.conftest import LintAt, only, where
from tests.rules.helpers import PARTIES, agreement, item, rules_fired, service

RULE = "sla-service-hours"
OFFICE_OSLO = '{days: mon-fri, from: "07:00", to: "17:00", timezone: Europe/Oslo}'


def files(sla_hours: str | None, ola_hours: str | None) -> dict[str, str]:
    """web-sla over web-ola; the SLA's service_hours value is at line 9, column 18."""
    sla_lines = ["services: [web]"] + ([f"service_hours: {sla_hours}"] if sla_hours else [])
    ola_lines = ["services: [web]"] + ([f"service_hours: {ola_hours}"] if ola_hours else [])
    return {
        "agreements/parties.yaml": PARTIES,
        "agreements/sla.yaml": agreement("web-sla", "SLA", "acme", *sla_lines),
        "agreements/ola.yaml": agreement("web-ola", "OLA", "ops", *ola_lines),
        "catalog/web.yaml": service("web", "cis: [app]"),
        "cmdb/app.yaml": item("app"),
    }


def test_round_the_clock_over_office_hours_fails(lint_at: LintAt) -> None:
    result = lint_at(
        files("24x7", '{days: mon-fri, from: "08:00", to: "16:00", timezone: Europe/Oslo}')
    )
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [("agreements/sla.yaml", 9, 18)]
    finding = findings[0]
    assert finding.severity is Severity.ERROR
    assert (finding.kind, finding.id) == ("Agreement", "web-sla")
    assert finding.message.startswith(
        "SLA service hours (24x7) are not covered by web-ola (mon-fri 08:00-16:00 Europe/Oslo): "
    )
    assert "widen web-ola's hours" in finding.message
    assert rules_fired(result) == {RULE}


def test_the_first_gap_of_round_the_clock_hours_lies_in_the_year_compared(
    lint_at: LintAt,
) -> None:
    # 2026 opens on Thursday 2026-01-01 at midnight; web-ola opens at 08:00 Oslo (07:00
    # UTC). The first gap is that morning, told in one zone from start to end; it does
    # not begin on 2025-12-31.
    result = lint_at(
        files("24x7", '{days: mon-fri, from: "08:00", to: "16:00", timezone: Europe/Oslo}')
    )
    message = only(result, RULE)[0].message
    assert "2025-12-31" not in message
    assert (
        "first Thu 2026-01-01 00:00-07:00 UTC" in message
        or "first Thu 2026-01-01 00:00-08:00 Europe/Oslo" in message
    ), message


def test_hours_are_compared_over_one_year(lint_at: LintAt) -> None:
    # 2026 has 52 Fridays (2026-01-02 to 2026-12-25); a Thursday-only OLA leaves each
    # of them uncovered, and no more: 2027-01-01, also a Friday, is not in 2026.
    result = lint_at(
        files(
            '{days: fri, from: "09:00", to: "10:00", timezone: UTC}',
            '{days: thu, from: "09:00", to: "10:00", timezone: UTC}',
        )
    )
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [("agreements/sla.yaml", 9, 18)]
    assert ": 52 gap(s) in 2026, first Fri 2026-01-02 09:00-10:00 UTC;" in findings[0].message


def test_utc_hours_leave_a_summer_only_gap_under_oslo_office_hours(lint_at: LintAt) -> None:
    # 07:00-17:00 Oslo is 06:00-16:00 UTC in winter (covered) but 05:00-15:00 UTC in
    # summer: 05:00-06:00 UTC, 07:00-08:00 Oslo, on each of the 150 summer weekdays.
    result = lint_at(files(OFFICE_OSLO, '{days: mon-fri, from: "06:00", to: "16:00"}'))
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [("agreements/sla.yaml", 9, 18)]
    assert findings[0].message == (
        "SLA service hours (mon-fri 07:00-17:00 Europe/Oslo) are not covered by web-ola "
        "(mon-fri 06:00-16:00 UTC): 150 gap(s) in 2026, first Mon 2026-03-30 07:00-08:00 "
        "Europe/Oslo; widen web-ola's hours or narrow the SLA's"
    )
    assert rules_fired(result) == {RULE}


def test_the_comparison_starts_at_valid_from(lint_at: LintAt) -> None:
    result = lint_at(
        {
            **files(OFFICE_OSLO, '{days: mon-fri, from: "06:00", to: "16:00", timezone: UTC}'),
            "agreements/sla.yaml": agreement(
                "web-sla",
                "SLA",
                "acme",
                "services: [web]",
                "valid_from: 2026-06-01",
                f"service_hours: {OFFICE_OSLO}",
            ),
        }
    )
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [("agreements/sla.yaml", 10, 18)]
    assert "first Mon 2026-06-01 07:00-08:00 Europe/Oslo" in findings[0].message


@pytest.mark.parametrize(
    ("sla_hours", "ola_hours"),
    [
        # Wider hours in the same zone.
        (OFFICE_OSLO, '{days: mon-fri, from: "06:00", to: "18:00", timezone: Europe/Oslo}'),
        # Wide enough in UTC all year: 05:00-16:00 UTC covers winter and summer.
        (OFFICE_OSLO, '{days: mon-fri, from: "05:00", to: "16:00", timezone: UTC}'),
        # An OLA without service hours is taken as 24x7.
        (OFFICE_OSLO, None),
        ("24x7", "24x7"),
        # Whole days every day, in another zone than the SLA's: still always open.
        ("24x7", '{days: mon-sun, from: "00:00", to: "24:00", timezone: Europe/Oslo}'),
        # An SLA without service hours is taken as 24x7 and is covered by 24x7.
        (None, None),
    ],
)
def test_covered_hours_pass(lint_at: LintAt, sla_hours: str | None, ola_hours: str | None) -> None:
    assert lint_at(files(sla_hours, ola_hours)).findings == []


def test_an_sla_without_hours_is_taken_as_round_the_clock(lint_at: LintAt) -> None:
    result = lint_at(files(None, OFFICE_OSLO))
    findings = only(result, RULE)
    # No service_hours key: the finding falls back to the spec key (line 5, column 1).
    assert [where(f) for f in findings] == [("agreements/sla.yaml", 5, 1)]
    assert findings[0].message.startswith("SLA service hours (24x7) are not covered by web-ola")
