"""Selectors: parsing every form, the errors, and selection over small repositories."""

from __future__ import annotations

import dataclasses

import pytest

from svcascode.index import EntityKey, Index
from svcascode.lint import lint
from svcascode.loader.sources import WorkingTree
from svcascode.selection import (
    Atom,
    Method,
    Selection,
    SelectorError,
    Term,
    parse,
    select,
)
from tests.conftest import PROJECT, LintFiles


def _doc(kind: str, ident: str, spec: str, meta: str = "") -> str:
    """One document; ``spec`` and ``meta`` are YAML lines indented by two spaces."""
    return (
        f"apiVersion: svcascode/v1\nkind: {kind}\nmetadata:\n  id: {ident}\n{meta}"
        f"spec:\n{spec or '  {}'}\n"
    )


def _ci(ident: str, owner: str, spec: str, labels: str = "") -> str:
    meta = f"  owner: {owner}\n" + (f"  labels: {labels}\n" if labels else "")
    return _doc("ConfigurationItem", ident, spec, meta)


# A chain (web needs app needs db), a service over web and app, an SLA over the service
# with its customer, a UC with a supplier over db, a change to db, a diamond of items
# (d-top needs d-left or d-right, both need d-base) and a cycle (x1 and x2 need each other).
FILES = {
    "agreements/parties.yaml": "---\n".join(
        [
            _doc("Team", "ops", "  members: [{handle: ana}]"),
            _doc("Team", "dba", "  members: [{handle: bo}]"),
            _doc("Team", "net", "  members: [{handle: cy}]"),
            _doc("Customer", "hospital", "  users: 100"),
            _doc("Supplier", "acme", ""),
        ]
    ),
    "cmdb/database/db.yaml": _ci(
        "db",
        "dba",
        "  class: database\n  criticality: critical\n  supplier: acme",
        labels="{tier: data}",
    ),
    "cmdb/app.yaml": _ci("app", "ops", "  class: application\n  depends_on: [db]"),
    "cmdb/web.yaml": _ci(
        "web",
        "ops",
        "  class: application\n  environment: test\n  depends_on: [{ci: app, relation: uses}]",
        labels="{tier: front}",
    ),
    "cmdb/network/diamond.yaml": "---\n".join(
        [
            _ci("d-base", "net", "  class: network"),
            _ci("d-left", "net", "  class: network\n  depends_on: [d-base]"),
            _ci("d-right", "net", "  class: network\n  depends_on: [d-base]"),
            _ci("d-top", "net", "  class: server\n  depends_on: [{any_of: [d-left, d-right]}]"),
            _ci("x1", "net", "  class: other\n  lifecycle: retired\n  depends_on: [x2]"),
            _ci("x2", "net", "  class: other\n  depends_on: [x1]"),
        ]
    ),
    "catalog/portal.yaml": _doc(
        "Service",
        "portal",
        "  type: business\n  domain: patient\n  cis: [web, app]",
        "  owner: ops\n  labels: {tier: front}\n",
    ),
    "agreements/sla.yaml": _doc(
        "Agreement", "sla-hospital", "  type: SLA\n  party: hospital\n  services: [portal]"
    ),
    "agreements/uc.yaml": _doc("Agreement", "uc-acme", "  type: UC\n  party: acme\n  cis: [db]"),
    "changes/chg-db.yaml": _doc(
        "Change",
        "chg-db",
        "  type: normal\n  cis: [db]\n  requester: ana\n  backout: restore\n"
        "  window: {start: '2026-01-01T10:00:00+01:00', end: '2026-01-01T11:00:00+01:00'}",
    ),
}


@pytest.fixture
def index(lint_files: LintFiles) -> Index:
    result = lint_files(FILES)
    assert result.index is not None
    return result.index


def ids(index: Index, *include: str, exclude: tuple[str, ...] = ()) -> set[str]:
    """``kind/id`` of what the expressions select (short names for readable asserts)."""
    return {f"{kind}/{ident}" for kind, ident in select(index, include, exclude).keys}


def keys(index: Index, *include: str) -> list[EntityKey]:
    return select(index, include).keys


