"""``svc diff``: the semantic change between two commits of a real git repository."""

from __future__ import annotations

import json
import subprocess
import textwrap
from collections.abc import Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner

from svcascode.changeset import changes_between
from svcascode.cli.diff import diff_command
from svcascode.errors import RepositoryError
from svcascode.model.types import HoursWindow, ServiceHours
from svcascode.report.diff_report import MARKER, render_markdown
from svcascode.report.markdown import cell
from svcascode.semantic_diff import (
    DiffEntry,
    HoursVerdict,
    SemanticDiff,
    compare_hours,
    semantic_diff,
)
from tests.conftest import write_files

# --------------------------------------------------------------------------- helpers


def doc(kind: str, ident: str, spec: str, meta: str = "") -> str:
    """One YAML document; ``spec`` is a YAML block, ``meta`` more metadata flow entries."""
    body = textwrap.indent(textwrap.dedent(spec).strip("\n"), "  ")
    return (
        f"---\napiVersion: svcascode/v1\nkind: {kind}\n"
        f"metadata: {{id: {ident}{meta}}}\nspec:\n{body}\n"
    )


def service(ident: str, spec: str = "type: business", meta: str = "") -> str:
    return doc("Service", ident, spec, ", owner: ops" + meta)


def item(ident: str, spec: str = "class: server", meta: str = "") -> str:
    return doc("ConfigurationItem", ident, spec, ", owner: ops" + meta)


def agreement(ident: str, spec: str, meta: str = "") -> str:
    return doc("Agreement", ident, spec, meta)


PARTIES = (
    doc("Team", "ops", "members: [{handle: ana}]")
    + doc("Team", "dba", "members: [{handle: bo}]")
    + doc("Customer", "north", "users: 100")
    + doc("Supplier", "acme", "contacts: [{handle: al}]")
)


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def two_commits(tmp_path: Path, before: Mapping[str, str], after: Mapping[str, str]) -> Path:
    """A repository whose ``HEAD~1`` holds ``before`` and ``HEAD`` holds ``after`` (files
    not in ``after`` deleted); the parties are in both."""
    root = write_files(tmp_path / "repo", {"agreements/parties.yaml": PARTIES, **before})
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "base")
    for name in set(before) - set(after):
        (root / name).unlink()
    write_files(root, after)
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "head")
    return root


def diff_of(tmp_path: Path, before: Mapping[str, str], after: Mapping[str, str]) -> SemanticDiff:
    root = two_commits(tmp_path, before, after)
    return semantic_diff(changes_between(root, "HEAD~1", "HEAD"), "HEAD~1", "HEAD")


def one(diff: SemanticDiff) -> DiffEntry:
    assert len(diff.entries) == 1, diff.entries
    return diff.entries[0]


def sla(targets: str, more: str = "", ident: str = "sla-north", type_: str = "SLA") -> str:
    party = {"SLA": "north", "OLA": "dba", "UC": "acme"}[type_]
    spec = f"type: {type_}\nparty: {party}\nservices: [ehr]\ntargets: {targets}\n{more}"
    return agreement(ident, spec)


EHR = service("ehr", "type: business\ncis: [app]", ", title: Electronic health record")
APP = item("app")


def sla_diff(tmp_path: Path, before: str, after: str) -> DiffEntry:
    """The entry of ``sla-north`` changed from ``before`` to ``after`` (both documents)."""
    files = {"catalog/ehr.yaml": EHR, "cmdb/app.yaml": APP}
    return one(
        diff_of(
            tmp_path,
            {**files, "agreements/sla.yaml": before},
            {**files, "agreements/sla.yaml": after},
        )
    )


# --------------------------------------------------------------------------- services


