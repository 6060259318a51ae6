"""build_schedule and find_conflicts: entries, recurrence across DST, conflicts, blackouts."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from svcascode.schedule import Conflict, build_schedule, find_conflicts
from svcascode.windows import UTC
from tests.schedule.estate import at, change, documents, index_of, repo, window

TUESDAYS = window(
    "mw-tuesday",
    "maintenance",
    "rrule: FREQ=WEEKLY;BYDAY=TU;BYHOUR=22;BYMINUTE=0;BYSECOND=0",
    "start: 2026-01-06T22:00:00+01:00",
    "duration: 4h",
    "timezone: Europe/Oslo",
)
FREEZE = window(
    "freeze",
    "blackout",
    "start: 2026-12-20T00:00:00+01:00",
    "end: 2027-01-04T00:00:00+01:00",
    "scope: {services: [web]}",
)


def test_one_off_and_recurring_windows_and_changes_sorted_by_start(tmp_path: Path) -> None:
    root = repo(
        tmp_path,
        {
            "windows.yaml": documents(TUESDAYS, FREEZE),
            "requests/c1.yaml": change(
                "c1", "cache", "2026-12-22T10:00:00+01:00", "2026-12-22T11:00:00+01:00"
            ),
        },
    )
    schedule = build_schedule(
        index_of(root), at("2026-12-14T00:00:00+00:00"), at("2026-12-28T00:00:00+00:00")
    )
    got = [(e.kind, e.id, e.start.isoformat()) for e in schedule.entries]
    assert got == [
        ("maintenance", "mw-tuesday", "2026-12-15T22:00:00+01:00"),
        ("blackout", "freeze", "2026-12-20T00:00:00+01:00"),
        ("change", "c1", "2026-12-22T10:00:00+01:00"),
        ("maintenance", "mw-tuesday", "2026-12-22T22:00:00+01:00"),
    ]
    tuesday, freeze, c1 = schedule.entries[0], schedule.entries[1], schedule.entries[2]
    assert tuesday.recurring and tuesday.end - tuesday.start == timedelta(hours=4)
    assert tuesday.scope == "everything"
    assert not freeze.recurring
    assert freeze.end == at("2027-01-04T00:00:00+01:00")
    assert freeze.scope == "services: web" and freeze.services == ("web",)
    assert (c1.change_type, c1.risk, c1.cis, c1.services) == (
        "normal",
        "medium",
        ("cache",),
        ("shop",),
    )
    assert c1.path == "changes/requests/c1.yaml"
    assert c1.title == "Change c1"
    assert not c1.marked  # cache does not reach web: the freeze does not cover it
    assert schedule.organisation == "Fjordvik IT"


def test_entries_outside_the_range_are_left_out(tmp_path: Path) -> None:
    root = repo(
        tmp_path,
        {
            "windows.yaml": documents(FREEZE),
            "requests/c1.yaml": change(
                "c1", "db", "2026-11-01T10:00:00+01:00", "2026-11-01T11:00:00+01:00"
            ),
        },
    )
    schedule = build_schedule(
        index_of(root), at("2026-11-02T00:00:00+00:00"), at("2026-12-19T00:00:00+00:00")
    )
    assert schedule.entries == ()


def test_a_window_straddling_the_start_of_the_range_is_kept(tmp_path: Path) -> None:
    root = repo(tmp_path, {"windows.yaml": documents(FREEZE)})
    schedule = build_schedule(
        index_of(root), at("2027-01-01T00:00:00+00:00"), at("2027-01-10T00:00:00+00:00")
    )
    assert [e.id for e in schedule.entries] == ["freeze"]


def test_weekly_window_stays_at_22_local_across_daylight_saving(tmp_path: Path) -> None:
    root = repo(tmp_path, {"windows.yaml": TUESDAYS})
    schedule = build_schedule(
        index_of(root), at("2026-03-16T00:00:00+00:00"), at("2026-04-12T00:00:00+00:00")
    )
    starts = [e.start for e in schedule.entries]
    assert [s.date().isoformat() for s in starts] == [
        "2026-03-17",
        "2026-03-24",
        "2026-03-31",
        "2026-04-07",
    ]
    assert {(s.hour, s.minute) for s in starts} == {(22, 0)}
    assert [s.astimezone(UTC).hour for s in starts] == [21, 21, 20, 20]
    assert [s.isoformat()[-6:] for s in starts] == ["+01:00", "+01:00", "+02:00", "+02:00"]


def test_change_in_a_blackout_that_covers_its_reach_is_marked_both_ways(tmp_path: Path) -> None:
    root = repo(
        tmp_path,
        {
            "windows.yaml": FREEZE,
            # db is needed by app, which realises web: the freeze covers web.
            "requests/c1.yaml": change(
                "c1", "db", "2026-12-21T22:00:00+01:00", "2026-12-21T23:00:00+01:00"
            ),
            "requests/c2.yaml": change(
                "c2", "cache", "2026-12-21T22:00:00+01:00", "2026-12-21T23:00:00+01:00"
            ),
        },
    )
    schedule = build_schedule(
        index_of(root), at("2026-12-14T00:00:00+00:00"), at("2026-12-28T00:00:00+00:00")
    )
    by_id = {e.id: e for e in schedule.entries}
    assert by_id["c1"].blackouts == ("freeze",) and by_id["c1"].marked
    assert by_id["c2"].blackouts == () and not by_id["c2"].marked
    assert by_id["freeze"].conflicts == ("c1",)
    assert by_id["c1"].services == ("web",)


def test_empty_blackout_scope_covers_everything(tmp_path: Path) -> None:
    everything = window(
        "freeze", "blackout", "start: 2026-12-20T00:00:00+01:00", "end: 2026-12-21T00:00:00+01:00"
    )
    root = repo(
        tmp_path,
        {
            "windows.yaml": everything,
            "requests/c2.yaml": change(
                "c2", "cache", "2026-12-20T10:00:00+01:00", "2026-12-20T11:00:00+01:00"
            ),
        },
    )
    schedule = build_schedule(
        index_of(root), at("2026-12-14T00:00:00+00:00"), at("2026-12-28T00:00:00+00:00")
    )
    assert {e.id: e.blackouts for e in schedule.entries}["c2"] == ("freeze",)


def _conflicts(
    tmp_path: Path, first: tuple[str, str, str], second: tuple[str, str, str]
) -> list[Conflict]:
    root = repo(
        tmp_path,
        {
            "requests/c1.yaml": change("c1", *first),
            "requests/c2.yaml": change("c2", *second),
        },
    )
    return find_conflicts(index_of(root))


def test_overlapping_windows_on_the_same_item_conflict(tmp_path: Path) -> None:
    found = _conflicts(
        tmp_path,
        ("db", "2026-12-01T22:00:00+01:00", "2026-12-01T23:00:00+01:00"),
        ("db", "2026-12-01T22:30:00+01:00", "2026-12-02T00:30:00+01:00"),
    )
    assert found == [
        Conflict(
            "c1", "c2", ("db",), at("2026-12-01T22:30:00+01:00"), at("2026-12-01T23:00:00+01:00")
        )
    ]
    assert found[0].other("c1") == "c2" and found[0].involves("c2")


def test_an_item_in_the_others_blast_radius_conflicts(tmp_path: Path) -> None:
    # The second change touches app, which the first change's db interrupts.
    found = _conflicts(
        tmp_path,
        ("db", "2026-12-01T22:00:00+01:00", "2026-12-01T23:00:00+01:00"),
        ("app", "2026-12-01T21:00:00Z", "2026-12-01T21:30:00Z"),
    )
    assert [(c.a, c.b, c.shared_items, c.compounded) for c in found] == [("c1", "c2", ("app",), ())]
    assert found[0].overlap_start == at("2026-12-01T22:00:00+01:00")
    assert found[0].overlap_end == at("2026-12-01T21:30:00Z")


def test_overlapping_but_unrelated_changes_do_not_conflict(tmp_path: Path) -> None:
    found = _conflicts(
        tmp_path,
        ("db", "2026-12-01T22:00:00+01:00", "2026-12-01T23:00:00+01:00"),
        ("cache", "2026-12-01T22:00:00+01:00", "2026-12-01T23:00:00+01:00"),
    )
    assert found == []


def test_related_changes_one_after_the_other_do_not_conflict(tmp_path: Path) -> None:
    found = _conflicts(
        tmp_path,
        ("db", "2026-12-01T22:00:00+01:00", "2026-12-01T23:00:00+01:00"),
        ("app", "2026-12-01T23:00:00+01:00", "2026-12-02T00:00:00+01:00"),
    )
    assert found == []


def test_both_halves_of_a_redundant_pair_at_once_conflict(tmp_path: Path) -> None:
    found = _conflicts(
        tmp_path,
        ("san-a", "2026-12-01T22:00:00+01:00", "2026-12-01T23:00:00+01:00"),
        ("san-b", "2026-12-01T22:30:00+01:00", "2026-12-01T23:30:00+01:00"),
    )
    assert [(c.shared_items, c.compounded) for c in found] == [((), ("vol",))]


def test_conflicts_are_marked_on_both_schedule_entries(tmp_path: Path) -> None:
    root = repo(
        tmp_path,
        {
            "requests/c1.yaml": change(
                "c1", "db", "2026-12-01T22:00:00+01:00", "2026-12-01T23:00:00+01:00"
            ),
            "requests/c2.yaml": change(
                "c2", "app", "2026-12-01T22:30:00+01:00", "2026-12-01T23:30:00+01:00"
            ),
            "requests/c3.yaml": change(
                "c3", "cache", "2026-12-01T22:30:00+01:00", "2026-12-01T23:30:00+01:00"
            ),
        },
    )
    schedule = build_schedule(
        index_of(root), at("2026-12-01T00:00:00+00:00"), at("2026-12-02T00:00:00+00:00")
    )
    assert {e.id: e.conflicts for e in schedule.entries} == {"c1": ("c2",), "c2": ("c1",), "c3": ()}
    assert [(c.a, c.b) for c in schedule.conflicts] == [("c1", "c2")]


def test_find_conflicts_bounded_by_a_range(tmp_path: Path) -> None:
    root = repo(
        tmp_path,
        {
            "requests/c1.yaml": change(
                "c1", "db", "2026-12-01T22:00:00+01:00", "2026-12-01T23:00:00+01:00"
            ),
            "requests/c2.yaml": change(
                "c2", "db", "2026-12-01T22:30:00+01:00", "2026-12-01T23:30:00+01:00"
            ),
        },
    )
    index = index_of(root)
    assert len(find_conflicts(index)) == 1
    assert find_conflicts(index, at("2026-12-02T00:00:00+00:00")) == []
    assert find_conflicts(index, None, at("2026-12-01T00:00:00+00:00")) == []


def test_a_change_with_its_window_backwards_is_left_out(tmp_path: Path) -> None:
    root = repo(
        tmp_path,
        {
            "requests/c1.yaml": change(
                "c1", "db", "2026-12-01T23:00:00+01:00", "2026-12-01T22:00:00+01:00"
            )
        },
    )
    schedule = build_schedule(
        index_of(root), at("2026-12-01T00:00:00+00:00"), at("2026-12-02T00:00:00+00:00")
    )
    assert schedule.entries == ()


def test_naive_range_is_refused(tmp_path: Path) -> None:
    index = index_of(repo(tmp_path))
    with pytest.raises(ValueError, match="time zone"):
        build_schedule(index, at("2026-12-01T00:00:00"), at("2026-12-02T00:00:00+00:00"))