CHAIN_DOWN = {
    "ConfigurationItem/db",
    "ConfigurationItem/app",
    "ConfigurationItem/web",
    "Service/portal",
    "Agreement/sla-hospital",
    "Customer/hospital",
    "Agreement/uc-acme",
    "Change/chg-db",
}


# --------------------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ehr", Atom(Method.ID, "ehr", text="ehr")),
        ("ehr-*", Atom(Method.ID, "ehr-*", text="ehr-*")),
        ("Service/ehr", Atom(Method.ID, "ehr", kind="Service", text="Service/ehr")),
        ("service/ehr", Atom(Method.ID, "ehr", kind="Service", text="service/ehr")),
        ("ci/db", Atom(Method.ID, "db", kind="ConfigurationItem", text="ci/db")),
        ("kind:Service", Atom(Method.KIND, "Service", text="kind:Service")),
        ("kind:ci", Atom(Method.KIND, "ConfigurationItem", text="kind:ci")),
        ("KIND:agreement", Atom(Method.KIND, "Agreement", text="KIND:agreement")),
        ("kind:Change*", Atom(Method.KIND, "Change*", text="kind:Change*")),
        ("owner:ops", Atom(Method.OWNER, "ops", text="owner:ops")),
        ("label:tier=data", Atom(Method.LABEL, "tier=data", text="label:tier=data")),
        ("label:tier", Atom(Method.LABEL, "tier", text="label:tier")),
        ("id:d-*", Atom(Method.ID, "d-*", text="id:d-*")),
        ("path:cmdb/network", Atom(Method.PATH, "cmdb/network", text="path:cmdb/network")),
        ("type:SLA", Atom(Method.TYPE, "SLA", text="type:SLA")),
        ("class:database", Atom(Method.CLASS, "database", text="class:database")),
        ("env:test", Atom(Method.ENVIRONMENT, "test", text="env:test")),
        ("environment:prod*", Atom(Method.ENVIRONMENT, "prod*", text="environment:prod*")),
        ("lifecycle:live", Atom(Method.LIFECYCLE, "live", text="lifecycle:live")),
        ("criticality:high", Atom(Method.CRITICALITY, "high", text="criticality:high")),
        ("domain:clinical", Atom(Method.DOMAIN, "clinical", text="domain:clinical")),
        ("supplier:acme", Atom(Method.SUPPLIER, "acme", text="supplier:acme")),
        ("customer:hospital", Atom(Method.CUSTOMER, "hospital", text="customer:hospital")),
    ],
)
def test_methods_parse(text: str, expected: Atom) -> None:
    assert parse(text) == Selection((Term((expected,)),), text)


@pytest.mark.parametrize(
    ("text", "upstream", "downstream", "at"),
    [
        ("db", 0, 0, False),
        ("+db", None, 0, False),
        ("db+", 0, None, False),
        ("+db+", None, None, False),
        ("2+db", 2, 0, False),
        ("db+3", 0, 3, False),
        ("1+db+12", 1, 12, False),
        ("@db", 0, 0, True),
        ("+kind:Service", None, 0, False),
        ("2+Service/ehr+", 2, None, False),
    ],
)
def test_graph_operators_parse(
    text: str, upstream: int | None, downstream: int | None, at: bool
) -> None:
    (atom,) = parse(text).atoms()
    assert (atom.upstream, atom.downstream, atom.at) == (upstream, downstream, at)


def test_an_id_of_digits_with_a_suffix_is_an_id_not_a_depth() -> None:
    (atom,) = parse("2+").atoms()
    assert (atom.value, atom.upstream, atom.downstream) == ("2", 0, None)


def test_spaces_unite_terms_and_commas_intersect_atoms() -> None:
    selection = parse("  kind:Service,owner:ops   +db ")
    assert [[a.text for a in term.atoms] for term in selection.terms] == [
        ["kind:Service", "owner:ops"],
        ["+db"],
    ]


