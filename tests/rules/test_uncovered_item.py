"""uncovered-item: a production item under an SLA'd service is covered by an OLA or UC."""

from __future__ import annotations

from svcascode.diagnostics import Severity
from tests.conftest import LintAt, only, where
from tests.rules.helpers import PARTIES, agreement, documents, errors, item, service

RULE = "uncovered-item"

# web (SLA'd) needs app, which needs db, staging and, redundantly, one of two disks;
# shop has no SLA. Only app is covered, by web-ola.
ESTATE = {
    "agreements/parties.yaml": PARTIES,
    "agreements/sla.yaml": agreement("web-sla", "SLA", "acme", "services: [web]"),
    "agreements/ola.yaml": agreement("web-ola", "OLA", "ops", "cis: [app]"),
    "catalog/web.yaml": service("web", "cis: [app]"),
    "catalog/shop.yaml": service("shop", "cis: [cache]"),
    "cmdb/app.yaml": item(
        "app", "depends_on:", "  - db", "  - staging", "  - {any_of: [disk-a, disk-b]}"
    ),
    # Production by default.
    "cmdb/db.yaml": item("db"),
    "cmdb/staging.yaml": item("staging", "environment: acceptance"),
    "cmdb/disks.yaml": documents(
        item("disk-a", "environment: production"), item("disk-b", "environment: production")
    ),
    # Uncovered, but under no SLA.
    "cmdb/cache.yaml": item("cache"),
}


def test_uncovered_production_items_under_an_sla_are_reported_on_their_id(
    lint_at: LintAt,
) -> None:
    result = lint_at(ESTATE)
    findings = only(result, RULE)
    # disk-b starts at line 10 of its file, after disk-a's 8 lines and the separator.
    assert [where(f) for f in findings] == [
        ("cmdb/db.yaml", 4, 7),
        ("cmdb/disks.yaml", 4, 7),
        ("cmdb/disks.yaml", 13, 7),
    ]
    assert [(f.kind, f.id) for f in findings] == [
        ("ConfigurationItem", "db"),
        ("ConfigurationItem", "disk-a"),
        ("ConfigurationItem", "disk-b"),
    ]
    for finding in findings:
        assert finding.severity is Severity.WARNING
        assert finding.message.startswith(
            f"production item {finding.id} underpins web-sla but no OLA or UC covers it"
        )
    assert errors(result) == []


def test_an_sla_naming_an_item_does_not_cover_it(lint_at: LintAt) -> None:
    result = lint_at(
        {
            **ESTATE,
            "agreements/sla.yaml": agreement(
                "web-sla", "SLA", "acme", "services: [web]", "cis: [db]"
            ),
            "agreements/ola.yaml": agreement("web-ola", "OLA", "ops", "cis: [app, disk-a, disk-b]"),
        }
    )
    assert [where(f) for f in only(result, RULE)] == [("cmdb/db.yaml", 4, 7)]


def test_items_covered_by_cis_or_through_their_service_pass(lint_at: LintAt) -> None:
    result = lint_at(
        {
            **ESTATE,
            "agreements/ola.yaml": documents(
                # app through the service web, db and the disks by cis.
                agreement("web-ola", "OLA", "ops", "services: [web]"),
                agreement("data-ola", "OLA", "ops", "cis: [db, disk-a, disk-b]"),
            ),
        }
    )
    assert result.findings == []
