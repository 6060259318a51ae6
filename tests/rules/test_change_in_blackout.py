"""change-in-blackout: no change is carried out in a blackout covering what it touches."""

from __future__ import annotations

import pytest

from tests.conftest import CI_DB, TEAM, LintFiles, only, where
from tests.rules.helpers import rules_fired

# db is needed by app, which realises the service web; cache stands alone behind shop.
ESTATE = """
apiVersion: svcascode/v1
kind: ConfigurationItem
metadata:
  id: app
  owner: ops
spec:
  class: application
  depends_on:
    - {ci: db, relation: stores-in}
---
apiVersion: svcascode/v1
kind: ConfigurationItem
metadata:
  id: cache
  owner: ops
spec:
  class: service-component
---
apiVersion: svcascode/v1
kind: Service
metadata:
  id: web
  owner: ops
spec:
  type: business
  cis: [app]
---
apiVersion: svcascode/v1
kind: Service
metadata:
  id: shop
  owner: ops
spec:
  type: business
  cis: [cache]
"""


def change(start: str, end: str) -> str:
    """A normal change to db; its window's start is at line 9, column 12."""
    return f"""
        apiVersion: svcascode/v1
        kind: Change
        metadata:
          id: patch-db
        spec:
          type: normal
          cis: [db]
          window:
            start: {start}
            end: {end}
          requester: ana
          backout: Restore the snapshot taken before the change.
        """


def blackout(*spec: str, kind: str = "blackout") -> str:
    lines = "".join(f"  {line}\n" for line in spec)
    return (
        "apiVersion: svcascode/v1\n"
        "kind: ChangeWindow\n"
        "metadata:\n"
        "  id: freeze\n"
        "spec:\n"
        f"  type: {kind}\n"
        f"{lines}"
        "  reason: No changes now.\n"
    )


CHRISTMAS = ("start: 2026-12-20T00:00:00+01:00", "end: 2027-01-04T00:00:00+01:00")


def repository(change_text: str, window_text: str) -> dict[str, str]:
    return {
        "agreements/teams.yaml": TEAM,
        "cmdb/db.yaml": CI_DB,
        "cmdb/estate.yaml": ESTATE,
        "changes/patch-db.yaml": change_text,
        "changes/freeze.yaml": window_text,
    }


def test_a_change_in_a_one_off_blackout_is_reported_on_its_start(
    lint_files: LintFiles,
) -> None:
    result = lint_files(
        repository(
            change("2026-12-22T22:00:00+01:00", "2026-12-22T23:00:00+01:00"),
            blackout(*CHRISTMAS),
        )
    )
    findings = only(result, "change-in-blackout")
    assert [where(f) for f in findings] == [("changes/patch-db.yaml", 9, 12)]
    message = findings[0].message
    assert "normal change 'patch-db' falls in blackout 'freeze'" in message
    assert "(2026-12-20T00:00:00+01:00 to 2027-01-04T00:00:00+01:00)" in message
    assert "covers everything" in message
    assert (findings[0].kind, findings[0].id) == ("Change", "patch-db")
    assert rules_fired(result) == {"change-in-blackout"}


def test_a_change_overlapping_the_start_of_a_blackout_is_reported(
    lint_files: LintFiles,
) -> None:
    result = lint_files(
        repository(
            change("2026-12-19T23:00:00+01:00", "2026-12-20T01:00:00+01:00"),
            blackout(*CHRISTMAS),
        )
    )
    assert [where(f) for f in only(result, "change-in-blackout")] == [
        ("changes/patch-db.yaml", 9, 12)
    ]
    assert rules_fired(result) == {"change-in-blackout"}


def test_a_change_in_an_occurrence_of_a_recurring_blackout_is_reported(
    lint_files: LintFiles,
) -> None:
    # The last day of every month, all day.
    month_end = blackout(
        "start: 2026-01-31T00:00:00+01:00",
        "rrule: FREQ=MONTHLY;BYMONTHDAY=-1",
        "duration: 1d",
    )
    result = lint_files(
        repository(change("2026-04-30T10:00:00+01:00", "2026-04-30T11:00:00+01:00"), month_end)
    )
    findings = only(result, "change-in-blackout")
    assert [where(f) for f in findings] == [("changes/patch-db.yaml", 9, 12)]
    assert "(2026-04-30T00:00:00+01:00 to 2026-05-01T00:00:00+01:00)" in findings[0].message
    assert rules_fired(result) == {"change-in-blackout"}


def test_an_explicitly_empty_scope_covers_everything(lint_files: LintFiles) -> None:
    result = lint_files(
        repository(
            change("2026-12-22T22:00:00+01:00", "2026-12-22T23:00:00+01:00"),
            blackout(*CHRISTMAS, "scope: {services: [], cis: []}"),
        )
    )
    findings = only(result, "change-in-blackout")
    assert [where(f) for f in findings] == [("changes/patch-db.yaml", 9, 12)]
    assert "which covers everything" in findings[0].message
    assert rules_fired(result) == {"change-in-blackout"}