def test_service_added_and_removed(tmp_path: Path) -> None:
    diff = diff_of(
        tmp_path,
        {"catalog/old.yaml": service("old", meta=", title: Old desk")},
        {"catalog/new.yaml": service("new", "type: technical\nlifecycle: pipeline")},
    )
    assert diff.entries == (
        DiffEntry(
            kind="Service",
            id="new",
            title=None,
            category="added",
            summary="Service new added",
            details=("technical service, lifecycle pipeline",),
            consent_needed=False,
            severity="info",
            path="catalog/new.yaml",
        ),
        DiffEntry(
            kind="Service",
            id="old",
            title="Old desk",
            category="removed",
            summary="Service old (Old desk) removed",
            details=(),
            consent_needed=False,
            severity="notice",
            path="catalog/old.yaml",
        ),
    )


def test_service_removed_while_still_named_is_a_warning(tmp_path: Path) -> None:
    portal = service("portal", "type: business\ndepends_on: [auth]")
    diff = diff_of(
        tmp_path,
        {"catalog/auth.yaml": service("auth"), "catalog/portal.yaml": portal},
        {"catalog/portal.yaml": portal},
    )
    entry = one(diff)
    assert (entry.category, entry.severity) == ("removed", "warning")
    assert entry.details == ("still needed by services: portal",)


def test_service_retired_while_an_sla_covers_it(tmp_path: Path) -> None:
    retired = EHR.replace("cis: [app]", "cis: [app]\n  lifecycle: retired")
    files = {"cmdb/app.yaml": APP, "agreements/sla.yaml": sla("{availability: 99}")}
    entry = one(
        diff_of(
            tmp_path, {**files, "catalog/ehr.yaml": EHR}, {**files, "catalog/ehr.yaml": retired}
        )
    )
    assert entry.category == "retired"
    assert entry.summary == "Service ehr (Electronic health record) retired"
    assert entry.details == (
        "lifecycle: live -> retired",
        "still covered by agreements: sla-north",
    )
    assert entry.severity == "warning"
    assert not entry.consent_needed


def test_service_brought_live(tmp_path: Path) -> None:
    entry = one(
        diff_of(
            tmp_path,
            {"catalog/lab.yaml": service("lab", "type: business\nlifecycle: pipeline")},
            {"catalog/lab.yaml": service("lab", "type: business\nlifecycle: live")},
        )
    )
    assert (entry.category, entry.summary, entry.severity) == (
        "live",
        "Service lab brought live",
        "info",
    )
    assert entry.details == ("lifecycle: pipeline -> live",)


OFFERING = "{id: %s, title: T, fulfilment: manual}"


def test_service_rescoped(tmp_path: Path) -> None:
    before = service(
        "lab",
        f"""
        type: business
        domain: clinical
        cis: [a, b]
        depends_on: [auth]
        offerings: [{OFFERING % "access"}, {OFFERING % "report"}]
        """,
    )
    after = service(
        "lab",
        f"""
        type: technical
        domain: research
        parent: ehr
        cis: [b, c, d]
        depends_on: [print]
        offerings: [{OFFERING % "report"}, {OFFERING % "export"}]
        """,
    )
    entry = one(diff_of(tmp_path, {"catalog/lab.yaml": before}, {"catalog/lab.yaml": after}))
    assert (entry.category, entry.severity) == ("rescoped", "notice")
    assert entry.details == (
        "items added: c, d",
        "items removed: a",
        "dependencies added: print",
        "dependencies removed: auth",
        "offerings added: export",
        "offerings removed: access",
        "type: business -> technical",
        "domain: clinical -> research",
        "parent: none -> ehr",
    )


def test_service_offering_changed_in_place(tmp_path: Path) -> None:
    changed = OFFERING.replace("manual", "automated")
    entry = one(
        diff_of(
            tmp_path,
            {"catalog/lab.yaml": service("lab", f"type: business\nofferings: [{OFFERING % 'x'}]")},
            {"catalog/lab.yaml": service("lab", f"type: business\nofferings: [{changed % 'x'}]")},
        )
    )
    assert (entry.category, entry.details) == ("rescoped", ("offerings changed: x",))


