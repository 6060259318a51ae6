"""The review rules on their own: latest review, dismissal, blocking, stale, author, bots."""

from __future__ import annotations

from datetime import UTC, datetime

from svcascode.pull_request import Review
from svcascode.review_tally import tally

HEAD = "a" * 40
OLD = "b" * 40


def _review(
    login: str, state: str, minute: int | None, commit: str = HEAD, bot: bool = False
) -> Review:
    when = None if minute is None else datetime(2027, 1, 5, 10, minute, tzinfo=UTC)
    return Review(login, bot, state, commit, when, minute or 0)


def test_only_the_latest_review_of_each_reviewer_counts() -> None:
    result = tally(
        [
            _review("cy", "APPROVED", 1),
            _review("cy", "CHANGES_REQUESTED", 2),
            _review("di", "CHANGES_REQUESTED", 1),
            _review("di", "APPROVED", 2),
        ],
        author="ana",
        head=HEAD,
        count_stale=False,
    )
    assert result.approvals == ("di",)
    assert [r.login for r in result.blockers] == ["cy"]


def test_equal_timestamps_fall_back_to_list_order() -> None:
    when = datetime(2027, 1, 5, tzinfo=UTC)
    reviews = [
        Review("cy", False, "CHANGES_REQUESTED", HEAD, when, 0),
        Review("cy", False, "APPROVED", HEAD, when, 1),
    ]
    assert tally(reviews, "ana", HEAD, False).approvals == ("cy",)
    assert tally(list(reversed(reviews)), "ana", HEAD, False).approvals == ("cy",)


def test_comments_and_pending_reviews_replace_nothing() -> None:
    reviews = [
        _review("cy", "APPROVED", 1),
        _review("cy", "COMMENTED", 2),
        _review("cy", "PENDING", None),
        _review("ed", "CHANGES_REQUESTED", 1),
        _review("ed", "COMMENTED", 3),
    ]
    result = tally(reviews, "ana", HEAD, False)
    assert result.approvals == ("cy",)
    assert [r.login for r in result.blockers] == ["ed"]


def test_dismissal_clears_what_came_before_it() -> None:
    result = tally(
        [_review("cy", "APPROVED", 1), _review("cy", "DISMISSED", 2)], "ana", HEAD, False
    )
    assert result.approvals == () and result.blockers == ()
    assert [(n.login, n.kind) for n in result.notes] == [("cy", "dismissed")]


def test_a_stale_change_request_still_blocks() -> None:
    result = tally([_review("ed", "CHANGES_REQUESTED", 1, commit=OLD)], "ana", HEAD, False)
    assert [r.login for r in result.blockers] == ["ed"]


def test_stale_approvals_count_only_when_the_policy_says_so() -> None:
    reviews = [_review("cy", "APPROVED", 1, commit=OLD), _review("di", "APPROVED", 2, commit="")]
    strict = tally(reviews, "ana", HEAD, False)
    assert strict.approvals == ()
    assert {(n.login, n.kind) for n in strict.notes} == {("cy", "stale"), ("di", "stale")}
    lenient = tally(reviews, "ana", HEAD, True)
    assert lenient.approvals == ("cy", "di")
    assert {n.kind for n in lenient.notes} == {"stale-counted"}


def test_the_head_is_compared_without_case() -> None:
    assert tally([_review("cy", "APPROVED", 1)], "ana", HEAD.upper(), False).approvals == ("cy",)


def test_author_and_bots_neither_approve_nor_block() -> None:
    reviews = [
        _review("Ana", "APPROVED", 1),
        _review("ci", "CHANGES_REQUESTED", 1, bot=True),
        _review("helper", "APPROVED", 1, bot=True),
    ]
    result = tally(reviews, "ana", HEAD, False)
    assert result.approvals == () and result.blockers == ()
    assert {(n.login, n.kind) for n in result.notes} == {
        ("Ana", "author"),
        ("ci", "bot"),
        ("helper", "bot"),
    }


def test_an_unknown_state_is_noted_and_ignored() -> None:
    result = tally([_review("cy", "APPROVED", 1), _review("cy", "MAYBE", 2)], "ana", HEAD, False)
    assert result.approvals == ("cy",)
    assert [(n.login, n.kind) for n in result.notes] == [("cy", "unknown-state")]
