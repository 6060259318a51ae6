"""What an SLA rests on: closure, covering agreements, k-of-n and the availability model.

Every figure is computed by hand. Graphs are drawn in the comments: ``a -> b`` means a
needs b, ``{a | b}`` a redundancy group with min 1, ``x [90]`` an item covered by an
agreement with an availability target of 90% (``x [x-ola: 90]`` naming the agreement).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import pytest

from svcascode.index import Index
from svcascode.loader.load import load
from svcascode.loader.sources import WorkingTree
from svcascode.underpinning import closure, covering, feasibility, k_of_n, underpinnings
from tests.conftest import WriteRepo
from tests.rules.helpers import PARTIES, agreement, documents, item, service

IndexOf = Callable[[Mapping[str, str]], Index]


@pytest.fixture
def index_of(write_repo: WriteRepo) -> IndexOf:
    """Build the index of a repository made of ``files``."""

    def build(files: Mapping[str, str]) -> Index:
        loaded = load(WorkingTree(write_repo(files), use_git=False))
        assert loaded.problems == []
        return Index.build(loaded)

    return build


def ola(ident: str, target: float | None, *cis: str, services: str = "") -> str:
    spec = [f"cis: [{', '.join(cis)}]"]
    if services:
        spec.append(f"services: [{services}]")
    if target is not None:
        spec.append(f"targets: {{availability: {target}}}")
    return agreement(ident, "OLA", "ops", *spec)


def estate(
    items: list[str], olas: list[str], *services: str, sla: str | None = None
) -> dict[str, str]:
    """A repository of the given items, OLAs and services (default: web needs app)."""
    files = {
        "agreements/parties.yaml": PARTIES,
        "cmdb/items.yaml": documents(*items),
        "catalog/services.yaml": documents(*(services or (service("web", "cis: [app]"),))),
    }
    if olas:
        files["agreements/olas.yaml"] = documents(*olas)
    if sla is not None:
        files["agreements/sla.yaml"] = sla
    return files


def group(*members: str, min_: int = 1) -> tuple[str, str]:
    return ("depends_on:", f"  - {{any_of: [{', '.join(members)}], min: {min_}}}")


# --- k_of_n -------------------------------------------------------------------------------


def test_two_of_three_at_90_percent() -> None:
    # Three up: 0.9^3 = 0.729; exactly two: 3 x 0.9^2 x 0.1 = 0.243.
    assert k_of_n([0.9, 0.9, 0.9], 2) == pytest.approx(0.972)


@pytest.mark.parametrize("values", [[0.9, 0.9, 0.9], [0.5], [], [0.0, 0.0]])
def test_needing_none_is_certain(values: list[float]) -> None:
    assert k_of_n(values, 0) == 1.0


@pytest.mark.parametrize("values", [[0.9, 0.8, 0.5], [0.99, 0.999], [0.7]])
def test_needing_all_is_the_product(values: list[float]) -> None:
    assert k_of_n(values, len(values)) == pytest.approx(math.prod(values))


def test_needing_one_is_one_minus_all_down() -> None:
    # 1 - 0.1 x 0.2 x 0.5 = 0.99
    assert k_of_n([0.9, 0.8, 0.5], 1) == pytest.approx(0.99)


def test_unequal_parts_two_of_three() -> None:
    # All up 0.9 x 0.8 x 0.5 = 0.36; exactly two: 0.9 x 0.8 x 0.5 + 0.9 x 0.2 x 0.5
    # + 0.1 x 0.8 x 0.5 = 0.36 + 0.09 + 0.04 = 0.49; together 0.85.
    assert k_of_n([0.9, 0.8, 0.5], 2) == pytest.approx(0.85)


def test_needing_more_than_there_are_is_impossible() -> None:
    assert k_of_n([0.9, 0.9], 3) == 0.0
    assert k_of_n([], 1) == 0.0


# --- closure, covering, underpinnings -----------------------------------------------------


def test_closure_follows_service_dependencies_and_every_item_need(index_of: IndexOf) -> None:
    # web -> api -> auth (services); web: app -> db, app -> {r1 | r2}, r2 -> disk;
    # api: gateway; auth: idp. shop is not needed by web.
    index = index_of(
        estate(
            [
                item("app", "depends_on:", "  - db", "  - {any_of: [r1, r2]}"),
                item("db"),
                item("r1"),
                item("r2", "depends_on: [disk]"),
                item("disk"),
                item("gateway"),
                item("idp"),
                item("cart"),
            ],
            [],
            service("web", "cis: [app]", "depends_on: [api]"),
            service("api", "cis: [gateway]", "depends_on: [auth]"),
            service("auth", "cis: [idp]"),
            service("shop", "cis: [cart]", "depends_on: [web]"),
        )
    )
    scope = closure(index, "web")
    assert scope.services == {"web", "api", "auth"}
    assert scope.items == {"app", "db", "r1", "r2", "disk", "gateway", "idp"}
    assert closure(index, "auth").services == {"auth"}
    assert closure(index, "auth").items == {"idp"}
    assert closure(index, "shop").items == scope.items | {"cart"}


def test_closure_survives_a_cycle_of_services(index_of: IndexOf) -> None:
    index = index_of(
        estate(
            [item("app"), item("db")],
            [],
            service("web", "cis: [app]", "depends_on: [api]"),
            service("api", "cis: [db]", "depends_on: [web]"),
        )
    )
    assert closure(index, "api") == closure(index, "web")
    assert closure(index, "web").items == {"app", "db"}


def test_covering_and_underpinnings(index_of: IndexOf) -> None:
    # app is covered through web by web-ola and directly by app-ola; db by db-ola; the
    # SLA itself never covers; spare-ola is only named in the SLA's underpinned_by.
    index = index_of(
        estate(
            [item("app", "depends_on: [db]"), item("db"), item("cart")],
            [
                ola("web-ola", None, services="web"),
                ola("app-ola", None, "app"),
                ola("db-ola", None, "db"),
                ola("cart-ola", None, "cart"),
                ola("spare-ola", None),
            ],
            service("web", "cis: [app]"),
            service("shop", "cis: [cart]"),
            sla=agreement(
                "web-sla",
                "SLA",
                "acme",
                "services: [web]",
                "cis: [app]",
                "underpinned_by: [spare-ola]",
            ),
        )
    )
    assert covering(index, "app") == ["app-ola", "web-ola"]
    assert covering(index, "db") == ["db-ola"]
    assert underpinnings(index, "web-sla", "web") == ["app-ola", "db-ola", "spare-ola", "web-ola"]
    assert underpinnings(index, "web-sla", "shop") == ["cart-ola", "spare-ola"]


# --- feasibility --------------------------------------------------------------------------


def value(index: Index, service_id: str = "web") -> float:
    return feasibility(index, service_id).value


def test_serial_agreements_multiply(index_of: IndexOf) -> None:
    # web: app [app-ola: 99.9] -> db [db-ola: 99.95]  =>  0.999 x 0.9995 = 0.9985005
    index = index_of(
        estate(
            [item("app", "depends_on: [db]"), item("db")],
            [ola("app-ola", 99.9, "app"), ola("db-ola", 99.95, "db")],
        )
    )
    result = feasibility(index, "web")
    assert result.value == pytest.approx(0.9985005)
    assert result.percent == pytest.approx(99.85005)
    assert result.unknown == []
    assert result.weakest() == [
        ("app-ola", pytest.approx(0.999)),
        ("db-ola", pytest.approx(0.9995)),
    ]
    assert [(link.item, link.agreement) for link in result.links] == [
        ("app", "app-ola"),
        ("db", "db-ola"),
    ]


def test_a_service_dependency_is_serial_too(index_of: IndexOf) -> None:
    # web: app [90] and web -> api: gateway [80]  =>  0.72
    index = index_of(
        estate(
            [item("app"), item("gateway")],
            [ola("app-ola", 90, "app"), ola("api-ola", 80, "gateway")],
            service("web", "cis: [app]", "depends_on: [api]"),
            service("api", "cis: [gateway]"),
        )
    )
    assert value(index) == pytest.approx(0.72)
    assert value(index, "api") == pytest.approx(0.8)


def test_a_redundant_pair_is_parallel(index_of: IndexOf) -> None:
    # app [100] -> {a [99] | b [99]}  =>  1 - 0.01 x 0.01 = 0.9999
    index = index_of(
        estate(
            [item("app", *group("a", "b")), item("a"), item("b")],
            [ola("app-ola", 100, "app"), ola("a-ola", 99, "a"), ola("b-ola", 99, "b")],
        )
    )
    assert value(index) == pytest.approx(0.9999)


def test_two_of_three(index_of: IndexOf) -> None:
    # app [100] -> 2 of {a, b, c}, each [90]  =>  0.972
    index = index_of(
        estate(
            [item("app", *group("a", "b", "c", min_=2)), item("a"), item("b"), item("c")],
            [
                ola("app-ola", 100, "app"),
                ola("a-ola", 90, "a"),
                ola("b-ola", 90, "b"),
                ola("c-ola", 90, "c"),
            ],
        )
    )
    assert value(index) == pytest.approx(0.972)


def test_a_group_needing_all_its_members_is_serial(index_of: IndexOf) -> None:
    # app -> 2 of {a [90], b [80]}  =>  0.72
    index = index_of(
        estate(
            [item("app", *group("a", "b", min_=2)), item("a"), item("b")],
            [ola("app-ola", 100, "app"), ola("a-ola", 90, "a"), ola("b-ola", 80, "b")],
        )
    )
    assert value(index) == pytest.approx(0.72)


def test_nested_groups(index_of: IndexOf) -> None:
    # app [100] -> {left [90] -> {l1 [90] | l2 [90]} | right [90] -> disk [50]}
    # left = 0.9 x 0.99 = 0.891; right = 0.45; app = 1 - 0.109 x 0.55 = 0.94005
    index = index_of(
        estate(
            [
                item("app", *group("left", "right")),
                item("left", *group("l1", "l2")),
                item("l1"),
                item("l2"),
                item("right", "depends_on: [disk]"),
                item("disk"),
            ],
            [
                ola("app-ola", 100, "app"),
                ola("left-ola", 90, "left"),
                ola("l1-ola", 90, "l1"),
                ola("l2-ola", 90, "l2"),
                ola("right-ola", 90, "right"),
                ola("disk-ola", 50, "disk"),
            ],
        )
    )
    assert value(index) == pytest.approx(0.94005)


def test_an_item_on_two_paths_is_counted_once(index_of: IndexOf) -> None:
    # app -> db [90] and app -> cache [80] -> db  =>  0.9 x 0.8 = 0.72, not 0.9^2 x 0.8
    index = index_of(
        estate(
            [item("app", "depends_on: [db, cache]"), item("cache", "depends_on: [db]"), item("db")],
            [ola("app-ola", 100, "app"), ola("db-ola", 90, "db"), ola("cache-ola", 80, "cache")],
        )
    )
    assert value(index) == pytest.approx(0.72)


def test_an_agreement_covering_many_items_is_counted_once(index_of: IndexOf) -> None:
    # app, db, cache all [ops-ola: 90], in a chain  =>  0.9, not 0.9^3
    index = index_of(
        estate(
            [item("app", "depends_on: [cache]"), item("cache", "depends_on: [db]"), item("db")],
            [ola("ops-ola", 90, "app", "cache", "db")],
        )
    )
    result = feasibility(index, "web")
    assert result.value == pytest.approx(0.9)
    assert result.weakest() == [("ops-ola", 0.9)]


def test_an_item_takes_its_lowest_covering_target(index_of: IndexOf) -> None:
    # app [web-ola: 99 through the service; app-ola: 95 directly]  =>  0.95
    index = index_of(
        estate([item("app")], [ola("web-ola", 99, services="web"), ola("app-ola", 95, "app")])
    )
    result = feasibility(index, "web")
    assert result.value == pytest.approx(0.95)
    assert [(link.item, link.availability, link.agreement) for link in result.links] == [
        ("app", pytest.approx(0.95), "app-ola")
    ]


def test_agreements_counted_outside_a_group_count_as_100_percent_inside(
    index_of: IndexOf,
) -> None:
    # app [shared: 90] -> {a [shared] -> x [80] | b [50]}
    # Inside the group shared is already counted: a = 0.8 (not 0.72), b = 0.5;
    # group = 1 - 0.2 x 0.5 = 0.9; web = 0.9 x 0.9 = 0.81.
    index = index_of(
        estate(
            [
                item("app", *group("a", "b")),
                item("a", "depends_on: [x]"),
                item("x"),
                item("b"),
            ],
            [ola("shared", 90, "app", "a"), ola("x-ola", 80, "x"), ola("b-ola", 50, "b")],
        )
    )
    assert value(index) == pytest.approx(0.81)


def test_an_item_needed_outside_a_group_counts_as_up_inside_it(index_of: IndexOf) -> None:
    # app -> db [90] and app -> {db | spare [50]}: db is needed anyway  =>  0.9
    index = index_of(
        estate(
            [
                item("app", "depends_on:", "  - db", "  - {any_of: [db, spare]}"),
                item("db"),
                item("spare"),
            ],
            [ola("app-ola", 100, "app"), ola("db-ola", 90, "db"), ola("spare-ola", 50, "spare")],
        )
    )
    assert value(index) == pytest.approx(0.9)


def test_an_item_every_member_of_a_group_needs_is_not_made_redundant_by_it(
    index_of: IndexOf,
) -> None:
    # app [100] -> {a [90] | b [90]}, and both a and b -> db [90]. db is one item: when it
    # is down both members are, so the pair cannot hide it (its agreement is counted once):
    # 0.9 (db) x (1 - 0.1 x 0.1) (a or b, given db) = 0.891, not (1 - 0.19^2) = 0.9639.
    index = index_of(
        estate(
            [
                item("app", *group("a", "b")),
                item("a", "depends_on: [db]"),
                item("b", "depends_on: [db]"),
                item("db"),
            ],
            [
                ola("app-ola", 100, "app"),
                ola("a-ola", 90, "a"),
                ola("b-ola", 90, "b"),
                ola("db-ola", 90, "db"),
            ],
        )
    )
    assert value(index) == pytest.approx(0.891)


def test_uncovered_items_count_as_100_percent_and_are_unknown(index_of: IndexOf) -> None:
    # app [90] -> db (no OLA), queue (an OLA without an availability target)  =>  0.9
    index = index_of(
        estate(
            [item("app", "depends_on: [db, queue]"), item("db"), item("queue")],
            [ola("app-ola", 90, "app"), ola("queue-ola", None, "queue")],
        )
    )
    result = feasibility(index, "web")
    assert result.value == pytest.approx(0.9)
    assert result.unknown == ["db"]
    assert result.untargeted == ["queue"]
    assert result.weakest() == [("app-ola", 0.9)]


def test_a_service_without_items_allows_everything(index_of: IndexOf) -> None:
    index = index_of(estate([item("app")], [], service("web", "cis: [app]"), service("empty")))
    result = feasibility(index, "empty")
    assert result.value == 1.0
    assert result.links == []