def test_service_other_fields_edited(tmp_path: Path) -> None:
    after = service("lab", "type: business\nfaq: [{question: q, answer: a}]", ", title: Lab")
    entry = one(
        diff_of(tmp_path, {"catalog/lab.yaml": service("lab")}, {"catalog/lab.yaml": after})
    )
    assert (entry.category, entry.severity) == ("edited", "info")
    assert entry.details == ("other fields changed: metadata.title, spec.faq",)


def test_an_entity_moved_unchanged_is_no_change(tmp_path: Path) -> None:
    diff = diff_of(tmp_path, {"catalog/a.yaml": service("lab")}, {"catalog/b.yaml": service("lab")})
    assert diff.entries == ()


# --------------------------------------------------------------------------- agreements


def test_sla_availability_lowered_is_weakened_and_needs_consent(tmp_path: Path) -> None:
    entry = sla_diff(tmp_path, sla("{availability: 99.9}"), sla("{availability: 99.5}"))
    assert entry == DiffEntry(
        kind="Agreement",
        id="sla-north",
        title=None,
        category="weakened",
        summary="SLA sla-north weakened; needs the customer's consent (north)",
        details=("availability lowered: 99.9% -> 99.5%",),
        consent_needed=True,
        severity="warning",
        path="agreements/sla.yaml",
        customer="north",
    )
    assert entry.consent == "needs the customer's consent (north)"


def test_sla_availability_raised_is_strengthened_without_consent(tmp_path: Path) -> None:
    entry = sla_diff(tmp_path, sla("{availability: 99.5}"), sla("{availability: 99.9}"))
    assert (entry.category, entry.consent_needed, entry.consent) == ("strengthened", False, None)
    assert entry.details == ("availability raised: 99.5% -> 99.9%",)
    assert (entry.summary, entry.severity) == ("SLA sla-north strengthened", "info")


def test_availability_target_dropped_and_added(tmp_path: Path) -> None:
    dropped = sla_diff(tmp_path / "a", sla("{availability: 99.9}"), sla("{}"))
    added = sla_diff(tmp_path / "b", sla("{}"), sla("{availability: 99}"))
    assert (dropped.category, dropped.details) == (
        "weakened",
        ("availability target dropped (was 99.9%)",),
    )
    assert (added.category, added.details) == ("strengthened", ("availability target added: 99%",))


def test_response_and_resolution_per_priority(tmp_path: Path) -> None:
    before = sla("{response: {P1: 15m, P2: 1h, P3: 4h}, resolution: {P1: 4h, P2: 1d}}")
    after = sla("{response: {P1: 30m, P2: 30m, P4: 1d}, resolution: {P1: 4h, P2: 2d}}")
    entry = sla_diff(tmp_path, before, after)
    assert entry.category == "weakened"
    assert entry.consent_needed
    assert entry.details == (
        "response P1 longer: 15m -> 30m",
        "response P2 shorter: 1h -> 30m",
        "response P3 dropped (was 4h)",
        "response P4 added: 1d",
        "resolution P2 longer: 1d -> 2d",
    )


def test_only_shorter_times_strengthen(tmp_path: Path) -> None:
    entry = sla_diff(tmp_path, sla("{resolution: {P1: 8h}}"), sla("{resolution: {P1: PT4H}}"))
    assert (entry.category, entry.consent_needed) == ("strengthened", False)
    assert entry.details == ("resolution P1 shorter: 8h -> 4h",)


OSLO = '{days: %s, from: "%s", to: "%s", timezone: Europe/Oslo}'


def test_service_hours_narrowed_from_24x7(tmp_path: Path) -> None:
    after = sla("{}", "service_hours: " + OSLO % ("mon-fri", "07:00", "17:00"))
    entry = sla_diff(tmp_path, sla("{}", "service_hours: 24x7"), after)
    assert (entry.category, entry.consent_needed) == ("weakened", True)
    assert entry.details == ("service hours narrowed: 24x7 -> mon-fri 07:00-17:00 Europe/Oslo",)


