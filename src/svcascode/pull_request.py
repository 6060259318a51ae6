"""A GitHub pull request and its reviews, read from a webhook payload and the REST list.

Two inputs, as GitHub delivers them:

- a ``pull_request`` or ``pull_request_review`` webhook payload (in Actions, the file
  ``$GITHUB_EVENT_PATH``): the author, the base and head commits, the number, and for a
  review event the one review just submitted or dismissed;
- the REST "list reviews for a pull request" answer: a JSON array of reviews. Several
  pages printed one after the other (``gh api --paginate``) or wrapped in one array
  (``gh api --paginate --slurp``) are read as one list.

Review states are upper case in REST (``APPROVED``) and lower case in webhook payloads
(``approved``); both are read as upper case. Nothing here decides what a review is worth:
that is :mod:`svcascode.cab`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from svcascode.errors import SvcError

EventName = Literal["pull_request", "pull_request_review"]

APPROVED = "APPROVED"
CHANGES_REQUESTED = "CHANGES_REQUESTED"
COMMENTED = "COMMENTED"
DISMISSED = "DISMISSED"
PENDING = "PENDING"
STATES = frozenset({APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, PENDING})


class EventError(SvcError):
    """The webhook payload or the review list cannot be used."""


@dataclass(frozen=True)
class Review:
    """One review of a pull request."""

    login: str
    bot: bool
    """``user.type`` is ``Bot``, or the login ends in ``[bot]``."""
    state: str
    """Upper case: ``APPROVED``, ``CHANGES_REQUESTED``, ``COMMENTED``, ``DISMISSED``,
    ``PENDING`` (or whatever else GitHub sends, kept as given)."""
    commit_id: str | None
    """The head commit the review was given on."""
    submitted_at: datetime | None
    """``None`` for a pending review."""
    order: int
    """Position in the list, which breaks ties between equal timestamps."""


@dataclass(frozen=True)
class PullRequest:
    """What the webhook payload says about the pull request."""

    event: EventName
    action: str | None
    number: int | None
    author: str
    base_sha: str | None
    head_sha: str | None
    review: Review | None
    """The review a ``pull_request_review`` event carries."""


def read_text(path: Path, what: str) -> str:
    """The UTF-8 text of ``path``; an unreadable file is unusable input."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise EventError(f"cannot read the {what} {path}: {error}") from None


def json_values(text: str, what: str) -> list[Any]:
    """The JSON values in ``text``, one after the other (one for a plain file)."""
    decoder = json.JSONDecoder()
    values: list[Any] = []
    at = 0
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if at >= len(text):
            break
        try:
            value, at = decoder.raw_decode(text, at)
        except json.JSONDecodeError as error:
            raise EventError(f"the {what} is not valid JSON: {error}") from None
        values.append(value)
    if not values:
        raise EventError(f"the {what} is empty")
    return values


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise EventError(f"{where} is not a JSON object")
    return value


def _text(mapping: Mapping[str, Any], key: str, where: str) -> str | None:
    value = mapping.get(key)
    if value is None or isinstance(value, str):
        return value or None
    raise EventError(f"{where}.{key} is not a string")


def _timestamp(value: str | None, where: str) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise EventError(f"{where}.submitted_at {value!r} is not a timestamp") from None
    # GitHub always writes UTC ("Z"); a timestamp without an offset is read as UTC too.
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _user(value: Any, where: str) -> tuple[str, bool]:
    """Login and bot flag; a deleted account (``user: null``) is GitHub's ``ghost``."""
    if value is None:
        return "ghost", False
    user = _object(value, f"{where}.user")
    login = _text(user, "login", f"{where}.user")
    if login is None:
        raise EventError(f"{where}.user has no login")
    bot = user.get("type") == "Bot" or login.lower().endswith("[bot]")
    return login, bot


def parse_review(value: Any, where: str, order: int) -> Review:
    """One review object, from the REST list or a webhook payload."""
    review = _object(value, where)
    login, bot = _user(review.get("user"), where)
    state = _text(review, "state", where)
    if state is None:
        raise EventError(f"{where} has no state")
    return Review(
        login=login,
        bot=bot,
        state=state.upper(),
        commit_id=_text(review, "commit_id", where),
        submitted_at=_timestamp(_text(review, "submitted_at", where), where),
        order=order,
    )


def _unwrap(payload: dict[str, Any]) -> dict[str, Any]:
    """A recorded event ``{"name": ..., "payload": {...}}`` (Probot fixtures) unwrapped."""
    inner = payload.get("payload")
    if "pull_request" not in payload and isinstance(inner, dict) and "pull_request" in inner:
        return inner
    return payload


def _sha(pull: Mapping[str, Any], side: str) -> str | None:
    ref = pull.get(side)
    if ref is None:
        return None
    return _text(_object(ref, f"pull_request.{side}"), "sha", f"pull_request.{side}")


def parse_event(text: str) -> PullRequest:
    """A ``pull_request`` or ``pull_request_review`` webhook payload."""
    values = json_values(text, "event payload")
    if len(values) != 1:
        raise EventError("the event payload holds more than one JSON value")
    payload = _unwrap(_object(values[0], "the event payload"))
    if not isinstance(payload.get("pull_request"), dict):
        raise EventError(
            "the event payload is not a pull_request or pull_request_review event "
            "(it has no pull_request object)"
        )
    pull = payload["pull_request"]
    author, _ = _user(pull.get("user"), "pull_request")
    number = pull.get("number", payload.get("number"))
    review = payload.get("review")
    return PullRequest(
        event="pull_request_review" if review is not None else "pull_request",
        action=_text(payload, "action", "event"),
        number=number if isinstance(number, int) else None,
        author=author,
        base_sha=_sha(pull, "base"),
        head_sha=_sha(pull, "head"),
        review=parse_review(review, "review", 0) if review is not None else None,
    )


def parse_reviews(text: str) -> tuple[Review, ...]:
    """The REST list of reviews (pages one after the other, or slurped, are joined)."""
    found: list[Review] = []
    for page in json_values(text, "review list"):
        if not isinstance(page, list):
            raise EventError("the review list is not a JSON array of reviews")
        items = page if not page or not isinstance(page[0], list) else _flatten(page)
        for item in items:
            found.append(parse_review(item, f"review {len(found) + 1}", len(found)))
    return tuple(found)


def _flatten(pages: list[Any]) -> list[Any]:
    items: list[Any] = []
    for page in pages:
        if not isinstance(page, list):
            raise EventError("the review list mixes reviews and pages of reviews")
        items.extend(page)
    return items


def load_event(path: Path) -> PullRequest:
    return parse_event(read_text(path, "event payload"))


def load_reviews(path: Path) -> tuple[Review, ...]:
    return parse_reviews(read_text(path, "review list"))
