"""single-point-of-failure: an SLA'd or critical service hangs on no one person or supplier."""

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
    team,
)

RULE = "single-point-of-failure"
SUPPRESS = "{svcascode/suppress: single-point-of-failure}"

# web (SLA'd) needs app (team solo, one member) and mail (from cloudco); app also needs
# one of db-a and db-b (both solo's: redundant, so not single points), and both of
# disk-a and disk-b (min 2 of 2: no spare). Every item is covered, by ops-ola and mail-uc.
ESTATE = {
    "agreements/parties.yaml": documents(
        PARTIES, team("solo", "sam"), party("Supplier", "cloudco")
    ),
    "agreements/sla.yaml": agreement("web-sla", "SLA", "acme", "services: [web]"),
    "agreements/ola.yaml": agreement(
        "ops-ola", "OLA", "ops", "services: [web]", "cis: [db-a, db-b, disk-a, disk-b]"
    ),
    "agreements/uc.yaml": agreement("mail-uc", "UC", "cloudco", "cis: [mail]"),
    "catalog/web.yaml": service("web", "cis: [app, mail]"),
    "cmdb/app.yaml": item(
        "app",
        "depends_on:",
        "  - {any_of: [db-a, db-b]}",
        "  - {any_of: [disk-a, disk-b], min: 2}",
        owner="solo",
    ),
    "cmdb/mail.yaml": item("mail", "supplier: cloudco"),
    "cmdb/dbs.yaml": documents(item("db-a", owner="solo"), item("db-b", owner="solo")),
    "cmdb/disks.yaml": documents(item("disk-a"), item("disk-b", owner="solo")),
}


def test_items_on_one_person_or_one_supplier_are_listed_on_the_service(
    lint_at: LintAt,
) -> None:
    result = lint_at(ESTATE)
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [("catalog/web.yaml", 4, 7)]
    finding = findings[0]
    assert finding.severity is Severity.WARNING
    assert (finding.kind, finding.id) == ("Service", "web")
    assert finding.message == (
        "service web (covered by an SLA) has single points of failure: "
        "app (team solo has one member); disk-b (team solo has one member); "
        "mail (only from cloudco)"
    )
    assert rules_fired(result) == {RULE}


def test_a_service_with_a_critical_item_is_checked_without_an_sla(lint_at: LintAt) -> None:
    result = lint_at(
        {
            "agreements/parties.yaml": documents(PARTIES, team("solo", "sam")),
            "catalog/shop.yaml": service("shop", "cis: [cart]"),
            "cmdb/cart.yaml": item("cart", "criticality: critical", owner="solo"),
        }
    )
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [("catalog/shop.yaml", 4, 7)]
    assert findings[0].message == (
        "service shop (realised by critical items) has single points of failure: "
        "cart (team solo has one member)"
    )
    assert errors(result) == []


def test_items_annotated_as_an_accepted_risk_are_left_out(lint_at: LintAt) -> None:
    result = lint_at(
        {
            **ESTATE,
            "cmdb/mail.yaml": item("mail", "supplier: cloudco", annotations=SUPPRESS),
        }
    )
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [("catalog/web.yaml", 4, 7)]
    assert "mail" not in findings[0].message
    assert findings[0].message.endswith(
        "app (team solo has one member); disk-b (team solo has one member)"
    )


def test_redundancy_a_second_member_or_acceptance_leave_nothing_to_report(
    lint_at: LintAt,
) -> None:
    result = lint_at(
        {
            **ESTATE,
            # app is solo's, but with a spare disk instead of two disks needed.
            "cmdb/app.yaml": item(
                "app",
                "depends_on:",
                "  - {any_of: [db-a, db-b]}",
                "  - {any_of: [disk-a, disk-b], min: 1}",
                owner="ops",
            ),
            "cmdb/mail.yaml": item("mail", "supplier: cloudco", annotations=SUPPRESS),
        }
    )
    assert result.findings == []


def test_services_neither_slad_nor_critical_are_not_checked(lint_at: LintAt) -> None:
    result = lint_at(
        {
            "agreements/parties.yaml": documents(PARTIES, team("solo", "sam")),
            "catalog/shop.yaml": service("shop", "cis: [cart]"),
            "cmdb/cart.yaml": item("cart", "criticality: high", owner="solo"),
        }
    )
    assert result.findings == []
