"""maintenance-window: a normal change that interrupts an SLA'd service falls inside one
occurrence of a maintenance window the customer agreed to."""

from __future__ import annotations

import pytest

from tests.conftest import LintFiles, only, where
from tests.rules.helpers import PARTIES, agreement, documents, item, rules_fired, service

RULE = "maintenance-window"
PATH = "changes/patch.yaml"

# web is realised by app, which needs db; portal by api, which needs one of two nodes;
# shop (also under the SLA) by cache. Every item is covered by an OLA.
ESTATE = {
    "agreements/parties.yaml": PARTIES,
    "agreements/ola.yaml": agreement(
        "ops-ola", "OLA", "ops", "cis: [app, db, api, node-a, node-b, cache]"
    ),
    "catalog/services.yaml": documents(
        service("web", "cis: [app]"),
        service("portal", "cis: [api]"),
        service("shop", "cis: [cache]"),
    ),
    "cmdb/items.yaml": documents(
        item("app", "depends_on: [db]"),
        item("db"),
        item("api", "depends_on:", "  - {any_of: [node-a, node-b]}"),
        item("node-a"),
        item("node-b"),
        item("cache"),
    ),
}


def sla(*windows: str) -> str:
    extra = (f"maintenance_windows: [{', '.join(windows)}]",) if windows else ()
    return agreement("acme-sla", "SLA", "acme", "services: [web, portal, shop]", *extra)


def window(ident: str, *spec: str) -> str:
    lines = "".join(f"  {line}\n" for line in spec)
    return (
        "apiVersion: svcascode/v1\n"
        "kind: ChangeWindow\n"
        "metadata:\n"
        f"  id: {ident}\n"
        "spec:\n"
        "  type: maintenance\n"
        f"{lines}"
        "  reason: Agreed with acme.\n"
    )


# Every Sunday 02:00-05:00 Oslo time: CET in winter, CEST in summer.
SUNDAY_NIGHT = window(
    "sunday-night",
    "start: 2026-01-04T02:00:00+01:00",
    "rrule: FREQ=WEEKLY;BYDAY=SU",
    "duration: 3h",
    "timezone: Europe/Oslo",
)

# One evening, 20:00-23:00 on Saturday 5 December 2026.
UPGRADE_NIGHT = window(
    "upgrade-night", "start: 2026-12-05T20:00:00+01:00", "end: 2026-12-05T23:00:00+01:00"
)


def change(start: str, end: str, *cis: str, kind: str = "normal") -> str:
    """A change to ``cis`` (default db); its window's start is at line 9, column 12."""
    template = "  template: quick-fix\n" if kind == "standard" else ""
    return (
        "apiVersion: svcascode/v1\n"
        "kind: Change\n"
        "metadata:\n"
        "  id: patch\n"
        "spec:\n"
        f"  type: {kind}\n"
        f"  cis: [{', '.join(cis or ('db',))}]\n"
        "  window:\n"
        f"    start: {start}\n"
        f"    end: {end}\n"
        "  requester: ana\n"
        f"{template}"
        "  backout: Restore the snapshot taken before the change.\n"
    )


TEMPLATE = """
apiVersion: svcascode/v1
kind: ChangeTemplate
metadata:
  id: quick-fix
  owner: ops
spec:
  classes: [application]
  max_duration: 4h
"""


def repository(change_text: str, sla_text: str, *windows: str) -> dict[str, str]:
    return {
        **ESTATE,
        "agreements/sla.yaml": sla_text,
        "changes/windows.yaml": documents(SUNDAY_NIGHT, UPGRADE_NIGHT, *windows),
        "changes/quick-fix.yaml": TEMPLATE,
        PATH: change_text,
    }


# A Tuesday evening: in no occurrence of either window.
TUESDAY = ("2026-12-08T22:00:00+01:00", "2026-12-08T23:00:00+01:00")


def test_interrupting_outside_every_agreed_window_is_reported_on_the_start(
    lint_files: LintFiles,
) -> None:
    result = lint_files(repository(change(*TUESDAY), sla("sunday-night", "upgrade-night")))
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [(PATH, 9, 12)]
    message = findings[0].message
    # db is down, so app and web are; portal and shop are untouched.
    assert "normal change patch interrupts web under acme's SLA" in message
    assert "outside its agreed maintenance windows (sunday-night, upgrade-night)" in message
    assert "move it into one of them" in message
    assert (findings[0].kind, findings[0].id) == ("Change", "patch")
    assert rules_fired(result) == {RULE}


def test_every_interrupted_service_of_the_sla_is_named(lint_files: LintFiles) -> None:
    result = lint_files(repository(change(*TUESDAY, "db", "cache"), sla("sunday-night")))
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [(PATH, 9, 12)]
    assert "interrupts shop, web under acme's SLA" in findings[0].message


