"""Occurrences of change windows in time: one-off windows and RFC 5545 recurrences."""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterator
from datetime import datetime, timedelta, tzinfo

from dateutil.rrule import rrulestr

from svcascode.model.change import ChangeWindowSpec

UTC = zoneinfo.ZoneInfo("UTC")


def _zone(spec: ChangeWindowSpec) -> tzinfo:
    if spec.timezone:
        try:
            return zoneinfo.ZoneInfo(spec.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return UTC
    if spec.start is not None and spec.start.tzinfo is not None:
        return spec.start.tzinfo
    return UTC


def occurrences(
    spec: ChangeWindowSpec, start: datetime, end: datetime
) -> Iterator[tuple[datetime, datetime]]:
    """Every ``(start, end)`` of the window that overlaps ``[start, end)``."""
    if spec.rrule is None:
        first, last = spec.start, spec.end
        if first is not None and last is not None and first < end and start < last:
            yield first, last
        return
    duration = spec.duration or timedelta(0)
    zone = _zone(spec)
    if spec.start is not None:
        anchor = spec.start.astimezone(zone).replace(tzinfo=None)
    else:
        first = (start - duration).astimezone(zone)
        anchor = first.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
    # Expanded in wall-clock time, so "22:00 every Tuesday" stays 22:00 across DST.
    rule = rrulestr(spec.rrule, dtstart=anchor)
    lower = (start - duration).astimezone(zone).replace(tzinfo=None)
    upper = end.astimezone(zone).replace(tzinfo=None)
    for naive in rule.between(lower, upper, inc=True):
        begin = naive.replace(tzinfo=zone)
        finish = begin + duration
        if begin < end and start < finish:
            yield begin, finish
