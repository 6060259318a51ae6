"""Loading a repository: discovery, bad files as findings, schema errors on the right spot."""

from __future__ import annotations

import subprocess
from pathlib import Path

from svcascode.lint import lint
from svcascode.loader.load import load
from svcascode.loader.sources import GitRevision, WorkingTree
from tests.conftest import CI_DB, TEAM, LintFiles, WriteRepo, only, where, write_files

OLA = """
# yaml-language-server: $schema=../schemas/agreement.json
apiVersion: svcascode/v1
kind: Agreement
metadata:
  id: ola-dba
  title: OLA database team
spec:
  type: OLA
  party: ops
  services: []
  cis: [db]
  valid_from: 2026-01-01
  valid_until: 2027-12-31
  service_hours: 24x7
  targets:
    response: {P1: 15m}
    resolution: {P1: 4h}
    availability: 100.5
"""


def test_schema_error_points_at_the_offending_value(lint_files: LintFiles) -> None:
    result = lint_files(
        {"agreements/teams.yaml": TEAM, "cmdb/db.yaml": CI_DB, "agreements/ola-dba.yaml": OLA}
    )
    (finding,) = result.findings
    assert where(finding) == ("agreements/ola-dba.yaml", 18, 19)
    assert finding.rule == "schema"
    assert finding.kind == "Agreement" and finding.id == "ola-dba"
    assert "spec.targets.availability" in finding.message and "100.5" in finding.message


def test_a_broken_file_does_not_stop_the_others(lint_files: LintFiles) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "cmdb/broken.yaml": "a: [1,\n",
            "cmdb/db.yaml": CI_DB,
            "cmdb/app.yaml": CI_DB.replace("id: db", "id: app").replace(
                "class: database", "class: application\n  depends_on: [dbx]"
            ),
        }
    )
    assert [(f.rule, f.path) for f in result.findings] == [
        ("unresolved-reference", "cmdb/app.yaml"),
        ("yaml-syntax", "cmdb/broken.yaml"),
    ]
    assert "did you mean 'db'?" in result.findings[0].message
    assert result.entities == 3


def test_invalid_utf8_and_oversized_files_are_findings(write_repo: WriteRepo) -> None:
    root = write_repo(
        {"agreements/teams.yaml": TEAM, "svcascode.yaml": "limits:\n  max_file_bytes: 2000\n"}
    )
    (root / "cmdb").mkdir()
    (root / "cmdb" / "latin1.yaml").write_bytes(b"metadata:\n  title: caf\xe9\n")
    (root / "cmdb" / "huge.yaml").write_text("# pad\n" * 1000)
    result = lint(WorkingTree(root, use_git=False))
    assert [(f.rule, f.path, f.line, f.column) for f in result.findings] == [
        ("yaml-limits", "cmdb/huge.yaml", 1, 1),
        ("yaml-syntax", "cmdb/latin1.yaml", 2, 13),
    ]
    assert "UTF-8" in result.findings[1].message


def test_a_reference_to_a_broken_document_is_not_reported_twice(lint_files: LintFiles) -> None:
    broken_db = CI_DB.replace("class: database", "class: databse")
    app = CI_DB.replace("id: db", "id: app").replace(
        "class: database", "class: application\n  depends_on: [db]"
    )
    result = lint_files(
        {"agreements/teams.yaml": TEAM, "cmdb/db.yaml": broken_db, "cmdb/app.yaml": app}
    )
    assert [f.rule for f in result.findings] == ["schema"]


def test_unknown_kind_suggests_the_right_one(lint_files: LintFiles) -> None:
    result = lint_files(
        {"cmdb/x.yaml": "apiVersion: svcascode/v1\nkind: Servce\nmetadata: {id: x}\n"}
    )
    (finding,) = only(result, "schema")
    assert where(finding) == ("cmdb/x.yaml", 2, 7)
    assert "did you mean 'Service'?" in finding.message


def test_files_outside_the_roots_and_non_yaml_files_are_ignored(lint_files: LintFiles) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "docs/notes.yaml": "not: [valid",
            "cmdb/README.md": "# not yaml",
            "cmdb/db.yml": CI_DB,
        }
    )
    assert result.findings == []
    assert result.files == 2


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def test_git_checkout_skips_ignored_files_and_reads_revisions(tmp_path: Path) -> None:
    root = write_files(
        tmp_path,
        {
            "agreements/teams.yaml": TEAM,
            "cmdb/db.yaml": CI_DB,
            ".gitignore": "cmdb/generated/\n",
            "cmdb/generated/junk.yaml": "a: [broken",
        },
    )
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "first")
    (root / "cmdb" / "db.yaml").unlink()
    (root / "cmdb" / "new.yaml").write_text(CI_DB.replace("id: db", "id: new"))
    tree = WorkingTree(root)
    assert tree.list_files(["catalog", "agreements", "cmdb", "changes"]) == [
        "agreements/teams.yaml",
        "cmdb/new.yaml",
    ]
    head = load(GitRevision(root, "HEAD"))
    assert sorted(r.id for r in head.records) == ["db", "ops"]
    assert head.problems == []
