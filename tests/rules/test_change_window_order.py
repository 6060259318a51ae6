"""change-window-order: a window ends after it starts."""

from __future__ import annotations

from tests.conftest import CI_DB, TEAM, LintFiles, only, where
from tests.rules.helpers import rules_fired


def change(start: str, end: str) -> str:
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
          backout: Restore the snapshot.
        """


def window(start: str, end: str) -> str:
    return f"""
        apiVersion: svcascode/v1
        kind: ChangeWindow
        metadata:
          id: saturday
        spec:
          type: maintenance
          start: {start}
          end: {end}
          reason: Agreed downtime.
        """


RECURRING = """
apiVersion: svcascode/v1
kind: ChangeWindow
metadata:
  id: sundays
spec:
  type: maintenance
  start: 2026-03-01T02:00:00+01:00
  rrule: FREQ=WEEKLY;BYDAY=SU
  duration: 2h
"""


def test_a_change_window_ending_at_its_start_is_reported_on_the_end(
    lint_files: LintFiles,
) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "cmdb/db.yaml": CI_DB,
            "changes/patch-db.yaml": change(
                "2026-03-10T22:00:00+01:00", "2026-03-10T22:00:00+01:00"
            ),
        }
    )
    findings = only(result, "change-window-order")
    assert [where(f) for f in findings] == [("changes/patch-db.yaml", 10, 10)]
    assert "window ends at 2026-03-10T22:00:00+01:00, not after its start" in (findings[0].message)
    assert (findings[0].kind, findings[0].id) == ("Change", "patch-db")
    assert rules_fired(result) == {"change-window-order"}


def test_instants_are_compared_not_wall_clock_times(lint_files: LintFiles) -> None:
    # 22:30+02:00 is 20:30Z, before 22:00+01:00 (21:00Z).
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "cmdb/db.yaml": CI_DB,
            "changes/patch-db.yaml": change(
                "2026-03-10T22:00:00+01:00", "2026-03-10T22:30:00+02:00"
            ),
        }
    )
    findings = only(result, "change-window-order")
    assert [where(f) for f in findings] == [("changes/patch-db.yaml", 10, 10)]
    assert "ends at 2026-03-10T22:30:00+02:00" in findings[0].message
    assert rules_fired(result) == {"change-window-order"}


def test_a_one_off_change_window_ending_before_its_start_is_reported(
    lint_files: LintFiles,
) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "changes/saturday.yaml": window(
                "2026-03-14T22:00:00+01:00", "2026-03-14T20:00:00+01:00"
            ),
        }
    )
    findings = only(result, "change-window-order")
    assert [where(f) for f in findings] == [("changes/saturday.yaml", 8, 8)]
    assert (
        "change window ends at 2026-03-14T20:00:00+01:00, not after its start "
        "2026-03-14T22:00:00+01:00" in findings[0].message
    )
    assert (findings[0].kind, findings[0].id) == ("ChangeWindow", "saturday")
    assert rules_fired(result) == {"change-window-order"}


def test_windows_that_end_after_they_start_are_fine(lint_files: LintFiles) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "cmdb/db.yaml": CI_DB,
            "changes/patch-db.yaml": change(
                "2026-03-10T22:00:00+01:00", "2026-03-10T22:00:01+01:00"
            ),
            "changes/saturday.yaml": window(
                "2026-03-14T22:00:00+01:00", "2026-03-15T02:00:00+01:00"
            ),
            "changes/sundays.yaml": RECURRING,
        }
    )
    assert only(result, "change-window-order") == []
    assert result.findings == []
