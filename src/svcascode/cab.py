"""``svc cab check``: is a pull request an authorised change?

A pull request that adds or edits a ``Change`` is a request for change, and its
approvals are the change advisory board's decision. The decision:

- What the pull request changes is the entity diff from the merge base of base and head
  to head (what GitHub shows as the pull request's changes; a base branch that moved on
  adds nothing). A pull request that changes no entity (code, docs, CI only) is not a
  change and needs no authorisation. Every kind is service-management data: editing the
  change policy, a standard-change template or a team is a change too, decided like a
  normal change when no Change document comes with it.
- Who must approve comes from :func:`svcascode.assessment.assess_change`, with the
  policy, teams, memberships and ownership of the *base* revision (the base branch as
  the event names it): a pull request cannot approve itself by lowering the quorum,
  joining the CAB team or taking over an item.
- Each requirement needs that many distinct people of its party among the approvals
  that count (:mod:`svcascode.review_tally`). One person may meet several requirements
  (a CAB member who also owns the item counts for both): requirements say whose
  judgement is needed, not how many people.
- A standing change request blocks, whoever gave it.
- An emergency change needs the policy's emergency approvals and is marked for a
  post-implementation review within the policy's ``emergency_review_within``.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Literal

from svcascode.approvers import Approver, policy_of
from svcascode.assessment import assess_change
from svcascode.changeset import ChangeSet, EntityChange, changes_between
from svcascode.errors import RepositoryError
from svcascode.impact import seeds_from_changeset
from svcascode.index import Index
from svcascode.loader.git import verify_revision
from svcascode.loader.load import LoadOptions, load
from svcascode.loader.sources import GitRevision
from svcascode.model.change import Change
from svcascode.pull_request import EventError, PullRequest, Review
from svcascode.review_tally import Note, tally

Verdict = Literal["authorised", "not-authorised", "not-a-change"]


@dataclass(frozen=True)
class Met:
    """One requirement and the approvals that meet it."""

    approver: Approver
    approved_by: tuple[str, ...]
    """Distinct people of the party whose approval counts."""

    @property
    def missing(self) -> int:
        return max(0, self.approver.needed - len(self.approved_by))

    @property
    def met(self) -> bool:
        return self.missing == 0


@dataclass(frozen=True)
class Revisions:
    """The commits judged, as full ids."""

    base: str
    head: str
    merge_base: str


@dataclass(frozen=True)
class Decision:
    """The CAB's decision on one pull request."""

    pull_request: PullRequest
    revisions: Revisions
    changed: tuple[EntityChange, ...]
    changes: tuple[str, ...]
    """The Change documents the pull request adds or edits."""
    change_types: tuple[str, ...]
    risk: str | None
    requirements: tuple[Met, ...]
    blockers: tuple[Review, ...]
    notes: tuple[Note, ...]
    review_within: timedelta | None
    """Set for an emergency change: when its post-implementation review is due."""

    @property
    def is_change(self) -> bool:
        return bool(self.changed)

    @property
    def authorised(self) -> bool:
        if not self.is_change:
            return True
        return not self.blockers and all(m.met for m in self.requirements)

    @property
    def verdict(self) -> Verdict:
        if not self.is_change:
            return "not-a-change"
        return "authorised" if self.authorised else "not-authorised"


def reviews_for(pull_request: PullRequest, listed: tuple[Review, ...] | None) -> tuple[Review, ...]:
    """The REST list when given, else the one review the event carries (if any)."""
    if listed is not None:
        return listed
    return (pull_request.review,) if pull_request.review is not None else ()


def _meet(approver: Approver, approvals: tuple[str, ...]) -> Met:
    members = {h.casefold() for h in approver.handles}
    return Met(approver, tuple(a for a in approvals if a.casefold() in members))


def _outsiders(approvals: tuple[str, ...], approvers: list[Approver]) -> list[Note]:
    members = {h.casefold() for a in approvers for h in a.handles}
    return [
        Note(
            login,
            "not-a-member",
            "approval by no member of a party whose approval is needed: not counted",
        )
        for login in approvals
        if login.casefold() not in members
    ]


def decide(
    pull_request: PullRequest,
    reviews: tuple[Review, ...],
    changeset: ChangeSet,
    policy_index: Index,
    revisions: Revisions,
) -> Decision:
    """The decision on ``changeset`` (merge base to head) with the policy, teams and
    ownership of ``policy_index`` (the base revision)."""
    if not changeset.changes:
        return Decision(pull_request, revisions, (), (), (), None, (), (), (), None)
    assessment = assess_change(changeset.head, seeds_from_changeset(changeset), policy_index)
    policy = policy_of(policy_index)
    counted = tally(reviews, pull_request.author, revisions.head, policy.count_stale_approvals)
    changes = tuple(assessment.impact.changes)
    documents = [changeset.head.entity(Change, ident) for ident in changes]
    types = tuple(sorted({d.spec.type for d in documents if d is not None}))
    return Decision(
        pull_request=pull_request,
        revisions=revisions,
        changed=tuple(changeset.changes),
        changes=changes,
        change_types=types,
        risk=assessment.risk.level,
        requirements=tuple(_meet(a, counted.approvals) for a in assessment.approvers),
        blockers=counted.blockers,
        notes=counted.notes + tuple(_outsiders(counted.approvals, assessment.approvers)),
        review_within=policy.emergency_review_within if "emergency" in types else None,
    )


def _commit(root: Path, rev: str, what: str) -> str:
    verify_revision(root, rev)
    return _git(root, "rev-parse", "--verify", f"{rev}^{{commit}}", what=what)


def _git(root: Path, *args: str, what: str) -> str:
    try:
        out = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    except OSError as error:
        raise RepositoryError(f"cannot run git: {error}") from None
    if out.returncode != 0:
        raise RepositoryError(
            f"cannot find the {what} ({' '.join(args)}): {out.stderr.strip() or 'no answer'}; "
            "in CI, fetch the whole history (actions/checkout with fetch-depth: 0)"
        )
    return out.stdout.strip()


def revisions(
    root: Path, pull_request: PullRequest, base: str | None, head: str | None
) -> Revisions:
    """Base and head from the options, else from the event, as full commit ids."""
    base = base or pull_request.base_sha
    head = head or pull_request.head_sha
    if base is None or head is None:
        side = "base" if base is None else "head"
        raise EventError(
            f"the event payload has no pull_request.{side}.sha; give --{side} REF instead"
        )
    base_id, head_id = _commit(root, base, "base commit"), _commit(root, head, "head commit")
    merge_base = _git(root, "merge-base", base_id, head_id, what="merge base of base and head")
    return Revisions(base_id, head_id, merge_base)


def check(
    root: Path,
    pull_request: PullRequest,
    reviews: tuple[Review, ...],
    base: str | None = None,
    head: str | None = None,
    options: LoadOptions | None = None,
) -> Decision:
    """Load the revisions of ``root`` the pull request names and decide."""
    judged = revisions(root, pull_request, base, head)
    changeset = changes_between(root, judged.merge_base, judged.head, options)
    policy_index = (
        changeset.base
        if judged.merge_base == judged.base
        else Index.build(
            load(
                GitRevision(root, judged.base),
                options=replace(options or LoadOptions(), reuse=changeset.head.load),
            ),
            graphs=False,  # the policy and teams are looked up, no graph
        )
    )
    return decide(pull_request, reviews, changeset, policy_index, judged)
