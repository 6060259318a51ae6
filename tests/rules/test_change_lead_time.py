"""change-lead-time: a normal change is first committed the policy's lead time before its
window; measured on a real git repository with commits at chosen dates."""

from __future__ import annotations

import os
import re
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

from svcascode.lint import LintResult, lint
from svcascode.loader.sources import WorkingTree
from tests.conftest import CI_DB, TEAM, WriteRepo, only, where, write_files
from tests.rules.helpers import rules_fired

RULE = "change-lead-time"
PATH = "changes/patch-db.yaml"

CAB = """
apiVersion: svcascode/v1
kind: Team
metadata:
  id: cab
spec:
  members:
    - handle: cy
    - handle: di
"""


def change(start: datetime | str, end: datetime | str) -> str:
    """A normal change to db; its window's start is at line 9, column 12."""
    return f"""
        apiVersion: svcascode/v1
        kind: Change
        metadata:
          id: patch-db
        spec:
          type: normal
          cis: [db]
          window:
            start: {start if isinstance(start, str) else start.isoformat()}
            end: {end if isinstance(end, str) else end.isoformat()}
          requester: ana
          backout: Restore the snapshot taken before the change.
        """


# The window every dated test plans for: Tuesday 10 March 2026, 22:00-23:00 CET.
WINDOW = ("2026-03-10T22:00:00+01:00", "2026-03-10T23:00:00+01:00")
CHANGE = change(*WINDOW)


def policy(lead_time: str) -> str:
    return f"""
        apiVersion: svcascode/v1
        kind: ChangePolicy
        metadata:
          id: policy
        spec:
          cab: cab
          lead_time: {lead_time}
        """


ESTATE = {
    "agreements/teams.yaml": TEAM + "---\n" + CAB.lstrip(),
    "cmdb/db.yaml": CI_DB,
}


def _git(root: Path, *args: str, when: str | None = None) -> None:
    env = dict(os.environ)
    if when is not None:
        # history reads the committer time (%ct): set it as well as the author time.
        env["GIT_COMMITTER_DATE"] = when
        env["GIT_AUTHOR_DATE"] = when
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.org",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
    )


def commit(root: Path, files: dict[str, str], when: str) -> None:
    """Write ``files`` and commit them (and anything else changed) at ``when``."""
    write_files(root, files)
    _git(root, "add", ".")
    _git(root, "commit", "-qm", f"at {when}", "--date", when, when=when)


def git_repo(root: Path) -> Path:
    """A git repository holding the estate, committed long before any window."""
    write_files(root, ESTATE)
    _git(root, "init", "-q", "-b", "main")
    commit(root, {}, "2026-01-05T09:00:00+01:00")
    return root


def lint_checkout(root: Path) -> LintResult:
    return lint(WorkingTree(root))


def test_committed_two_days_before_the_window_is_reported_with_the_dates(
    tmp_path: Path,
) -> None:
    root = git_repo(tmp_path / "repo")
    commit(root, {PATH: CHANGE}, "2026-03-08T22:00:00+01:00")
    result = lint_checkout(root)
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [(PATH, 9, 12)]
    message = findings[0].message
    assert "normal change patch-db was first committed 2026-03-08 21:00 UTC" in message
    assert "2d before its window" in message
    assert "the policy's lead time is 5d" in message
    # Five days after the commit, in the window's own offset.
    assert "move the window to 2026-03-13 22:00 or later" in message
    assert "or make it an emergency change" in message
    assert (findings[0].kind, findings[0].id) == ("Change", "patch-db")
    assert rules_fired(result) == {RULE}
    assert result.notes == []


def test_committed_ten_days_before_the_window_passes(tmp_path: Path) -> None:
    root = git_repo(tmp_path / "repo")
    commit(root, {PATH: CHANGE}, "2026-02-28T22:00:00+01:00")
    result = lint_checkout(root)
    assert only(result, RULE) == []
    assert result.findings == []
    assert result.notes == []


def test_exactly_the_lead_time_before_the_window_passes(tmp_path: Path) -> None:
    root = git_repo(tmp_path / "repo")
    commit(root, {PATH: CHANGE}, "2026-03-05T21:00:00+00:00")
    result = lint_checkout(root)
    assert result.findings == []


def test_the_first_commit_counts_not_a_later_edit(tmp_path: Path) -> None:
    root = git_repo(tmp_path / "repo")
    commit(root, {PATH: CHANGE}, "2026-02-28T22:00:00+01:00")
    edited = CHANGE.replace("Restore the snapshot", "Restore the nightly snapshot")
    commit(root, {PATH: edited}, "2026-03-09T12:00:00+01:00")
    result = lint_checkout(root)
    assert result.findings == []


