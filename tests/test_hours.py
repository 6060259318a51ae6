"""Service hours as concrete intervals and coverage gaps; every expectation is hand-checked.

Europe/Oslo is UTC+1 in winter and UTC+2 in summer; in 2026 summer time runs from
Sunday 2026-03-29 (02:00 -> 03:00) to Sunday 2026-10-25 (03:00 -> 02:00).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from svcascode.hours import describe, describe_gap, intervals, merge, subtract, uncovered
from svcascode.model.types import HoursWindow

OSLO = "Europe/Oslo"


def window(days: str, opens: str, closes: str, timezone: str = OSLO) -> HoursWindow:
    return HoursWindow(days=days, from_=opens, to=closes, timezone=timezone)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def hours_long(span: tuple[datetime, datetime]) -> float:
    return (span[1] - span[0]) / timedelta(hours=1)


# --- intervals -----------------------------------------------------------------------------


def test_window_follows_daylight_saving() -> None:
    office = window("mon-fri", "07:00", "17:00")
    assert intervals(office, date(2026, 1, 5), date(2026, 1, 5)) == [
        (utc(2026, 1, 5, 6), utc(2026, 1, 5, 16))
    ]
    assert intervals(office, date(2026, 7, 6), date(2026, 7, 6)) == [
        (utc(2026, 7, 6, 5), utc(2026, 7, 6, 15))
    ]


def test_window_only_on_its_days() -> None:
    # 2026-01-05 is a Monday; the week has five working days.
    spans = intervals(window("mon-fri", "07:00", "17:00"), date(2026, 1, 5), date(2026, 1, 11))
    assert [start.date() for start, _ in spans] == [date(2026, 1, d) for d in range(5, 10)]


def test_whole_days_on_dst_change_sundays_are_23_and_25_hours() -> None:
    weekend = window("sat,sun", "00:00", "24:00")
    spring = intervals(weekend, date(2026, 3, 29), date(2026, 3, 29))
    autumn = intervals(weekend, date(2026, 10, 25), date(2026, 10, 25))
    assert spring == [(utc(2026, 3, 28, 23), utc(2026, 3, 29, 22))]
    assert autumn == [(utc(2026, 10, 24, 22), utc(2026, 10, 25, 23))]
    assert [hours_long(s) for s in spring + autumn] == [23.0, 25.0]


def test_24x7_is_one_interval_of_whole_days() -> None:
    assert intervals("24x7", date(2026, 1, 1), date(2026, 1, 31)) == [
        (utc(2026, 1, 1), utc(2026, 2, 1))
    ]
    spring = intervals("24x7", date(2026, 3, 29), date(2026, 3, 29), zone=OSLO)
    assert spring == [(utc(2026, 3, 28, 23), utc(2026, 3, 29, 22))]


def test_window_past_midnight_runs_into_next_day() -> None:
    # Friday 2026-01-09 22:00 Oslo to Saturday 06:00 Oslo.
    night = window("fri", "22:00", "06:00")
    assert intervals(night, date(2026, 1, 9), date(2026, 1, 9)) == [
        (utc(2026, 1, 9, 21), utc(2026, 1, 10, 5))
    ]


def test_night_across_spring_change_is_seven_hours() -> None:
    # Saturday 2026-03-28 22:00 CET (21:00 UTC) to Sunday 06:00 CEST (04:00 UTC).
    spans = intervals(window("sat", "22:00", "06:00"), date(2026, 3, 28), date(2026, 3, 28))
    assert spans == [(utc(2026, 3, 28, 21), utc(2026, 3, 29, 4))]
    assert hours_long(spans[0]) == 7.0


def test_equal_times_are_a_full_day_from_the_opening() -> None:
    spans = intervals(window("mon", "07:00", "07:00"), date(2026, 1, 5), date(2026, 1, 5))
    assert spans == [(utc(2026, 1, 5, 6), utc(2026, 1, 6, 6))]


def test_window_inside_skipped_hour_is_empty() -> None:
    assert intervals(window("sun", "02:00", "03:00"), date(2026, 3, 29), date(2026, 3, 29)) == []


def test_empty_span() -> None:
    assert intervals("24x7", date(2026, 1, 2), date(2026, 1, 1)) == []
    assert intervals(window("mon-sun", "00:00", "24:00"), date(2026, 1, 2), date(2026, 1, 1)) == []


# --- merge and subtract --------------------------------------------------------------------


def test_merge_joins_overlapping_and_touching() -> None:
    a, b, c, d = utc(2026, 1, 1, 1), utc(2026, 1, 1, 2), utc(2026, 1, 1, 3), utc(2026, 1, 1, 4)
    assert merge([(c, d), (a, b), (b, c)]) == [(a, d)]
    assert merge([(a, d), (b, c)]) == [(a, d)]


def test_subtract_leaves_holes() -> None:
    h = [utc(2026, 1, 1, n) for n in range(10)]
    assert subtract([(h[0], h[9])], [(h[1], h[2]), (h[4], h[5])]) == [
        (h[0], h[1]),
        (h[2], h[4]),
        (h[5], h[9]),
    ]
    assert subtract([(h[1], h[3]), (h[5], h[7])], [(h[0], h[8])]) == []
    assert subtract([(h[1], h[3])], []) == [(h[1], h[3])]


# --- uncovered -----------------------------------------------------------------------------


def test_24x7_is_not_covered_by_office_hours() -> None:
    # Week of Monday 2026-01-05: nights and the weekend are open; 08-16 Oslo is 07-15 UTC.
    gaps = uncovered(
        "24x7", window("mon-fri", "08:00", "16:00"), date(2026, 1, 5), date(2026, 1, 11)
    )
    assert gaps == [
        (utc(2026, 1, 4, 23), utc(2026, 1, 5, 7)),
        (utc(2026, 1, 5, 15), utc(2026, 1, 6, 7)),
        (utc(2026, 1, 6, 15), utc(2026, 1, 7, 7)),
        (utc(2026, 1, 7, 15), utc(2026, 1, 8, 7)),
        (utc(2026, 1, 8, 15), utc(2026, 1, 9, 7)),
        (utc(2026, 1, 9, 15), utc(2026, 1, 11, 23)),
    ]
    assert describe_gap(gaps[0], OSLO) == "Mon 2026-01-05 00:00-08:00 Europe/Oslo"
    assert (
        describe_gap(gaps[-1], OSLO) == "Fri 2026-01-09 16:00 to Sun 2026-01-11 24:00 Europe/Oslo"
    )


def test_wider_hours_cover_narrower() -> None:
    required = window("mon-fri", "07:00", "17:00")
    assert (
        uncovered(
            required, window("mon-fri", "06:00", "18:00"), date(2026, 1, 1), date(2026, 12, 31)
        )
        == []
    )


def test_anything_is_covered_by_24x7() -> None:
    assert uncovered("24x7", "24x7", date(2026, 1, 1), date(2026, 12, 31)) == []
    assert (
        uncovered(window("sat", "22:00", "06:00"), "24x7", date(2026, 1, 1), date(2026, 12, 31))
        == []
    )


def test_utc_cover_holds_in_winter_only() -> None:
    required = window("mon-fri", "07:00", "17:00")
    provided = window("mon-fri", "06:00", "16:00", "UTC")
    assert uncovered(required, provided, date(2026, 1, 1), date(2026, 1, 31)) == []
    july = uncovered(required, provided, date(2026, 7, 1), date(2026, 7, 31))
    # 2026-07-01 is a Wednesday: 23 weekdays, each open 07:00-08:00 Oslo = 05:00-06:00 UTC.
    assert len(july) == 23
    assert july[0] == (utc(2026, 7, 1, 5), utc(2026, 7, 1, 6))
    assert july[-1] == (utc(2026, 7, 31, 5), utc(2026, 7, 31, 6))
    assert describe_gap(july[0], OSLO) == "Wed 2026-07-01 07:00-08:00 Europe/Oslo"


def test_gap_opens_on_the_first_summer_weekday() -> None:
    required = window("mon-fri", "07:00", "17:00")
    provided = window("mon-fri", "06:00", "16:00", "UTC")
    gaps = uncovered(required, provided, date(2026, 3, 23), date(2026, 4, 3))
    assert len(gaps) == 5
    assert describe_gap(gaps[0], OSLO) == "Mon 2026-03-30 07:00-08:00 Europe/Oslo"


@pytest.mark.parametrize(
    ("start", "end"),
    [(date(2026, 3, 28), date(2026, 3, 30)), (date(2026, 10, 24), date(2026, 10, 26))],
)
def test_whole_local_days_cover_24x7_across_dst_changes(start: date, end: date) -> None:
    assert uncovered("24x7", window("mon-sun", "00:00", "24:00"), start, end) == []


def test_whole_days_in_another_zone_cover_at_the_edges() -> None:
    everything_utc = window("mon-sun", "00:00", "24:00", "UTC")
    everything_oslo = window("mon-sun", "00:00", "24:00")
    assert uncovered(everything_utc, everything_oslo, date(2026, 1, 1), date(2026, 12, 31)) == []
    assert uncovered(everything_oslo, everything_utc, date(2026, 1, 1), date(2026, 12, 31)) == []


def test_night_window_gap_and_cover() -> None:
    night = window("fri", "22:00", "06:00")
    gaps = uncovered(night, window("fri", "20:00", "24:00"), date(2026, 1, 9), date(2026, 1, 9))
    assert gaps == [(utc(2026, 1, 9, 23), utc(2026, 1, 10, 5))]
    assert describe_gap(gaps[0], OSLO) == "Sat 2026-01-10 00:00-06:00 Europe/Oslo"
    # A Saturday morning requirement is covered by Friday's night shift.
    morning = window("sat", "00:00", "06:00")
    assert uncovered(morning, night, date(2026, 1, 10), date(2026, 1, 10)) == []


@pytest.mark.parametrize(
    ("one", "other"),
    [("mon-fri", "mon,tue,wed,thu,fri"), ("fri-mon", "mon,fri,sat,sun"), ("sat,sun", "sat-sun")],
)
def test_same_days_in_other_spellings_cover_each_other(one: str, other: str) -> None:
    first, second = window(one, "07:00", "17:00"), window(other, "07:00", "17:00")
    assert uncovered(first, second, date(2026, 1, 1), date(2026, 12, 31)) == []
    assert uncovered(second, first, date(2026, 1, 1), date(2026, 12, 31)) == []


def test_a_year_is_swept_in_one_go() -> None:
    required = window("mon-fri", "07:00", "17:00")
    provided = window("mon-fri", "06:00", "16:00", "UTC")
    gaps = uncovered(required, provided, date(2026, 1, 1), date(2026, 12, 31))
    # Summer weekdays: Monday 2026-03-30 to Friday 2026-10-23 is 30 weeks.
    assert len(gaps) == 150
    assert gaps[0] == (utc(2026, 3, 30, 5), utc(2026, 3, 30, 6))
    assert gaps[-1] == (utc(2026, 10, 23, 5), utc(2026, 10, 23, 6))


# --- describe ------------------------------------------------------------------------------


def test_describe() -> None:
    assert describe("24x7") == "24x7"
    assert describe(window("mon-fri", "07:00", "17:00")) == "mon-fri 07:00-17:00 Europe/Oslo"


def test_describe_gap_in_required_zone() -> None:
    saturday = (utc(2026, 1, 2, 23), utc(2026, 1, 3, 23))
    assert describe_gap(saturday, OSLO) == "Sat 2026-01-03 00:00-24:00 Europe/Oslo"
    assert describe_gap(saturday, "UTC") == "Fri 2026-01-02 23:00 to Sat 2026-01-03 23:00 UTC"
