"""change-conflict: changes at the same time whose interruptions meet are reported on both."""

from __future__ import annotations

import pytest

from svcascode.diagnostics import Severity
from tests.conftest import LintFiles, only, where
from tests.rules.helpers import PARTIES, documents, item, rules_fired, service

RULE = "change-conflict"

# app needs db and realises web; api needs one of two nodes and front needs api; cache
# stands alone.
ESTATE = {
    "agreements/parties.yaml": PARTIES,
    "catalog/services.yaml": documents(
        service("web", "cis: [app]"), service("shop", "cis: [front]")
    ),
    "cmdb/items.yaml": documents(
        item("app", "depends_on: [db]"),
        item("db"),
        item("api", "depends_on:", "  - {any_of: [node-a, node-b]}"),
        item("front", "depends_on: [api]"),
        item("node-a"),
        item("node-b"),
        item("cache"),
    ),
}


def change(ident: str, start: str, end: str, *cis: str) -> str:
    """A normal change on Tuesday 8 December 2026 (times given as HH:MM+hh:mm); its
    window's start is at line 9, column 12."""
    return (
        "apiVersion: svcascode/v1\n"
        "kind: Change\n"
        "metadata:\n"
        f"  id: {ident}\n"
        "spec:\n"
        "  type: normal\n"
        f"  cis: [{', '.join(cis)}]\n"
        "  window:\n"
        f"    start: 2026-12-08T{start[:5]}:00{start[5:]}\n"
        f"    end: 2026-12-08T{end[:5]}:00{end[5:]}\n"
        "  requester: ana\n"
        "  backout: Undo it.\n"
    )


def repository(first: str, second: str) -> dict[str, str]:
    return {**ESTATE, "changes/first.yaml": first, "changes/second.yaml": second}


def test_two_changes_to_one_item_are_reported_on_both(lint_files: LintFiles) -> None:
    result = lint_files(
        repository(
            change("patch-db", "22:00+01:00", "23:00+01:00", "db"),
            change("tune-db", "22:30+01:00", "23:30+01:00", "db"),
        )
    )
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [
        ("changes/first.yaml", 9, 12),
        ("changes/second.yaml", 9, 12),
    ]
    assert [(f.kind, f.id) for f in findings] == [("Change", "patch-db"), ("Change", "tune-db")]
    assert all(f.severity is Severity.WARNING for f in findings)
    when = "(2026-12-08 22:30-23:00 +0100)"
    assert f"change patch-db overlaps tune-db {when} and both touch db;" in findings[0].message
    assert f"change tune-db overlaps patch-db {when} and both touch db;" in findings[1].message
    assert all("sequence them or merge them" in f.message for f in findings)
    assert all("together" not in f.message for f in findings)
    assert rules_fired(result) == {RULE}


def test_an_item_in_the_other_changes_blast_radius_is_shared(lint_files: LintFiles) -> None:
    # app needs db: the db change takes app down while the other works on it.
    result = lint_files(
        repository(
            change("patch-db", "22:00+01:00", "23:00+01:00", "db"),
            change("deploy-app", "21:00+01:00", "22:15+01:00", "app", "cache"),
        )
    )
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [
        ("changes/first.yaml", 9, 12),
        ("changes/second.yaml", 9, 12),
    ]
    when = "(2026-12-08 22:00-22:15 +0100)"
    assert f"change patch-db overlaps deploy-app {when} and both touch app;" in findings[0].message
    assert f"change deploy-app overlaps patch-db {when} and both touch app;" in findings[1].message
    assert rules_fired(result) == {RULE}


def test_two_halves_of_a_redundant_pair_together_take_it_down(lint_files: LintFiles) -> None:
    result = lint_files(
        repository(
            change("patch-a", "22:00+01:00", "23:00+01:00", "node-a"),
            change("patch-b", "22:45+01:00", "23:45+01:00", "node-b"),
        )
    )
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [
        ("changes/first.yaml", 9, 12),
        ("changes/second.yaml", 9, 12),
    ]
    when = "(2026-12-08 22:45-23:00 +0100)"
    # api is named, not front that needs it: the first item where redundancy is lost.
    assert findings[0].message == (
        f"change patch-a overlaps patch-b {when} and together they take down api; "
        "sequence them or merge them"
    )
    assert findings[1].message == (
        f"change patch-b overlaps patch-a {when} and together they take down api; "
        "sequence them or merge them"
    )
    assert rules_fired(result) == {RULE}


def test_a_shared_item_and_a_lost_pair_are_both_named(lint_files: LintFiles) -> None:
    result = lint_files(
        repository(
            change("patch-a", "22:00+01:00", "23:00+01:00", "node-a", "db"),
            change("patch-b", "22:00+01:00", "23:00+01:00", "node-b", "db"),
        )
    )
    findings = only(result, RULE)
    assert len(findings) == 2
    assert all("both touch db; together they also take down api;" in f.message for f in findings)


def test_the_overlap_is_right_when_the_windows_use_different_offsets(
    lint_files: LintFiles,
) -> None:
    # 21:30-23:30 UTC is 22:30-00:30 CET: the overlap is 22:30-23:00 CET.
    result = lint_files(
        repository(
            change("patch-db", "22:00+01:00", "23:00+01:00", "db"),
            change("tune-db", "21:30+00:00", "23:30+00:00", "db"),
        )
    )
    findings = only(result, RULE)
    assert len(findings) == 2
    for finding in findings:
        assert (
            "(2026-12-08 22:30-23:00 +0100)" in finding.message
            or "(2026-12-08 21:30-22:00 +0000)" in finding.message
        ), finding.message


def test_overlapping_changes_to_unrelated_items_pass(lint_files: LintFiles) -> None:
    # node-a alone only degrades api; cache and db share nothing.
    result = lint_files(
        repository(
            change("patch-db", "22:00+01:00", "23:00+01:00", "db", "node-a"),
            change("flush-cache", "22:00+01:00", "23:00+01:00", "cache"),
        )
    )
    assert only(result, RULE) == []
    assert result.findings == []


@pytest.mark.parametrize(
    ("second_start", "second_end"),
    [
        ("23:00+01:00", "23:30+01:00"),  # starts as the first ends
        ("20:00+01:00", "22:00+01:00"),  # ends as the first starts
        ("22:00+00:00", "22:30+00:00"),  # 23:00-23:30 CET, written in UTC
    ],
)
def test_related_changes_one_after_the_other_pass(
    lint_files: LintFiles, second_start: str, second_end: str
) -> None:
    result = lint_files(
        repository(
            change("patch-db", "22:00+01:00", "23:00+01:00", "db"),
            change("deploy-app", second_start, second_end, "app", "db"),
        )
    )
    assert only(result, RULE) == []
    assert result.findings == []


def test_halves_of_a_pair_one_after_the_other_pass(lint_files: LintFiles) -> None:
    result = lint_files(
        repository(
            change("patch-a", "22:00+01:00", "23:00+01:00", "node-a"),
            change("patch-b", "23:00+01:00", "23:45+01:00", "node-b"),
        )
    )
    assert result.findings == []
