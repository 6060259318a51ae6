"""change-backout: normal and emergency changes have a backout plan."""

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
"""


def change(ident: str, kind: str, *extra: str) -> str:
    lines = "".join(f"  {line}\n" for line in extra)
    # Each change on its own day (a-, b-, c-), in the future: no conflict between them,
    # no review due yet.
    day = 10 + ord(ident[0]) - ord("a")
    return (
        "apiVersion: svcascode/v1\n"
        "kind: Change\n"
        "metadata:\n"
        f"  id: {ident}\n"
        "spec:\n"
        f"  type: {kind}\n"
        "  cis: [db]\n"
        "  window:\n"
        f"    start: 2027-03-{day}T22:00:00+01:00\n"
        f"    end: 2027-03-{day}T22:30:00+01:00\n"
        "  requester: ana\n"
        f"{lines}"
    )


def test_changes_without_a_backout_plan_are_reported(lint_files: LintFiles) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "cmdb/db.yaml": CI_DB,
            # No backout at all: reported on the spec key.
            "changes/a-normal.yaml": change("a-normal", "normal", "implementation: Patch it."),
            # A blank backout is no plan: reported on its key.
            "changes/b-emergency.yaml": change("b-emergency", "emergency", 'backout: "  "'),
        }
    )
    findings = only(result, "change-backout")
    assert [where(f) for f in findings] == [
        ("changes/a-normal.yaml", 5, 1),
        ("changes/b-emergency.yaml", 12, 3),
    ]
    assert "normal change 'a-normal' has no backout plan" in findings[0].message
    assert "emergency change 'b-emergency' has no backout plan" in findings[1].message
    assert all("spec.backout" in f.message for f in findings)
    assert [(f.kind, f.id) for f in findings] == [
        ("Change", "a-normal"),
        ("Change", "b-emergency"),
    ]
    assert rules_fired(result) == {"change-backout"}


def test_a_backout_plan_or_a_standard_change_is_fine(lint_files: LintFiles) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "cmdb/db.yaml": CI_DB,
            "changes/restart-db.yaml": TEMPLATE,
            "changes/a-normal.yaml": change("a-normal", "normal", "backout: Roll back."),
            "changes/b-emergency.yaml": change("b-emergency", "emergency", "backout: Revert."),
            "changes/c-standard.yaml": change("c-standard", "standard", "template: restart-db"),
        }
    )
    assert only(result, "change-backout") == []
    assert result.findings == []