def test_parsed_selectors_are_frozen() -> None:
    atom = next(parse("db+").atoms())
    with pytest.raises(dataclasses.FrozenInstanceError):
        atom.value = "other"  # type: ignore[misc]
    assert str(atom) == "db+"
    assert str(Atom(Method.OWNER, "ops", upstream=2, downstream=None)) == "2+owner:ops+"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "empty selector; name what to select, e.g. 'ehr-db-prod+'"),
        ("   ", "empty selector"),
        ("a,,b", "empty atom in 'a,,b' (in 'a,,b'): two commas in a row"),
        ("kind:Service, owner:ops", "commas join atoms without spaces, e.g. 'kind:Service,"),
        (",db", "commas join atoms without spaces"),
        ("ownr:ops", "unknown selector method 'ownr' in 'ownr:ops'; did you mean 'owner'?"),
        ("colour:red", "use one of id, kind, owner"),
        ("enviro:test", "did you mean 'environment'? e.g. 'environment:production'"),
        ("@db+", "'@' cannot be combined with '+' in '@db+'"),
        ("@+db", "write e.g. '@ehr-db-prod'"),
        ("db@", "'@' goes only at the start, once"),
        ("@@db", "'@' goes only at the start, once"),
        ("db++", "misplaced '+' in 'db++'"),
        ("a+b", "it goes before the method"),
        ("label:k=a+b", "misplaced '+'"),
        ("+", "'+' names nothing to select"),
        ("@", "'@' names nothing to select"),
        ("0+db", "a depth of 0 in '0+db' adds nothing"),
        ("db+0", "e.g. '1+ehr' or 'ehr-db-prod+2'"),
        ("owner:", "'owner:' needs a value after ':', e.g. 'owner:ops'"),
        ("kind:Servce", "unknown kind 'Servce' in 'kind:Servce'; did you mean 'kind:Service'?"),
        ("kind:xyzzy", "kinds are Team, Customer, Supplier, Service"),
        ("Servce/ehr", "did you mean 'Service/ehr'?"),
        ("cmdb/network", "for a file or folder write 'path:cmdb/network'"),
        ("Service/", "'Service/' needs an id after '/', e.g. 'Service/ehr'"),
        ("Service/Ehr", "'Ehr' in 'Service/Ehr' is not an id; ids are lower-case"),
        ("Service", "'Service' is a kind: write 'kind:Service' for every Service"),
        ("+CI", "write 'kind:ConfigurationItem'"),
        ("ehr.yaml", "for a file or folder write 'path:ehr.yaml'"),
        ("ehr_db", "'ehr_db' is not an id"),
        ("label:=x", "has no label key; write 'label:KEY' or 'label:KEY=VALUE'"),
        ("class:databse", "no class is called 'databse' in 'class:databse'; did you mean"),
        ("type:xyzzy", "one of business, technical, SLA, OLA, UC, standard"),
        ("env:prod", "did you mean 'env:production'?"),
        ("criticality:hihg", "did you mean 'criticality:high'?"),
    ],
)
def test_malformed_selectors_say_what_is_wrong_and_what_is_right(text: str, says: str) -> None:
    with pytest.raises(SelectorError) as caught:
        parse(text)
    assert says in str(caught.value)


def test_selector_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse("nope:x")


def test_closed_vocabularies_are_case_insensitive_and_allow_wildcards() -> None:
    for text in ("type:sla", "class:DATABASE", "env:prod*", "lifecycle:?ive"):
        assert parse(text).terms


# --------------------------------------------------------------------------- selecting


def test_downstream_reaches_dependents_services_agreements_customers(index: Index) -> None:
    assert ids(index, "db+") == CHAIN_DOWN


def test_downstream_hops(index: Index) -> None:
    assert ids(index, "db+1") == {
        "ConfigurationItem/db",
        "ConfigurationItem/app",
        "Agreement/uc-acme",
        "Change/chg-db",
    }
    assert ids(index, "web+2") == {
        "ConfigurationItem/web",
        "Service/portal",
        "Agreement/sla-hospital",
    }


