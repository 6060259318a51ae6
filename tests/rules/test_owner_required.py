"""owner-required: services, items and change templates name an owner team."""

from __future__ import annotations

from tests.conftest import CI_DB, TEAM, TEAM_OF_TWO, LintFiles, only, where
from tests.rules.helpers import rules_fired

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

TEMPLATE = """
apiVersion: svcascode/v1
kind: ChangeTemplate
metadata:
  id: restart-db
  owner: ops
spec:
  classes: [database]
  max_duration: 1h
"""

# Parties, agreements and windows need no owner. The OLA covers web's items, so that
# they are not reported as uncovered under the SLA.
UNOWNED_KINDS = """
apiVersion: svcascode/v1
kind: Customer
metadata:
  id: acme
---
apiVersion: svcascode/v1
kind: Agreement
metadata:
  id: web-sla
spec:
  type: SLA
  party: acme
  services: [web]
---
apiVersion: svcascode/v1
kind: Agreement
metadata:
  id: web-ola
spec:
  type: OLA
  party: ops
  services: [web]
---
apiVersion: svcascode/v1
kind: ChangeWindow
metadata:
  id: christmas
spec:
  type: blackout
  start: 2026-12-20T00:00:00+01:00
  end: 2027-01-04T00:00:00+01:00
"""


def unowned(text: str) -> str:
    return text.replace("  owner: ops\n", "  title: Nobody's\n")


def test_a_service_an_item_and_a_template_without_owner_are_reported(
    lint_files: LintFiles,
) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "agreements/other.yaml": UNOWNED_KINDS,
            "catalog/web.yaml": unowned(WEB),
            "changes/restart-db.yaml": unowned(TEMPLATE),
            "cmdb/db.yaml": unowned(CI_DB),
        }
    )
    findings = only(result, "owner-required")
    # On the metadata key, where the owner belongs.
    assert [where(f) for f in findings] == [
        ("catalog/web.yaml", 3, 1),
        ("changes/restart-db.yaml", 3, 1),
        ("cmdb/db.yaml", 3, 1),
    ]
    assert [(f.kind, f.id) for f in findings] == [
        ("Service", "web"),
        ("ChangeTemplate", "restart-db"),
        ("ConfigurationItem", "db"),
    ]
    for finding in findings:
        assert f"{finding.kind} {finding.id!r} has no owner" in finding.message
        assert "metadata.owner" in finding.message
    assert rules_fired(result) == {"owner-required"}


def test_owned_entities_are_fine(lint_files: LintFiles) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM_OF_TWO,
            "agreements/other.yaml": UNOWNED_KINDS,
            "catalog/web.yaml": WEB,
            "changes/restart-db.yaml": TEMPLATE,
            "cmdb/db.yaml": CI_DB,
        }
    )
    assert only(result, "owner-required") == []
    assert result.findings == []
