"""standard-change-fit: a standard change stays within its template's classes and duration."""

from __future__ import annotations

import pytest

from tests.conftest import TEAM, LintFiles, only, where
from tests.rules.helpers import rules_fired

RULE = "standard-change-fit"

# db is a database, vm a virtual machine, app an application: the template covers the
# first two only.
ITEMS = """
apiVersion: svcascode/v1
kind: ConfigurationItem
metadata:
  id: db
  owner: ops
spec:
  class: database
---
apiVersion: svcascode/v1
kind: ConfigurationItem
metadata:
  id: vm
  owner: ops
spec:
  class: virtual-machine
---
apiVersion: svcascode/v1
kind: ConfigurationItem
metadata:
  id: app
  owner: ops
spec:
  class: application
"""

TEMPLATE = """
apiVersion: svcascode/v1
kind: ChangeTemplate
metadata:
  id: restart-db
  owner: ops
spec:
  classes: [virtual-machine, database]
  max_duration: 1h
  procedure: Restart the database service.
"""


def change(*cis: str, start: str = "22:00", end: str = "22:30", kind: str = "standard") -> str:
    """A change of ``kind`` on 2027-03-10 from template restart-db; ``cis`` one per line
    from line 9 (column 7); the window's ``start`` at line 10 + len(cis), ``end`` below."""
    items = "".join(f"    - {ci}\n" for ci in cis)
    return (
        "apiVersion: svcascode/v1\n"
        "kind: Change\n"
        "metadata:\n"
        "  id: restart\n"
        "spec:\n"
        f"  type: {kind}\n"
        "  template: restart-db\n"
        "  cis:\n"
        f"{items}"
        "  window:\n"
        f"    start: 2027-03-10T{start}:00+01:00\n"
        f"    end: 2027-03-10T{end}:00+01:00\n"
        "  requester: ana\n"
        "  backout: Start the previous version.\n"
    )


def repository(change_text: str) -> dict[str, str]:
    return {
        "agreements/teams.yaml": TEAM,
        "cmdb/items.yaml": ITEMS,
        "changes/restart-db.yaml": TEMPLATE,
        "changes/restart.yaml": change_text,
    }


def test_an_item_of_a_class_the_template_does_not_cover_is_reported_on_its_entry(
    lint_files: LintFiles,
) -> None:
    result = lint_files(repository(change("db", "app", "vm")))
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [("changes/restart.yaml", 10, 7)]  # "- app"
    message = findings[0].message
    assert message.startswith("app is of class application")
    assert "application, which template restart-db does not cover" in message
    assert "(database, virtual-machine)" in message  # the allowed classes, sorted
    assert "this needs to be a normal change" in message
    assert (findings[0].kind, findings[0].id) == ("Change", "restart")
    assert rules_fired(result) == {RULE}


def test_a_window_longer_than_max_duration_is_reported_on_its_end(
    lint_files: LintFiles,
) -> None:
    result = lint_files(repository(change("db", start="22:00", end="23:30")))
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [("changes/restart.yaml", 12, 10)]
    message = findings[0].message
    assert "the window lasts 1h30m, longer than template restart-db allows (1h)" in message
    assert "this needs to be a normal change" in message
    assert rules_fired(result) == {RULE}


def test_both_misfits_in_one_change_are_each_reported(lint_files: LintFiles) -> None:
    result = lint_files(repository(change("app", "db", start="21:00", end="23:00")))
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [
        ("changes/restart.yaml", 9, 7),  # "- app"
        ("changes/restart.yaml", 13, 10),  # window.end
    ]
    assert "app is of class application" in findings[0].message
    assert "the window lasts 2h" in findings[1].message


def test_an_item_in_a_flow_list_is_located_on_its_own_entry(lint_files: LintFiles) -> None:
    text = change("db", "app").replace("  cis:\n    - db\n    - app\n", "  cis: [db, app]\n")
    result = lint_files(repository(text))
    assert [where(f) for f in only(result, RULE)] == [("changes/restart.yaml", 8, 13)]
    assert rules_fired(result) == {RULE}


@pytest.mark.parametrize(
    ("cis", "end"),
    [
        (("db",), "22:30"),
        (("vm", "db"), "23:00"),  # exactly max_duration is still within the template
    ],
)
def test_a_standard_change_within_its_template_passes(
    lint_files: LintFiles, cis: tuple[str, ...], end: str
) -> None:
    result = lint_files(repository(change(*cis, end=end)))
    assert only(result, RULE) == []
    assert result.findings == []


def test_a_normal_change_is_not_held_to_a_template(lint_files: LintFiles) -> None:
    text = change("app", start="20:00", end="23:30", kind="normal").replace(
        "  template: restart-db\n", ""
    )
    result = lint_files(repository(text))
    assert only(result, RULE) == []
    assert result.findings == []
