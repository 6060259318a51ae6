"""Propagation on hand-drawn graphs: chains, diamonds, redundancy, services, deletions."""

from __future__ import annotations

from collections.abc import Mapping

from svcascode.impact import Seeds, analyse, seeds_from_keys
from svcascode.index import Index
from svcascode.propagation import State, spread
from tests.conftest import LintFiles


def ci(ident: str, *needs: str, extra: str = "") -> str:
    deps = "".join(f"\n    - {n}" for n in needs)
    depends = f"\n  depends_on:{deps}" if needs else ""
    return f"""---
apiVersion: svcascode/v1
kind: ConfigurationItem
metadata: {{id: {ident}, owner: ops}}
spec:
  class: server{depends}{extra}
"""


def service(ident: str, cis: list[str], depends_on: list[str] | None = None) -> str:
    depends = f"\n  depends_on: [{', '.join(depends_on)}]" if depends_on else ""
    return f"""---
apiVersion: svcascode/v1
kind: Service
metadata: {{id: {ident}, owner: ops}}
spec:
  type: business
  cis: [{", ".join(cis)}]{depends}
"""


TEAM = """---
apiVersion: svcascode/v1
kind: Team
metadata: {id: ops}
spec: {members: [{handle: ana}]}
"""


def build(lint_files: LintFiles, *documents: str) -> Index:
    files: Mapping[str, str] = {
        "agreements/team.yaml": TEAM,
        "cmdb/all.yaml": "".join(documents),
    }
    result = lint_files(files)
    # An umbrella service realised only through other services is fine for these tests.
    findings = [f for f in result.findings if f.rule != "live-service-without-items"]
    assert findings == [], [str(f) for f in findings]
    assert result.index is not None
    return result.index


def test_a_chain_is_interrupted_all_the_way(lint_files: LintFiles) -> None:
    index = build(lint_files, ci("db"), ci("app", "db"), ci("web", "app"), ci("other"))
    reach = spread(index, ["db"])
    assert reach.cis == {
        "db": State.INTERRUPTED,
        "app": State.INTERRUPTED,
        "web": State.INTERRUPTED,
    }


def test_a_diamond_is_reached_once(lint_files: LintFiles) -> None:
    index = build(lint_files, ci("db"), ci("a", "db"), ci("b", "db"), ci("top", "a", "b"))
    assert set(spread(index, ["db"]).cis) == {"db", "a", "b", "top"}


def test_redundancy_degrades_until_min_is_lost(lint_files: LintFiles) -> None:
    group = "\n    - {any_of: [n1, n2, n3], min: 2}"
    index = build(
        lint_files,
        ci("n1"),
        ci("n2"),
        ci("n3"),
        ci("cluster", extra=f"\n  depends_on:{group}"),
        ci("app", "cluster"),
    )
    one = spread(index, ["n1"])
    assert one.cis == {"n1": State.INTERRUPTED, "cluster": State.DEGRADED, "app": State.DEGRADED}
    two = spread(index, ["n1", "n2"])
    assert two.cis["cluster"] is State.INTERRUPTED and two.cis["app"] is State.INTERRUPTED


def test_nested_redundancy_groups(lint_files: LintFiles) -> None:
    index = build(
        lint_files,
        ci("a1"),
        ci("a2"),
        ci("b1"),
        ci("b2"),
        ci("site-a", extra="\n  depends_on:\n    - {any_of: [a1, a2]}"),
        ci("site-b", extra="\n  depends_on:\n    - {any_of: [b1, b2]}"),
        ci("app", extra="\n  depends_on:\n    - {any_of: [site-a, site-b]}"),
    )
    assert spread(index, ["a1", "a2"]).cis == {
        "a1": State.INTERRUPTED,
        "a2": State.INTERRUPTED,
        "site-a": State.INTERRUPTED,
        "app": State.DEGRADED,
    }
    assert spread(index, ["a1", "b1"]).cis["app"] is State.DEGRADED
    assert spread(index, ["a1", "a2", "b2", "b1"]).cis["app"] is State.INTERRUPTED


def test_services_follow_items_and_service_dependencies(lint_files: LintFiles) -> None:
    index = build(
        lint_files,
        ci("db"),
        ci("app", "db"),
        ci("mail"),
        service("ehr", ["app"]),
        service("portal", ["mail"], depends_on=["ehr"]),
        service("umbrella", [], depends_on=["ehr"]),
        service("unrelated", ["mail"]),
    )
    reach = spread(index, ["db"])
    # ehr's items are down; portal has items of its own that still work, so the
    # service-level dependency degrades it; umbrella has no items and inherits.
    assert reach.services == {
        "ehr": State.INTERRUPTED,
        "portal": State.DEGRADED,
        "umbrella": State.INTERRUPTED,
    }


def test_a_cycle_does_not_loop(lint_files: LintFiles) -> None:
    files = {
        "agreements/team.yaml": TEAM,
        "cmdb/all.yaml": ci("a", "b") + ci("b", "a") + ci("c", "b"),
    }
    index = lint_files(files).index
    assert index is not None
    assert set(spread(index, ["a"]).cis) == {"a", "b", "c"}


def test_deleted_items_spread_on_the_base_graph(lint_files: LintFiles) -> None:
    base = build(lint_files, ci("db"), ci("app", "db"), service("ehr", ["app"]))
    head = build(lint_files, ci("app"), service("ehr", ["app"]))
    impact = analyse(head, Seeds(deleted_cis={"db"}), base)
    assert impact.cis == {"app": "interrupted", "db": "interrupted"}
    assert impact.services == {"ehr": "interrupted"}


def test_named_services_and_changes_seed_the_analysis(lint_files: LintFiles) -> None:
    change = """---
apiVersion: svcascode/v1
kind: Change
metadata: {id: chg-1}
spec:
  type: normal
  cis: [db]
  window: {start: 2027-01-05T22:00:00+01:00, end: 2027-01-05T23:00:00+01:00}
  requester: ana
  backout: restore
"""
    index = build(lint_files, ci("db"), ci("app", "db"), service("ehr", ["app"]), change)
    seeds = seeds_from_keys(index, [("Change", "chg-1"), ("Service", "ehr")])
    assert seeds.cis == {"db"} and seeds.services == {"ehr"} and seeds.changes == ["chg-1"]
    impact = analyse(index, seeds)
    assert impact.changes == ["chg-1"]
    assert impact.cis == {"db": "interrupted", "app": "interrupted"}
