"""dependency-cycle: items, services and agreements must not depend on themselves."""

from __future__ import annotations

from tests.conftest import CI_DB, TEAM, LintFiles, only, where
from tests.rules.helpers import rules_fired


def item(ident: str, depends_on: str = "[]") -> str:
    return f"""
        apiVersion: svcascode/v1
        kind: ConfigurationItem
        metadata:
          id: {ident}
          owner: ops
        spec:
          class: application
          depends_on: {depends_on}
        """


def service(ident: str, extra: str = "") -> str:
    return f"""
        apiVersion: svcascode/v1
        kind: Service
        metadata:
          id: {ident}
          owner: ops
        spec:
          type: business
          cis: [db]
          {extra}
        """


PARTIES = """
apiVersion: svcascode/v1
kind: Customer
metadata:
  id: acme
---
apiVersion: svcascode/v1
kind: Supplier
metadata:
  id: cloudco
"""


def agreement(ident: str, kind: str, party: str, underpinned_by: str) -> str:
    return f"""
        apiVersion: svcascode/v1
        kind: Agreement
        metadata:
          id: {ident}
        spec:
          type: {kind}
          party: {party}
          underpinned_by: {underpinned_by}
        """


def test_an_item_cycle_through_a_redundancy_group_is_reported_in_order(
    lint_files: LintFiles,
) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "cmdb/app.yaml": """
                apiVersion: svcascode/v1
                kind: ConfigurationItem
                metadata:
                  id: app
                  owner: ops
                spec:
                  class: application
                  depends_on:
                    - any_of: [db-a, db-b]
                """,
            "cmdb/db-a.yaml": item("db-a"),
            "cmdb/db-b.yaml": item("db-b", "[{ci: host, relation: runs-on}]"),
            "cmdb/host.yaml": item("host", "[app]"),
        }
    )
    findings = only(result, "dependency-cycle")
    # On the first edge of the cycle: app's any_of member db-b.
    assert [where(f) for f in findings] == [("cmdb/app.yaml", 9, 22)]
    assert "dependency cycle: app -> db-b -> host -> app;" in findings[0].message
    assert (findings[0].kind, findings[0].id) == ("ConfigurationItem", "app")
    assert rules_fired(result) == {"dependency-cycle"}


def test_each_item_cycle_is_reported_once_and_a_self_loop_is_a_cycle(
    lint_files: LintFiles,
) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "cmdb/cache.yaml": """
                apiVersion: svcascode/v1
                kind: ConfigurationItem
                metadata:
                  id: cache
                  owner: ops
                spec:
                  class: application
                  depends_on:
                    - store
                """,
            "cmdb/store.yaml": item("store", "[{ci: cache, relation: stores-in}]"),
            "cmdb/loop.yaml": item("loop", "[loop]"),
        }
    )
    findings = only(result, "dependency-cycle")
    assert [where(f) for f in findings] == [
        ("cmdb/cache.yaml", 9, 7),
        ("cmdb/loop.yaml", 8, 16),
    ]
    assert "cycle: cache -> store -> cache;" in findings[0].message
    assert "cycle: loop -> loop;" in findings[1].message
    assert rules_fired(result) == {"dependency-cycle"}


def test_a_service_depends_on_cycle_is_reported_in_order(lint_files: LintFiles) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "cmdb/db.yaml": CI_DB,
            "catalog/billing.yaml": """
                apiVersion: svcascode/v1
                kind: Service
                metadata:
                  id: billing
                  owner: ops
                spec:
                  type: business
                  cis: [db]
                  depends_on: [identity, ledger]
                """,
            "catalog/identity.yaml": service("identity"),
            "catalog/ledger.yaml": service("ledger", "depends_on: [payments]"),
            "catalog/payments.yaml": service("payments", "depends_on: [billing]"),
        }
    )
    findings = only(result, "dependency-cycle")
    assert [where(f) for f in findings] == [("catalog/billing.yaml", 9, 26)]
    assert "service dependency cycle: billing -> ledger -> payments -> billing;" in (
        findings[0].message
    )
    assert (findings[0].kind, findings[0].id) == ("Service", "billing")
    assert rules_fired(result) == {"dependency-cycle"}


def test_a_sub_service_parent_cycle_is_reported_in_order(lint_files: LintFiles) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "cmdb/db.yaml": CI_DB,
            "catalog/ehr.yaml": service("ehr", "parent: ehr-records"),
            "catalog/ehr-api.yaml": service("ehr-api", "parent: ehr"),
            "catalog/ehr-records.yaml": service("ehr-records", "parent: ehr-api"),
        }
    )
    findings = only(result, "dependency-cycle")
    assert [where(f) for f in findings] == [("catalog/ehr.yaml", 9, 11)]
    assert "sub-service cycle: ehr -> ehr-records -> ehr-api -> ehr;" in findings[0].message
    assert rules_fired(result) == {"dependency-cycle"}


def test_an_agreement_underpinning_cycle_is_reported_in_order(lint_files: LintFiles) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "agreements/parties.yaml": PARTIES,
            "agreements/sla.yaml": agreement("sla-acme", "SLA", "acme", "[ola-ops]"),
            "agreements/ola.yaml": agreement("ola-ops", "OLA", "ops", "[uc-cloud]"),
            "agreements/uc.yaml": agreement("uc-cloud", "UC", "cloudco", "[sla-acme]"),
        }
    )
    findings = only(result, "dependency-cycle")
    assert [where(f) for f in findings] == [("agreements/ola.yaml", 8, 20)]
    assert "underpinning cycle: ola-ops -> uc-cloud -> sla-acme -> ola-ops;" in (
        findings[0].message
    )
    assert (findings[0].kind, findings[0].id) == ("Agreement", "ola-ops")
    assert rules_fired(result) == {"dependency-cycle"}


def test_shared_dependencies_without_a_cycle_are_fine(lint_files: LintFiles) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "agreements/parties.yaml": PARTIES,
            "agreements/sla.yaml": agreement("sla-acme", "SLA", "acme", "[ola-ops, uc-cloud]"),
            "agreements/ola.yaml": agreement("ola-ops", "OLA", "ops", "[uc-cloud]"),
            "agreements/uc.yaml": agreement("uc-cloud", "UC", "cloudco", "[]"),
            "catalog/ehr.yaml": service("ehr", "depends_on: [identity, ledger]"),
            "catalog/ehr-api.yaml": service("ehr-api", "parent: ehr"),
            "catalog/ehr-records.yaml": service("ehr-records", "parent: ehr-api"),
            "catalog/ledger.yaml": service("ledger", "depends_on: [identity]"),
            "catalog/identity.yaml": service("identity"),
            "cmdb/db.yaml": CI_DB,
            "cmdb/app.yaml": item("app", "[cache, {any_of: [db, db-b]}]"),
            "cmdb/cache.yaml": item("cache", "[{ci: db, relation: uses}]"),
            "cmdb/db-b.yaml": item("db-b"),
        }
    )
    assert only(result, "dependency-cycle") == []
    assert result.findings == []
