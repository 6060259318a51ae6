"""Reading webhook payloads and review lists."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from svcascode.pull_request import EventError, parse_event, parse_reviews


def _payload(**extra: object) -> str:
    pull = {
        "number": 4,
        "user": {"login": "ana"},
        "base": {"sha": "b" * 40},
        "head": {"sha": "h" * 40},
    }
    return json.dumps({"action": "opened", "pull_request": pull, **extra})


def test_a_pull_request_event() -> None:
    pull = parse_event(_payload())
    assert (pull.event, pull.action, pull.number, pull.author) == (
        "pull_request",
        "opened",
        4,
        "ana",
    )
    assert (pull.base_sha, pull.head_sha, pull.review) == ("b" * 40, "h" * 40, None)


def test_a_review_event_carries_its_review_in_upper_case() -> None:
    review = {
        "user": {"login": "renovate[bot]", "type": "User"},
        "state": "changes_requested",
        "commit_id": "h" * 40,
        "submitted_at": "2027-01-05T10:00:00Z",
    }
    pull = parse_event(_payload(review=review))
    assert pull.event == "pull_request_review" and pull.review is not None
    assert pull.review.state == "CHANGES_REQUESTED" and pull.review.bot is True
    assert pull.review.submitted_at == datetime(2027, 1, 5, 10, tzinfo=UTC)


def test_a_recorded_event_wrapper_is_unwrapped() -> None:
    wrapped = json.dumps({"name": "pull_request", "payload": json.loads(_payload())})
    assert parse_event(wrapped).author == "ana"


def test_a_deleted_account_is_the_ghost() -> None:
    (review,) = parse_reviews(json.dumps([{"user": None, "state": "APPROVED"}]))
    assert review.login == "ghost" and review.submitted_at is None


def test_a_timestamp_without_offset_is_utc() -> None:
    text = json.dumps(
        [{"user": {"login": "cy"}, "state": "approved", "submitted_at": "2027-01-05T10:00:00"}]
    )
    (review,) = parse_reviews(text)
    assert review.submitted_at == datetime(2027, 1, 5, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("[]", "not a JSON object"),
        ('{"a": 1} {"b": 2}', "more than one JSON value"),
        ('{"pull_request": {"user": {}}}', "pull_request.user has no login"),
        ('{"pull_request": {"user": {"login": "a"}, "base": {"sha": 5}}}', "base.sha"),
    ],
)
def test_unusable_events(text: str, message: str) -> None:
    with pytest.raises(EventError, match=message):
        parse_event(text)


def test_an_empty_review_list_is_no_review() -> None:
    assert parse_reviews("[]") == ()
    assert parse_reviews("[] []") == ()
