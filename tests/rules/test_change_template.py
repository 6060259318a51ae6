"""change-template: a standard change names its template; other changes do not."""

from __future__ import annotations

from tests.conftest import CI_DB, TEAM, LintFiles, only, where
from tests.rules.helpers import rules_fired

TEMPLATE = """
apiVersion: svcascode/v1
kind: ChangeTemplate
metadata:
  id: restart-db
  owner: ops
spec:
  classes: [database]
  max_duration: 1h
  procedure: Restart the database service.
"""


def change(ident: str, kind: str, template: str | None) -> str:
    named = f"template: {template}" if template else "risk: low"
    # Each change on its own day (a-, b-, c-), in the future: no conflict between them,
    # no review due yet.
    day = 10 + ord(ident[0]) - ord("a")
    return f"""
        apiVersion: svcascode/v1
        kind: Change
        metadata:
          id: {ident}
        spec:
          type: {kind}
          {named}
          cis: [db]
          window:
            start: 2027-03-{day}T22:00:00+01:00
            end: 2027-03-{day}T22:30:00+01:00
          requester: ana
          backout: Restart the previous version.
        """


def test_template_missing_on_a_standard_change_and_present_on_others(
    lint_files: LintFiles,
) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "cmdb/db.yaml": CI_DB,
            "changes/restart-db.yaml": TEMPLATE,
            "changes/a-standard.yaml": change("a-standard", "standard", None),
            "changes/b-normal.yaml": change("b-normal", "normal", "restart-db"),
            "changes/c-emergency.yaml": change("c-emergency", "emergency", "restart-db"),
        }
    )
    findings = only(result, "change-template")
    assert [where(f) for f in findings] == [
        ("changes/a-standard.yaml", 6, 9),  # the type value
        ("changes/b-normal.yaml", 7, 13),  # the template value
        ("changes/c-emergency.yaml", 7, 13),
    ]
    assert "standard change 'a-standard' names no template" in findings[0].message
    assert "spec.template" in findings[0].message
    assert "normal change 'b-normal' names template 'restart-db'" in findings[1].message
    assert "emergency change 'c-emergency' names template 'restart-db'" in findings[2].message
    assert "only standard changes follow a template" in findings[2].message
    assert [f.id for f in findings] == ["a-standard", "b-normal", "c-emergency"]
    assert rules_fired(result) == {"change-template"}


def test_standard_with_template_and_normal_without_are_fine(lint_files: LintFiles) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "cmdb/db.yaml": CI_DB,
            "changes/restart-db.yaml": TEMPLATE,
            "changes/a-standard.yaml": change("a-standard", "standard", "restart-db"),
            "changes/b-normal.yaml": change("b-normal", "normal", None),
            "changes/c-emergency.yaml": change("c-emergency", "emergency", None),
        }
    )
    assert only(result, "change-template") == []
    assert result.findings == []
