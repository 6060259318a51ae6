"""``svc lint --base REF``: findings in changed files, plus the ones a change causes."""

from __future__ import annotations

import subprocess
from pathlib import Path

from click.testing import CliRunner

from svcascode.cli.main import cli
from svcascode.loader.sources import WorkingTree
from svcascode.scope import lint_changed_since
from tests.conftest import CI_DB, TEAM, write_files


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


APP = CI_DB.replace("id: db", "id: app").replace(
    "class: database", "class: application\n  depends_on: [db]"
)


def _repo(tmp_path: Path) -> Path:
    # An old problem that the pull request does not touch: an item with no owner.
    legacy = CI_DB.replace("id: db", "id: legacy").replace("  owner: ops\n", "")
    root = write_files(
        tmp_path,
        {
            "agreements/teams.yaml": TEAM,
            "cmdb/db.yaml": CI_DB,
            "cmdb/app.yaml": APP,
            "cmdb/legacy.yaml": legacy,
        },
    )
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "base")
    return root


def test_only_changed_files_and_caused_findings_are_reported(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    # The change renames db: app (unchanged) now has a broken reference.
    (root / "cmdb" / "db.yaml").write_text(CI_DB.lstrip().replace("id: db", "id: db-main"))
    (root / "cmdb" / "new.yaml").write_text(CI_DB.lstrip().replace("id: db", "id: new\n  title:"))
    result = lint_changed_since(WorkingTree(root), "HEAD")
    assert [(f.rule, f.path) for f in result.findings] == [
        ("unresolved-reference", "cmdb/app.yaml"),
    ]
    full = CliRunner().invoke(cli, ["lint", "--repo", str(root), "--format", "json"])
    assert full.exit_code == 1
    assert '"owner-required"' in full.output


def test_base_through_the_cli_exits_zero_when_the_change_is_clean(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    (root / "cmdb" / "other.yaml").write_text(CI_DB.lstrip().replace("id: db", "id: other"))
    runner = CliRunner()
    scoped = runner.invoke(cli, ["lint", "--repo", str(root), "--base", "HEAD"])
    assert scoped.exit_code == 0, scoped.output
    bad_ref = runner.invoke(cli, ["lint", "--repo", str(root), "--base", "no-such-ref"])
    assert bad_ref.exit_code == 2
