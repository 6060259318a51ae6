"""The compiled reference walk: nested models, lists, dicts, union options, a kind taken
from a sibling field, a model inside itself, and the unresolved-only variant."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel

from svcascode.model.refs import iter_references, unresolved_references
from svcascode.model.types import RefTo


class Leaf(BaseModel):
    team: Annotated[str, RefTo("Team")]
    note: str = ""


class Special(Leaf):
    """A subclass where a Leaf is declared: walked by its own class."""

    extra: Annotated[str, RefTo("Service")] = "svc"


class Node(BaseModel):
    name: Annotated[str, RefTo("ConfigurationItem")] | None = None
    kids: list[Node] = []
    by: dict[str, Leaf] = {}
    either: Leaf | Literal["none"] | None = None
    type: str = "a"
    party: Annotated[str, RefTo(kind_field="type", kind_map=(("a", "Team"), ("b", "Supplier")))]
    party = "p"
    plain: int = 0


def test_every_reference_is_found_with_its_path() -> None:
    tree = Node(
        name="root",
        kids=[Node(name="kid", type="b"), Node(type="zzz", either="none")],
        by={"x": Leaf(team="t1"), "y": Special(team="t2")},
        either=Leaf(team="t3"),
    )
    assert list(iter_references(tree, ("top",))) == [
        (("top", "name"), "ConfigurationItem", "root"),
        (("top", "kids", 0, "name"), "ConfigurationItem", "kid"),
        (("top", "kids", 0, "party"), "Supplier", "p"),
        (("top", "by", "x", "team"), "Team", "t1"),
        (("top", "by", "y", "team"), "Team", "t2"),
        (("top", "by", "y", "extra"), "Service", "svc"),
        (("top", "either", "team"), "Team", "t3"),
        (("top", "party"), "Team", "p"),
    ]


def test_the_unresolved_variant_keeps_what_names_nothing() -> None:
    tree = Node(name="root", kids=[Node(name="kid")], either=Leaf(team="t3"))
    tables = {"ConfigurationItem": {"root"}, "Team": {"p"}}
    assert (
        unresolved_references(tree, tables, {("Team", "t3")})
        == [
            (("kids", 0, "name"), "ConfigurationItem", "kid"),
            (("kids", 0, "party"), "Team", "p"),
        ][:1]
    )
    assert list(iter_references(Leaf(team="x"))) == [(("team",), "Team", "x")]
    assert unresolved_references(Node(plain=3), {}, set()) == [(("party",), "Team", "p")]
