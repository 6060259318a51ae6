"""Who must approve a change, from the change policy and the impact."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from svcascode.impact import Impact
from svcascode.index import CI, Index
from svcascode.model.agreement import Agreement
from svcascode.model.change import ByRisk, Change, ChangePolicySpec, Requirement
from svcascode.model.parties import Customer, Team
from svcascode.model.service import Service
from svcascode.risk import ORDER, Level

Role = Literal["cab", "item-owner", "service-owner", "customer"]


@dataclass(frozen=True)
class Approver:
    """A party from which ``needed`` distinct people must approve."""

    role: Role
    party_kind: str
    party: str
    handles: tuple[str, ...]
    needed: int
    reason: str


def policy_of(index: Index) -> ChangePolicySpec:
    """The repository's change policy, or the defaults of the format (CAB team ``cab``)."""
    for _, policy in index.items_of_policy():
        return policy.spec
    return ChangePolicySpec(cab="cab")


def requirement_for(policy: ChangePolicySpec, change_type: str, risk: Level) -> Requirement:
    """The approvals a change of ``change_type`` at ``risk`` needs."""
    approvals = policy.approvals
    if change_type == "standard":
        return approvals.standard
    if change_type == "emergency":
        return approvals.emergency
    normal = approvals.normal
    return getattr(normal, risk) if isinstance(normal, ByRisk) else normal


def _combine(requirements: list[Requirement]) -> Requirement:
    return Requirement(
        cab=max((r.cab for r in requirements), default=0),
        owners=any(r.owners for r in requirements),
        service_owners=any(r.service_owners for r in requirements),
        customers=any(r.customers for r in requirements),
    )


def requirement_of(policy_index: Index, index: Index, impact: Impact, risk: Level) -> Requirement:
    """The combined requirement of the change documents in scope (a normal change when
    the pull request holds none)."""
    policy = policy_of(policy_index)
    types = [c.spec.type for i in impact.changes if (c := index.entity(Change, i)) is not None]
    risks = [c.spec.risk for i in impact.changes if (c := index.entity(Change, i)) is not None]
    level = max([risk, *risks], key=ORDER.__getitem__)
    return _combine([requirement_for(policy, t, level) for t in types or ["normal"]])


def _members(index: Index, team: str) -> tuple[str, ...]:
    entity = index.entity(Team, team)
    return tuple(m.handle for m in entity.spec.members) if entity else ()


def approvers(policy_index: Index, index: Index, impact: Impact, risk: Level) -> list[Approver]:
    """Everyone who must approve. Policy, teams and memberships come from
    ``policy_index`` (the base revision when judging a pull request)."""
    requirement = requirement_of(policy_index, index, impact, risk)
    policy = policy_of(policy_index)
    found: list[Approver] = []
    if requirement.cab:
        found.append(
            Approver(
                "cab",
                "Team",
                policy.cab,
                _members(policy_index, policy.cab),
                requirement.cab,
                f"{requirement.cab} CAB member(s) per the change policy",
            )
        )
    if requirement.owners:
        touched = {c.id for c in impact.changed if c.kind == CI}
        for ident in impact.changes:
            change = index.entity(Change, ident)
            touched.update(change.spec.cis if change else ())
        owners: dict[str, list[str]] = {}
        for ci in sorted(touched):
            # Ownership as the base knows it: a pull request cannot pick its approvers by
            # reassigning an item; only items it adds take their owner from the head.
            record = policy_index.get(CI, ci) or index.get(CI, ci)
            if record is not None and record.entity.metadata.owner:
                owners.setdefault(record.entity.metadata.owner, []).append(ci)
        for team, items in sorted(owners.items()):
            found.append(
                Approver(
                    "item-owner",
                    "Team",
                    team,
                    _members(policy_index, team),
                    1,
                    f"owns {', '.join(items)}",
                )
            )
    if requirement.service_owners:
        owners = {}
        for ident in impact.interrupted["services"]:
            service = policy_index.entity(Service, ident) or index.entity(Service, ident)
            if service is not None and service.metadata.owner:
                owners.setdefault(service.metadata.owner, []).append(ident)
        for team, services in sorted(owners.items()):
            found.append(
                Approver(
                    "service-owner",
                    "Team",
                    team,
                    _members(policy_index, team),
                    1,
                    f"owns interrupted {', '.join(services)}",
                )
            )
    found.extend(_customers(policy_index, index, impact, requirement.customers))
    return found


def _customers(policy_index: Index, index: Index, impact: Impact, affected: bool) -> list[Approver]:
    reasons: dict[str, str] = {}
    if affected:
        for customer in impact.customers:
            if customer.state == "interrupted":
                reasons[customer.id] = f"loses service under {', '.join(customer.agreements)}"
    for change in impact.changed:
        if change.kind != "Agreement":
            continue
        agreement = index.entity(Agreement, change.id) or policy_index.entity(Agreement, change.id)
        if agreement is not None and agreement.spec.type == "SLA":
            reasons.setdefault(agreement.spec.party, f"its SLA {change.id} is {change.status}")
    found = []
    for ident, why in sorted(reasons.items()):
        party = policy_index.entity(Customer, ident) or index.entity(Customer, ident)
        handles = tuple(c.handle for c in party.spec.contacts) if party else ()
        found.append(Approver("customer", "Customer", ident, handles, 1, why))
    return found