def test_upstream_is_what_it_needs(index: Index) -> None:
    assert ids(index, "+web") == {
        "ConfigurationItem/web",
        "ConfigurationItem/app",
        "ConfigurationItem/db",
    }
    assert ids(index, "1+web") == {"ConfigurationItem/web", "ConfigurationItem/app"}
    assert ids(index, "+hospital") == {
        "Customer/hospital",
        "Agreement/sla-hospital",
        "Service/portal",
        "ConfigurationItem/web",
        "ConfigurationItem/app",
        "ConfigurationItem/db",
    }


def test_both_directions(index: Index) -> None:
    assert ids(index, "1+app+1") == {
        "ConfigurationItem/app",
        "ConfigurationItem/db",
        "ConfigurationItem/web",
        "Service/portal",
    }


def test_at_takes_downstream_and_everything_those_need(index: Index) -> None:
    at = ids(index, "@app")
    assert at == {
        "ConfigurationItem/app",
        "ConfigurationItem/web",
        "ConfigurationItem/db",
        "Service/portal",
        "Agreement/sla-hospital",
        "Customer/hospital",
    }
    assert "ConfigurationItem/db" not in ids(index, "app+")


def test_diamond(index: Index) -> None:
    diamond = {f"ConfigurationItem/d-{n}" for n in ("base", "left", "right", "top")}
    assert ids(index, "d-base+") == diamond
    assert ids(index, "+d-top") == diamond
    assert ids(index, "d-base+1") == diamond - {"ConfigurationItem/d-top"}
    assert ids(index, "@d-left") == diamond


def test_cycles_end(index: Index) -> None:
    cycle = {"ConfigurationItem/x1", "ConfigurationItem/x2"}
    assert ids(index, "x1+") == cycle
    assert ids(index, "+x1") == cycle
    assert ids(index, "@x2") == cycle
    assert ids(index, "x1+5") == cycle


def test_union_of_terms_and_of_expressions(index: Index) -> None:
    assert ids(index, "web d-top") == {"ConfigurationItem/web", "ConfigurationItem/d-top"}
    assert ids(index, "web", "d-top") == ids(index, "web d-top")


def test_intersection(index: Index) -> None:
    assert ids(index, "kind:Service,owner:ops") == {"Service/portal"}
    assert ids(index, "kind:ci,owner:ops") == {"ConfigurationItem/app", "ConfigurationItem/web"}
    assert ids(index, "db+,kind:Agreement") == {"Agreement/sla-hospital", "Agreement/uc-acme"}
    assert ids(index, "owner:ops,owner:dba") == set()


def test_exclude(index: Index) -> None:
    assert ids(index, "db+", exclude=("kind:Agreement kind:Change",)) == CHAIN_DOWN - {
        "Agreement/sla-hospital",
        "Agreement/uc-acme",
        "Change/chg-db",
    }
    assert ids(index, "db+", exclude=("web+", "Change/chg-db")) == {
        "ConfigurationItem/db",
        "ConfigurationItem/app",
        "Agreement/uc-acme",
    }


def test_no_include_selects_everything(index: Index) -> None:
    everything = set(index.entity_keys())
    assert set(select(index, []).keys) == everything
    assert len(select(index, [], ["kind:ci"]).keys) == len(everything) - 9


def test_labels(index: Index) -> None:
    assert ids(index, "label:tier") == {
        "ConfigurationItem/db",
        "ConfigurationItem/web",
        "Service/portal",
    }
    assert ids(index, "label:tier=front") == {"ConfigurationItem/web", "Service/portal"}
    assert ids(index, "label:tier=d*") == {"ConfigurationItem/db"}
    assert ids(index, "label:*=data") == {"ConfigurationItem/db"}
    assert ids(index, "label:tier=Data") == set()


def test_path_file_folder_and_glob(index: Index) -> None:
    assert ids(index, "path:cmdb/database/db.yaml") == {"ConfigurationItem/db"}
    assert ids(index, "path:cmdb/database") == {"ConfigurationItem/db"}
    assert ids(index, "path:./cmdb/database/") == {"ConfigurationItem/db"}
    assert ids(index, "path:cmdb/net*") == ids(index, "path:cmdb/network")
    assert len(ids(index, "path:cmdb/network")) == 6
    assert ids(index, "path:agreements/*.yaml,kind:Team") == {
        "Team/ops",
        "Team/dba",
        "Team/net",
    }
    assert ids(index, "path:cmdb/data") == set()


