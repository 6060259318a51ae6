"""Stored lint runs under adversarial sequences of user actions: after each, a reused run
must equal a fresh full run (a failing test here is a stale result)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from svcascode.lint import LintResult
from svcascode.rules import change_lead_time
from tests.conftest import AS_OF
from tests.loader.gitrepo import commit, git
from tests.rules.helpers import item
from tests.test_lintcache import APP, DB, Linter, described, linter, rewrite, same

__all__ = ["linter"]  # the fixture, re-exported for pytest

CHANGE = """apiVersion: svcascode/v1
kind: Change
metadata:
  id: patch-db
spec:
  type: normal
  cis: [db]
  window:
    start: 2030-01-10T12:00:00+00:00
    end: 2030-01-10T13:00:00+00:00
  requester: ana
  backout: Restore the snapshot taken before the change.
"""


def frozen_clock(monkeypatch: pytest.MonkeyPatch, now: datetime) -> None:
    """The wall clock change-lead-time reads (for a change not committed yet)."""

    class Clock(datetime):
        @classmethod
        def now(cls, tz: object = None) -> Clock:  # type: ignore[override]
            return cls.fromtimestamp(now.timestamp(), tz=UTC)

    monkeypatch.setattr(change_lead_time, "datetime", Clock)


def test_time_passing_on_the_same_day_with_an_uncommitted_change(
    linter: Linter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An uncommitted normal change counts its lead time from now: two hours later on
    the same day the lead time is missed (and the message names the time)."""
    (linter.root / "changes").mkdir()
    (linter.root / "changes/patch-db.yaml").write_text(CHANGE)
    frozen_clock(monkeypatch, datetime(2030, 1, 5, 11, 0, tzinfo=UTC))  # 5 days 1 h ahead
    first = linter()
    assert linter.full_runs == 1
    assert not [f for f in first.findings if f.rule == "change-lead-time"]
    frozen_clock(monkeypatch, datetime(2030, 1, 5, 13, 0, tzinfo=UTC))  # 4 days 23 h ahead
    again = linter()
    reused = linter.full_runs == 1
    fresh = linter.fresh()
    assert [f for f in fresh.findings if f.rule == "change-lead-time"]
    assert same(again, fresh), (
        reused,
        [f.path for f in again.findings],
        [f.path for f in fresh.findings],
    )


