"""priority-matrix: an SLA's priority matrix is complete, known and monotone."""

from __future__ import annotations

import pytest

from svcascode.diagnostics import Finding, Severity
from tests.conftest import LintAt, only, where
from tests.rules.helpers import PARTIES, agreement, item, rules_fired, service

RULE = "priority-matrix"

ESTATE = {
    "agreements/parties.yaml": PARTIES,
    "agreements/ola.yaml": agreement("web-ola", "OLA", "ops", "services: [web]"),
    "catalog/web.yaml": service("web", "cis: [app]"),
    "cmdb/app.yaml": item("app"),
}


def sla(*rows: str, levels: tuple[str, ...] = ()) -> str:
    """web-sla with targets for P1-P5 and a matrix; without ``levels`` the first row is at
    line 14, each row's ``[`` at column 9 and its cells at columns 10, 14 and 18."""
    return agreement(
        "web-sla",
        "SLA",
        "acme",
        "services: [web]",
        "targets:",
        "  response: {P1: 15m, P2: 1h, P3: 4h}",
        "  resolution: {P4: 1d, P5: 1w}",
        "priority_matrix:",
        *levels,
        "  priority:",
        *(f"    - {row}" for row in rows),
    )


def lint_matrix(lint_at: LintAt, *rows: str, levels: tuple[str, ...] = ()) -> list[Finding]:
    result = lint_at({**ESTATE, "agreements/sla.yaml": sla(*rows, levels=levels)})
    findings = only(result, RULE)
    assert rules_fired(result) <= {RULE}
    assert all(f.severity is Severity.ERROR for f in findings)
    assert all((f.kind, f.id) == ("Agreement", "web-sla") for f in findings)
    return findings


def test_a_row_short_of_a_cell_is_reported_on_the_row(lint_at: LintAt) -> None:
    findings = lint_matrix(lint_at, "[P1, P2, P3]", "[P2, P3]", "[P3, P4, P5]")
    assert [where(f) for f in findings] == [("agreements/sla.yaml", 15, 9)]
    assert findings[0].message.startswith(
        "row 2 of the priority matrix has 2 cells but there are 3 urgency levels"
    )


def test_a_missing_row_is_reported_on_the_matrix(lint_at: LintAt) -> None:
    findings = lint_matrix(lint_at, "[P1, P2, P3]", "[P2, P3, P4]")
    # On the priority value: the block sequence, which starts at the first row's dash.
    assert [where(f) for f in findings] == [("agreements/sla.yaml", 14, 7)]
    assert findings[0].message.startswith("priority matrix has 2 rows but 3 impact levels")


def test_a_priority_without_targets_is_reported_on_its_cell(lint_at: LintAt) -> None:
    # P6 is the lowest priority in the lowest cell: monotone, but it has no target.
    findings = lint_matrix(lint_at, "[P1, P2, P3]", "[P2, P3, P4]", "[P3, P4, P6]")
    assert [where(f) for f in findings] == [("agreements/sla.yaml", 16, 18)]
    assert findings[0].message.startswith(
        "priority P6 has no response or resolution target; use one of P1, P2, P3, P4, P5"
    )


def test_a_higher_impact_giving_a_lower_priority_is_reported(lint_at: LintAt) -> None:
    # Medium x medium is P1, but the higher high x medium is only P2.
    findings = lint_matrix(lint_at, "[P1, P2, P3]", "[P2, P1, P4]", "[P3, P4, P5]")
    assert [where(f) for f in findings] == [("agreements/sla.yaml", 14, 14)]
    assert findings[0].message.startswith(
        "P2 for impact high x urgency medium is lower than P1 for impact medium x "
        "urgency medium; a higher impact or urgency must never give a lower priority"
    )


def test_a_matrix_upside_down_for_its_levels_is_reported(lint_at: LintAt) -> None:
    # With the default levels (high first) P5 for high x high is lower than its neighbours.
    findings = lint_matrix(lint_at, "[P5, P4, P3]", "[P4, P3, P2]", "[P3, P2, P1]")
    # Reported once, on the higher cell of the first pair found out of order.
    assert [where(f) for f in findings] == [("agreements/sla.yaml", 14, 10)]
    assert findings[0].message.startswith(
        "P5 for impact high x urgency high is lower than P4 for impact high x urgency medium"
    )


@pytest.mark.parametrize(
    ("rows", "levels"),
    [
        (("[P1, P2, P3]", "[P2, P3, P4]", "[P3, P4, P5]"), ()),
        # Equal priorities are monotone too.
        (("[P1, P1, P2]", "[P1, P2, P3]", "[P2, P3, P3]"), ()),
        # Levels listed low first: the matrix reads the other way round.
        (
            ("[P5, P4, P3]", "[P4, P3, P2]", "[P3, P2, P1]"),
            ("  impact: [low, medium, high]", "  urgency: [low, medium, high]"),
        ),
        # Two levels each.
        (("[P1, P2]", "[P2, P3]"), ("  impact: [high, low]", "  urgency: [high, low]")),
    ],
)
def test_complete_known_monotone_matrices_pass(
    lint_at: LintAt, rows: tuple[str, ...], levels: tuple[str, ...]
) -> None:
    result = lint_at({**ESTATE, "agreements/sla.yaml": sla(*rows, levels=levels)})
    assert result.findings == []
