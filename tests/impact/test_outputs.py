"""What ``svc impact`` prints: the JSON contract, the pull-request comment, the text tree."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from rich.console import Console

from svcascode.approvers import Approver
from svcascode.assessment import Assessment, assess_change
from svcascode.changeset import EntityChange
from svcascode.impact import Seeds, seeds_from_keys
from svcascode.index import CI, EntityKey, Index
from svcascode.report import impact_json, impact_markdown, impact_text
from svcascode.report.impact_markdown import MARKER, MAX_GRAPH_NODES
from svcascode.report.markdown import cell as _cell
from svcascode.risk import Reason, Risk
from tests.impact.scenarios import build, change, ci, customer, service, sla, team


@pytest.fixture
def index(tmp_path: Path) -> Index:
    return build(
        tmp_path,
        team("cab", "c1", "c2"),
        customer("zeta", users=700, contacts=["zed"]),
        customer("alpha", users=10, contacts=["al"]),
        customer("idle", users=5, contacts=["ida"]),
        ci("db", criticality="critical"),
        ci("app", "db"),
        ci("n1"),
        ci("n2"),
        ci("cluster", any_of=["n1", "n2", "db"], min_=2),
        ci("printer"),
        service("ehr", ["app"]),
        service("lab", ["cluster"]),
        service("print", ["printer"]),
        sla("sla-zeta", "zeta", ["ehr"]),
        sla("sla-alpha", "alpha", ["ehr", "lab"]),
        sla("sla-idle", "idle", ["print"]),
        change("chg-1", ["db"], risk="low"),
    )


@pytest.fixture
def assessment(index: Index) -> Assessment:
    return assess_change(index, seeds_from_keys(index, [("Change", "chg-1")]))


# --------------------------------------------------------------------------- json


def test_json_carries_the_contract_of_the_spec(assessment: Assessment) -> None:
    report = json.loads(impact_json.render(assessment))
    for key in ("changed", "cis", "services", "agreements", "customers", "risk"):
        assert key in report
    assert report["cis"] == ["app", "cluster", "db"]
    assert report["services"] == ["ehr", "lab"]
    assert report["agreements"] == ["sla-alpha", "sla-zeta"]
    assert report["customers"] == ["alpha", "zeta"]  # sorted, not in SLA order
    assert report["risk"] == "high"
    assert report["changes"] == ["chg-1"]


def test_json_carries_states_users_approvers_and_reasons(assessment: Assessment) -> None:
    report = json.loads(impact_json.render(assessment))
    assert report["interrupted"] == {"cis": ["app", "db"], "services": ["ehr"]}
    assert report["degraded"] == {"cis": ["cluster"], "services": ["lab"]}
    assert report["users"] == 710
    assert report["declared_risk"] == "low" and report["risk_understated"] is True
    assert report["reasons"][0] == {"level": "high", "text": "interrupted critical items: db"}
    assert all(set(r) == {"level", "text"} for r in report["reasons"])
    roles = [(a["role"], a["party"], a["handles"], a["needed"]) for a in report["approvers"]]
    assert roles == [("cab", "cab", ["c1", "c2"], 2), ("item-owner", "ops", ["ana", "bo"], 1)]


def test_json_lists_changed_entities_with_kind_and_id(index: Index) -> None:
    seeds = Seeds(changed=[EntityChange(CI, "printer", "edited", "cmdb/all.yaml")], cis={"printer"})
    report = impact_json.document(assess_change(index, seeds))
    assert report["changed"] == [
        {"kind": "ConfigurationItem", "id": "printer", "status": "edited", "path": "cmdb/all.yaml"}
    ]
    assert report["cis"] == ["printer"]  # the changed item is included
    assert report["services"] == ["print"] and report["customers"] == ["idle"]
    json.dumps(report)  # plain JSON all the way down


# --------------------------------------------------------------------------- markdown

NODE = re.compile(r'^  (?P<id>\S+)\["(?P<label>[^"]*)"\]$')
EDGE = re.compile(r"^  (?P<a>\S+) --> (?P<b>\S+)$")
CLASS = re.compile(r"^  class (?P<id>\S+) (?P<cls>\S+)$")
CLASSDEF = re.compile(r"^  classDef (?P<cls>\w+) \S+$")
FOLDED = re.compile(r"^… (\d+) more items folded$")


@dataclasses.dataclass
class Graph:
    nodes: dict[str, str]
    edges: list[tuple[str, str]]
    classes: dict[str, str]


def mermaid(text: str) -> Graph:
    """Parse the Mermaid block, failing on any line that is not of the shapes drawn."""
    lines = text.splitlines()
    start = lines.index("```mermaid")
    end = lines.index("```", start + 1)
    assert lines[start + 1] == "graph LR"
    graph = Graph({}, [], {})
    defined: set[str] = set()
    for line in lines[start + 2 : end]:
        if node := NODE.match(line):
            assert node["id"] not in graph.nodes, f"node {node['id']} drawn twice"
            graph.nodes[node["id"]] = node["label"]
        elif edge := EDGE.match(line):
            graph.edges.append((edge["a"], edge["b"]))
        elif klass := CLASS.match(line):
            graph.classes[klass["id"]] = klass["cls"]
        elif classdef := CLASSDEF.match(line):
            defined.add(classdef["cls"])
        else:
            raise AssertionError(f"not a Mermaid line this report draws: {line!r}")
    for ident, label in graph.nodes.items():
        assert re.fullmatch(r"[A-Za-z0-9_]+", ident), ident
        if ident != "folded":
            assert re.fullmatch(r"[A-Za-z]+<br/>[a-z0-9-]+", label), label
    for a, b in graph.edges:
        assert a in graph.nodes and b in graph.nodes, (a, b)
    for ident, cls in graph.classes.items():
        assert ident in graph.nodes and cls in defined
    return graph


def keys_of(graph: Graph) -> dict[str, EntityKey]:
    """Node id -> (kind, id), read back from the labels."""
    found = {}
    for node, label in graph.nodes.items():
        if node != "folded":
            kind, ident = label.split("<br/>")
            found[node] = (kind, ident)
    return found


def test_markdown_starts_with_the_marker_and_has_the_summary_table(
    assessment: Assessment,
) -> None:
    text = impact_markdown.render(assessment)
    assert text.splitlines()[0] == MARKER == "<!-- svcascode:impact -->"
    assert "## svcascode impact: 🔴 **high** risk" in text
    assert "> [!WARNING]" in text  # declared low, computed high
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert "| Change requests | 1 | `chg-1` |" in rows
    assert "| Items | 2 interrupted, 1 degraded | `app`, `db` |" in rows
    assert "| Services | 1 interrupted, 1 degraded | `ehr`, `lab` |" in rows
    assert "| Agreements | 2 interrupted | `sla-alpha`, `sla-zeta` |" in rows
    assert "| Customers | 2 (710 users lose a service) | `alpha`, `zeta` |" in rows
    assert "| 2 | Team `cab` | @c1, @c2 | 2 CAB member(s) per the change policy |" in rows
    assert "| 1 | Team `ops` | @ana, @bo | owns db |" in rows
    assert "- **high**: interrupted critical items: db" in text


def test_no_warning_when_the_declared_risk_holds(index: Index) -> None:
    seeds = Seeds(cis={"printer"})
    text = impact_markdown.render(assess_change(index, seeds))
    assert "🟢 **low**" in text and "[!WARNING]" not in text


def test_markdown_graph_points_from_what_is_needed_to_the_dependent(
    index: Index, assessment: Assessment
) -> None:
    graph = mermaid(impact_markdown.render(assessment))
    keys = keys_of(graph)
    assert set(keys.values()) == {
        ("Change", "chg-1"),
        (CI, "db"),
        (CI, "app"),
        (CI, "cluster"),
        ("Service", "ehr"),
        ("Service", "lab"),
        ("Agreement", "sla-alpha"),
        ("Agreement", "sla-zeta"),
        ("Customer", "alpha"),
        ("Customer", "zeta"),
    }
    edges = {(keys[a], keys[b]) for a, b in graph.edges}
    assert ((CI, "db"), (CI, "app")) in edges
    assert ((CI, "app"), ("Service", "ehr")) in edges
    assert (("Service", "ehr"), ("Agreement", "sla-zeta")) in edges
    assert (("Agreement", "sla-zeta"), ("Customer", "zeta")) in edges
    for needed, dependent in edges:
        assert needed in index.requires.get(dependent, set()), (needed, dependent)
    by_key = {key: node for node, key in keys.items()}
    assert graph.classes[by_key[(CI, "db")]] == "interrupted"
    assert graph.classes[by_key[(CI, "cluster")]] == "degraded"
    assert graph.classes[by_key[("Change", "chg-1")]] == "changed"
    assert "folded" not in graph.nodes


def fan(tmp_path: Path, width: int, services: bool = False) -> Index:
    documents = [ci("db"), change("chg-big", ["db"])]
    for i in range(width):
        documents.append(ci(f"app-{i:03d}", "db"))
        if services:
            documents.append(service(f"svc-{i:03d}", [f"app-{i:03d}"]))
    return build(tmp_path, *documents)


def test_a_large_blast_radius_is_folded_with_the_exact_count(tmp_path: Path) -> None:
    index = fan(tmp_path, 120)
    assessment = assess_change(index, seeds_from_keys(index, [("Change", "chg-big")]))
    assert len(assessment.impact.cis) == 121
    graph = mermaid(impact_markdown.render(assessment))
    drawn = keys_of(graph)
    assert len(drawn) == MAX_GRAPH_NODES
    # 1 change + 121 items could be drawn; 40 are: 82 are folded.
    assert FOLDED.match(graph.nodes["folded"]), graph.nodes["folded"]
    folded = int(FOLDED.match(graph.nodes["folded"]).group(1))  # type: ignore[union-attr]
    assert folded == 1 + 121 - MAX_GRAPH_NODES == 82


def test_a_folded_graph_keeps_the_item_the_change_touches(tmp_path: Path) -> None:
    # db, the one item chg-big touches, sorts after its 120 dependents: folding must
    # still draw it, with its edge to the change, rather than 39 unconnected dependents.
    index = fan(tmp_path, 120)
    assessment = assess_change(index, seeds_from_keys(index, [("Change", "chg-big")]))
    graph = mermaid(impact_markdown.render(assessment))
    keys = keys_of(graph)
    assert (CI, "db") in keys.values()
    edges = {(keys[a], keys[b]) for a, b in graph.edges}
    assert ((CI, "db"), ("Change", "chg-big")) in edges


def test_folding_counts_services_cut_from_the_graph_too(tmp_path: Path) -> None:
    index = fan(tmp_path, 45, services=True)
    assessment = assess_change(index, seeds_from_keys(index, [("Change", "chg-big")]))
    graph = mermaid(impact_markdown.render(assessment))
    drawn = keys_of(graph)
    assert len(drawn) == MAX_GRAPH_NODES
    candidates = 1 + len(assessment.impact.services) + len(assessment.impact.cis)
    assert candidates == 1 + 45 + 46
    match = FOLDED.match(graph.nodes["folded"])
    assert match is not None and int(match.group(1)) == candidates - MAX_GRAPH_NODES


def test_a_long_chain_keeps_edges_only_between_drawn_nodes(tmp_path: Path) -> None:
    documents = [ci("c000"), change("chg-big", ["c000"])]
    documents += [ci(f"c{i:03d}", f"c{i - 1:03d}") for i in range(1, 120)]
    index = build(tmp_path, *documents)
    assessment = assess_change(index, seeds_from_keys(index, [("Change", "chg-big")]))
    graph = mermaid(impact_markdown.render(assessment))
    keys = keys_of(graph)
    assert len(keys) == MAX_GRAPH_NODES
    edges = {(keys[a], keys[b]) for a, b in graph.edges}
    assert ((CI, "c000"), (CI, "c001")) in edges
    assert ((CI, "c001"), (CI, "c000")) not in edges
    for needed, dependent in edges:
        assert needed in index.requires[dependent]


def test_cells_are_escaped() -> None:
    assert _cell("a|b") == "a\\|b"
    assert _cell("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert _cell("one\ntwo") == "one two"
    assert _cell("back\\slash|") == "back\\\\slash\\|"


def test_reasons_and_approvals_with_pipes_and_html_are_escaped(
    assessment: Assessment,
) -> None:
    risk = Risk("medium", (Reason("medium", "a | b <script>x</script>"),), None)
    who = Approver("cab", "Team", "cab", ("c1",), 1, "because | <b>bold</b>")
    text = impact_markdown.render(dataclasses.replace(assessment, risk=risk, approvers=[who]))
    assert "<script>" not in text and "<b>" not in text
    assert "- **medium**: a \\| b &lt;script&gt;x&lt;/script&gt;" in text
    row = next(line for line in text.splitlines() if line.startswith("| 1 | Team"))
    assert row == "| 1 | Team `cab` | @c1 | because \\| &lt;b&gt;bold&lt;/b&gt; |"
    # Four cells: the escaped pipe does not split one.
    assert len(re.split(r"(?<!\\)\|", row)) == 4 + 2


# --------------------------------------------------------------------------- text


def test_text_renders_through_rich(assessment: Assessment) -> None:
    console = Console(record=True, width=200, color_system=None)
    console.print(impact_text.render(assessment))
    text = console.export_text()
    assert "Risk: high" in text
    assert "declared low, lower than computed high" in text
    assert "high: interrupted critical items: db" in text
    assert "Approvals needed" in text
    assert "2 of Team cab: @c1, @c2" in text
    assert "1 of Team ops: @ana, @bo" in text
    assert "ConfigurationItem db  interrupted" in text
    assert "ConfigurationItem cluster  degraded" in text
    assert "Customers: 2 (710 users lose a service)" in text


def test_text_of_a_large_blast_radius_is_cut(tmp_path: Path) -> None:
    index = fan(tmp_path, 200)
    assessment = assess_change(index, seeds_from_keys(index, [("Change", "chg-big")]))
    console = Console(record=True, width=200, color_system=None)
    console.print(impact_text.render(assessment))
    text = console.export_text()
    assert "… more not shown (201 items in all)" in text
    assert text.count("ConfigurationItem app-") < 200
