"""sla-availability: an SLA promises no more availability than its underpinnings allow.

Every figure is computed by hand from the availability model in svcascode.underpinning:
serial agreements multiply, a group ``{any_of, min: k}`` is k-of-n over its members.
"""

from __future__ import annotations

import re

import pytest

from svcascode.diagnostics import Finding, Severity
from tests.conftest import LintAt, only, where
from tests.rules.helpers import PARTIES, agreement, documents, item, rules_fired, service

RULE = "sla-availability"


def sla(target: float, *services: str) -> str:
    """The SLA web-sla; its availability value is at line 9, column 27."""
    return agreement(
        "web-sla",
        "SLA",
        "acme",
        f"services: [{', '.join(services or ('web',))}]",
        f"targets: {{availability: {target}}}",
    )


def ola(ident: str, target: float, *cis: str) -> str:
    return agreement(
        ident, "OLA", "ops", f"cis: [{', '.join(cis)}]", f"targets: {{availability: {target}}}"
    )


def allowed(finding: Finding) -> float:
    """The figure the message says the underpinnings allow, in percent."""
    found = re.search(r"allow at most ([0-9.]+)%", finding.message)
    assert found, finding.message
    return float(found.group(1))


# app needs db: serial, 99.9% x 99.95% = 99.85005%.
SERIAL = {
    "agreements/parties.yaml": PARTIES,
    "agreements/olas.yaml": documents(ola("app-ola", 99.9, "app"), ola("db-ola", 99.95, "db")),
    "catalog/web.yaml": service("web", "cis: [app]"),
    "cmdb/items.yaml": documents(item("app", "depends_on: [db]"), item("db")),
}


def test_a_promise_above_a_serial_chain_names_both_agreements_and_the_figure(
    lint_at: LintAt,
) -> None:
    result = lint_at({**SERIAL, "agreements/sla.yaml": sla(99.9)})
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [("agreements/sla.yaml", 9, 27)]
    finding = findings[0]
    assert finding.severity is Severity.ERROR
    assert (finding.kind, finding.id) == ("Agreement", "web-sla")
    assert finding.message.startswith("SLA promises 99.9% for web but ")
    assert "app-ola (99.9%)" in finding.message
    assert "db-ola (99.95%)" in finding.message
    assert allowed(finding) == pytest.approx(99.85005, abs=1e-4)
    assert "which no OLA or UC covers" not in finding.message
    assert rules_fired(result) == {RULE}


@pytest.mark.parametrize("target", [99.8, 99.85, 99.85005])
def test_a_promise_within_a_serial_chain_passes(lint_at: LintAt, target: float) -> None:
    result = lint_at({**SERIAL, "agreements/sla.yaml": sla(target)})
    assert result.findings == []


def test_the_figure_shown_never_exceeds_what_the_underpinnings_allow(lint_at: LintAt) -> None:
    # 99.8501 is above the 99.85005% allowed, so it fails; the message must not then say
    # the underpinnings allow at most 99.8501% (the figure rounded up to the promise).
    result = lint_at({**SERIAL, "agreements/sla.yaml": sla(99.8501)})
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [("agreements/sla.yaml", 9, 27)]
    assert 99.85 <= allowed(findings[0]) <= 99.85005
    assert allowed(findings[0]) < 99.8501


# app needs a or b (min 1), each 99%: 1 - 0.01 x 0.01 = 99.99%.
PARALLEL = {
    "agreements/parties.yaml": PARTIES,
    "agreements/olas.yaml": documents(
        ola("app-ola", 100, "app"), ola("a-ola", 99, "a"), ola("b-ola", 99, "b")
    ),
    "catalog/web.yaml": service("web", "cis: [app]"),
    "cmdb/items.yaml": documents(
        item("app", "depends_on:", "  - {any_of: [a, b], min: 1}"), item("a"), item("b")
    ),
}


def test_a_redundant_pair_allows_99_99_percent(lint_at: LintAt) -> None:
    assert lint_at({**PARALLEL, "agreements/sla.yaml": sla(99.99)}).findings == []


def test_a_promise_above_a_redundant_pair_fails(lint_at: LintAt) -> None:
    result = lint_at({**PARALLEL, "agreements/sla.yaml": sla(99.995)})
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [("agreements/sla.yaml", 9, 27)]
    assert findings[0].message.startswith("SLA promises 99.995% for web but ")
    assert "a-ola (99%)" in findings[0].message and "b-ola (99%)" in findings[0].message
    assert allowed(findings[0]) == pytest.approx(99.99, abs=1e-6)
    assert rules_fired(result) == {RULE}


# app needs 2 of a, b, c, each 90%: 3 x 0.9^2 x 0.1 + 0.9^3 = 0.243 + 0.729 = 97.2%.
TWO_OF_THREE = {
    "agreements/parties.yaml": PARTIES,
    "agreements/olas.yaml": documents(
        ola("app-ola", 100, "app"),
        ola("a-ola", 90, "a"),
        ola("b-ola", 90, "b"),
        ola("c-ola", 90, "c"),
    ),
    "catalog/web.yaml": service("web", "cis: [app]"),
    "cmdb/items.yaml": documents(
        item("app", "depends_on:", "  - {any_of: [a, b, c], min: 2}"),
        item("a"),
        item("b"),
        item("c"),
    ),
}


