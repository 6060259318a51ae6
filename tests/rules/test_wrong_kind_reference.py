"""wrong-kind-reference: a reference names an entity of the kind its field expects."""

from __future__ import annotations

from tests.conftest import CI_DB, TEAM, TEAM_OF_TWO, LintFiles, only, where
from tests.rules.helpers import rules_fired

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
---
apiVersion: svcascode/v1
kind: Customer
metadata:
  id: nordic
---
apiVersion: svcascode/v1
kind: Supplier
metadata:
  id: nordic
"""

WEB = """
apiVersion: svcascode/v1
kind: Service
metadata:
  id: web
  owner: ops
spec:
  type: business
  cis: [db]
"""


def agreement(ident: str, kind: str, party: str) -> str:
    return f"""
        apiVersion: svcascode/v1
        kind: Agreement
        metadata:
          id: {ident}
        spec:
          type: {kind}
          party: {party}
          services: [web]
        """


def test_a_reference_to_an_entity_of_another_kind_names_both_kinds(
    lint_files: LintFiles,
) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "agreements/parties.yaml": PARTIES,
            "agreements/ola.yaml": agreement("web-ola", "OLA", "acme"),
            "agreements/uc.yaml": agreement("web-uc", "UC", "ops"),
            "catalog/web.yaml": WEB,
            "catalog/portal.yaml": """
                apiVersion: svcascode/v1
                kind: Service
                metadata:
                  id: portal
                  owner: nordic
                spec:
                  type: business
                  cis: [db]
                  depends_on:
                    - web
                    - db
                """,
            "cmdb/db.yaml": CI_DB,
            "cmdb/app.yaml": """
                apiVersion: svcascode/v1
                kind: ConfigurationItem
                metadata:
                  id: app
                  owner: web
                spec:
                  class: application
                """,
        }
    )
    findings = only(result, "wrong-kind-reference")
    assert [where(f) for f in findings] == [
        ("agreements/ola.yaml", 7, 10),
        ("agreements/uc.yaml", 7, 10),
        ("catalog/portal.yaml", 5, 10),
        ("catalog/portal.yaml", 11, 7),
        ("cmdb/app.yaml", 5, 10),
    ]
    assert [f.message for f in findings] == [
        "spec.party must name a Team, but 'acme' is a Customer",
        "spec.party must name a Supplier, but 'ops' is a Team",
        "metadata.owner must name a Team, but 'nordic' is a Customer and a Supplier",
        "spec.depends_on[1] must name a Service, but 'db' is a ConfigurationItem",
        "metadata.owner must name a Team, but 'web' is a Service",
    ]
    assert [(f.kind, f.id) for f in findings] == [
        ("Agreement", "web-ola"),
        ("Agreement", "web-uc"),
        ("Service", "portal"),
        ("Service", "portal"),
        ("ConfigurationItem", "app"),
    ]
    # Not reported a second time as an unresolved reference.
    assert rules_fired(result) == {"wrong-kind-reference"}


def test_each_agreement_type_names_its_own_kind_of_party(lint_files: LintFiles) -> None:
    result = lint_files(
        {
            # Two members: db is no single point of failure of the SLA'd service web.
            "agreements/teams.yaml": TEAM_OF_TWO,
            "agreements/parties.yaml": PARTIES,
            "agreements/sla.yaml": agreement("web-sla", "SLA", "acme"),
            "agreements/ola.yaml": agreement("web-ola", "OLA", "ops"),
            "agreements/uc.yaml": agreement("web-uc", "UC", "cloudco"),
            "catalog/web.yaml": WEB,
            "cmdb/db.yaml": CI_DB,
        }
    )
    assert only(result, "wrong-kind-reference") == []
    assert result.findings == []