def test_service_hours_widened_and_changed(tmp_path: Path) -> None:
    weekdays = sla("{}", "service_hours: " + OSLO % ("mon-fri", "08:00", "16:00"))
    week = sla("{}", "service_hours: " + OSLO % ("mon-sun", "08:00", "16:00"))
    shifted = sla("{}", "service_hours: " + OSLO % ("mon-fri", "09:00", "17:00"))
    widened = sla_diff(tmp_path / "a", weekdays, week)
    changed = sla_diff(tmp_path / "b", weekdays, shifted)
    assert (widened.category, widened.details) == (
        "strengthened",
        (
            "service hours widened: mon-fri 08:00-16:00 Europe/Oslo"
            " -> mon-sun 08:00-16:00 Europe/Oslo",
        ),
    )
    assert (changed.category, changed.consent_needed) == ("edited", False)
    assert changed.details == (
        "service hours changed: mon-fri 08:00-16:00 Europe/Oslo -> mon-fri 09:00-17:00 Europe/Oslo",
    )


def _window(days: str, start: str, end: str, timezone: str = "Europe/Oslo") -> HoursWindow:
    return HoursWindow.model_validate(
        {"days": days, "from": start, "to": end, "timezone": timezone}
    )


@pytest.mark.parametrize(
    ("before", "after", "verdict"),
    [
        ("24x7", _window("mon-sun", "00:00", "24:00"), "narrowed"),
        ("24x7", None, "narrowed"),
        (_window("mon-fri", "07:00", "17:00"), "24x7", "widened"),
        (_window("mon-fri", "07:00", "17:00"), _window("mon-thu", "07:00", "17:00"), "narrowed"),
        (_window("mon-fri", "07:00", "17:00"), _window("mon-fri", "08:00", "17:00"), "narrowed"),
        (_window("mon-fri", "07:00", "17:00"), _window("mon-sat", "06:00", "17:00"), "widened"),
        (_window("mon-fri", "22:00", "06:00"), _window("mon-fri", "20:00", "06:00"), "widened"),
        (_window("mon-fri", "07:00", "17:00"), _window("sat,sun", "07:00", "17:00"), "changed"),
        (_window("mon-fri", "07:00", "17:00"), _window("mon-thu", "06:00", "18:00"), "changed"),
        (
            _window("mon-fri", "07:00", "17:00"),
            _window("mon-fri", "07:00", "17:00", "UTC"),
            "changed",
        ),
        (None, _window("mon-fri", "07:00", "17:00"), "changed"),
    ],
)
def test_compare_hours(
    before: ServiceHours | None, after: ServiceHours | None, verdict: HoursVerdict
) -> None:
    assert compare_hours(before, after) == verdict


def test_validity_shortened_and_extended(tmp_path: Path) -> None:
    until = "valid_from: 2027-01-01\nvalid_until: %s"
    shortened = sla_diff(
        tmp_path / "a", sla("{}", until % "2027-12-31"), sla("{}", until % "2027-06-30")
    )
    extended = sla_diff(
        tmp_path / "b", sla("{}", until % "2027-12-31"), sla("{}", "valid_from: 2026-06-01")
    )
    assert (shortened.category, shortened.consent_needed) == ("weakened", True)
    assert shortened.details == ("validity shortened: valid_until 2027-12-31 -> 2027-06-30",)
    assert (extended.category, extended.consent_needed) == ("strengthened", False)
    assert extended.details == (
        "validity extended: valid_until 2027-12-31 -> none",
        "validity extended: valid_from 2027-01-01 -> 2026-06-01",
    )


