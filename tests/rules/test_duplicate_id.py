"""duplicate-id: an id is unique within its kind."""

from __future__ import annotations

from tests.conftest import CI_DB, TEAM, LintFiles, only, where


def test_two_items_with_one_id_are_reported_on_the_second(lint_files: LintFiles) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "cmdb/a.yaml": CI_DB,
            "cmdb/b.yaml": "# second copy\n" + CI_DB.lstrip(),
        }
    )
    findings = only(result, "duplicate-id")
    assert [where(f) for f in findings] == [("cmdb/b.yaml", 5, 7)]
    assert "cmdb/a.yaml:4:7" in findings[0].message
    assert findings[0].kind == "ConfigurationItem" and findings[0].id == "db"


def test_same_id_in_different_kinds_is_fine(lint_files: LintFiles) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "cmdb/a.yaml": CI_DB.replace("id: db", "id: ops"),
        }
    )
    assert only(result, "duplicate-id") == []
    assert result.findings == []
