"""The schedule's outputs: text, JSON and an ICS calendar read back with icalendar."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import icalendar
import pytest

from svcascode.report.schedule_report import render_ics, render_json, render_text, uid
from svcascode.schedule import Schedule, build_schedule
from svcascode.windows import UTC
from tests.schedule.estate import ORGANISATION, at, change, documents, index_of, repo, window

NOW = at("2026-11-22T12:00:00+00:00")


@pytest.fixture
def schedule(tmp_path: Path) -> Schedule:
    """Two weeks with weekly maintenance, a blackout, a conflict and a change in the
    blackout."""
    windows = documents(
        window(
            "mw-tuesday",
            "maintenance",
            "rrule: FREQ=WEEKLY;BYDAY=TU;BYHOUR=22",
            "start: 2026-01-06T22:00:00+01:00",
            "duration: 4h",
            "timezone: Europe/Oslo",
        ),
        window(
            "freeze",
            "blackout",
            "start: 2026-12-05T00:00:00+01:00",
            "end: 2026-12-07T00:00:00+01:00",
            "scope: {cis: [app]}",
        ),
    )
    root = repo(
        tmp_path,
        {
            "windows.yaml": windows,
            "requests/c1.yaml": change(
                "c1", "db", "2026-12-01T22:00:00+01:00", "2026-12-01T23:00:00+01:00"
            ),
            "requests/c2.yaml": change(
                "c2", "db", "2026-12-01T22:30:00+01:00", "2026-12-02T00:30:00+01:00"
            ),
            "requests/c3.yaml": change(
                "c3", "app", "2026-12-06T02:00:00+01:00", "2026-12-06T03:00:00+01:00"
            ),
        },
    )
    return build_schedule(
        index_of(root), at("2026-11-30T00:00:00+00:00"), at("2026-12-14T00:00:00+00:00"), NOW
    )


def test_text_lists_entries_per_week_with_marks(schedule: Schedule) -> None:
    out = render_text(schedule)
    lines = out.splitlines()
    assert lines[0].startswith(f"Change schedule of {ORGANISATION}, 2026-11-30 00:00 +00:00")
    assert "Week 2026-W49 (2026-11-30 to 2026-12-06)" in lines
    assert "Week 2026-W50 (2026-12-07 to 2026-12-13)" in lines
    c2 = next(line for line in lines if " c2 " in line)
    assert c2.startswith("! 2026-12-01 Tue  22:30-00:30 (+1d)")
    assert "+01:00  change" in c2 and "conflicts with c1" in c2
    c3 = next(line for line in lines if " c3 " in line)
    assert "in blackout freeze" in c3
    freeze = next(line for line in lines if " freeze " in line)
    assert "(+2d)" in freeze and "changes in it: c3" in freeze
    assert "  c1 and c2, 2026-12-01 22:30 to 2026-12-01 23:00 +01:00: both touch db" in lines
    assert lines[-1] == "3 changes, 1 conflict, 1 change in a blackout."


def test_text_of_an_empty_schedule(tmp_path: Path) -> None:
    empty = build_schedule(
        index_of(repo(tmp_path)), at("2026-11-30T00:00:00+00:00"), at("2026-12-01T00:00:00Z")
    )
    assert render_text(empty).endswith("\n\nNothing planned.\n")


def test_json_document(schedule: Schedule) -> None:
    data = json.loads(render_json(schedule))
    assert data["organisation"] == ORGANISATION
    assert data["from"] == "2026-11-30T00:00:00+00:00"
    assert data["summary"] == {
        "changes": 3,
        "blackouts": 1,
        "maintenance": 2,
        "conflicts": 1,
        "in_blackout": 1,
    }
    assert data["conflicts"] == [
        {
            "a": "c1",
            "b": "c2",
            "shared_items": ["db"],
            "compounded": [],
            "overlap_start": "2026-12-01T22:30:00+01:00",
            "overlap_end": "2026-12-01T23:00:00+01:00",
        }
    ]
    c3 = next(e for e in data["entries"] if e["id"] == "c3")
    assert c3["blackouts"] == ["freeze"]
    assert c3["start"] == "2026-12-06T02:00:00+01:00"
    assert c3["start_utc"] == "2026-12-06T01:00:00+00:00"
    assert (c3["type"], c3["risk"]) == ("normal", "medium")
    assert [e["start"] for e in data["entries"]] == sorted(
        (e["start"] for e in data["entries"]), key=datetime.fromisoformat
    )


def test_ics_is_a_valid_calendar_with_one_event_per_entry(schedule: Schedule) -> None:
    calendar = icalendar.Calendar.from_ical(render_ics(schedule))
    assert str(calendar["X-WR-CALNAME"]) == ORGANISATION
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar["PRODID"]
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(schedule.entries)
    uids = [str(event["UID"]) for event in events]
    assert len(set(uids)) == len(uids)
    for event, entry in zip(events, schedule.entries, strict=True):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert start.utcoffset() == timedelta(0) and end.utcoffset() == timedelta(0)
        assert start == entry.start and end == entry.end
        assert event.decoded("DTSTAMP") == NOW
        assert ":" in str(event["SUMMARY"]) and entry.id in str(event["SUMMARY"])
        assert str(event["DESCRIPTION"])
        assert entry.kind in [str(c) for c in event["CATEGORIES"].cats]
    by_uid = dict(zip(uids, events, strict=True))
    freeze = by_uid["freeze-20261204T230000Z@svcascode"]
    assert str(freeze["TRANSP"]) == "OPAQUE"
    assert "c3" in str(freeze["DESCRIPTION"])
    c2 = by_uid["c2-20261201T213000Z@svcascode"]
    assert "conflict" in str(c2["SUMMARY"])
    assert [str(c) for c in c2["CATEGORIES"].cats] == ["change", "normal"]
    tuesday = by_uid["mw-tuesday-20261201T210000Z@svcascode"]
    assert str(tuesday["TRANSP"]) == "TRANSPARENT"


def test_ics_uid_is_stable_and_in_utc(schedule: Schedule) -> None:
    entry = next(e for e in schedule.entries if e.id == "c1")
    assert uid(entry) == "c1-20261201T210000Z@svcascode"
    assert render_ics(schedule) == render_ics(schedule)


def test_ics_without_an_organisation_is_still_named(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / "svcascode.yaml").write_text("rules: {}\n", encoding="utf-8")
    empty = build_schedule(
        index_of(root), datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 2, tzinfo=UTC)
    )
    calendar = icalendar.Calendar.from_ical(render_ics(empty))
    assert str(calendar["X-WR-CALNAME"]) == "svcascode"
    assert list(calendar.walk("VEVENT")) == []
