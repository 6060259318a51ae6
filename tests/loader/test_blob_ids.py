"""Blob ids, the parse cache's keys: known from git only for content git vouches for,
and always what git itself computes. And which files of a checkout are listed."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from svcascode.loader.sources import GitRevision, WorkingTree, blob_id
from tests.conftest import CI_DB, TEAM, write_files
from tests.loader.gitrepo import commit, git, git_repo

ROOTS = ["agreements", "cmdb"]
FILES = {
    "agreements/teams.yaml": TEAM,
    "cmdb/db.yaml": CI_DB,
    "cmdb/deep/folder/app.yml": CI_DB.replace("db", "app"),
    "cmdb/with space é.yaml": CI_DB.replace("db", "spaced"),
    "cmdb/crlf.yaml": CI_DB.replace("db", "crlf").replace("\n", "\r\n"),
    "cmdb/empty.yaml": "",
}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return git_repo(tmp_path / "repo", FILES)


def hash_object(root: Path, path: str) -> str:
    return git(root, "hash-object", "--no-filters", "--", path).strip()


def listed(root: Path) -> tuple[WorkingTree, list[str]]:
    tree = WorkingTree(root)
    return tree, tree.list_files(ROOTS)


def test_unmodified_tracked_files_have_git_s_blob_id(repo: Path) -> None:
    tree, files = listed(repo)
    assert files == sorted(FILES)
    for path in files:
        assert tree.blob_id(path) == hash_object(repo, path), path
        assert tree.blob_id(path) == blob_id((repo / path).read_bytes()), path


def test_a_staged_edit_has_the_staged_blob_id(repo: Path) -> None:
    (repo / "cmdb/db.yaml").write_text(CI_DB.replace("ops", "dba"))
    git(repo, "add", "cmdb/db.yaml")
    tree, _ = listed(repo)
    assert tree.blob_id("cmdb/db.yaml") == hash_object(repo, "cmdb/db.yaml")


def modify(root: Path, path: str = "cmdb/db.yaml") -> None:
    """Change the owner, keeping the file's size."""
    file = root / path
    before = file.read_text()
    after = before.replace("ops", "opz") if "ops" in before else before.replace("dba", "dbz")
    assert after != before and len(after) == len(before)
    file.write_text(after)


