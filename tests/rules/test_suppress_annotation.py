"""The ``svcascode/suppress`` annotation: an entity accepts findings of named rules."""

from __future__ import annotations

from svcascode.diagnostics import Severity
from tests.conftest import LintAt, only, where
from tests.rules.helpers import PARTIES, agreement, documents, item, party, rules_fired, service

# web (SLA'd) needs app (covered) and mail and db (neither covered; mail from cloudco).
ESTATE = {
    "agreements/parties.yaml": documents(PARTIES, party("Supplier", "cloudco")),
    "agreements/sla.yaml": agreement("web-sla", "SLA", "acme", "services: [web]"),
    "agreements/ola.yaml": agreement("web-ola", "OLA", "ops", "cis: [app]"),
    "catalog/web.yaml": service("web", "cis: [app]"),
    "cmdb/app.yaml": item("app", "depends_on: [mail, db]"),
    "cmdb/mail.yaml": item("mail", "supplier: cloudco"),
    "cmdb/db.yaml": item("db"),
}


def annotated(ident: str, value: str, *spec: str) -> str:
    """An item whose suppress annotation value is at line 6, column 37."""
    return item(ident, *spec, annotations=f"{{svcascode/suppress: {value}}}")


def test_without_the_annotation_every_finding_is_reported(lint_at: LintAt) -> None:
    result = lint_at(ESTATE)
    assert [(f.rule, f.id) for f in result.findings] == [
        ("single-point-of-failure", "web"),
        ("uncovered-item", "db"),
        ("uncovered-item", "mail"),
        ("uc-coverage", "mail"),
    ]


def test_the_rules_named_are_dropped_on_that_entity_only(lint_at: LintAt) -> None:
    result = lint_at(
        {
            **ESTATE,
            # Both of mail's findings, one of them an error, spelled with spaces.
            "cmdb/mail.yaml": annotated(
                "mail", "'uc-coverage , uncovered-item'", "supplier: cloudco"
            ),
            # A rule that has nothing to say about db: its own finding stays.
            "cmdb/db.yaml": annotated("db", "uc-coverage"),
        }
    )
    assert [(f.rule, f.id) for f in result.findings] == [
        ("single-point-of-failure", "web"),
        ("uncovered-item", "db"),
    ]
    # The service's warning still names mail: it is suppressed on web, not on mail.
    assert "mail (only from cloudco)" in only(result, "single-point-of-failure")[0].message


def test_a_finding_on_an_agreement_is_dropped_by_its_annotation(lint_at: LintAt) -> None:
    sla = agreement("web-sla", "SLA", "acme", "services: [web]", "valid_until: 2026-01-31")
    expired = lint_at({**ESTATE, "agreements/sla.yaml": sla})
    assert [where(f) for f in only(expired, "agreement-expired")] == [
        ("agreements/sla.yaml", 9, 16)
    ]
    accepted = sla.replace(
        "  id: web-sla\n",
        "  id: web-sla\n  annotations:\n    svcascode/suppress: agreement-expired\n",
    )
    assert only(lint_at({**ESTATE, "agreements/sla.yaml": accepted}), "agreement-expired") == []


def test_an_unknown_rule_in_the_annotation_is_a_config_finding_on_its_value(
    lint_at: LintAt,
) -> None:
    result = lint_at(
        {
            **ESTATE,
            "cmdb/db.yaml": annotated("db", "'uncovred-item, uncovered-item, no-such-rule'"),
        }
    )
    findings = only(result, "config")
    assert [where(f) for f in findings] == [("cmdb/db.yaml", 6, 37), ("cmdb/db.yaml", 6, 37)]
    assert all(f.severity is Severity.ERROR for f in findings)
    assert all((f.kind, f.id) == ("ConfigurationItem", "db") for f in findings)
    messages = sorted(f.message for f in findings)
    assert messages[0].startswith("svcascode/suppress names unknown rule 'no-such-rule'")
    assert messages[1] == (
        "svcascode/suppress names unknown rule 'uncovred-item'; did you mean 'uncovered-item'?"
    )
    # The known rule in the list still applies.
    assert only(result, "uncovered-item")[0].id == "mail"
    assert rules_fired(result) == {
        "config",
        "uc-coverage",
        "uncovered-item",
        "single-point-of-failure",
    }
