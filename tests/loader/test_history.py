"""First-commit times of change files: what the lead-time rule measures from."""

from __future__ import annotations

from pathlib import Path

import pytest

from svcascode.loader.history import first_commits
from svcascode.loader.sources import GitRevision, WorkingTree
from tests.loader.gitrepo import commit, git_repo

ODD = ['changes/a"quote.yaml', "changes/back\\slash.yaml", "changes/a\ttab.yaml", "changes/å.yaml"]


def test_every_name_is_found_as_it_is_and_dated_by_the_commit_that_added_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git quotes and escapes unusual names in its plain output; a change file named so
    must still be found, or it would count as never committed."""
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2026-01-01T10:00:00+00:00")
    root = git_repo(tmp_path / "repo", {"changes/plain.yaml": "a: 1\n"})
    for name in ODD:
        (root / name).write_text("a: 1\n")
    (root / "changes/plain.yaml").write_text("a: 2\n")  # edited: still added by the first
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2026-02-01T10:00:00+00:00")
    commit(root, "more")
    found = first_commits(WorkingTree(root), ["changes"])
    assert found is not None
    assert sorted(found) == sorted(["changes/plain.yaml", *ODD])
    assert found["changes/plain.yaml"].isoformat() == "2026-01-01T10:00:00+00:00"
    assert {found[name].isoformat() for name in ODD} == {"2026-02-01T10:00:00+00:00"}
    assert first_commits(GitRevision(root, "HEAD~1"), ["changes"]) == {
        "changes/plain.yaml": found["changes/plain.yaml"]
    }


def test_outside_git_there_is_no_history(tmp_path: Path) -> None:
    (tmp_path / "changes").mkdir()
    assert first_commits(WorkingTree(tmp_path), ["changes"]) is None
