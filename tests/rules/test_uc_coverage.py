"""uc-coverage: a supplier's item under an SLA'd service is covered by a UC with it."""

from __future__ import annotations

from svcascode.diagnostics import Severity
from tests.conftest import LintAt, only, where
from tests.rules.helpers import (
    PARTIES,
    agreement,
    documents,
    errors,
    item,
    party,
    rules_fired,
    service,
)

RULE = "uc-coverage"

# web needs app, which needs mail (from cloudco); shop needs cdn (from netco) and has no
# SLA. The supplier value of mail is at line 8, column 13 of cmdb/mail.yaml.
ESTATE = {
    "agreements/parties.yaml": documents(
        PARTIES, party("Supplier", "cloudco"), party("Supplier", "netco")
    ),
    "agreements/sla.yaml": agreement("web-sla", "SLA", "acme", "services: [web]"),
    "agreements/ola.yaml": agreement("web-ola", "OLA", "ops", "cis: [app, cdn]"),
    "catalog/web.yaml": service("web", "cis: [app]"),
    "catalog/shop.yaml": service("shop", "cis: [cdn]"),
    "cmdb/app.yaml": item("app", "depends_on: [mail]"),
    "cmdb/mail.yaml": item("mail", "supplier: cloudco"),
    "cmdb/cdn.yaml": item("cdn", "supplier: netco"),
}


def test_a_supplier_item_without_its_suppliers_uc_is_reported_on_the_supplier(
    lint_at: LintAt,
) -> None:
    result = lint_at(ESTATE)
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [("cmdb/mail.yaml", 8, 13)]
    finding = findings[0]
    assert finding.severity is Severity.ERROR
    assert (finding.kind, finding.id) == ("ConfigurationItem", "mail")
    assert finding.message.startswith(
        "mail is delivered by cloudco and underpins web-sla, but no UC with cloudco covers it"
    )
    # mail is also a single point of failure of web (one supplier), a warning.
    assert rules_fired(result) == {RULE, "uncovered-item", "single-point-of-failure"}


def test_an_ola_or_another_suppliers_uc_does_not_bind_the_supplier(lint_at: LintAt) -> None:
    result = lint_at(
        {
            **ESTATE,
            "agreements/ola.yaml": agreement("web-ola", "OLA", "ops", "cis: [app, cdn, mail]"),
            "agreements/uc.yaml": agreement("net-uc", "UC", "netco", "cis: [mail]"),
        }
    )
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [("cmdb/mail.yaml", 8, 13)]
    assert "no UC with cloudco covers it" in findings[0].message
    assert [f.rule for f in errors(result)] == [RULE]


def test_a_uc_with_the_supplier_covering_the_item_passes(lint_at: LintAt) -> None:
    result = lint_at(
        {**ESTATE, "agreements/uc.yaml": agreement("mail-uc", "UC", "cloudco", "cis: [mail]")}
    )
    assert only(result, RULE) == []
    assert errors(result) == []


def test_a_uc_with_the_supplier_covering_a_service_the_item_realises_passes(
    lint_at: LintAt,
) -> None:
    result = lint_at(
        {
            **ESTATE,
            "agreements/uc.yaml": agreement("mail-uc", "UC", "cloudco", "services: [mailing]"),
            "catalog/mailing.yaml": service("mailing", "cis: [mail]"),
        }
    )
    assert only(result, RULE) == []
    assert errors(result) == []
