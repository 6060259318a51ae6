"""emergency-review: an emergency change is reviewed within the policy's deadline after its
window ends; judged as of conftest's AS_OF, Sunday 22 November 2026."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import CI_DB, TEAM, LintAt, only, where
from tests.rules.helpers import rules_fired

RULE = "emergency-review"
PATH = "changes/fix-db.yaml"

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

POLICY = """
apiVersion: svcascode/v1
kind: ChangePolicy
metadata:
  id: policy
spec:
  cab: cab
  emergency_review_within: 5d
"""


def change(end: str, review: str | None = None) -> str:
    """An emergency change to db whose window runs the two hours up to ``end`` (a local
    time, +01:00); ``type`` at line 6, column 9; the review (when given) has its ``date`` at
    line 14, column 11."""
    reviewed = (
        f"  review:\n    date: {review}\n    outcome: successful\n    notes: Root cause fixed.\n"
        if review
        else ""
    )
    return (
        "apiVersion: svcascode/v1\n"
        "kind: Change\n"
        "metadata:\n"
        "  id: fix-db\n"
        "spec:\n"
        "  type: emergency\n"
        "  cis: [db]\n"
        "  window:\n"
        f"    start: {end[:11]}{int(end[11:13]) - 2:02d}{end[13:]}:00+01:00\n"
        f"    end: {end}:00+01:00\n"
        "  requester: ana\n"
        "  backout: Restore the snapshot taken before the fix.\n"
        f"{reviewed}"
    )


def repository(change_text: str, policy: str | None = None) -> dict[str, str]:
    files = {
        "agreements/teams.yaml": TEAM + "---\n" + CAB.lstrip(),
        "cmdb/db.yaml": CI_DB,
        PATH: change_text,
    }
    if policy is not None:
        files["changes/policy.yaml"] = policy
    return files


# Ended Wednesday 18 November: with the default two days, the review was due by the 20th.
ENDED_18TH = "2026-11-18T23:00"


def test_no_review_past_the_deadline_is_reported_on_the_type(lint_at: LintAt) -> None:
    result = lint_at(repository(change(ENDED_18TH)))
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [(PATH, 6, 9)]
    message = findings[0].message
    assert "emergency change fix-db ended 2026-11-18" in message
    assert "its post-implementation review was due by 2026-11-20" in message
    assert "add spec.review with date, outcome and notes" in message
    assert (findings[0].kind, findings[0].id) == ("Change", "fix-db")
    assert rules_fired(result) == {RULE}


def test_a_review_dated_after_the_deadline_is_reported_on_its_date(lint_at: LintAt) -> None:
    result = lint_at(repository(change(ENDED_18TH, review="2026-11-21")))
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [(PATH, 14, 11)]
    message = findings[0].message
    assert "the review of emergency change fix-db is dated 2026-11-21" in message
    assert "after the deadline 2026-11-20" in message
    assert rules_fired(result) == {RULE}


@pytest.mark.parametrize("review", ["2026-11-19", "2026-11-20"])  # the deadline day counts
def test_a_review_in_time_passes(lint_at: LintAt, review: str) -> None:
    result = lint_at(repository(change(ENDED_18TH, review=review)))
    assert only(result, RULE) == []
    assert result.findings == []


@pytest.mark.parametrize(
    "end",
    [
        "2026-11-20T23:00",  # due by the 22nd: today is the last day
        "2026-11-21T10:00",
        "2026-11-24T03:00",  # planned, not carried out yet
    ],
)
def test_no_review_before_the_deadline_passes(lint_at: LintAt, end: str) -> None:
    result = lint_at(repository(change(end)))
    assert only(result, RULE) == []
    assert result.findings == []


def test_the_deadline_is_reached_the_day_after_it(lint_at: LintAt) -> None:
    text = change("2026-11-20T23:00")
    assert only(lint_at(repository(text)), RULE) == []
    later = lint_at(repository(text), as_of=date(2026, 11, 23))
    assert [where(f) for f in only(later, RULE)] == [(PATH, 6, 9)]
    assert "was due by 2026-11-22" in only(later, RULE)[0].message


def test_a_policy_of_five_days_moves_the_deadline(lint_at: LintAt) -> None:
    # Ended the 18th: due by the 23rd under the policy, so not yet overdue on the 22nd.
    assert lint_at(repository(change(ENDED_18TH), POLICY)).findings == []
    assert lint_at(repository(change(ENDED_18TH, review="2026-11-23"), POLICY)).findings == []


def test_a_policy_of_five_days_still_reports_what_is_late(lint_at: LintAt) -> None:
    result = lint_at(repository(change("2026-11-15T23:00"), POLICY))
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [(PATH, 6, 9)]
    assert "ended 2026-11-15" in findings[0].message
    assert "was due by 2026-11-20" in findings[0].message
    assert rules_fired(result) == {RULE}

    late = lint_at(repository(change(ENDED_18TH, review="2026-11-24"), POLICY))
    assert [where(f) for f in only(late, RULE)] == [(PATH, 14, 11)]
    assert "after the deadline 2026-11-23" in only(late, RULE)[0].message


def test_a_normal_change_needs_no_review(lint_at: LintAt) -> None:
    normal = change(ENDED_18TH).replace("type: emergency", "type: normal")
    result = lint_at(repository(normal))
    assert only(result, RULE) == []
    assert result.findings == []