def test_a_service_in_scope_is_reached_through_an_item_that_depends_on_the_change(
    lint_files: LintFiles,
) -> None:
    # The change touches db; app needs db; web is realised by app.
    result = lint_files(
        repository(
            change("2026-12-22T22:00:00+01:00", "2026-12-22T23:00:00+01:00"),
            blackout(*CHRISTMAS, "scope:", "  services: [shop, web]"),
        )
    )
    findings = only(result, "change-in-blackout")
    assert [where(f) for f in findings] == [("changes/patch-db.yaml", 9, 12)]
    assert "which covers web;" in findings[0].message
    assert rules_fired(result) == {"change-in-blackout"}


def test_an_item_in_scope_that_depends_on_the_change_is_touched(lint_files: LintFiles) -> None:
    result = lint_files(
        repository(
            change("2026-12-22T22:00:00+01:00", "2026-12-22T23:00:00+01:00"),
            blackout(*CHRISTMAS, "scope: {cis: [cache, app]}"),
        )
    )
    findings = only(result, "change-in-blackout")
    assert [where(f) for f in findings] == [("changes/patch-db.yaml", 9, 12)]
    assert "which covers app;" in findings[0].message
    assert rules_fired(result) == {"change-in-blackout"}


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2026-12-18T22:00:00+01:00", "2026-12-18T23:00:00+01:00"),  # days before
        ("2026-12-19T23:00:00+01:00", "2026-12-20T00:00:00+01:00"),  # ends as it starts
        ("2027-01-04T00:00:00+01:00", "2027-01-04T02:00:00+01:00"),  # starts as it ends
        ("2027-01-03T23:30:00+00:00", "2027-01-04T01:00:00+00:00"),  # 00:30+01:00: after
    ],
)
def test_a_change_outside_the_blackout_passes(lint_files: LintFiles, start: str, end: str) -> None:
    result = lint_files(repository(change(start, end), blackout(*CHRISTMAS)))
    assert only(result, "change-in-blackout") == []
    assert result.findings == []


def test_a_blackout_whose_scope_the_change_does_not_touch_passes(lint_files: LintFiles) -> None:
    result = lint_files(
        repository(
            change("2026-12-22T22:00:00+01:00", "2026-12-22T23:00:00+01:00"),
            blackout(*CHRISTMAS, "scope: {services: [shop], cis: [cache]}"),
        )
    )
    assert only(result, "change-in-blackout") == []
    assert result.findings == []


def test_a_maintenance_window_is_no_blackout(lint_files: LintFiles) -> None:
    result = lint_files(
        repository(
            change("2026-12-22T22:00:00+01:00", "2026-12-22T23:00:00+01:00"),
            blackout(*CHRISTMAS, kind="maintenance"),
        )
    )
    assert result.findings == []


WEEKLY_OSLO = blackout(
    "start: 2026-01-06T22:00:00+01:00",
    "rrule: FREQ=WEEKLY;BYDAY=TU",
    "duration: 1h",
    "timezone: Europe/Oslo",
)


@pytest.mark.parametrize(
    ("start", "end", "occurrence"),
    [
        (  # winter: CET
            "2026-01-13T22:30:00+01:00",
            "2026-01-13T22:45:00+01:00",
            "(2026-01-13T22:00:00+01:00 to 2026-01-13T23:00:00+01:00)",
        ),
        (  # summer: CEST; a fixed +01:00 would put the occurrence at 23:00+02:00
            "2026-07-14T22:30:00+02:00",
            "2026-07-14T22:45:00+02:00",
            "(2026-07-14T22:00:00+02:00 to 2026-07-14T23:00:00+02:00)",
        ),
    ],
)
def test_a_weekly_blackout_stays_at_22_local_time_across_dst(
    lint_files: LintFiles, start: str, end: str, occurrence: str
) -> None:
    result = lint_files(repository(change(start, end), WEEKLY_OSLO))
    findings = only(result, "change-in-blackout")
    assert [where(f) for f in findings] == [("changes/patch-db.yaml", 9, 12)]
    assert occurrence in findings[0].message
    assert rules_fired(result) == {"change-in-blackout"}


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2026-07-14T21:00:00+02:00", "2026-07-14T22:00:00+02:00"),  # the hour before
        ("2026-07-14T23:00:00+02:00", "2026-07-14T23:30:00+02:00"),  # the hour after
        ("2026-07-15T22:30:00+02:00", "2026-07-15T22:45:00+02:00"),  # a Wednesday
    ],
)
def test_a_change_beside_the_weekly_blackout_passes(
    lint_files: LintFiles, start: str, end: str
) -> None:
    result = lint_files(repository(change(start, end), WEEKLY_OSLO))
    assert result.findings == []
