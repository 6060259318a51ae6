"""Who must approve: the change policy per type and risk, owners, customers, base teams."""

from __future__ import annotations

from pathlib import Path

import pytest

from svcascode.approvers import Approver, approvers, policy_of, requirement_for, requirement_of
from svcascode.assessment import assess_change
from svcascode.changeset import EntityChange
from svcascode.impact import Impact, Seeds, analyse, seeds_from_keys
from svcascode.index import CI, Index
from svcascode.model.change import Requirement
from tests.impact.scenarios import (
    TEMPLATE,
    build,
    change,
    ci,
    customer,
    impact_of,
    service,
    sla,
    team,
)

POLICY = """---
apiVersion: svcascode/v1
kind: ChangePolicy
metadata: {id: policy}
spec:
  cab: cab
  approvals:
    standard: {cab: 0, owners: true}
    normal:
      low: {cab: 1, owners: true}
      medium: {cab: 2, owners: true, service_owners: true}
      high: {cab: 3, owners: true, service_owners: true, customers: true}
    emergency: {cab: 1, owners: false}
"""

PARTIES = [
    team("cab", "c1", "c2", "c3"),
    team("dba", "dee"),
    team("ehr-team", "eve"),
    team("portal-team", "pat"),
    customer("north", users=100, contacts=["nora", "nils"]),
    customer("south", users=100, contacts=["sid"]),
]

ESTATE = [
    ci("db", owner="dba"),
    ci("app", "db"),  # owned by ops: impacted, never touched
    ci("web", owner="portal-team"),
    ci("printer"),
    service("ehr", ["app"], owner="ehr-team"),
    # portal has items of its own, so ehr being down only degrades it.
    service("portal", ["web"], owner="portal-team", depends_on=["ehr"]),
    sla("sla-north", "north", ["ehr"]),
    sla("sla-south", "south", ["portal"]),
    TEMPLATE,
    change("chg-normal", ["db"], risk="low"),
    change("chg-high", ["printer"], risk="high"),
    change("chg-std", ["printer"], type_="standard"),
    change("chg-emg", ["db"], type_="emergency", risk="medium"),
    change("chg-two", ["db", "printer"], risk="low"),
]


@pytest.fixture
def index(tmp_path: Path) -> Index:
    return build(tmp_path, POLICY, *PARTIES, *ESTATE)


@pytest.fixture
def no_policy(tmp_path: Path) -> Index:
    return build(tmp_path, *PARTIES, *ESTATE)


def of_change(index: Index, ident: str) -> Impact:
    return impact_of(index, changes=[ident])


def summary(found: list[Approver]) -> list[tuple[str, str, tuple[str, ...], int]]:
    return [(a.role, a.party, a.handles, a.needed) for a in found]


# --------------------------------------------------------------------------- requirements


@pytest.mark.parametrize(
    ("change_type", "risk", "expected"),
    [
        ("standard", "low", Requirement(cab=0, owners=True)),
        ("standard", "high", Requirement(cab=0, owners=True)),
        ("normal", "low", Requirement(cab=1, owners=True)),
        ("normal", "medium", Requirement(cab=2, owners=True, service_owners=True)),
        (
            "normal",
            "high",
            Requirement(cab=3, owners=True, service_owners=True, customers=True),
        ),
        ("emergency", "low", Requirement(cab=1, owners=False)),
        ("emergency", "high", Requirement(cab=1, owners=False)),
    ],
)
def test_requirement_per_type_and_risk(
    index: Index, change_type: str, risk: str, expected: Requirement
) -> None:
    assert requirement_for(policy_of(index), change_type, risk) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("ident", "computed", "cab"),
    [
        ("chg-normal", "low", 1),  # declared low, computed low
        ("chg-normal", "medium", 2),  # computed above declared: computed wins
        ("chg-normal", "high", 3),
        ("chg-high", "low", 3),  # declared above computed: declared wins
    ],
)
def test_the_requirement_follows_the_higher_of_computed_and_declared(
    index: Index, ident: str, computed: str, cab: int
) -> None:
    requirement = requirement_of(index, index, of_change(index, ident), computed)  # type: ignore[arg-type]
    assert requirement.cab == cab and requirement.owners


def test_without_a_change_document_the_change_counts_as_normal(index: Index) -> None:
    impact = analyse(index, Seeds(cis={"printer"}))
    assert requirement_of(index, index, impact, "medium") == Requirement(
        cab=2, owners=True, service_owners=True
    )


# --------------------------------------------------------------------------- approvers


def test_a_normal_change_at_low_risk(index: Index) -> None:
    found = approvers(index, index, of_change(index, "chg-normal"), "low")
    assert summary(found) == [
        ("cab", "cab", ("c1", "c2", "c3"), 1),
        ("item-owner", "dba", ("dee",), 1),
    ]
    assert found[1].reason == "owns db"


def test_a_normal_change_at_medium_risk_needs_owners_of_interrupted_services(
    index: Index,
) -> None:
    impact = of_change(index, "chg-normal")
    assert impact.services == {"ehr": "interrupted", "portal": "degraded"}
    found = approvers(index, index, impact, "medium")
    # Not ops (owns app, which is impacted but not touched), not portal-team
    # (its service is only degraded), no customers at medium.
    assert summary(found) == [
        ("cab", "cab", ("c1", "c2", "c3"), 2),
        ("item-owner", "dba", ("dee",), 1),
        ("service-owner", "ehr-team", ("eve",), 1),
    ]
    assert "ehr" in found[2].reason


