"""sla-response-times: the OLAs and UCs under an SLA respond and resolve as fast as it."""

from __future__ import annotations

from svcascode.diagnostics import Severity
from tests.conftest import LintAt, only, where
from tests.rules.helpers import (
    PARTIES,
    agreement,
    documents,
    item,
    party,
    rules_fired,
    service,
)

RULE = "sla-response-times"

# The SLA's P1 response value is at line 10, column 20; its P2 resolution at 13:11.
SLA = agreement(
    "web-sla",
    "SLA",
    "acme",
    "services: [web]",
    "targets:",
    "  response: {P1: 15m, P2: 1h}",
    "  resolution:",
    "    P1: 4h",
    "    P2: 1d",
)

ESTATE = {
    "agreements/parties.yaml": documents(PARTIES, party("Supplier", "cloudco")),
    "agreements/sla.yaml": SLA,
    "catalog/web.yaml": service("web", "cis: [app]"),
    "cmdb/items.yaml": documents(item("app", "depends_on: [db]"), item("db")),
}


def test_slower_underpinnings_are_reported_on_the_slas_value(lint_at: LintAt) -> None:
    result = lint_at(
        {
            **ESTATE,
            "agreements/olas.yaml": documents(
                # Through the service: P1 response slower, P2 resolution slower.
                agreement(
                    "web-ola",
                    "OLA",
                    "ops",
                    "services: [web]",
                    "targets:",
                    "  response: {P1: 30m, P2: 1h}",
                    "  resolution: {P1: 4h, P2: 2d}",
                ),
                # Through an item the service needs, in ISO 8601: 20 minutes.
                agreement("db-ola", "OLA", "ops", "cis: [db]", "targets: {response: {P1: PT20M}}"),
            ),
        }
    )
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [
        ("agreements/sla.yaml", 10, 20),
        ("agreements/sla.yaml", 13, 11),
    ]
    assert all(f.severity is Severity.ERROR for f in findings)
    assert all((f.kind, f.id) == ("Agreement", "web-sla") for f in findings)
    assert findings[0].message.startswith(
        "SLA promises response within 15m for P1 but db-ola (20m), web-ola (30m) are slower"
    )
    assert findings[1].message.startswith(
        "SLA promises resolution within 1d for P2 but web-ola (2d) is slower"
    )
    assert rules_fired(result) == {RULE}


def test_an_agreement_named_in_underpinned_by_counts_too(lint_at: LintAt) -> None:
    # The UC covers nothing under web, but the SLA says it rests on it.
    result = lint_at(
        {
            **ESTATE,
            "agreements/sla.yaml": SLA.replace(
                "  services: [web]\n", "  services: [web]\n  underpinned_by: [cloud-uc]\n"
            ),
            "agreements/olas.yaml": documents(
                agreement("web-ola", "OLA", "ops", "cis: [app, db]"),
                agreement("cloud-uc", "UC", "cloudco", "targets: {response: {P1: 1h}}"),
            ),
        }
    )
    findings = only(result, RULE)
    # One line further down: underpinned_by was inserted above the targets.
    assert [where(f) for f in findings] == [("agreements/sla.yaml", 11, 20)]
    assert "for P1 but cloud-uc (1h) is slower" in findings[0].message
    assert rules_fired(result) == {RULE}


def test_underpinnings_as_fast_or_faster_or_silent_pass(lint_at: LintAt) -> None:
    result = lint_at(
        {
            **ESTATE,
            "agreements/olas.yaml": documents(
                # As fast for P1 (15m = PT15M), faster for P2; no P2 resolution target.
                agreement(
                    "web-ola",
                    "OLA",
                    "ops",
                    "services: [web]",
                    "targets:",
                    "  response: {P1: PT15M, P2: 30m}",
                    "  resolution: {P1: 2h, P3: 1w}",
                ),
                agreement("db-ola", "OLA", "ops", "cis: [db]", "targets: {response: {P4: 1w}}"),
                # Slower, but it underpins another service only.
                agreement(
                    "shop-ola",
                    "OLA",
                    "ops",
                    "services: [shop]",
                    "targets: {response: {P1: 1d}}",
                ),
            ),
            "catalog/shop.yaml": service("shop", "cis: [cache]"),
            "cmdb/cache.yaml": item("cache"),
        }
    )
    assert result.findings == []
