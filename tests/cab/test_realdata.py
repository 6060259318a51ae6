"""Real GitHub payloads and review lists (../shared/realdata/github-webhooks) read as
``svc cab check`` reads them. The files stay where they are; nothing is copied."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from svcascode.cli.main import cli
from svcascode.pull_request import load_event, load_reviews, parse_review
from svcascode.review_tally import tally
from tests.cab.builders import ADD_CHANGE, build
from tests.conftest import realdata

HOOKS = "github-webhooks"


def _events(folder: Path) -> list[Path]:
    """Every payload of the folder that is a pull request event (a wrapped one too)."""
    found = []
    for path in sorted(folder.rglob("*.json")):
        value = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(value, dict) and "pull_request" in value.get("payload", value):
            found.append(path)
    return found


def test_every_real_pull_request_event_parses() -> None:
    events = _events(realdata(HOOKS))
    assert len(events) >= 20
    for path in events:
        pull = load_event(path)
        assert pull.author, path
        assert pull.base_sha and len(pull.base_sha) == 40, path
        assert pull.head_sha and len(pull.head_sha) == 40, path
        if pull.review is not None:
            assert pull.event == "pull_request_review"
            assert pull.review.state in {"APPROVED", "CHANGES_REQUESTED", "COMMENTED", "DISMISSED"}


def test_octokit_pull_request_opened() -> None:
    pull = load_event(realdata(f"{HOOKS}/octokit-webhooks/pull_request/opened.payload.json"))
    assert (pull.event, pull.action, pull.number, pull.author) == (
        "pull_request",
        "opened",
        2,
        "Codertocat",
    )
    assert pull.base_sha == "f95f852bd8fca8fcc58a9a2d6c842781e32a215e"
    assert pull.head_sha == "ec26c3e57ca3a959ca5aad62de7213c562f8c821"


def test_octokit_review_states_are_read_in_upper_case() -> None:
    folder = f"{HOOKS}/octokit-webhooks/pull_request_review"
    dismissed = load_event(realdata(f"{folder}/dismissed.payload.json"))
    commented = load_event(realdata(f"{folder}/submitted.payload.json"))
    assert dismissed.review is not None and dismissed.review.state == "DISMISSED"
    assert commented.review is not None and commented.review.state == "COMMENTED"
    assert commented.review.login == "Codertocat" == commented.author


def test_real_approval_on_the_head_counts() -> None:
    pull = load_event(
        realdata(f"{HOOKS}/pr-triage-app/pull_request_review.submitted.approved.json")
    )
    assert (pull.author, pull.number, pull.review is not None) == ("watsonbot", 16, True)
    assert pull.head_sha == "d11a14f88807c02f7b26ccce984b54dc13542b83"
    assert pull.review is not None and pull.review.login == "sotayamashita"
    result = tally([pull.review], pull.author, pull.head_sha, count_stale=False)
    assert result.approvals == ("sotayamashita",)


def test_real_change_request_on_an_older_commit_still_blocks() -> None:
    name = f"{HOOKS}/pr-triage-app/pull_request_review.submitted.changes_requested.json"
    pull = load_event(realdata(name))
    assert pull.review is not None and pull.review.state == "CHANGES_REQUESTED"
    assert pull.review.commit_id != pull.head_sha and pull.head_sha is not None
    result = tally([pull.review], pull.author, pull.head_sha, count_stale=False)
    assert [r.login for r in result.blockers] == ["sotayamashita"]


def test_wrapped_angular_fixture() -> None:
    name = f"{HOOKS}/angular-github-robot/pull_request_review.submitted.json"
    pull = load_event(realdata(name))
    assert pull.author == "Toxicable" and pull.review is not None
    assert (pull.review.login, pull.review.state) == ("ocombe", "CHANGES_REQUESTED")


def test_real_rest_review_lists() -> None:
    folder = f"{HOOKS}/google-github-owners-bot/reviews"
    (approved,) = load_reviews(realdata(f"{folder}/reviews.35.approved.json"))
    assert (approved.login, approved.bot, approved.state) == ("erwinmombay", False, "APPROVED")
    assert approved.commit_id == "9272f18514cbd3fa935b3ced62ae1c2bf6efa76d"
    assert load_reviews(realdata(f"{folder}/reviews.35.json")) == ()
    event = realdata(
        f"{HOOKS}/google-github-owners-bot/actions/pull_request_review.35.submitted.json"
    )
    pull = load_event(event)
    assert pull.author == "ampprojectbot" and pull.head_sha == approved.commit_id
    assert tally([approved], pull.author, pull.head_sha, False).approvals == ("erwinmombay",)


def test_real_single_rest_reviews() -> None:
    folder = realdata(f"{HOOKS}/haskell-github")
    approved = json.loads((folder / "pull-request-approved-review.json").read_text())
    pending = json.loads((folder / "pull-request-pending-review.json").read_text())
    assert parse_review(approved, "review", 0).state == "APPROVED"
    held = parse_review(pending, "review", 1)
    assert (held.state, held.submitted_at) == ("PENDING", None)


def test_svc_cab_check_on_real_payloads(tmp_path: Path) -> None:
    # The real commits are not in our repository: --base/--head name ours instead,
    # so the real approval, given on the real head, is stale here.
    repo = build(tmp_path, head=ADD_CHANGE)
    owners_bot = f"{HOOKS}/google-github-owners-bot"
    args = ["cab", "check", "--repo", str(repo.root), "--format", "json"]
    args += [
        "--event",
        str(realdata(f"{owners_bot}/actions/pull_request_review.35.submitted.json")),
    ]
    args += ["--reviews", str(realdata(f"{owners_bot}/reviews/reviews.35.approved.json"))]
    args += ["--base", repo.base, "--head", repo.head]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    document = json.loads(result.stdout)
    assert document["pull_request"] == {
        "number": 35,
        "author": "ampprojectbot",
        "event": "pull_request_review",
        "action": "submitted",
    }
    assert {(n["login"], n["kind"]) for n in document["notes"]} == {("erwinmombay", "stale")}
