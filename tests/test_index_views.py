"""The index's derived views (flat needs, unresolved references, the entity graph built
when first asked) say exactly what the entities say."""

from __future__ import annotations

from collections import defaultdict

import pytest

from svcascode.index import CI, EntityKey, Index
from svcascode.itemfacts import item_facts
from svcascode.loader.load import load
from svcascode.loader.sources import WorkingTree
from svcascode.model.agreement import Agreement
from svcascode.model.change import Change
from svcascode.model.ci import ConfigurationItem
from svcascode.model.service import Service
from tests.conftest import PROJECT, WriteRepo
from tests.rules.helpers import PARTIES, agreement, documents, item, service


@pytest.fixture(scope="module")
def example() -> Index:
    return Index.build(load(WorkingTree(PROJECT)))


@pytest.fixture
def dangling(write_repo: WriteRepo) -> Index:
    files = {
        "agreements/parties.yaml": PARTIES,
        "agreements/olas.yaml": agreement("ola", "OLA", "ops", "cis: [app, nothere]"),
        "cmdb/items.yaml": documents(
            item("app", "depends_on: [db, {any_of: [db, ghost], min: 1}]"),
            item("db", owner="web"),
            # broken: a class that does not exist, but a kind and an id
            "apiVersion: svcascode/v1\nkind: ConfigurationItem\nmetadata:\n  id: half\n"
            "spec:\n  class: teapot\n",
        ),
        "catalog/services.yaml": service("web", "cis: [app, half, gone]"),
    }
    return Index.build(load(WorkingTree(write_repo(files), use_git=False)))


def expected_requires(index: Index) -> dict[EntityKey, set[EntityKey]]:
    requires: dict[EntityKey, set[EntityKey]] = defaultdict(set)
    for ci, needs in index.needs.items():
        for need in needs:
            requires[(CI, ci)].update((CI, m) for m in need.members)
    for record, svc in index.items(Service):
        requires[("Service", record.id)].update((CI, c) for c in svc.spec.cis)
        requires[("Service", record.id)].update(("Service", s) for s in svc.spec.depends_on)
    for record, a in index.items(Agreement):
        key = ("Agreement", record.id)
        requires[key].update(("Service", s) for s in a.spec.services)
        requires[key].update((CI, c) for c in a.spec.cis)
        requires[key].update(("Agreement", u) for u in a.spec.underpinned_by)
        if a.spec.type == "SLA":
            requires[("Customer", a.spec.party)].add(key)
    for record, change in index.items(Change):
        requires[("Change", record.id)].update((CI, c) for c in change.spec.cis)
    return dict(requires)


@pytest.mark.parametrize("which", ["example", "dangling"])
def test_views_match_the_entities(which: str, request: pytest.FixtureRequest) -> None:
    index: Index = request.getfixturevalue(which)
    assert index.needed == {
        ci: [m for need in needs for m in need.members] for ci, needs in index.needs.items()
    }
    assert index.members_needed("nothing-of-that-name") == []
    requires = expected_requires(index)
    assert index.requires == requires
    required_by: dict[EntityKey, set[EntityKey]] = defaultdict(set)
    for source, targets in requires.items():
        for target in targets:
            required_by[target].add(source)
    assert index.required_by == dict(required_by)
    covered: dict[EntityKey, set[str]] = defaultdict(set)
    services: dict[str, set[str]] = defaultdict(set)
    for (kind, ident), targets in requires.items():
        for target_kind, target in targets:
            if kind == "Agreement" and target_kind in ("Service", CI):
                covered[(target_kind, target)].add(ident)
            if kind == "Service" and target_kind == "Service":
                services[target].add(ident)
    assert index.covered_by == dict(covered)
    assert index.service_needed_by == dict(services)
    assert index.unresolved_references() == [
        ref
        for ref in index.references
        if index.resolve(ref) is None and (ref.kind, ref.target) not in index.broken
    ]


def test_unresolved_references_are_the_dangling_ones(dangling: Index) -> None:
    found = {(ref.source.id, ref.kind, ref.target) for ref in dangling.unresolved_references()}
    assert found == {
        ("app", CI, "ghost"),
        ("ola", CI, "nothere"),
        ("web", CI, "gone"),
        ("db", "Team", "web"),
    }


@pytest.mark.parametrize("which", ["example", "dangling"])
def test_item_facts_are_what_the_entities_say(which: str, request: pytest.FixtureRequest) -> None:
    index: Index = request.getfixturevalue(which)
    facts = item_facts(index)
    records = [record for table in index.by_kind.values() for record in table.values()]
    assert facts.ownerless == [r for r in records if not r.entity.metadata.owner]
    items = list(index.items(ConfigurationItem))
    assert facts.retired == {r.id for r, i in items if i.spec.lifecycle == "retired"}
    assert facts.critical == {r.id for r, i in items if i.spec.criticality == "critical"}
    assert facts.supplied == {r.id for r, i in items if i.spec.supplier}
    owned: dict[str, list[str]] = defaultdict(list)
    for record, entity in items:
        if entity.metadata.owner:
            owned[entity.metadata.owner].append(record.id)
    assert facts.owned == owned


def test_graphs_can_wait_until_asked_for() -> None:
    """The base side of a diff builds its graphs only if something asks (a deletion)."""
    loaded = load(WorkingTree(PROJECT))
    eager, lazy = Index.build(loaded), Index.build(loaded, graphs=False)
    assert lazy._graphs is None
    assert lazy.needs == eager.needs and lazy.covered_by == eager.covered_by
    assert lazy._graphs is not None
    assert eager.graphs() is eager.graphs()