@pytest.mark.parametrize(
    "change",
    [
        "modified",
        "modified, same size and mtime",
        "assume-unchanged",
        "assume-unchanged and modified",
        "skip-worktree",
        "skip-worktree and modified",
        "intent to add",
        "staged, then modified",
    ],
)
def test_content_git_does_not_vouch_for_has_no_blob_id(repo: Path, change: str) -> None:
    path = "cmdb/db.yaml"
    if change == "intent to add":
        path = "cmdb/new.yaml"
        write_files(repo, {path: CI_DB.replace("db", "new")})
        git(repo, "add", "--intent-to-add", path)
    if change.startswith("assume-unchanged"):
        git(repo, "update-index", "--assume-unchanged", path)
    if change.startswith("skip-worktree"):
        git(repo, "update-index", "--skip-worktree", path)
    if change.startswith("staged"):
        (repo / path).write_text(CI_DB.replace("ops", "dba"))
        git(repo, "add", path)
    if "modified" in change:
        stat = (repo / path).stat()
        modify(repo)
        if "mtime" in change:
            os.utime(repo / path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
            assert (repo / path).stat().st_size == stat.st_size
    tree, files = listed(repo)
    assert path in files
    assert tree.blob_id(path) is None
    assert tree.blob_id("agreements/teams.yaml") == hash_object(repo, "agreements/teams.yaml")


def test_a_symlinked_file_has_the_blob_id_of_what_it_holds_or_none(repo: Path) -> None:
    """git's blob of a symbolic link holds the link's target name, not the content read
    through it."""
    (repo / "cmdb/link.yaml").symlink_to("db.yaml")
    commit(repo, "link")
    tree, files = listed(repo)
    assert "cmdb/link.yaml" in files
    assert tree.blob_id("cmdb/link.yaml") in (None, hash_object(repo, "cmdb/link.yaml"))


def test_untracked_files_have_no_blob_id_but_are_listed(repo: Path) -> None:
    write_files(repo, {"cmdb/new.yaml": CI_DB.replace("db", "new")})
    tree, files = listed(repo)
    assert "cmdb/new.yaml" in files
    assert tree.blob_id("cmdb/new.yaml") is None


def test_a_conflicted_file_has_no_blob_id(repo: Path) -> None:
    path = "cmdb/db.yaml"
    git(repo, "checkout", "-q", "-b", "other")
    modify(repo)
    commit(repo, "other")
    git(repo, "checkout", "-q", "main")
    (repo / path).write_text(CI_DB.replace("ops", "dba"))
    commit(repo, "main")
    git(repo, "merge", "other", check=False)
    assert "UU cmdb/db.yaml" in git(repo, "status", "--porcelain")
    tree, files = listed(repo)
    assert files.count(path) == 1
    assert tree.blob_id(path) is None


def test_a_new_listing_forgets_old_blob_ids(repo: Path) -> None:
    tree, _ = listed(repo)
    assert tree.blob_id("cmdb/db.yaml") is not None
    modify(repo)
    tree.list_files(ROOTS)
    assert tree.blob_id("cmdb/db.yaml") is None
    assert tree.list_files(["agreements"]) == ["agreements/teams.yaml"]
    assert tree.blob_id("cmdb/empty.yaml") is None


def test_outside_git_no_blob_id_is_known(repo: Path) -> None:
    tree = WorkingTree(repo, use_git=False)
    assert tree.list_files(ROOTS) == sorted(FILES)
    assert all(tree.blob_id(path) is None for path in FILES)


# --- a revision ------------------------------------------------------------------------


def test_a_revision_s_blob_ids_are_git_s(repo: Path) -> None:
    modify(repo)
    write_files(repo, {"cmdb/later.yaml": CI_DB.replace("db", "later")})
    commit(repo, "second")
    for rev in ("HEAD", "HEAD~1", "main"):
        source = GitRevision(repo, rev)
        files = source.list_files(ROOTS)
        assert ("cmdb/later.yaml" in files) == (rev != "HEAD~1")
        for path in files:
            expected = git(repo, "rev-parse", f"{rev}:{path}").strip()
            assert source.blob_id(path) == expected, (rev, path)
            data = source.read(path)
            assert data is not None and blob_id(data) == expected


@pytest.mark.parametrize(
    "data",
    [b"", b"a\n", b"a: 1\r\nb: 2\r\n", bytes(range(256)), "é ✓\n".encode(), b"x" * 100_000],
    ids=["empty", "line", "CRLF", "all bytes", "UTF-8", "100 KB"],
)
def test_blob_id_of_bytes_is_git_hash_object(data: bytes, tmp_path: Path) -> None:
    out = subprocess.run(
        ["git", "hash-object", "--stdin"], input=data, capture_output=True, check=True
    )
    assert blob_id(data) == out.stdout.decode().strip()


# --- which files are listed ------------------------------------------------------------


def test_a_deleted_tracked_file_is_not_listed(repo: Path) -> None:
    (repo / "cmdb/db.yaml").unlink()
    assert "cmdb/db.yaml" not in listed(repo)[1]


def test_a_deleted_but_staged_file_is_not_listed(repo: Path) -> None:
    (repo / "cmdb/db.yaml").unlink()
    git(repo, "update-index", "--assume-unchanged", "cmdb/crlf.yaml")
    (repo / "cmdb/crlf.yaml").unlink()
    git(repo, "update-index", "--skip-worktree", "cmdb/empty.yaml")
    (repo / "cmdb/empty.yaml").unlink()
    files = listed(repo)[1]
    assert "cmdb/db.yaml" not in files
    assert "cmdb/crlf.yaml" not in files
    assert "cmdb/empty.yaml" not in files


def test_untracked_files_are_listed_unless_ignored(repo: Path) -> None:
    write_files(
        repo,
        {
            ".gitignore": "cmdb/generated/\n*.tmp.yaml\n",
            "cmdb/new.yaml": "a: 1\n",
            "cmdb/generated/out.yaml": "a: 1\n",
            "cmdb/scratch.tmp.yaml": "a: 1\n",
            "cmdb/deep/.gitignore": "local.yaml\n",
            "cmdb/deep/local.yaml": "a: 1\n",
            "cmdb/notes.txt": "not yaml\n",
            "catalog/elsewhere.yaml": "a: 1\n",
        },
    )
    files = listed(repo)[1]
    assert files == sorted([*FILES, "cmdb/new.yaml"])


def test_a_tracked_file_stays_listed_when_ignored(repo: Path) -> None:
    write_files(repo, {".gitignore": "cmdb/db.yaml\n"})
    assert "cmdb/db.yaml" in listed(repo)[1]


CONVERSIONS = {
    "filter (git-crypt, LFS)": ("info", "cmdb/db.yaml filter=demo\n"),
    "working-tree encoding": ("info", "cmdb/db.yaml working-tree-encoding=UTF-16\n"),
    "line endings": ("tree", "*.yaml text eol=crlf\n"),
    "ident": ("tree", "cmdb/db.yaml ident\n"),
    "core.autocrlf": ("config", "true"),
}


@pytest.mark.parametrize("conversion", list(CONVERSIONS))
def test_a_file_git_converts_on_checkout_has_no_blob_id(repo: Path, conversion: str) -> None:
    """With a filter, an encoding, line endings or ident, the bytes on disk are not the
    blob the index names, though git calls the file unmodified: they are hashed."""
    git(repo, "config", "filter.demo.smudge", "cat")
    git(repo, "config", "filter.demo.clean", "cat")
    where, setting = CONVERSIONS[conversion]
    if where == "info":
        (repo / ".git/info/attributes").write_text(setting)
    elif where == "tree":
        (repo / ".gitattributes").write_text(setting)
        commit(repo, "attributes")
    else:
        git(repo, "config", "core.autocrlf", setting)
    (repo / "cmdb/db.yaml").unlink()
    git(repo, "checkout", "--", "cmdb/db.yaml")
    tree, _ = listed(repo)
    assert tree.blob_id("cmdb/db.yaml") is None
    everywhere = conversion in ("line endings", "core.autocrlf")
    assert (tree.blob_id("agreements/teams.yaml") is None) == everywhere
    glanced = tree.glance(ROOTS)
    assert glanced is not None and "cmdb/db.yaml" in glanced.unsure


@pytest.mark.parametrize(
    ("attributes", "config", "converted"),
    [
        ("*.yaml -text linguist-language=YAML\n", (), False),
        ("* text=auto\n", (), False),  # LF stays LF where the default eol is LF
        ("* text=auto eol=lf\n", ("core.eol", "crlf"), False),
        ("* text=auto\n", ("core.eol", "crlf"), True),
        ("* text\n", ("core.autocrlf", "input"), False),  # input: only on the way in
        ("* crlf\n", ("core.eol", "crlf"), True),  # the old spelling of text
        ("*.yaml filter=lfs\n", (), True),
    ],
)
def test_line_endings_convert_only_where_git_writes_crlf(
    repo: Path, attributes: str, config: tuple[str, ...], converted: bool
) -> None:
    """``* text=auto`` is common and converts nothing where lines end in LF: those blob
    ids still count (the fast listing is kept); CRLF on checkout, a filter: hashed."""
    git(repo, "config", "filter.lfs.smudge", "cat")
    git(repo, "config", "filter.lfs.clean", "cat")
    (repo / ".gitattributes").write_text(attributes)
    commit(repo, "attributes")
    if config:
        git(repo, "config", *config)
    tree, _ = listed(repo)
    known = tree.blob_id("cmdb/db.yaml")
    assert (known is None) == converted
    if not converted:
        assert known == hash_object(repo, "cmdb/db.yaml")
    glanced = tree.glance(ROOTS)
    assert glanced is not None and ("cmdb/db.yaml" in glanced.unsure) == converted
