"""``svc cab check`` output: a sticky pull-request comment (Markdown) and JSON.

Logins are written in code spans, not as ``@mentions``: a comment that is updated on
every review must not notify everyone it names each time.
"""

from __future__ import annotations

import json
from typing import Any

from svcascode.cab import Decision, Met
from svcascode.model.types import format_duration
from svcascode.pull_request import Review
from svcascode.report.markdown import cell, code
from svcascode.review_tally import Note, short

MARKER = "<!-- svcascode:cab -->"
_ROLE = {
    "cab": "CAB",
    "item-owner": "Item owner",
    "service-owner": "Service owner",
    "customer": "Customer",
}


def _people(logins: tuple[str, ...]) -> str:
    return ", ".join(code(login) for login in logins) or "—"


def _verdict(decision: Decision) -> str:
    if not decision.is_change:
        return (
            "**✅ Not a change**: this pull request changes no service-management entity "
            "(catalogue, agreements, parties, CMDB, changes), so it needs no CAB authorisation."
        )
    if decision.authorised:
        return "**✅ Authorised**: every required approval is given and no change is requested."
    missing = sum(m.missing for m in decision.requirements)
    reasons = [f"{missing} approval(s) missing"] if missing else []
    if decision.blockers:
        reasons.append(f"{len(decision.blockers)} change request(s) blocking")
    return f"**❌ Not authorised**: {', '.join(reasons)}."


def _about(decision: Decision) -> str:
    pull = decision.pull_request
    number = f"#{pull.number}" if pull.number is not None else "The pull request"
    revisions = decision.revisions
    text = f"{number} by {code(pull.author)}: head {code(short(revisions.head))}"
    text += f", base {code(short(revisions.base))}."
    if decision.changes:
        kinds = ", ".join(decision.change_types)
        text += f" Requests for change: {', '.join(code(c) for c in decision.changes)} ({kinds})."
    if decision.risk is not None:
        text += f" Risk: **{decision.risk}**."
    return text


def _row(met: Met) -> str:
    approver = met.approver
    role = _ROLE.get(approver.role, approver.role)
    requirement = f"{role}: {approver.party_kind} {code(approver.party)} ({cell(approver.reason)})"
    missing = "✅" if met.met else f"❌ {met.missing}"
    return f"| {requirement} | {approver.needed} | {_people(met.approved_by)} | {missing} |"


def _table(decision: Decision) -> list[str]:
    if not decision.requirements:
        return ["No approval is required for this change by the policy."]
    lines = ["| requirement | needed | approved by | missing |", "| --- | --- | --- | --- |"]
    return lines + [_row(m) for m in decision.requirements]


def _blocker(review: Review) -> str:
    return (
        f"- {code(review.login)} requested changes (on {code(short(review.commit_id))}): "
        f"blocks until {code(review.login)} approves or the review is dismissed."
    )


def _note(note: Note) -> str:
    return f"- {code(note.login)}: {cell(note.text)}."


def render_markdown(decision: Decision) -> str:
    lines = [MARKER, "## Change advisory board", "", _verdict(decision), "", _about(decision)]
    if decision.is_change:
        lines += ["", *_table(decision)]
    if decision.review_within is not None:
        within = format_duration(decision.review_within)
        lines += [
            "",
            "> [!IMPORTANT]",
            f"> Emergency change: post-implementation review required within {within}.",
        ]
    if decision.blockers:
        lines += ["", "**Blocking change requests**", *map(_blocker, decision.blockers)]
    if decision.notes:
        lines += ["", "**Not counted and other notes**", *map(_note, decision.notes)]
    return "\n".join(lines) + "\n"


def _requirement(met: Met) -> dict[str, Any]:
    approver = met.approver
    return {
        "role": approver.role,
        "party_kind": approver.party_kind,
        "party": approver.party,
        "reason": approver.reason,
        "needed": approver.needed,
        "members": list(approver.handles),
        "approved_by": list(met.approved_by),
        "missing": met.missing,
        "met": met.met,
    }


def document(decision: Decision) -> dict[str, Any]:
    pull, revisions = decision.pull_request, decision.revisions
    within = decision.review_within
    return {
        "verdict": decision.verdict,
        "authorised": decision.authorised,
        "change": decision.is_change,
        "pull_request": {
            "number": pull.number,
            "author": pull.author,
            "event": pull.event,
            "action": pull.action,
        },
        "base": revisions.base,
        "head": revisions.head,
        "merge_base": revisions.merge_base,
        "changed": [
            {"kind": c.kind, "id": c.id, "status": c.status, "path": c.path}
            for c in decision.changed
        ],
        "changes": list(decision.changes),
        "change_types": list(decision.change_types),
        "risk": decision.risk,
        "requirements": [_requirement(m) for m in decision.requirements],
        "blocking": [
            {
                "login": r.login,
                "commit_id": r.commit_id,
                "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None,
            }
            for r in decision.blockers
        ],
        "notes": [{"login": n.login, "kind": n.kind, "text": n.text} for n in decision.notes],
        "post_implementation_review": (
            {"required": True, "within": format_duration(within)} if within is not None else None
        ),
    }


def render_json(decision: Decision) -> str:
    return json.dumps(document(decision), indent=2, ensure_ascii=False) + "\n"