def test_a_committed_normal_change_is_measured_from_its_commit_and_reused(
    linter: Linter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once committed, the change counts from its commit, not the clock: the run is
    stored and reused; uncommitted, it is never stored."""
    (linter.root / "changes").mkdir()
    (linter.root / "changes/patch-db.yaml").write_text(CHANGE)
    frozen_clock(monkeypatch, datetime(2030, 1, 5, 11, 0, tzinfo=UTC))
    linter()
    linter()
    assert linter.full_runs == 2  # read the clock: not stored
    commit(linter.root)
    linter()
    again = linter()
    assert linter.full_runs == 3  # the second run after the commit is the stored one
    assert same(again, linter.fresh())


ATTRIBUTES = {
    # git-crypt unlock, git lfs pull: a filter whose clean undoes its smudge
    "filter": ("cmdb/db.yaml filter=demo\n", [APP, DB]),
    # built into git: the blob is UTF-8, the file on disk UTF-16
    "working-tree-encoding": ("cmdb/db.yaml working-tree-encoding=UTF-16\n", [APP, DB]),
}


@pytest.mark.parametrize("attribute", list(ATTRIBUTES))
def test_a_checkout_through_git_attributes_rewrites_a_file_git_calls_unmodified(
    linter: Linter, attribute: str
) -> None:
    """The file on disk is rewritten by a checkout while its index entry (blob id) stays
    the same and git sees it clean (git status says nothing): the bytes parsed are not
    the blob the index names."""
    git(linter.root, "config", "filter.demo.smudge", "sed s/owner:.ops/owner:\\ nobody/")
    git(linter.root, "config", "filter.demo.clean", "sed s/owner:.nobody/owner:\\ ops/")
    line, paths = ATTRIBUTES[attribute]
    (linter.root / ".git/info/attributes").write_text(line)
    (linter.root / DB).unlink()
    git(linter.root, "checkout", "--", DB)
    assert git(linter.root, "status", "--porcelain") == ""
    again = linter()
    reused = linter.full_runs == 0
    fresh = linter.fresh()
    assert [f.path for f in fresh.findings] == paths
    assert same(again, fresh), (
        reused,
        [(f.rule, f.path) for f in again.findings],
        [(f.rule, f.path) for f in fresh.findings],
    )


def test_a_replaced_blob_is_read_as_the_earlier_content(linter: Linter) -> None:
    """``git replace OLD NEW`` makes ``git cat-file --batch`` answer NEW's bytes for OLD:
    the earlier content compared is not the stored run's."""
    old = git(linter.root, "rev-parse", f"HEAD:{DB}").strip()
    rewrite(linter.root, DB, "owner: ops", "owner: nobody")
    new = git(linter.root, "hash-object", "-w", DB).strip()
    git(linter.root, "replace", "-f", old, new)
    again = linter()
    reused = linter.full_runs == 0
    fresh = linter.fresh()
    assert [f.path for f in fresh.findings] == [APP, DB]
    assert same(again, fresh), (reused, [f.path for f in again.findings])


# More sequences (a record of the ground covered).


def brief(result: LintResult) -> list[tuple[str, str, int]]:
    return [(f.rule, f.path, f.line) for f in result.findings]


def check(linter: Linter, full_runs: int | None = None, as_of_days: int = 0) -> None:
    """Lint through the stored runs (and the parse cache), ``as_of_days`` after the
    fixture's day, and require the fresh run's result; ``full_runs``: how many full
    runs that took (the message says whether the stored run was reused)."""
    before = linter.full_runs
    day = AS_OF + timedelta(days=as_of_days)
    again = linter(day)
    ran = linter.full_runs - before
    fresh = linter.fresh(day)
    assert same(again, fresh), ("reused" if ran == 0 else "full run", brief(again), brief(fresh))
    if full_runs is not None:
        assert ran == full_runs


def test_stash_and_pop_of_an_owner_edit(linter: Linter) -> None:
    rewrite(linter.root, DB, "owner: ops", "owner: nobody")
    check(linter, full_runs=1)  # stored under the same key, DB edited
    git(linter.root, "stash")
    check(linter, full_runs=1)  # DB back to HEAD: compared with the stash's blob
    git(linter.root, "stash", "pop")
    check(linter, full_runs=1)


def test_same_files_on_another_branch_with_another_first_commit(
    linter: Linter, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = linter.root
    git(root, "branch", "other")
    (root / "changes").mkdir()
    (root / "changes/patch-db.yaml").write_text(CHANGE)
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2030-01-01T00:00:00+00:00")
    commit(root)
    check(linter, full_runs=1)
    git(root, "checkout", "-q", "other")
    (root / "changes").mkdir(exist_ok=True)
    (root / "changes/patch-db.yaml").write_text(CHANGE)
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2030-01-09T00:00:00+00:00")
    commit(root)
    check(linter, full_runs=1)  # same bytes, later first commit: lead time missed now
    git(root, "commit", "-q", "--amend", "--no-edit", "--date=2029-12-01T00:00:00+00:00")
    check(linter)


def test_gitignore_hides_an_untracked_file(linter: Linter) -> None:
    (linter.root / "cmdb/new.yaml").write_text(item("new", owner="nobody"))
    check(linter, full_runs=1)
    (linter.root / ".gitignore").write_text("cmdb/new.yaml\n")
    check(linter, full_runs=1)
    (linter.root / ".gitignore").write_text("")
    check(linter, full_runs=1)  # the run stored last did not have it


def test_a_tracked_symlink_whose_target_outside_the_roots_changes(linter: Linter) -> None:
    root = linter.root
    (root / "shared").mkdir()
    (root / "shared/x.yaml").write_text(item("x").replace("metadata:\n", "metadata:\n  title: X\n"))
    (root / "cmdb/link.yaml").symlink_to("../shared/x.yaml")
    commit(root)
    check(linter, full_runs=1)
    rewrite(root, "shared/x.yaml", "title: X", "title: Y")
    check(linter, full_runs=0)
    rewrite(root, "shared/x.yaml", "owner: ops", "owner: nobody")
    check(linter, full_runs=1)
    (root / "cmdb/link.yaml").unlink()
    (root / "cmdb/link.yaml").symlink_to("db.yaml")  # retargeted: now a duplicate of db
    check(linter, full_runs=1)


def test_a_description_edit_above_a_finding_in_the_same_multi_document_file(
    linter: Linter,
) -> None:
    (linter.root / "cmdb/pair.yaml").write_text(
        described("x") + "---\n" + item("y", owner="nobody")
    )
    commit(linter.root)
    check(linter, full_runs=1)
    rewrite(linter.root, "cmdb/pair.yaml", "The database.", "|\n    a\n    b")
    check(linter, full_runs=1)


POLICY = (
    "apiVersion: svcascode/v1\nkind: ChangePolicy\nmetadata:\n  id: {}\n"
    "  description: Policy.\nspec:\n  cab: ops\n"
)


def test_single_policy_names_the_first_policys_position(linter: Linter) -> None:
    (linter.root / "changes").mkdir()
    (linter.root / "changes/a-policy.yaml").write_text(POLICY.format("first"))
    (linter.root / "changes/b-policy.yaml").write_text(POLICY.format("second"))
    commit(linter.root)
    check(linter, full_runs=1)
    rewrite(linter.root, "changes/a-policy.yaml", "Policy.", "|\n    Policy,\n    really.")
    check(linter, full_runs=1)


def test_an_anchor_in_the_title_aliased_into_the_owner(linter: Linter) -> None:
    rewrite(linter.root, DB, "  owner: ops\n", "  title: &t ops\n  owner: *t\n")
    commit(linter.root)
    check(linter, full_runs=1)
    rewrite(linter.root, DB, "&t ops", "&t nobody")
    check(linter, full_runs=1)


def test_a_suppressed_finding_and_a_description_edit(linter: Linter) -> None:
    note = "  annotations: {svcascode/suppress: unresolved-reference}\n"
    rewrite(linter.root, APP, "  owner: nobody\n", "  owner: nobody\n" + note)
    commit(linter.root)
    check(linter, full_runs=1)
    rewrite(linter.root, APP, "The database.", "|\n    a\n    b")
    check(linter)
    rewrite(linter.root, APP, "suppress: unresolved-reference", "suppress: owner-required")
    check(linter, full_runs=1)


def test_untracked_with_git_rm_cached(linter: Linter) -> None:
    git(linter.root, "rm", "-q", "--cached", DB)
    check(linter, full_runs=0)
    rewrite(linter.root, DB, "owner: ops", "owner: nobody")
    check(linter, full_runs=1)


def test_a_description_edit_past_the_size_limit(linter: Linter) -> None:
    (linter.root / "svcascode.yaml").write_text("limits:\n  max_file_bytes: 200\n")
    commit(linter.root)
    check(linter, full_runs=1)
    rewrite(linter.root, DB, "The database.", "x" * 200)
    check(linter, full_runs=1)


@pytest.mark.parametrize("tail", ["---\n", "# a comment\n", "---\n# a comment\n...\n"])
def test_an_empty_document_or_comment_appended(linter: Linter, tail: str) -> None:
    (linter.root / DB).write_text((linter.root / DB).read_text() + tail)
    check(linter)