def test_services_removed_from_an_sla_weaken_it(tmp_path: Path) -> None:
    files = {
        "catalog/ehr.yaml": EHR + service("lab"),
        "cmdb/app.yaml": APP,
    }
    both = sla("{}").replace("services: [ehr]", "services: [ehr, lab]")
    removed = one(
        diff_of(
            tmp_path / "a",
            {**files, "agreements/sla.yaml": both},
            {**files, "agreements/sla.yaml": sla("{}")},
        )
    )
    added = one(
        diff_of(
            tmp_path / "b",
            {**files, "agreements/sla.yaml": sla("{}")},
            {**files, "agreements/sla.yaml": both},
        )
    )
    assert (removed.category, removed.consent_needed, removed.details) == (
        "weakened",
        True,
        ("services removed: lab",),
    )
    assert (added.category, added.consent_needed, added.details) == (
        "strengthened",
        False,
        ("services added: lab",),
    )


def test_mixed_changes_count_as_weakened(tmp_path: Path) -> None:
    entry = sla_diff(
        tmp_path,
        sla("{availability: 99.5, response: {P1: 1h}}"),
        sla("{availability: 99.9, response: {P1: 2h}}"),
    )
    assert (entry.category, entry.consent_needed) == ("weakened", True)
    assert entry.details == (
        "availability raised: 99.5% -> 99.9%",
        "response P1 longer: 1h -> 2h",
    )


def test_price_and_penalties_changed(tmp_path: Path) -> None:
    before = sla("{}", "price: 100 EUR a month\npenalties: none")
    after = sla("{}", "price: 120 EUR a month\npenalties: 5% credit per breach", "sla-north")
    entry = sla_diff(
        tmp_path, before, after.replace("{id: sla-north}", "{id: sla-north, title: N}")
    )
    assert (entry.category, entry.consent_needed, entry.severity) == ("edited", False, "info")
    assert entry.details == (
        "price: 100 EUR a month -> 120 EUR a month",
        "penalties: none -> 5% credit per breach",
        "other fields changed: metadata.title",
    )


def test_weakened_ola_needs_no_customer_consent(tmp_path: Path) -> None:
    before = sla("{availability: 99.9}", ident="ola-dba", type_="OLA")
    entry = sla_diff(tmp_path, before, before.replace("99.9", "99"))
    assert (entry.category, entry.consent_needed, entry.customer) == ("weakened", False, None)
    assert (entry.summary, entry.severity) == ("OLA ola-dba weakened", "notice")


def test_sla_added_and_removed(tmp_path: Path) -> None:
    files = {"catalog/ehr.yaml": EHR, "cmdb/app.yaml": APP}
    diff = diff_of(
        tmp_path,
        {**files, "agreements/old.yaml": sla("{}", ident="sla-old")},
        {**files, "agreements/new.yaml": sla("{}", ident="sla-new")},
    )
    new, old = diff.entries
    assert (new.id, new.category, new.consent_needed, new.details) == (
        "sla-new",
        "added",
        False,
        ("SLA with north; covers ehr",),
    )
    assert (old.id, old.category, old.consent_needed, old.severity) == (
        "sla-old",
        "removed",
        True,
        "warning",
    )
    assert old.summary == "SLA sla-old removed; needs the customer's consent (north)"
    assert diff.summary().consent_needed == ("sla-old",)


# --------------------------------------------------------------------------- items


def test_item_added_and_removed_while_still_needed(tmp_path: Path) -> None:
    diff = diff_of(
        tmp_path,
        {"cmdb/items.yaml": item("db") + item("app", "class: application\ndepends_on: [db]")},
        {
            "cmdb/items.yaml": item("app", "class: application\ndepends_on: [db]")
            + item("cache", "class: database\ncriticality: high")
        },
    )
    cache, db = diff.entries
    assert (cache.id, cache.category, cache.details) == (
        "cache",
        "added",
        ("database in production, criticality high",),
    )
    assert (db.id, db.category, db.severity, db.details) == (
        "db",
        "removed",
        "warning",
        ("still needed by items: app",),
    )


