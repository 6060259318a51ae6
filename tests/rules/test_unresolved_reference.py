"""unresolved-reference: every reference names an existing entity."""

from __future__ import annotations

from tests.conftest import CI_DB, TEAM, TEAM_OF_TWO, LintFiles, only, where
from tests.rules.helpers import rules_fired

APP_WITH_BAD_REFERENCES = """
apiVersion: svcascode/v1
kind: ConfigurationItem
metadata:
  id: app
  owner: opss
spec:
  class: application
  depends_on:
    - dbb
    - {ci: queue, relation: uses}
    - any_of: [db, db-replica]
"""

WEB = """
apiVersion: svcascode/v1
kind: Service
metadata:
  id: web
  owner: ops
spec:
  type: business
  cis: [app]
  depends_on: [identity]
"""

SLA = """
apiVersion: svcascode/v1
kind: Agreement
metadata:
  id: web-sla
spec:
  type: SLA
  party: acme
  services: [web]
  maintenance_windows:
    - sunday-night
"""

# Covers every item under web, so that none is an uncovered item.
OLA = """
apiVersion: svcascode/v1
kind: Agreement
metadata:
  id: web-ola
spec:
  type: OLA
  party: ops
  services: [web]
  cis: [db, queue, db-replica]
"""


def test_missing_ids_are_reported_on_the_referring_value(lint_files: LintFiles) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "agreements/sla.yaml": SLA,
            "agreements/ola.yaml": OLA.replace("db, queue, db-replica", "db"),
            "catalog/web.yaml": WEB,
            "cmdb/db.yaml": CI_DB,
            "cmdb/app.yaml": APP_WITH_BAD_REFERENCES,
        }
    )
    findings = only(result, "unresolved-reference")
    assert [where(f) for f in findings] == [
        ("agreements/sla.yaml", 7, 10),
        ("agreements/sla.yaml", 10, 7),
        ("catalog/web.yaml", 9, 16),
        ("cmdb/app.yaml", 5, 10),
        ("cmdb/app.yaml", 9, 7),
        ("cmdb/app.yaml", 10, 12),
        ("cmdb/app.yaml", 11, 20),
    ]
    gists = [
        ("spec.party", "Customer 'acme'", "no Customer has this id"),
        ("spec.maintenance_windows[0]", "ChangeWindow 'sunday-night'", "no ChangeWindow"),
        ("spec.depends_on[0]", "Service 'identity'", "no Service has this id"),
        ("metadata.owner", "Team 'opss'", "did you mean 'ops'?"),
        ("spec.depends_on[0]", "ConfigurationItem 'dbb'", "did you mean 'db'?"),
        ("spec.depends_on[1].ci", "ConfigurationItem 'queue'", "no ConfigurationItem"),
        ("spec.depends_on[2].any_of[1]", "ConfigurationItem 'db-replica'", "does not exist"),
    ]
    for finding, gist in zip(findings, gists, strict=True):
        for part in gist:
            assert part in finding.message, (part, finding.message)
    assert [(f.kind, f.id) for f in findings[:3]] == [
        ("Agreement", "web-sla"),
        ("Agreement", "web-sla"),
        ("Service", "web"),
    ]
    assert rules_fired(result) == {"unresolved-reference"}


def test_a_reference_to_a_document_that_failed_validation_is_not_reported_again(
    lint_files: LintFiles,
) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "cmdb/db.yaml": CI_DB.replace("class: database", "class: databse"),
            "catalog/web.yaml": """
                apiVersion: svcascode/v1
                kind: Service
                metadata:
                  id: web
                  owner: ops
                spec:
                  type: business
                  cis: [db]
                """,
        }
    )
    assert only(result, "unresolved-reference") == []
    assert rules_fired(result) == {"schema"}


def test_references_that_resolve_are_fine(lint_files: LintFiles) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM_OF_TWO,
            "agreements/ola.yaml": OLA,
            "agreements/acme.yaml": """
                apiVersion: svcascode/v1
                kind: Customer
                metadata:
                  id: acme
                """,
            "agreements/sla.yaml": SLA,
            "catalog/web.yaml": WEB,
            "catalog/identity.yaml": """
                apiVersion: svcascode/v1
                kind: Service
                metadata:
                  id: identity
                  owner: ops
                spec:
                  type: technical
                  cis: [db]
                """,
            "cmdb/db.yaml": CI_DB,
            "cmdb/more.yaml": """
                apiVersion: svcascode/v1
                kind: ConfigurationItem
                metadata:
                  id: queue
                  owner: ops
                spec:
                  class: service-component
                ---
                apiVersion: svcascode/v1
                kind: ConfigurationItem
                metadata:
                  id: db-replica
                  owner: ops
                spec:
                  class: database
                """,
            "cmdb/app.yaml": APP_WITH_BAD_REFERENCES.replace("opss", "ops").replace(
                "- dbb", "- db"
            ),
            "changes/sunday-night.yaml": """
                apiVersion: svcascode/v1
                kind: ChangeWindow
                metadata:
                  id: sunday-night
                spec:
                  type: maintenance
                  rrule: FREQ=WEEKLY;BYDAY=SU;BYHOUR=1;BYMINUTE=0;BYSECOND=0
                  duration: 3h
                  timezone: Europe/Oslo
                """,
        }
    )
    assert only(result, "unresolved-reference") == []
    assert result.findings == []
