"""What a pull request's reviews are worth to the change advisory board.

Rules, applied in this order:

1. Only each reviewer's latest review counts, ordered by ``submitted_at`` and then by
   position in the list (a review without a timestamp sorts first). ``COMMENTED`` and
   ``PENDING`` reviews replace nothing: an earlier approval or change request stands.
2. A ``DISMISSED`` review removes everything that reviewer said before it.
3. A reviewer whose latest review is ``CHANGES_REQUESTED`` blocks the change, on
   whatever commit it was given, until that same reviewer approves or the review is
   dismissed.
4. Bots never count, neither to approve nor to block; nor does the author of the pull
   request.
5. An approval given on another commit than the head is stale and does not count,
   unless the policy's ``count_stale_approvals`` is true.

Logins are compared without regard to case, as GitHub does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from svcascode.pull_request import APPROVED, CHANGES_REQUESTED, DISMISSED, STATES, Review

NoteKind = Literal[
    "author", "bot", "stale", "stale-counted", "dismissed", "unknown-state", "not-a-member"
]
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Note:
    """A review that was not counted (or counted with a remark), and why."""

    login: str
    kind: NoteKind
    text: str


@dataclass(frozen=True)
class Tally:
    """The reviews that count."""

    approvals: tuple[str, ...]
    """Logins of reviewers whose latest review is a valid approval, sorted."""
    blockers: tuple[Review, ...]
    """Latest reviews that request changes."""
    notes: tuple[Note, ...]


def short(sha: str | None) -> str:
    return sha[:7] if sha else "an unknown commit"


def same_login(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


def _when(review: Review) -> tuple[datetime, int]:
    return (review.submitted_at or _EPOCH, review.order)


def latest(reviews: Iterable[Review]) -> tuple[dict[str, Review], dict[str, Review], list[Note]]:
    """Per reviewer (case-folded login): the standing approval or change request, the
    dismissal that cleared one, and notes on states not understood."""
    standing: dict[str, Review] = {}
    dismissed: dict[str, Review] = {}
    notes: list[Note] = []
    for review in sorted(reviews, key=_when):
        who = review.login.casefold()
        if review.state in (APPROVED, CHANGES_REQUESTED):
            standing[who] = review
            dismissed.pop(who, None)
        elif review.state == DISMISSED:
            standing.pop(who, None)
            dismissed[who] = review
        elif review.state not in STATES:
            notes.append(Note(review.login, "unknown-state", f"review state {review.state!r}"))
    return standing, dismissed, notes


def _ignored(review: Review, author: str, head: str, count_stale: bool) -> Note | None:
    what = "approval" if review.state == APPROVED else "change request"
    if review.bot:
        return Note(review.login, "bot", f"{what} by a bot: bots never count")
    if same_login(review.login, author):
        return Note(
            review.login, "author", f"{what} by the author of the pull request: never counts"
        )
    if review.state == APPROVED and not _on_head(review, head) and not count_stale:
        return Note(
            review.login,
            "stale",
            f"approved {short(review.commit_id)}, not the head {short(head)}: "
            "stale approvals do not count",
        )
    return None


def _on_head(review: Review, head: str) -> bool:
    return review.commit_id is not None and review.commit_id.lower() == head.lower()


def tally(reviews: Iterable[Review], author: str, head: str, count_stale: bool) -> Tally:
    """The approvals and change requests that count on ``head`` (a full commit id)."""
    standing, dismissed, notes = latest(reviews)
    approvals: list[str] = []
    blockers: list[Review] = []
    for _, review in sorted(standing.items()):
        note = _ignored(review, author, head, count_stale)
        if note is not None:
            notes.append(note)
        elif review.state == CHANGES_REQUESTED:
            blockers.append(review)
        else:
            approvals.append(review.login)
            if not _on_head(review, head):
                notes.append(
                    Note(
                        review.login,
                        "stale-counted",
                        f"approved {short(review.commit_id)}, not the head {short(head)}: "
                        "counted, as the policy counts stale approvals",
                    )
                )
    for _, review in sorted(dismissed.items()):
        notes.append(Note(review.login, "dismissed", "review dismissed: nothing before it counts"))
    return Tally(tuple(approvals), tuple(blockers), tuple(notes))
