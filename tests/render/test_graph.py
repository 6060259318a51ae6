"""Dependency graphs: bounded neighbourhoods, folded hubs, cycles, redundancy."""

from __future__ import annotations

from pathlib import Path

from svcascode.index import CI, Index
from svcascode.loader.load import load
from svcascode.loader.sources import WorkingTree
from svcascode.render.graph import Bounds, layout
from tests.conftest import TEAM, write_files


def item(ident: str, needs: str = "[]") -> str:
    return f"""
apiVersion: svcascode/v1
kind: ConfigurationItem
metadata:
  id: {ident}
  owner: ops
spec:
  class: server
  depends_on: {needs}
---
"""


def index_of(root: Path, items: str) -> Index:
    write_files(root, {"agreements/teams.yaml": TEAM, "cmdb/items.yaml": items})
    return Index.build(load(WorkingTree(root, use_git=False)))


def test_a_hub_is_folded_into_more(tmp_path: Path) -> None:
    items = item("hub") + "".join(item(f"app-{i:02d}", "[hub]") for i in range(30))
    graph = layout(index_of(tmp_path, items), (CI, "hub"))
    more = [node for node in graph.nodes if node.kind == "more"]
    assert len(more) == 1
    shown = len(graph.nodes) - 1 - len(more)
    assert more[0].label == f"+{30 - shown} more"
    assert more[0].path == "items/hub.html#needed-by"
    assert graph.folded == 30 - shown
    assert len(graph.nodes) <= Bounds().nodes + 2


def test_depth_is_bounded(tmp_path: Path) -> None:
    chain = item("n0") + "".join(item(f"n{i}", f"[n{i - 1}]") for i in range(1, 8))
    graph = layout(index_of(tmp_path, chain), (CI, "n4"))
    labels = {node.label for node in graph.nodes}
    assert labels == {"n2", "n3", "n4", "n5", "n6"}


def test_a_cycle_is_laid_out(tmp_path: Path) -> None:
    cycle = item("a", "[b]") + item("b", "[c]") + item("c", "[a]")
    graph = layout(index_of(tmp_path, cycle), (CI, "a"))
    assert {node.label for node in graph.nodes} == {"a", "b", "c"}
    assert len(graph.edges) == 3
    assert all(len(edge.points) >= 2 for edge in graph.edges)


def test_nodes_do_not_overlap_and_fit_the_drawing(tmp_path: Path) -> None:
    items = item("db") + item("a1", "[db]") + item("a2", "[db]") + item("top", "[a1, a2]")
    graph = layout(index_of(tmp_path, items), (CI, "a1"))
    boxes = [(n.x, n.y, n.x + n.width, n.y + n.height) for n in graph.nodes]
    for i, a in enumerate(boxes):
        assert a[0] >= 0 and a[1] >= 0 and a[2] <= graph.width and a[3] <= graph.height
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def test_redundant_members_are_marked_and_dependents_drawn_above(tmp_path: Path) -> None:
    group = "[{any_of: [db1, db2], min: 1}]"
    graph = layout(index_of(tmp_path, item("db1") + item("db2") + item("app", group)), (CI, "app"))
    assert len(graph.edges) == 2 and all(edge.redundant for edge in graph.edges)
    by_label = {node.label: node for node in graph.nodes}
    assert by_label["app"].focus and by_label["app"].y < by_label["db1"].y