def test_item_reparented(tmp_path: Path) -> None:
    before = item(
        "app", "class: application\ndepends_on: [db, vm1, {any_of: [n1, n2]}, {any_of: [x, y]}]"
    )
    after = item(
        "app",
        "class: application\ndepends_on: [{ci: db, relation: stores-in}, vm2,"
        " {any_of: [n2, n3, n1], min: 2}, {any_of: [z, w], relation: connects-to}]",
    )
    entry = one(diff_of(tmp_path, {"cmdb/app.yaml": before}, {"cmdb/app.yaml": after}))
    assert (entry.category, entry.severity) == ("reparented", "notice")
    assert entry.details == (
        "dependencies added: vm2",
        "dependencies removed: vm1",
        "relation to db: uses -> stores-in",
        "redundancy group changed: any of n1, n2 (min 1) -> any of n1, n2, n3 (min 2)",
        "redundancy group removed: any of x, y (min 1)",
        "redundancy group added: any of w, z (min 1, connects-to)",
    )


def test_reordered_redundancy_group_is_no_semantic_change(tmp_path: Path) -> None:
    entry = one(
        diff_of(
            tmp_path,
            {"cmdb/app.yaml": item("app", "class: application\ndepends_on: [{any_of: [a, b]}]")},
            {"cmdb/app.yaml": item("app", "class: application\ndepends_on: [{any_of: [b, a]}]")},
        )
    )
    assert (entry.category, entry.details) == ("edited", ("only the order of lists changed",))


def test_item_attributes_changed(tmp_path: Path) -> None:
    before = item("db", "class: database\nenvironment: test\ncriticality: medium")
    after = item(
        "db",
        "class: database\nenvironment: production\ncriticality: critical\n"
        "supplier: acme\nattributes: {version: '16'}",
        ", owner: dba",
    ).replace("owner: ops, owner: dba", "owner: dba")
    entry = one(diff_of(tmp_path, {"cmdb/db.yaml": before}, {"cmdb/db.yaml": after}))
    assert (entry.category, entry.severity) == ("edited", "info")
    assert entry.details == (
        "criticality: medium -> critical",
        "supplier: none -> acme",
        "environment: test -> production",
        "other fields changed: metadata.owner, spec.attributes",
    )


def test_item_retired_while_needed(tmp_path: Path) -> None:
    others = item("app", "class: application\ndepends_on: [db]") + EHR
    entry = one(
        diff_of(
            tmp_path,
            {"cmdb/db.yaml": item("db"), "cmdb/rest.yaml": others},
            {
                "cmdb/db.yaml": item("db", "class: server\nlifecycle: retired"),
                "cmdb/rest.yaml": others,
            },
        )
    )
    assert (entry.category, entry.severity) == ("retired", "warning")
    assert entry.details == ("lifecycle: live -> retired", "still needed by items: app")


# --------------------------------------------------------------------------- other kinds


def test_other_kinds_name_the_changed_fields(tmp_path: Path) -> None:
    root = write_files(tmp_path / "repo", {"agreements/parties.yaml": PARTIES})
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "base")
    edited = PARTIES.replace("[{handle: bo}]", "[{handle: bo}, {handle: cy}]\n  line: 2")
    edited = edited.replace("metadata: {id: acme}", "metadata: {id: acme, title: Acme}")
    edited = edited.replace(
        doc("Customer", "north", "users: 100"), doc("Customer", "south", "users: 5")
    )
    (root / "agreements/parties.yaml").write_text(edited)
    diff = semantic_diff(changes_between(root, "HEAD"), "HEAD")
    rows = [(e.kind, e.id, e.category, e.details) for e in diff.entries]
    assert rows == [
        ("Team", "dba", "edited", ("fields changed: spec.line, spec.members",)),
        ("Customer", "north", "removed", ()),
        ("Customer", "south", "added", ()),
        ("Supplier", "acme", "edited", ("fields changed: metadata.title",)),
    ]
    assert diff.head is None and diff.head_label == "working tree"


