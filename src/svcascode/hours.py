"""Service hours as concrete time: open intervals, coverage gaps and their descriptions.

An SLA promises a customer service in some hours; the OLAs and UCs under it must cover
at least those hours. This module turns :data:`~svcascode.model.types.ServiceHours` into
concrete UTC intervals over a span of calendar days and finds the parts of a required set
of hours that a provided set does not cover.

Semantics:

* Intervals are half-open, ``[start, end)``, timezone-aware and in UTC.
* A window's clock times are wall-clock times in its own IANA time zone, so daylight
  saving is honoured: ``07:00 Europe/Oslo`` is 06:00 UTC in winter and 05:00 UTC in summer,
  and ``00:00``-``24:00`` covers the whole local day even when it is 23 or 25 hours long.
* ``days`` names the days a window *opens* on. A window whose ``to`` is at or before its
  ``from`` runs past midnight into the next day: ``fri 22:00-06:00`` is Friday 22:00 to
  Saturday 06:00 (and ``07:00-07:00`` is 24 hours).
* A clock time that does not exist (skipped by a spring-forward change) or exists twice
  (repeated by a fall-back change) is resolved as :mod:`zoneinfo` does with ``fold=0``: the
  offset in force before the change. A window that falls entirely in a skipped hour is empty.
* ``24x7`` is open all the time. Over a span of days it is one interval from the first
  day's midnight to the midnight after the last day, in the ``zone`` asked for (UTC unless
  told otherwise); :func:`uncovered` uses the zone of whichever side has one.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from svcascode.model.types import HoursWindow, ServiceHours

Interval = tuple[datetime, datetime]
"""A half-open ``[start, end)`` span of time, timezone-aware."""

UTC = zoneinfo.ZoneInfo("UTC")
_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MARGIN = timedelta(days=2)
"""How far past the span the covering side is expanded: enough for any zone offset and a
window running past midnight."""


def _minutes(clock: str) -> int:
    hours, _, minutes = clock.partition(":")
    return int(hours) * 60 + int(minutes)


def _at(day: date, minutes: int, zone: zoneinfo.ZoneInfo) -> datetime:
    """The UTC instant of ``minutes`` past local midnight of ``day`` on the wall clock."""
    days, rest = divmod(minutes, 24 * 60)
    local_day = day + timedelta(days=days)
    local = datetime.combine(local_day, time(rest // 60, rest % 60), tzinfo=zone)
    return local.astimezone(UTC)


def _days(start: date, end: date) -> Iterable[date]:
    for offset in range((end - start).days + 1):
        yield start + timedelta(days=offset)


def _window_intervals(window: HoursWindow, start: date, end: date) -> list[Interval]:
    zone = zoneinfo.ZoneInfo(window.timezone)
    opens, closes = _minutes(window.from_), _minutes(window.to)
    if closes <= opens:
        closes += 24 * 60
    weekdays = window.weekdays()
    result: list[Interval] = []
    for day in _days(start, end):
        if day.weekday() in weekdays:
            begin, finish = _at(day, opens, zone), _at(day, closes, zone)
            if begin < finish:
                result.append((begin, finish))
    return result


def intervals(hours: ServiceHours, start: date, end: date, *, zone: str = "UTC") -> list[Interval]:
    """The open intervals of ``hours`` on every calendar day from ``start`` to ``end``.

    A window's days are counted in its own time zone; the day boundaries of ``24x7`` are
    counted in ``zone``. The intervals are in UTC, sorted, and empty if ``end < start``.
    """
    if end < start:
        return []
    if isinstance(hours, HoursWindow):
        return _window_intervals(hours, start, end)
    day_zone = zoneinfo.ZoneInfo(zone)
    return [(_at(start, 0, day_zone), _at(end + timedelta(days=1), 0, day_zone))]


def merge(spans: Iterable[Interval]) -> list[Interval]:
    """Sort ``spans`` and join those that overlap or touch."""
    merged: list[Interval] = []
    for begin, finish in sorted(spans):
        if merged and begin <= merged[-1][1]:
            if finish > merged[-1][1]:
                merged[-1] = (merged[-1][0], finish)
        else:
            merged.append((begin, finish))
    return merged


def subtract(spans: list[Interval], cover: list[Interval]) -> list[Interval]:
    """The parts of merged ``spans`` outside merged ``cover``, in one sweep of both."""
    gaps: list[Interval] = []
    index = 0
    for begin, finish in spans:
        while index < len(cover) and cover[index][1] <= begin:
            index += 1
        cursor, probe = begin, index
        while probe < len(cover) and cover[probe][0] < finish:
            if cover[probe][0] > cursor:
                gaps.append((cursor, cover[probe][0]))
            cursor = max(cursor, cover[probe][1])
            probe += 1
        if cursor < finish:
            gaps.append((cursor, finish))
    return gaps


def zone_of(*candidates: ServiceHours) -> str:
    """The time zone days are counted in: the first window's, else UTC."""
    for hours in candidates:
        if isinstance(hours, HoursWindow):
            return hours.timezone
    return "UTC"


def uncovered(
    required: ServiceHours, provided: ServiceHours, start: date, end: date
) -> list[Interval]:
    """The parts of ``required``'s intervals from ``start`` to ``end`` that ``provided``
    does not cover, merged and sorted in UTC; an empty list means fully covered.

    ``provided`` is expanded a little past the span, so hours that began the day before
    (a window past midnight, another zone's earlier day) count as cover.
    """
    if not isinstance(provided, HoursWindow):
        return []
    need = merge(intervals(required, start, end, zone=zone_of(required, provided)))
    if not need:
        return []
    have = merge(intervals(provided, start - _MARGIN, end + _MARGIN))
    return subtract(need, have)


def describe(hours: ServiceHours) -> str:
    """``24x7`` or ``mon-fri 07:00-17:00 Europe/Oslo``."""
    if isinstance(hours, HoursWindow):
        return f"{hours.days} {hours.from_}-{hours.to} {hours.timezone}"
    return "24x7"


def _local_end(moment: datetime) -> tuple[date, str]:
    """The local day and clock of an interval's end; midnight is ``24:00`` of the day before."""
    if moment.time() == time(0):
        return moment.date() - timedelta(days=1), "24:00"
    return moment.date(), f"{moment:%H:%M}"


def _day_label(day: date) -> str:
    return f"{_DAY_NAMES[day.weekday()]} {day.isoformat()}"


def describe_gap(gap: Interval, zone: str) -> str:
    """A gap in ``zone``'s wall-clock time: ``Mon 2026-03-30 07:00-08:00 Europe/Oslo``,
    ``Sat 2026-01-03 00:00-24:00 Europe/Oslo``, or across days
    ``Fri 2026-01-02 17:00 to Mon 2026-01-05 07:00 Europe/Oslo``."""
    local_zone = zoneinfo.ZoneInfo(zone)
    begin = gap[0].astimezone(local_zone)
    end_day, end_clock = _local_end(gap[1].astimezone(local_zone))
    opening = f"{_day_label(begin.date())} {begin:%H:%M}"
    if end_day == begin.date():
        return f"{opening}-{end_clock} {zone}"
    return f"{opening} to {_day_label(end_day)} {end_clock} {zone}"
