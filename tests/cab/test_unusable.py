"""Input ``svc cab check`` cannot use ends with exit 2, a message and no traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from svcascode.cli.main import cli
from tests.cab.builders import approvals, build, event, run, write_json


def _check_fails(result: Any, message: str) -> None:
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_garbage_json_exits_2(tmp_path: Path) -> None:
    repo = build(tmp_path)
    path = tmp_path / "event.json"
    path.write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["cab", "check", "--repo", str(repo.root), "--event", str(path)]
    )
    _check_fails(result, "the event payload is not valid JSON")


def test_an_issue_event_is_not_a_pull_request_event(tmp_path: Path) -> None:
    repo = build(tmp_path)
    issue = {"action": "opened", "issue": {"number": 3, "user": {"login": "ana"}}}
    _check_fails(run(repo, issue), "is not a pull_request or pull_request_review event")


def test_missing_head_sha_exits_2_and_names_the_option(tmp_path: Path) -> None:
    repo = build(tmp_path)
    payload = event(repo)
    del payload["pull_request"]["head"]
    _check_fails(run(repo, payload), "no pull_request.head.sha; give --head REF")


def test_a_sha_the_repository_does_not_have_exits_2(tmp_path: Path) -> None:
    repo = build(tmp_path)
    payload = event(repo)
    payload["pull_request"]["base"]["sha"] = "0" * 40
    _check_fails(run(repo, payload), "is not a commit of the repository")


def test_unknown_revision_option_exits_2(tmp_path: Path) -> None:
    repo = build(tmp_path)
    _check_fails(run(repo, event(repo), None, "--head", "no-such-branch"), "no-such-branch")


@pytest.mark.parametrize(
    ("reviews", "message"),
    [
        ({"state": "APPROVED"}, "not a JSON array of reviews"),
        (["APPROVED"], "review 1 is not a JSON object"),
        ([{"user": {"login": "cy"}}], "review 1 has no state"),
        ([{"user": {"login": "cy"}, "state": "APPROVED", "submitted_at": "soon"}], "soon"),
    ],
)
def test_unusable_review_lists_exit_2(tmp_path: Path, reviews: Any, message: str) -> None:
    repo = build(tmp_path)
    _check_fails(run(repo, event(repo), reviews), message)


def test_a_missing_event_file_is_a_usage_error(tmp_path: Path) -> None:
    repo = build(tmp_path)
    args = ["cab", "check", "--repo", str(repo.root), "--event", str(tmp_path / "nope.json")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2


def test_reviews_file_with_pages_one_after_another(tmp_path: Path) -> None:
    # `gh api --paginate` prints each page's array after the previous one.
    repo = build(tmp_path)
    pages = tmp_path / "pages.json"
    first, second = approvals(repo, "cy", "di"), approvals(repo, "bo")
    pages.write_text(json.dumps(first) + "\n" + json.dumps(second), encoding="utf-8")
    args = ["cab", "check", "--repo", str(repo.root), "--reviews", str(pages)]
    args += ["--event", str(write_json(tmp_path, "event.json", event(repo)))]
    assert CliRunner().invoke(cli, args).exit_code == 0
    slurped = run(repo, event(repo), [first, second])  # `gh api --paginate --slurp`
    assert slurped.exit_code == 0, slurped.output