# --------------------------------------------------------------------------- the command


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    files = {"catalog/ehr.yaml": EHR, "cmdb/app.yaml": APP}
    before = sla("{availability: 99.9}").replace("{id: sla-north}", "{id: sla-north, title: A|<b>}")
    return two_commits(
        tmp_path,
        {**files, "agreements/sla.yaml": before},
        {
            **files,
            "agreements/sla.yaml": before.replace("99.9", "99.5"),
            "cmdb/db.yaml": item("db"),
        },
    )


def invoke(*args: str) -> str:
    result = CliRunner().invoke(diff_command, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_command_text(repo: Path) -> None:
    out = invoke("--repo", str(repo), "--base", "HEAD~1", "--head", "HEAD")
    assert out == (
        "svc diff HEAD~1..HEAD\n"
        "\n"
        "ConfigurationItem\n"
        "  added         db\n"
        "                  server in production, criticality medium\n"
        "\n"
        "Agreement\n"
        " !weakened      sla-north (A|<b>)  needs the customer's consent (north)\n"
        "                  availability lowered: 99.9% -> 99.5%\n"
        "\n"
        "2 changes: 1 added, 1 weakened; 1 needs the customer's consent (sla-north)\n"
    )


def test_command_json(repo: Path) -> None:
    out = json.loads(invoke("--repo", str(repo), "--base", "HEAD~1", "--format", "json"))
    assert (out["base"], out["head"]) == ("HEAD~1", None)
    assert [(e["kind"], e["id"], e["category"]) for e in out["entries"]] == [
        ("ConfigurationItem", "db", "added"),
        ("Agreement", "sla-north", "weakened"),
    ]
    weakened = out["entries"][1]
    assert weakened["consent_needed"] is True
    assert weakened["consent"] == "needs the customer's consent (north)"
    assert weakened["details"] == ["availability lowered: 99.9% -> 99.5%"]
    assert out["summary"] == {
        "total": 2,
        "by_kind": {"ConfigurationItem": 1, "Agreement": 1},
        "by_category": {"added": 1, "weakened": 1},
        "by_severity": {"warning": 1, "info": 1},
        "consent_needed": ["sla-north"],
    }


def test_command_markdown(repo: Path) -> None:
    out = invoke("--repo", str(repo), "--base", "HEAD~1", "--head", "HEAD", "--format", "markdown")
    lines = out.splitlines()
    assert lines[0] == MARKER
    assert lines[1] == "## svcascode diff: `HEAD~1` → `HEAD`"
    warning = lines.index("> [!WARNING]")
    assert warning < lines.index("### ConfigurationItem (1)") < lines.index("### Agreement (1)")
    assert lines[warning + 3] == (
        "> - **weakened** SLA `sla-north` (customer `north`): "
        "availability lowered: 99.9% -&gt; 99.5%"
    )
    assert (
        "| ⚠️ weakened | `sla-north` | A\\|&lt;b&gt; | **needs the customer's consent (north)**"
        "<br>availability lowered: 99.9% -&gt; 99.5% |"
    ) in lines
    assert "| added | `db` |  | server in production, criticality medium |" in lines


def test_markdown_without_changes_and_without_consent() -> None:
    empty = render_markdown(SemanticDiff("main", None, ()))
    assert empty == (
        f"{MARKER}\n## svcascode diff: `main` → the working tree\n\n"
        "No entity was added, removed or changed.\n"
    )
    assert "[!WARNING]" not in empty


def test_cell_escapes_pipes_and_html() -> None:
    assert cell("a|b <i>x</i>\ny") == "a\\|b &lt;i&gt;x&lt;/i&gt; y"


def test_unknown_revision_is_a_repository_error(repo: Path) -> None:
    result = CliRunner().invoke(diff_command, ["--repo", str(repo), "--base", "no-such-ref"])
    assert isinstance(result.exception, RepositoryError)
    assert result.exception.exit_code == 2
    assert "'no-such-ref' is not a commit" in str(result.exception)


def test_base_is_required(repo: Path) -> None:
    result = CliRunner().invoke(diff_command, ["--repo", str(repo)])
    assert result.exit_code == 2
    assert "--base" in result.output
