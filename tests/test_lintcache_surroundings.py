"""Stored lint runs and the parse cache against their surroundings (a second adversarial
review): repository layouts, git setups, settings and the system's time zones. After
each sequence a reused (or cache-served) run must equal a fresh full run."""

from __future__ import annotations

import os
import shutil
import subprocess
import zoneinfo
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

from svcascode import lintcache
from tests.loader.gitrepo import commit, git, git_repo
from tests.rules.helpers import item
from tests.test_lintcache import (
    APP,
    DB,
    FILES,
    Linter,
    count_full_runs,
    described,
    linter,
    rewrite,
    same,
)
from tests.test_lintcache_stale import CHANGE, brief, check

__all__ = ["linter"]  # the fixture, re-exported for pytest


# The system's time zone database, which validation reads.


@pytest.fixture
def zones(tmp_path: Path) -> Iterator[Path]:
    """A time zone folder searched first (as /usr/share/zoneinfo is on Debian)."""
    folder = tmp_path / "zoneinfo"
    (folder / "Probe").mkdir(parents=True)
    utc = resources.files("tzdata.zoneinfo") / "UTC"
    (folder / "Probe/Legacy").write_bytes(utc.read_bytes())
    zoneinfo.reset_tzpath([str(folder)])
    zoneinfo.ZoneInfo.clear_cache()
    lintcache.package_digest.cache_clear()  # a process started with this TZPATH
    yield folder
    zoneinfo.reset_tzpath()
    zoneinfo.ZoneInfo.clear_cache()
    lintcache.package_digest.cache_clear()


WINDOW = """apiVersion: svcascode/v1
kind: ChangeWindow
metadata:
  id: nightly
spec:
  type: maintenance
  start: 2026-03-01T02:00:00+01:00
  rrule: FREQ=DAILY
  duration: 2h
  timezone: Probe/Legacy
"""


def test_a_time_zone_removed_from_the_system_database(linter: Linter, zones: Path) -> None:
    """A system package update removes a zone (Debian moved the legacy names to
    tzdata-legacy): TZPATH is the same, so is the package digest; the zone is unknown."""
    (linter.root / "changes").mkdir()
    (linter.root / "changes/nightly.yaml").write_text(WINDOW)
    commit(linter.root)
    first = linter()
    assert not [f for f in first.findings if f.rule == "schema"]
    (zones / "Probe/Legacy").unlink()
    zoneinfo.ZoneInfo.clear_cache()  # what the next process would see
    lintcache.package_digest.cache_clear()
    check(linter)


# Repository layouts, git setups and settings.


def test_repository_in_a_subfolder_of_a_git_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """svcascode.yaml below the git top level: listed by walking, no history, no cutoff;
    ignored and untracked files are linted both ways."""
    outer = git_repo(tmp_path / "outer", {f"svc/{k}": v for k, v in FILES.items()})
    (outer / "svc/svcascode.yaml").write_text("organisation: Probe\n")
    (outer / ".gitignore").write_text("svc/cmdb/junk.yaml\n")
    commit(outer)
    run = Linter(outer / "svc", tmp_path / "cache")
    count_full_runs(monkeypatch, run)
    check(run, full_runs=1)
    check(run, full_runs=0)
    rewrite(run.root, DB, "The database.", "|\n    a\n    b")
    check(run)
    (run.root / "cmdb/junk.yaml").write_text(item("junk", owner="nobody"))
    check(run, full_runs=1)
    commit(outer)
    rewrite(run.root, DB, "owner: ops", "owner: nobody")
    check(run, full_runs=1)