def test_a_window_that_reaches_past_the_occurrence_is_reported(lint_files: LintFiles) -> None:
    # Sunday 6 December 2026, 04:00-06:00 CET: the occurrence ends at 05:00.
    text = change("2026-12-06T04:00:00+01:00", "2026-12-06T06:00:00+01:00")
    result = lint_files(repository(text, sla("sunday-night")))
    assert [where(f) for f in only(result, RULE)] == [(PATH, 9, 12)]
    assert rules_fired(result) == {RULE}


@pytest.mark.parametrize(
    ("start", "end"),
    [
        # Winter (CET): Sunday 6 December 2026, 02:00-05:00+01:00.
        ("2026-12-06T02:00:00+01:00", "2026-12-06T05:00:00+01:00"),
        ("2026-12-06T02:30:00+01:00", "2026-12-06T04:00:00+01:00"),
        # The same instant written in UTC.
        ("2026-12-06T01:30:00+00:00", "2026-12-06T03:00:00+00:00"),
        # Summer (CEST): Sunday 12 July 2026, 02:00-05:00+02:00; a fixed +01:00 would put
        # the occurrence at 03:00-06:00+02:00 and leave this change half outside.
        ("2026-07-12T02:00:00+02:00", "2026-07-12T03:30:00+02:00"),
    ],
)
def test_inside_an_occurrence_of_the_weekly_window_passes_across_dst(
    lint_files: LintFiles, start: str, end: str
) -> None:
    result = lint_files(repository(change(start, end), sla("sunday-night")))
    assert only(result, RULE) == []
    assert result.findings == []


def test_in_summer_the_occurrence_is_at_local_time_not_the_winter_offset(
    lint_files: LintFiles,
) -> None:
    # Inside 02:00-05:00+01:00 shifted to summer (03:00-06:00+02:00), outside Oslo time.
    text = change("2026-07-12T05:15:00+02:00", "2026-07-12T05:45:00+02:00")
    result = lint_files(repository(text, sla("sunday-night")))
    assert [where(f) for f in only(result, RULE)] == [(PATH, 9, 12)]
    assert rules_fired(result) == {RULE}


def test_inside_a_one_off_window_passes(lint_files: LintFiles) -> None:
    text = change("2026-12-05T21:00:00+01:00", "2026-12-05T23:00:00+01:00")
    result = lint_files(repository(text, sla("sunday-night", "upgrade-night")))
    assert result.findings == []


def test_a_change_that_only_degrades_a_service_passes(lint_files: LintFiles) -> None:
    # node-a down leaves node-b: api and portal are degraded, not interrupted.
    result = lint_files(repository(change(*TUESDAY, "node-a"), sla("sunday-night")))
    assert only(result, RULE) == []
    assert result.findings == []


def test_both_nodes_down_interrupt_the_service(lint_files: LintFiles) -> None:
    result = lint_files(repository(change(*TUESDAY, "node-a", "node-b"), sla("sunday-night")))
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [(PATH, 9, 12)]
    assert "interrupts portal under acme's SLA" in findings[0].message


def test_a_standard_change_is_not_judged(lint_files: LintFiles) -> None:
    text = change(*TUESDAY, "app", kind="standard")
    result = lint_files(repository(text, sla("sunday-night")))
    assert only(result, RULE) == []
    assert result.findings == []


def test_an_sla_without_maintenance_windows_is_not_judged(lint_files: LintFiles) -> None:
    result = lint_files(repository(change(*TUESDAY), sla()))
    assert only(result, RULE) == []
    assert result.findings == []


def test_a_change_to_nothing_under_the_sla_is_not_judged(lint_files: LintFiles) -> None:
    # A second service outside the SLA, realised by an item of its own.
    extra = {
        "catalog/intranet.yaml": service("intranet", "cis: [wiki]"),
        "cmdb/wiki.yaml": item("wiki"),
    }
    result = lint_files({**repository(change(*TUESDAY, "wiki"), sla("sunday-night")), **extra})
    assert only(result, RULE) == []
    assert result.findings == []


def test_a_window_scoped_to_another_service_does_not_count(lint_files: LintFiles) -> None:
    # The change falls inside shop's own window, but it interrupts web.
    shop_window = window(
        "shop-night",
        "start: 2026-12-08T21:00:00+01:00",
        "end: 2026-12-09T00:00:00+01:00",
        "scope: {services: [shop]}",
    )
    result = lint_files(
        repository(change(*TUESDAY), sla("sunday-night", "shop-night"), shop_window)
    )
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [(PATH, 9, 12)]
    assert "(sunday-night, shop-night)" in findings[0].message
    assert rules_fired(result) == {RULE}


@pytest.mark.parametrize("scope", ["scope: {services: [web]}", "scope: {cis: [cache, db]}"])
def test_a_window_scoped_to_the_service_or_an_item_of_the_change_counts(
    lint_files: LintFiles, scope: str
) -> None:
    web_window = window(
        "web-night",
        "start: 2026-12-08T21:00:00+01:00",
        "end: 2026-12-09T00:00:00+01:00",
        scope,
    )
    result = lint_files(repository(change(*TUESDAY), sla("sunday-night", "web-night"), web_window))
    assert only(result, RULE) == []
    assert result.findings == []