def test_committed_after_its_window_started(tmp_path: Path) -> None:
    root = git_repo(tmp_path / "repo")
    commit(root, {PATH: CHANGE}, "2026-03-10T22:30:00+01:00")
    result = lint_checkout(root)
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [(PATH, 9, 12)]
    message = findings[0].message
    assert "first committed 2026-03-10 21:30 UTC, after its window had started" in message
    assert "before its window" not in message
    assert "move the window to 2026-03-15 22:30 or later" in message
    assert rules_fired(result) == {RULE}


def _first_committed(message: str) -> datetime:
    """The moment the message counts from: the first commit, or now when uncommitted."""
    found = re.search(
        r"(?:first committed|not committed yet \(now is) (\d{4}-\d\d-\d\d \d\d:\d\d) UTC",
        message,
    )
    assert found, message
    return datetime.strptime(found.group(1), "%Y-%m-%d %H:%M").replace(tzinfo=UTC)


def test_an_uncommitted_change_counts_from_now(tmp_path: Path) -> None:
    root = git_repo(tmp_path / "repo")
    before = datetime.now(tz=UTC).replace(second=0, microsecond=0)
    start = before.replace(minute=0) + timedelta(days=3)
    write_files(root, {PATH: change(start, start + timedelta(hours=1))})  # not committed
    result = lint_checkout(root)
    after = datetime.now(tz=UTC)
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [(PATH, 9, 12)]
    message = findings[0].message
    assert before <= _first_committed(message) <= after
    assert "is not committed yet" in message
    assert "before its window" in message
    assert "the policy's lead time is 5d" in message
    assert rules_fired(result) == {RULE}


def test_an_uncommitted_change_far_enough_ahead_passes(tmp_path: Path) -> None:
    root = git_repo(tmp_path / "repo")
    start = datetime.now(tz=UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=10)
    write_files(root, {PATH: change(start, start + timedelta(hours=1))})
    result = lint_checkout(root)
    assert result.findings == []


def test_a_file_name_git_would_quote_is_still_found_in_history(tmp_path: Path) -> None:
    # Non-ASCII names are printed quoted by git log unless told otherwise.
    root = git_repo(tmp_path / "repo")
    commit(root, {"changes/vår-patch.yaml": CHANGE}, "2026-02-28T22:00:00+01:00")
    result = lint_checkout(root)
    assert only(result, RULE) == []
    assert result.findings == []


def test_outside_git_the_rule_is_skipped_and_a_note_says_so(write_repo: WriteRepo) -> None:
    # Planned for right now: in git this would be reported whenever it was committed.
    now = datetime.now(tz=UTC).replace(microsecond=0)
    root = write_repo({**ESTATE, PATH: change(now, now + timedelta(hours=1))})
    for source in (WorkingTree(root), WorkingTree(root, use_git=False)):
        result = lint(source)
        assert only(result, RULE) == []
        assert result.findings == []
        assert len(result.notes) == 1
        assert "change lead times were not checked" in result.notes[0]
        assert "not a git checkout" in result.notes[0]


def test_outside_git_without_normal_changes_there_is_nothing_to_note(
    write_repo: WriteRepo,
) -> None:
    root = write_repo(ESTATE)
    result = lint(WorkingTree(root))
    assert result.findings == []
    assert result.notes == []


def test_a_policy_lead_time_of_one_day(tmp_path: Path) -> None:
    root = git_repo(tmp_path / "repo")
    commit(root, {"changes/policy.yaml": policy("1d")}, "2026-01-06T09:00:00+01:00")
    # Two days ahead: too late for the default 5d, fine for 1d.
    commit(root, {PATH: CHANGE}, "2026-03-08T22:00:00+01:00")
    assert lint_checkout(root).findings == []


def test_a_policy_lead_time_of_one_day_reports_half_a_day(tmp_path: Path) -> None:
    root = git_repo(tmp_path / "repo")
    commit(root, {"changes/policy.yaml": policy("1d")}, "2026-01-06T09:00:00+01:00")
    commit(root, {PATH: CHANGE}, "2026-03-10T10:00:00+01:00")
    result = lint_checkout(root)
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [(PATH, 9, 12)]
    message = findings[0].message
    assert "first committed 2026-03-10 09:00 UTC, 12h before its window" in message
    assert "the policy's lead time is 1d" in message
    assert "move the window to 2026-03-11 10:00 or later" in message
    assert rules_fired(result) == {RULE}


def test_other_change_types_have_no_lead_time(tmp_path: Path) -> None:
    root = git_repo(tmp_path / "repo")
    # An emergency change committed after its window started, reviewed in time.
    emergency = CHANGE.replace("type: normal", "type: emergency") + (
        "  review: {date: 2026-03-11, outcome: successful}\n"
    )
    commit(root, {PATH: emergency}, "2026-03-10T22:30:00+01:00")
    result = lint_checkout(root)
    assert result.findings == []
    assert result.notes == []