def test_a_normal_change_at_high_risk_needs_contacts_of_interrupted_customers(
    index: Index,
) -> None:
    found = approvers(index, index, of_change(index, "chg-normal"), "high")
    assert summary(found) == [
        ("cab", "cab", ("c1", "c2", "c3"), 3),
        ("item-owner", "dba", ("dee",), 1),
        ("service-owner", "ehr-team", ("eve",), 1),
        ("customer", "north", ("nora", "nils"), 1),
    ]
    customer_approver = found[3]
    assert customer_approver.party_kind == "Customer"
    assert "sla-north" in customer_approver.reason


def test_an_emergency_change_needs_one_cab_member_and_no_owner(index: Index) -> None:
    found = approvers(index, index, of_change(index, "chg-emg"), "high")
    assert summary(found) == [("cab", "cab", ("c1", "c2", "c3"), 1)]


def test_a_standard_change_needs_only_the_owners(index: Index) -> None:
    found = approvers(index, index, of_change(index, "chg-std"), "low")
    assert summary(found) == [("item-owner", "ops", ("ana", "bo"), 1)]


def test_every_team_owning_a_touched_item_approves(index: Index) -> None:
    found = approvers(index, index, of_change(index, "chg-two"), "low")
    owners = [(a.party, a.handles, a.reason) for a in found if a.role == "item-owner"]
    assert owners == [("dba", ("dee",), "owns db"), ("ops", ("ana", "bo"), "owns printer")]


def test_an_edited_item_counts_as_touched(index: Index) -> None:
    seeds = Seeds(changed=[EntityChange(CI, "web", "edited", "cmdb/all.yaml")], cis={"web"})
    found = approvers(index, index, analyse(index, seeds), "low")
    owners = [(a.party, a.handles) for a in found if a.role == "item-owner"]
    assert owners == [("portal-team", ("pat",))]


def test_an_edited_sla_always_needs_its_customer(index: Index) -> None:
    seeds = Seeds(changed=[EntityChange("Agreement", "sla-south", "edited", "cmdb/all.yaml")])
    impact = analyse(index, seeds)
    assert impact.agreements == {"sla-south": "changed"}
    found = approvers(index, index, impact, "low")
    customers = [(a.party, a.handles, a.reason) for a in found if a.role == "customer"]
    assert customers == [("south", ("sid",), "its SLA sla-south is edited")]


def test_a_deleted_sla_is_read_from_the_base_revision(tmp_path: Path, index: Index) -> None:
    head = build(tmp_path, POLICY, *PARTIES, *[d for d in ESTATE if "sla-south" not in d])
    seeds = Seeds(changed=[EntityChange("Agreement", "sla-south", "deleted", "cmdb/all.yaml")])
    found = approvers(index, head, analyse(head, seeds), "low")
    customers = [(a.party, a.handles) for a in found if a.role == "customer"]
    assert customers == [("south", ("sid",))]


def test_without_a_policy_the_defaults_of_the_format_apply(no_policy: Index) -> None:
    found = approvers(no_policy, no_policy, of_change(no_policy, "chg-normal"), "high")
    # normal: two CAB members of the team `cab` and the owners; nothing else, even at high.
    assert summary(found) == [
        ("cab", "cab", ("c1", "c2", "c3"), 2),
        ("item-owner", "dba", ("dee",), 1),
    ]


@pytest.mark.parametrize(
    ("ident", "expected"),
    [
        ("chg-std", [("item-owner", "ops", ("ana", "bo"), 1)]),
        ("chg-emg", [("cab", "cab", ("c1", "c2", "c3"), 1)]),
    ],
)
def test_default_policy_for_standard_and_emergency(
    no_policy: Index, ident: str, expected: list[tuple[str, str, tuple[str, ...], int]]
) -> None:
    assert summary(approvers(no_policy, no_policy, of_change(no_policy, ident), "low")) == expected


# --------------------------------------------------------------------------- the base revision


BASE_POLICY = """---
apiVersion: svcascode/v1
kind: ChangePolicy
metadata: {id: policy}
spec:
  cab: board
  approvals:
    normal: {cab: 1, owners: true, service_owners: true}
"""


@pytest.fixture
def base(tmp_path: Path) -> Index:
    """A base revision with another policy, CAB team and memberships."""
    return build(
        tmp_path,
        BASE_POLICY,
        team("board", "bx1", "bx2"),
        team("cab", "old-c1"),
        team("dba", "old-dee"),
        team("ehr-team", "old-eve"),
    )


def test_policy_and_memberships_come_from_the_policy_index(index: Index, base: Index) -> None:
    found = approvers(base, index, of_change(index, "chg-normal"), "medium")
    assert summary(found) == [
        ("cab", "board", ("bx1", "bx2"), 1),
        ("item-owner", "dba", ("old-dee",), 1),
        ("service-owner", "ehr-team", ("old-eve",), 1),
    ]


def test_the_cab_members_of_the_base_are_used(tmp_path: Path, index: Index) -> None:
    other = build(tmp_path, POLICY, team("cab", "x1", "x2", "x3"), team("dba", "dee"))
    found = approvers(other, index, of_change(index, "chg-normal"), "low")
    assert summary(found)[0] == ("cab", "cab", ("x1", "x2", "x3"), 1)
    assert not {"c1", "c2", "c3"} & {h for a in found for h in a.handles}


def test_assess_change_judges_with_the_base(index: Index, base: Index) -> None:
    seeds = seeds_from_keys(index, [("Change", "chg-normal")])
    assessment = assess_change(index, seeds, base)
    cab = [a for a in assessment.approvers if a.role == "cab"]
    assert [(a.party, a.handles, a.needed) for a in cab] == [("board", ("bx1", "bx2"), 1)]
    # Without a base the head's own policy and teams decide.
    own = assess_change(index, seeds_from_keys(index, [("Change", "chg-normal")]))
    assert [(a.party, a.handles) for a in own.approvers if a.role == "cab"] == [
        ("cab", ("c1", "c2", "c3"))
    ]