def test_a_second_worktree_sharing_the_cache_folder(
    linter: Linter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = linter.root
    git(root, "worktree", "add", "-q", "-b", "other", str(tmp_path / "wt"))
    other = Linter(tmp_path / "wt", linter.folder)
    count_full_runs(monkeypatch, other)
    rewrite(other.root, DB, "The database.", "Other text.")
    commit(other.root)
    check(other, full_runs=0)  # main's stored run, cut off on the description
    rewrite(other.root, APP, "owner: nobody", "owner: ops")
    check(other, full_runs=1)
    check(linter, full_runs=1)  # the worktree's run is no main run
    check(other, full_runs=1)


def test_a_shallow_clone_deepened(
    linter: Linter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """History incomplete (the clone's one commit adds every file), then fetched: the
    change's first-commit time moves back, from a missed lead time to a kept one."""
    root = linter.root
    (root / "changes").mkdir()
    (root / "changes/patch-db.yaml").write_text(CHANGE)
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2029-12-01T00:00:00+00:00")
    commit(root)
    rewrite(root, DB, "The database.", "Again.")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2030-01-09T00:00:00+00:00")
    commit(root)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{root}", str(clone))
    run = Linter(clone, linter.folder / "clone")
    count_full_runs(monkeypatch, run)
    check(run, full_runs=1)
    assert [f.rule for f in run.results[-1].findings if f.rule == "change-lead-time"]
    check(run, full_runs=0)
    git(clone, "fetch", "-q", "--unshallow")
    check(run, full_runs=1)
    assert not [f for f in run.results[-1].findings if f.rule == "change-lead-time"]


def test_settings_ignored_and_untracked_roots_changed(linter: Linter) -> None:
    root = linter.root
    (root / ".gitignore").write_text("svcascode.yaml\n")
    (root / "svcascode.yaml").write_text("roots:\n  cmdb: inventory\n")
    (root / "inventory").mkdir()
    (root / "inventory/x.yaml").write_text(item("x", owner="nobody"))
    check(linter, full_runs=1)
    (root / "svcascode.yaml").write_text("roots:\n  cmdb: cmdb\n")
    check(linter, full_runs=1)
    (root / "svcascode.yaml").write_text("roots: [cmdb\n")  # a syntax error
    check(linter, full_runs=1)


@pytest.mark.parametrize(
    "names",
    [
        ("cmdb/caf\u00e9.yaml", "cmdb/cafe\u0301.yaml"),  # NFC and NFD
        ("cmdb/a\nb.yaml", "cmdb/a\tb.yaml"),
        ("cmdb/DB.yaml", "cmdb/Db.yaml"),
    ],
    ids=["nfc-nfd", "newline-tab", "case"],
)
def test_odd_names_of_the_same_bytes(linter: Linter, names: tuple[str, str]) -> None:
    root = linter.root
    for name in names:
        shutil.copyfile(root / DB, root / name)
    check(linter, full_runs=1)  # untracked: duplicates
    commit(root)
    check(linter, full_runs=0)  # the same files, committed
    rewrite(root, names[1], "The database.", "|\n    moved\n    down")
    check(linter)
    git(root, "mv", names[0], "cmdb/plain.yaml")
    check(linter, full_runs=1)


def test_index_file_env_of_a_hook_and_sparse_checkout(
    linter: Linter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIT_INDEX_FILE (set by git for a hook) naming an index of an older tree; then a
    sparse checkout that leaves db.yaml out, and a copy of it written back by hand."""
    root = linter.root
    rewrite(root, DB, "owner: ops", "owner: nobody")
    commit(root)
    check(linter, full_runs=1)
    alt = root / ".git/alt-index"
    env = {**os.environ, "GIT_INDEX_FILE": str(alt)}
    subprocess.run(["git", "read-tree", "HEAD~1"], cwd=root, env=env, check=True)
    monkeypatch.setenv("GIT_INDEX_FILE", str(alt))
    check(linter, full_runs=0)  # no stat data: every file hashed, the same bytes
    subprocess.run(["git", "update-index", "--refresh", "-q"], cwd=root, env=env)
    check(linter)
    monkeypatch.delenv("GIT_INDEX_FILE")
    check(linter, full_runs=0)
    git(root, "sparse-checkout", "set", "--no-cone", "/agreements/", "/cmdb/app.yaml")
    assert not (root / DB).exists()
    check(linter, full_runs=1)
    (root / DB).write_text(described("db"))
    check(linter, full_runs=1)


def test_a_change_file_renamed_and_history_rewritten(
    linter: Linter, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = linter.root
    (root / "changes").mkdir()
    (root / "changes/patch-db.yaml").write_text(CHANGE)
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2029-12-01T00:00:00+00:00")
    commit(root)
    check(linter, full_runs=1)
    git(root, "mv", "changes/patch-db.yaml", "changes/patch-the-db.yaml")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2030-01-09T00:00:00+00:00")
    commit(root)
    check(linter, full_runs=1)  # --no-renames: added by the rename, lead time missed
    assert [f for f in linter.results[-1].findings if f.rule == "change-lead-time"]
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2029-11-01T00:00:00+00:00")
    git(root, "commit", "-q", "--amend", "--no-edit")
    check(linter, full_runs=1)


def test_a_file_name_that_is_not_utf8_is_reported_not_skipped_or_mistaken(
    linter: Linter,
) -> None:
    """git's name of a file called ``\\xe9.yaml`` in Latin-1 used to be decoded with
    U+FFFD: a fresh run skipped the file as vanished, while a parse-cache hit served the
    parse of another file with the same bytes under that name (a duplicate-id)."""
    odd = os.fsdecode(b"cmdb/\xe9.yaml")
    shutil.copy(linter.root / DB, linter.root / odd)
    commit(linter.root)
    first = linter()
    assert ("yaml-syntax", "cmdb/\ufffd.yaml", 1) in brief(first)
    assert not [f for f in first.findings if f.rule == "duplicate-id"]
    again = linter()
    assert linter.full_runs == 2  # a run with such a name is never stored
    assert same(again, linter.fresh())


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_every_report_names_a_file_that_is_not_utf8(tmp_path: Path, fmt: str) -> None:
    from click.testing import CliRunner

    from svcascode.cli.main import cli

    root = git_repo(tmp_path / "repo", FILES)
    (root / os.fsdecode(b"cmdb/caf\xe9.yaml")).write_text(item("cafe"))
    result = CliRunner().invoke(
        cli, ["lint", "--repo", str(root), "--no-cache", "--format", fmt, "--as-of", "2026-11-22"]
    )
    assert result.exit_code == 1, result.output
    assert "caf\ufffd.yaml" in result.stdout or "caf%EF%BF%BD.yaml" in result.stdout
