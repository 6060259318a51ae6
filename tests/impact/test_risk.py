"""Every factor of the computed risk, each on a small hand-drawn repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from svcascode.impact import Impact
from svcascode.index import Index
from svcascode.risk import ORDER, Risk, assess, overlaps
from tests.impact.scenarios import (
    build,
    change,
    ci,
    customer,
    impact_of,
    service,
    sla,
)


def risk_of(index: Index, impact: Impact) -> Risk:
    return assess(index, impact, overlaps(index, impact))


def texts(risk: Risk) -> list[tuple[str, str]]:
    return [(r.level, r.text) for r in risk.reasons]


# --------------------------------------------------------------------------- criticality


def test_an_interrupted_critical_item_is_high(tmp_path: Path) -> None:
    index = build(tmp_path, ci("db", criticality="critical"), ci("app", "db"))
    risk = risk_of(index, impact_of(index, "db"))
    assert risk.level == "high"
    assert texts(risk) == [("high", "interrupted critical items: db")]


def test_a_critical_item_reached_downstream_counts_too(tmp_path: Path) -> None:
    index = build(tmp_path, ci("db"), ci("app", "db", criticality="critical"))
    risk = risk_of(index, impact_of(index, "db"))
    assert risk.level == "high"
    assert texts(risk) == [("high", "interrupted critical items: app")]


def test_an_interrupted_high_item_is_medium(tmp_path: Path) -> None:
    index = build(tmp_path, ci("db", criticality="high"), ci("app", "db"))
    risk = risk_of(index, impact_of(index, "db"))
    assert risk.level == "medium"
    assert texts(risk) == [("medium", "interrupted high items: db")]


def test_a_degraded_critical_item_is_medium(tmp_path: Path) -> None:
    # The cluster keeps working on n2 while n1 is down: degraded, not interrupted.
    index = build(
        tmp_path,
        ci("n1", criticality="low"),
        ci("n2", criticality="low"),
        ci("cluster", any_of=["n1", "n2"], criticality="critical"),
    )
    impact = impact_of(index, "n1")
    assert impact.cis == {"n1": "interrupted", "cluster": "degraded"}
    risk = risk_of(index, impact)
    assert risk.level == "medium"
    assert texts(risk) == [("medium", "degraded critical items: cluster")]


def test_a_degraded_high_item_is_low_but_named(tmp_path: Path) -> None:
    index = build(
        tmp_path,
        ci("n1", criticality="low"),
        ci("n2", criticality="low"),
        ci("cluster", any_of=["n1", "n2"], criticality="high"),
    )
    risk = risk_of(index, impact_of(index, "n1"))
    assert risk.level == "low"
    assert texts(risk) == [("low", "degraded high items: cluster")]


def test_many_critical_items_are_listed_five_then_counted(tmp_path: Path) -> None:
    items = [ci(f"app{i}", "db", criticality="critical") for i in range(7)]
    index = build(tmp_path, ci("db"), *items)
    risk = risk_of(index, impact_of(index, "db"))
    assert texts(risk) == [
        ("high", "interrupted critical items: app0, app1, app2, app3, app4 and 2 more")
    ]


# --------------------------------------------------------------------------- scale


@pytest.mark.parametrize(
    ("users", "level"),
    [
        (400, "low"),
        (499, "low"),
        (500, "medium"),
        (600, "medium"),
        (4999, "medium"),
        (5000, "high"),
        (6000, "high"),
    ],
)
def test_users_of_an_interrupted_sla(tmp_path: Path, users: int, level: str) -> None:
    index = build(
        tmp_path,
        customer("north", users=users, contacts=["nora"]),
        ci("db"),
        service("ehr", ["db"]),
        sla("sla-north", "north", ["ehr"]),
    )
    impact = impact_of(index, "db")
    assert impact.users == users
    risk = risk_of(index, impact)
    assert risk.level == level
    assert texts(risk) == [(level, f"{users:,} users lose a service")]


def test_users_of_a_degraded_service_do_not_count(tmp_path: Path) -> None:
    index = build(
        tmp_path,
        customer("north", users=6000),
        ci("n1"),
        ci("n2"),
        ci("cluster", any_of=["n1", "n2"]),
        service("ehr", ["cluster"]),
        sla("sla-north", "north", ["ehr"]),
    )
    impact = impact_of(index, "n1")
    assert impact.services == {"ehr": "degraded"} and impact.users == 0
    risk = risk_of(index, impact)
    assert risk.level == "low"
    assert not any("users" in r.text for r in risk.reasons)


@pytest.mark.parametrize(("count", "level"), [(2, "medium"), (4, "medium"), (5, "high")])
def test_number_of_interrupted_services(tmp_path: Path, count: int, level: str) -> None:
    documents = [ci("db")]
    for i in range(count):
        documents += [ci(f"app{i}", "db"), service(f"svc{i}", [f"app{i}"])]
    index = build(tmp_path, *documents)
    risk = risk_of(index, impact_of(index, "db"))
    assert risk.level == level
    assert texts(risk) == [(level, f"{count} services interrupted")]


def test_one_interrupted_service_alone_is_low(tmp_path: Path) -> None:
    index = build(tmp_path, ci("db"), service("svc0", ["db"]))
    risk = risk_of(index, impact_of(index, "db"))
    assert risk.level == "low"
    assert not any("services interrupted" in r.text for r in risk.reasons)


@pytest.mark.parametrize(("count", "level"), [(2, "medium"), (3, "high")])
def test_number_of_customers(tmp_path: Path, count: int, level: str) -> None:
    documents = [ci("db"), service("ehr", ["db"])]
    for i in range(count):
        documents += [customer(f"cust{i}"), sla(f"sla-{i}", f"cust{i}", ["ehr"])]
    index = build(tmp_path, *documents)
    risk = risk_of(index, impact_of(index, "db"))
    assert risk.level == level
    assert texts(risk) == [(level, f"{count} customers affected")]


def test_a_single_customer_without_users_is_low(tmp_path: Path) -> None:
    index = build(
        tmp_path, customer("north"), ci("db"), service("ehr", ["db"]), sla("s", "north", ["ehr"])
    )
    risk = risk_of(index, impact_of(index, "db"))
    assert risk.level == "low"


# --------------------------------------------------------------------------- agreements


@pytest.mark.parametrize(("availability", "level"), [(99.9, "high"), (99.95, "high")])
def test_a_strict_availability_sla_is_high(tmp_path: Path, availability: float, level: str) -> None:
    index = build(
        tmp_path,
        customer("north"),
        ci("db"),
        service("ehr", ["db"]),
        sla("sla-north", "north", ["ehr"], availability=availability),
    )
    risk = risk_of(index, impact_of(index, "db"))
    assert risk.level == level
    assert texts(risk) == [(level, f"sla-north promises {availability:g}% availability")]


def test_a_looser_availability_sla_is_not_a_factor(tmp_path: Path) -> None:
    index = build(
        tmp_path,
        customer("north"),
        ci("db"),
        service("ehr", ["db"]),
        sla("sla-north", "north", ["ehr"], availability=99.5),
    )
    risk = risk_of(index, impact_of(index, "db"))
    assert risk.level == "low"
    assert not any("sla-north" in r.text for r in risk.reasons)


def test_a_24x7_sla_is_medium(tmp_path: Path) -> None:
    index = build(
        tmp_path,
        customer("north"),
        ci("db"),
        service("ehr", ["db"]),
        sla("sla-north", "north", ["ehr"], hours_24x7=True),
    )
    risk = risk_of(index, impact_of(index, "db"))
    assert risk.level == "medium"
    assert texts(risk) == [("medium", "sla-north covers a 24x7 service")]


def test_a_degraded_strict_sla_is_not_a_factor(tmp_path: Path) -> None:
    index = build(
        tmp_path,
        customer("north"),
        ci("n1"),
        ci("n2"),
        ci("cluster", any_of=["n1", "n2"]),
        service("ehr", ["cluster"]),
        sla("sla-north", "north", ["ehr"], availability=99.99, hours_24x7=True),
    )
    impact = impact_of(index, "n1")
    assert impact.agreements == {"sla-north": "degraded"}
    assert risk_of(index, impact).level == "low"


# --------------------------------------------------------------------------- change documents


def test_an_emergency_change_is_medium(tmp_path: Path) -> None:
    index = build(tmp_path, ci("printer"), change("chg-fix", ["printer"], type_="emergency"))
    risk = risk_of(index, impact_of(index, changes=["chg-fix"]))
    assert risk.level == "medium"
    assert texts(risk) == [("medium", "chg-fix is an emergency change")]


def test_a_normal_change_is_not_a_factor_by_its_type(tmp_path: Path) -> None:
    index = build(tmp_path, ci("printer"), change("chg-fix", ["printer"]))
    assert risk_of(index, impact_of(index, changes=["chg-fix"])).level == "low"


def test_overlapping_changes_sharing_items_are_medium(tmp_path: Path) -> None:
    index = build(
        tmp_path,
        ci("db"),
        ci("app", "db"),
        change("chg-a", ["db"], start="2027-03-02T22:00:00+01:00", end="2027-03-02T23:00:00+01:00"),
        # chg-b's own blast radius is just app, which chg-a's reaches.
        change(
            "chg-b", ["app"], start="2027-03-02T22:30:00+01:00", end="2027-03-03T01:00:00+01:00"
        ),
    )
    impact = impact_of(index, changes=["chg-a"])
    found = overlaps(index, impact)
    assert [(o.change, o.other, o.shared) for o in found] == [("chg-a", "chg-b", ("app",))]
    risk = assess(index, impact, found)
    assert risk.level == "medium"
    [reason] = risk.reasons
    assert reason.level == "medium"
    assert "chg-a" in reason.text and "chg-b" in reason.text and "app" in reason.text


def test_overlap_is_found_through_the_other_changes_blast_radius(tmp_path: Path) -> None:
    # chg-b touches only db2, but db2 going down takes app down, which chg-a touches.
    index = build(
        tmp_path,
        ci("db2"),
        ci("app", "db2"),
        change("chg-a", ["app"]),
        change("chg-b", ["db2"]),
    )
    impact = impact_of(index, changes=["chg-a"])
    assert [(o.other, o.shared) for o in overlaps(index, impact)] == [("chg-b", ("app",))]


def test_windows_that_do_not_overlap_give_no_overlap_reason(tmp_path: Path) -> None:
    index = build(
        tmp_path,
        ci("db"),
        ci("app", "db"),
        change("chg-a", ["db"], start="2027-03-02T22:00:00+01:00", end="2027-03-02T23:00:00+01:00"),
        # Starts the moment chg-a ends: back to back is not overlapping.
        change("chg-b", ["db"], start="2027-03-02T23:00:00+01:00", end="2027-03-03T00:00:00+01:00"),
        change("chg-c", ["db"], start="2027-03-09T22:00:00+01:00", end="2027-03-09T23:00:00+01:00"),
    )
    impact = impact_of(index, changes=["chg-a"])
    assert overlaps(index, impact) == []
    risk = risk_of(index, impact)
    assert risk.level == "low"
    assert not any("overlaps" in r.text for r in risk.reasons)


def test_windows_in_other_offsets_are_compared_as_instants(tmp_path: Path) -> None:
    index = build(
        tmp_path,
        ci("db"),
        change("chg-a", ["db"], start="2027-03-02T22:00:00+01:00", end="2027-03-02T23:00:00+01:00"),
        # 21:30Z to 22:30Z is 22:30 to 23:30 at +01:00: overlapping.
        change("chg-b", ["db"], start="2027-03-02T21:30:00Z", end="2027-03-02T22:30:00Z"),
    )
    impact = impact_of(index, changes=["chg-a"])
    assert [o.other for o in overlaps(index, impact)] == ["chg-b"]


def test_overlapping_windows_touching_nothing_shared_give_no_overlap_reason(
    tmp_path: Path,
) -> None:
    index = build(
        tmp_path,
        ci("db"),
        ci("app", "db"),
        ci("printer"),
        change("chg-a", ["db"]),
        change("chg-b", ["printer"]),
    )
    impact = impact_of(index, changes=["chg-a"])
    assert overlaps(index, impact) == []
    risk = risk_of(index, impact)
    assert risk.level == "low"
    assert not any("chg-b" in r.text for r in risk.reasons)


def test_changes_in_scope_are_not_overlaps_of_each_other(tmp_path: Path) -> None:
    index = build(tmp_path, ci("db"), change("chg-a", ["db"]), change("chg-b", ["db"]))
    impact = impact_of(index, changes=["chg-a", "chg-b"])
    assert overlaps(index, impact) == []


# --------------------------------------------------------------------------- the verdict


def test_nothing_notable_is_low_with_a_reason(tmp_path: Path) -> None:
    index = build(tmp_path, ci("printer", criticality="low"), service("print", ["printer"]))
    risk = risk_of(index, impact_of(index, "printer"))
    assert risk.level == "low"
    assert len(risk.reasons) == 1
    assert risk.reasons[0].level == "low" and risk.reasons[0].text.strip()
    assert risk.declared is None and risk.understated is False


def test_a_declared_risk_below_the_computed_one_is_understated(tmp_path: Path) -> None:
    index = build(
        tmp_path,
        ci("db", criticality="critical"),
        change("chg-low", ["db"], risk="low"),
    )
    risk = risk_of(index, impact_of(index, changes=["chg-low"]))
    assert risk.level == "high" and risk.declared == "low"
    assert risk.understated is True


@pytest.mark.parametrize("declared", ["medium", "high"])
def test_a_declared_risk_at_or_above_is_not_understated(tmp_path: Path, declared: str) -> None:
    index = build(
        tmp_path,
        ci("db", criticality="high"),
        change("chg-1", ["db"], risk=declared),
    )
    risk = risk_of(index, impact_of(index, changes=["chg-1"]))
    assert risk.level == "medium" and risk.declared == declared
    assert risk.understated is False


def test_the_declared_risk_is_the_highest_of_the_changes(tmp_path: Path) -> None:
    index = build(
        tmp_path,
        ci("db", criticality="critical"),
        ci("printer"),
        change("chg-1", ["printer"], risk="low"),
        change("chg-2", ["printer"], risk="high"),
    )
    risk = risk_of(index, impact_of(index, "db", changes=["chg-1", "chg-2"]))
    assert risk.declared == "high" and risk.level == "high" and not risk.understated


def test_the_level_is_the_highest_factor_and_reasons_come_high_first(tmp_path: Path) -> None:
    index = build(
        tmp_path,
        customer("north", users=100),
        ci("db", criticality="critical"),
        ci("app", "db", criticality="high"),
        service("ehr", ["app"]),
        sla("sla-north", "north", ["ehr"], hours_24x7=True),
    )
    risk = risk_of(index, impact_of(index, "db"))
    assert risk.level == "high"
    assert texts(risk) == [
        ("high", "interrupted critical items: db"),
        ("medium", "interrupted high items: app"),
        ("medium", "sla-north covers a 24x7 service"),
        ("low", "100 users lose a service"),
    ]
    ranks = [ORDER[r.level] for r in risk.reasons]
    assert ranks == sorted(ranks, reverse=True)
