"""retired-dependency: nothing in use depends on a retired configuration item."""

from __future__ import annotations

from tests.conftest import CI_DB, TEAM, LintFiles, only, where
from tests.rules.helpers import rules_fired

OLD_DB = """
apiVersion: svcascode/v1
kind: ConfigurationItem
metadata:
  id: old-db
  owner: ops
spec:
  class: database
  lifecycle: retired
"""


def items_on_old_db(app: str = "live", batch: str = "planned") -> str:
    return f"""
        apiVersion: svcascode/v1
        kind: ConfigurationItem
        metadata:
          id: app
          owner: ops
        spec:
          class: application
          lifecycle: {app}
          depends_on:
            - old-db
            - {{ci: old-db, relation: stores-in}}
            - any_of: [db, old-db]
        ---
        apiVersion: svcascode/v1
        kind: ConfigurationItem
        metadata:
          id: batch
          owner: ops
        spec:
          class: application
          lifecycle: {batch}
          depends_on: [{{any_of: [old-db, db], min: 1}}]
        """


WEB_ON_OLD_DB = """
apiVersion: svcascode/v1
kind: Service
metadata:
  id: web
  owner: ops
spec:
  type: business
  cis:
    - app
    - old-db
"""


def test_dependencies_on_a_retired_item_are_reported_where_they_name_it(
    lint_files: LintFiles,
) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "catalog/web.yaml": WEB_ON_OLD_DB,
            "cmdb/db.yaml": CI_DB,
            "cmdb/old-db.yaml": OLD_DB,
            "cmdb/apps.yaml": items_on_old_db(),
        }
    )
    findings = only(result, "retired-dependency")
    assert [where(f) for f in findings] == [
        ("catalog/web.yaml", 10, 7),
        ("cmdb/apps.yaml", 10, 7),
        ("cmdb/apps.yaml", 11, 7),
        ("cmdb/apps.yaml", 12, 20),
        ("cmdb/apps.yaml", 22, 26),
    ]
    assert "live service 'web' lists 'old-db', which is retired" in findings[0].message
    for finding in findings[1:4]:
        assert "live item 'app' depends on 'old-db', which is retired" in finding.message
    assert "planned item 'batch' depends on 'old-db', which is retired" in findings[4].message
    assert [(f.kind, f.id) for f in findings] == [
        ("Service", "web"),
        ("ConfigurationItem", "app"),
        ("ConfigurationItem", "app"),
        ("ConfigurationItem", "app"),
        ("ConfigurationItem", "batch"),
    ]
    assert rules_fired(result) == {"retired-dependency"}


def test_retired_dependents_and_services_not_live_may_name_retired_items(
    lint_files: LintFiles,
) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "catalog/web.yaml": WEB_ON_OLD_DB.replace(
                "type: business", "type: business\n  lifecycle: retired"
            ),
            "catalog/next.yaml": """
                apiVersion: svcascode/v1
                kind: Service
                metadata:
                  id: next
                  owner: ops
                spec:
                  type: business
                  lifecycle: pipeline
                  cis: [old-db]
                """,
            "catalog/live.yaml": """
                apiVersion: svcascode/v1
                kind: Service
                metadata:
                  id: live
                  owner: ops
                spec:
                  type: business
                  cis: [db]
                """,
            "cmdb/db.yaml": CI_DB,
            "cmdb/old-db.yaml": OLD_DB,
            "cmdb/apps.yaml": items_on_old_db("retired", "retired"),
        }
    )
    assert only(result, "retired-dependency") == []
    assert result.findings == []
