"""The base side of a diff takes unchanged files from the head load: same result as a
fresh load, without parsing or validating them again."""

from __future__ import annotations

from pathlib import Path

from svcascode.lint import lint
from svcascode.loader.load import LoadOptions, LoadResult, load
from svcascode.loader.sources import GitRevision, WorkingTree
from svcascode.scope import lint_changed_since
from tests.cab.builders import commit, git
from tests.conftest import CI_DB, TEAM, write_files

BROKEN = "apiVersion: svcascode/v1\nkind: ConfigurationItem\nmetadata:\n  id: bad\nspec: {}\n"
SYNTAX = "a: [1, 2\n"


def item(ident: str, title: str = "An item", needs: str = "") -> str:
    depends = f"  depends_on: [{needs}]\n" if needs else ""
    return (
        "apiVersion: svcascode/v1\nkind: ConfigurationItem\nmetadata:\n"
        f"  id: {ident}\n  title: {title}\n  owner: ops\n"
        f"spec:\n  class: server\n  lifecycle: live\n{depends}"
    )


def summary(loaded: LoadResult) -> tuple[object, ...]:
    return (
        [(r.kind, r.id, r.where.path, r.where.doc_index, r.where.line) for r in loaded.records],
        [(b.kind, b.id, b.where.path) for b in loaded.broken],
        [(p.rule, str(p.problem.location), p.problem.message) for p in loaded.problems],
        [r.entity for r in loaded.records],
    )


def make_repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    commit(
        root,
        {
            "agreements/teams.yaml": TEAM,
            "cmdb/db.yaml": CI_DB,
            "cmdb/web.yaml": item("web", needs="db"),
            "cmdb/old.yaml": item("old"),
            "cmdb/bad.yaml": BROKEN,
            "cmdb/syntax.yaml": SYNTAX,
        },
        "base",
    )
    # The working tree: one file edited, one deleted, one added, the rest as committed.
    write_files(root, {"cmdb/web.yaml": item("web", "Edited", needs="db, new")})
    (root / "cmdb/old.yaml").unlink()
    write_files(root, {"cmdb/new.yaml": item("new")})
    return root


def test_a_base_load_reusing_the_head_equals_a_fresh_one(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    head = load(WorkingTree(root))
    fresh = load(GitRevision(root, "HEAD"))
    reused = load(GitRevision(root, "HEAD"), options=LoadOptions(reuse=head))
    assert summary(reused) == summary(fresh)
    # Unchanged files share the head's very models; changed ones are the base's own.
    head_models = {id(r.entity) for r in head.records}
    shared = {r.where.path for r in reused.records if id(r.entity) in head_models}
    assert shared == {"agreements/teams.yaml", "cmdb/db.yaml"}


def test_different_limits_never_reuse(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    write_files(root, {"svcascode.yaml": "limits:\n  max_depth: 10\n"})
    head = load(WorkingTree(root))
    reused = load(GitRevision(root, "HEAD"), options=LoadOptions(reuse=head))
    head_models = {id(r.entity) for r in head.records}
    assert not any(id(r.entity) in head_models for r in reused.records)
    assert summary(reused) == summary(load(GitRevision(root, "HEAD")))


def test_lint_base_reports_what_the_change_caused(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    # The edit names an item ("new") the working tree adds, and drops one ("old"): clean
    # as a whole; the broken files were broken before and are not reported.
    scoped = lint_changed_since(WorkingTree(root), "HEAD")
    assert [f.path for f in scoped.findings] == []
    (root / "cmdb/new.yaml").unlink()
    scoped = lint_changed_since(WorkingTree(root), "HEAD")
    assert {(f.rule, f.path) for f in scoped.findings} == {
        ("unresolved-reference", "cmdb/web.yaml")
    }
    full = lint(WorkingTree(root))
    assert {f.path for f in full.findings} >= {"cmdb/bad.yaml", "cmdb/syntax.yaml"}


def test_lint_base_reports_a_finding_the_change_causes_in_an_unchanged_file(
    tmp_path: Path,
) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    commit(
        root,
        {
            "agreements/teams.yaml": TEAM,
            "cmdb/db.yaml": item("db"),
            "cmdb/web.yaml": item("web", needs="db"),
            "cmdb/bad.yaml": BROKEN,
        },
        "base",
    )
    # Renaming db breaks web.yaml, which the change did not touch.
    write_files(root, {"cmdb/db.yaml": item("database")})
    scoped = lint_changed_since(WorkingTree(root), "HEAD")
    assert {(f.rule, f.path) for f in scoped.findings} == {
        ("unresolved-reference", "cmdb/web.yaml")
    }
    # Without the change nothing is reported: bad.yaml was broken before.
    git(root, "checkout", "--", "cmdb/db.yaml")
    assert lint_changed_since(WorkingTree(root), "HEAD").findings == []