def test_two_of_three_at_90_percent_allows_97_2_percent(lint_at: LintAt) -> None:
    assert lint_at({**TWO_OF_THREE, "agreements/sla.yaml": sla(97.2)}).findings == []


def test_a_promise_above_two_of_three_fails(lint_at: LintAt) -> None:
    result = lint_at({**TWO_OF_THREE, "agreements/sla.yaml": sla(97.3)})
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [("agreements/sla.yaml", 9, 27)]
    assert allowed(findings[0]) == pytest.approx(97.2, abs=1e-6)
    assert rules_fired(result) == {RULE}


# app needs left or right; left (90%) itself needs l1 or l2 (90% each), right is 90%:
# left = 0.9 x (1 - 0.1^2) = 0.891; app = 1 - (1 - 0.891) x (1 - 0.9) = 1 - 0.0109 = 98.91%.
NESTED = {
    "agreements/parties.yaml": PARTIES,
    "agreements/olas.yaml": documents(
        ola("app-ola", 100, "app"),
        ola("left-ola", 90, "left"),
        ola("l1-ola", 90, "l1"),
        ola("l2-ola", 90, "l2"),
        ola("right-ola", 90, "right"),
    ),
    "catalog/web.yaml": service("web", "cis: [app]"),
    "cmdb/items.yaml": documents(
        item("app", "depends_on:", "  - {any_of: [left, right]}"),
        item("left", "depends_on:", "  - {any_of: [l1, l2]}"),
        item("l1"),
        item("l2"),
        item("right"),
    ),
}


def test_nested_groups_allow_98_91_percent(lint_at: LintAt) -> None:
    assert lint_at({**NESTED, "agreements/sla.yaml": sla(98.91)}).findings == []


def test_a_promise_above_nested_groups_fails(lint_at: LintAt) -> None:
    result = lint_at({**NESTED, "agreements/sla.yaml": sla(98.92)})
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [("agreements/sla.yaml", 9, 27)]
    assert allowed(findings[0]) == pytest.approx(98.91, abs=1e-6)


def test_an_item_no_agreement_covers_is_named_as_counted_at_100_percent(
    lint_at: LintAt,
) -> None:
    result = lint_at(
        {
            "agreements/parties.yaml": PARTIES,
            "agreements/sla.yaml": sla(99.95),
            "agreements/olas.yaml": ola("app-ola", 99.9, "app"),
            "catalog/web.yaml": service("web", "cis: [app]"),
            "cmdb/items.yaml": documents(item("app", "depends_on: [db]"), item("db")),
        }
    )
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [("agreements/sla.yaml", 9, 27)]
    message = findings[0].message
    assert "app-ola (99.9%)" in message
    assert allowed(findings[0]) == pytest.approx(99.9, abs=1e-6)
    assert "even counting db, which no OLA or UC covers, as 100%" in message
    # db is also reported by uncovered-item, as a warning; nothing else is an error.
    assert rules_fired(result) == {RULE, "uncovered-item"}


def test_an_item_whose_ola_states_no_availability_is_not_called_uncovered(
    lint_at: LintAt,
) -> None:
    # queue is covered by queue-ola, which only promises a response time: it counts as
    # 100% and is worth naming, but the message must not claim no OLA covers it.
    result = lint_at(
        {
            "agreements/parties.yaml": PARTIES,
            "agreements/sla.yaml": sla(99.95),
            "agreements/olas.yaml": documents(
                ola("app-ola", 99.9, "app"),
                agreement(
                    "queue-ola", "OLA", "ops", "cis: [queue]", "targets: {response: {P1: 1h}}"
                ),
            ),
            "catalog/web.yaml": service("web", "cis: [app]"),
            "cmdb/items.yaml": documents(item("app", "depends_on: [queue]"), item("queue")),
        }
    )
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [("agreements/sla.yaml", 9, 27)]
    assert "queue" in findings[0].message
    assert "which no OLA or UC covers" not in findings[0].message


def test_each_covered_service_is_judged_on_its_own(lint_at: LintAt) -> None:
    # web rests on 99.9% and 99.95% (99.85005%), shop on one 99.99% OLA: only web fails.
    result = lint_at(
        {
            **SERIAL,
            "agreements/sla.yaml": sla(99.9, "shop", "web"),
            "agreements/shop.yaml": ola("shop-ola", 99.99, "cache"),
            "catalog/shop.yaml": service("shop", "cis: [cache]"),
            "cmdb/cache.yaml": item("cache"),
        }
    )
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [("agreements/sla.yaml", 9, 27)]
    assert "for web but" in findings[0].message
    assert rules_fired(result) == {RULE}


def test_an_sla_without_an_availability_target_and_olas_pass(lint_at: LintAt) -> None:
    result = lint_at(
        {
            **SERIAL,
            "agreements/sla.yaml": agreement("web-sla", "SLA", "acme", "services: [web]"),
            # A low OLA figure is no problem while the SLA promises no availability.
            "agreements/more.yaml": ola("spare-ola", 99.0, "app"),
        }
    )
    assert result.findings == []