def test_field_methods(index: Index) -> None:
    assert ids(index, "type:sla") == {"Agreement/sla-hospital"}
    assert ids(index, "type:business type:normal") == {"Service/portal", "Change/chg-db"}
    assert ids(index, "class:application") == {"ConfigurationItem/app", "ConfigurationItem/web"}
    assert ids(index, "env:test") == {"ConfigurationItem/web"}
    assert ids(index, "lifecycle:retired") == {"ConfigurationItem/x1"}
    assert ids(index, "criticality:critical") == {"ConfigurationItem/db"}
    assert ids(index, "domain:patient") == {"Service/portal"}
    assert ids(index, "supplier:acme") == {"ConfigurationItem/db", "Agreement/uc-acme"}
    assert ids(index, "customer:hosp*") == {"Agreement/sla-hospital"}
    assert ids(index, "kind:Change*") == {"Change/chg-db"}
    assert ids(index, "id:d-*,class:network") == {
        "ConfigurationItem/d-base",
        "ConfigurationItem/d-left",
        "ConfigurationItem/d-right",
    }


def test_bare_id_matches_every_kind_and_kind_id_one(lint_files: LintFiles) -> None:
    files = dict(FILES)
    files["catalog/db.yaml"] = _doc("Service", "db", "  type: technical", "  owner: dba\n")
    result = lint_files(files)
    assert result.index is not None
    assert ids(result.index, "db") == {"Service/db", "ConfigurationItem/db"}
    assert ids(result.index, "ci/db") == {"ConfigurationItem/db"}
    assert ids(result.index, "service/db") == {"Service/db"}


def test_keys_are_sorted_by_kind_order_then_id(index: Index) -> None:
    assert keys(index, "db+") == [
        ("Customer", "hospital"),
        ("Service", "portal"),
        ("ConfigurationItem", "app"),
        ("ConfigurationItem", "db"),
        ("ConfigurationItem", "web"),
        ("Agreement", "sla-hospital"),
        ("Agreement", "uc-acme"),
        ("Change", "chg-db"),
    ]


def test_unmatched_atoms_are_reported_not_raised(index: Index) -> None:
    result = select(index, ["nope+ db", "Service/db", "owner:nobody,db"], ["gone nope+"])
    assert [f"{k}/{i}" for k, i in result.keys] == ["ConfigurationItem/db"]
    assert result.unmatched == ["nope+", "Service/db", "owner:nobody", "gone"]


def test_a_lone_string_is_one_expression(index: Index) -> None:
    assert select(index, "web app").keys == select(index, ["web", "app"]).keys


def test_bad_expressions_raise_before_selecting(index: Index) -> None:
    with pytest.raises(SelectorError, match="did you mean 'owner'"):
        select(index, ["db"], ["ownr:ops"])


def test_references_to_missing_entities_are_not_selected(lint_files: LintFiles) -> None:
    files = {
        **FILES,
        "cmdb/app.yaml": _ci("app", "ops", "  class: application\n  depends_on: [db, ghost]"),
    }
    result = lint_files(files)
    assert result.index is not None
    assert "ConfigurationItem/ghost" not in ids(result.index, "+app")
    assert ids(result.index, "ghost") == set()


# --------------------------------------------------------------------------- the example


def test_example_organisation() -> None:
    index = lint(WorkingTree(PROJECT)).index
    assert index is not None
    downstream = select(index, ["ehr-db-prod+"])
    assert ("Service", "ehr") in downstream.keys
    assert ("ConfigurationItem", "ehr-db-prod") in downstream.keys
    assert any(kind == "Customer" for kind, _ in downstream.keys)
    assert downstream.unmatched == []
    assert select(index, ["Service/ehr"], ["kind:Service"]).keys == []
    services = select(index, ["ehr-db-prod+,kind:Service"]).keys
    assert services and all(kind == "Service" for kind, _ in services)
    assert ("ConfigurationItem", "ehr-db-prod") in select(index, ["+Service/ehr"]).keys
