"""``svc schedule`` output: a text list per week, JSON, and an RFC 5545 calendar (ICS).

Text and JSON show each time in the offset its change or window was written in (a
recurring window: its time zone); the calendar gives every time in UTC.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from itertools import groupby
from typing import Any

import icalendar

from svcascode.schedule import Conflict, Entry, Schedule
from svcascode.windows import UTC

PRODID = "-//svcascode//change schedule//EN"
_KIND_LABEL = {"change": "Change", "blackout": "Blackout", "maintenance": "Maintenance"}


def _offset(moment: datetime) -> str:
    delta = moment.utcoffset() or timedelta(0)
    minutes = int(delta.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _stamp(moment: datetime) -> str:
    return _utc(moment).strftime("%Y%m%dT%H%M%SZ")


def uid(entry: Entry) -> str:
    """A calendar uid that stays the same as long as the entry's id and start do."""
    return f"{entry.id}-{_stamp(entry.start)}@svcascode"


def _span(entry: Entry) -> str:
    start = entry.start
    end = entry.end.astimezone(start.tzinfo)
    text = f"{start:%H:%M}-{end:%H:%M}"
    days = (end.date() - start.date()).days
    return f"{text} (+{days}d)" if days else text


def _notes(entry: Entry) -> str:
    notes = []
    if entry.kind == "change":
        notes.append(f"[{entry.change_type}, {entry.risk} risk]")
        if entry.conflicts:
            notes.append("conflicts with " + ", ".join(entry.conflicts))
        if entry.blackouts:
            notes.append("in blackout " + ", ".join(entry.blackouts))
    elif entry.conflicts:
        notes.append("changes in it: " + ", ".join(entry.conflicts))
    return "  ".join(notes)


def _week(entry: Entry) -> tuple[int, int]:
    year, week, _ = entry.start.isocalendar()
    return (year, week)


def _week_heading(year: int, week: int) -> str:
    monday = datetime.fromisocalendar(year, week, 1).date()
    return f"Week {year}-W{week:02d} ({monday} to {monday + timedelta(days=6)})"


def _conflict_line(conflict: Conflict) -> str:
    start = conflict.overlap_start
    end = conflict.overlap_end.astimezone(start.tzinfo)
    when = f"{start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M} {_offset(start)}"
    why = []
    if conflict.shared_items:
        why.append("both touch " + ", ".join(conflict.shared_items))
    if conflict.compounded:
        why.append("together they interrupt " + ", ".join(conflict.compounded))
    return f"  {conflict.a} and {conflict.b}, {when}: {'; '.join(why)}"


def _summary(schedule: Schedule) -> str:
    changes = schedule.of_kind("change")
    in_blackout = sum(1 for e in changes if e.blackouts)
    conflicts = len(schedule.conflicts)
    return (
        f"{len(changes)} change{'s' if len(changes) != 1 else ''}, "
        f"{conflicts} conflict{'s' if conflicts != 1 else ''}, "
        f"{in_blackout} change{'s' if in_blackout != 1 else ''} in a blackout."
    )


def render_text(schedule: Schedule) -> str:
    """Entries grouped by ISO week; ``!`` marks conflicts and changes in a blackout."""
    whose = f" of {schedule.organisation}" if schedule.organisation else ""
    lines = [
        f"Change schedule{whose}, {schedule.start:%Y-%m-%d %H:%M} {_offset(schedule.start)} "
        f"to {schedule.end:%Y-%m-%d %H:%M} {_offset(schedule.end)}",
    ]
    if not schedule.entries:
        return "\n".join([*lines, "", "Nothing planned.", ""])
    width = max(len(entry.id) for entry in schedule.entries)
    span_width = max(len(_span(entry)) for entry in schedule.entries)
    for (year, week), entries in groupby(schedule.entries, key=_week):
        lines += ["", _week_heading(year, week)]
        for entry in entries:
            mark = "!" if entry.marked else " "
            row = (
                f"{mark} {entry.start:%Y-%m-%d %a}  {_span(entry):<{span_width}}  "
                f"{_offset(entry.start)}  {entry.kind:<11}  {entry.id:<{width}}  {entry.title}"
            )
            notes = _notes(entry)
            lines.append(f"{row}  {notes}" if notes else row)
    if schedule.conflicts:
        lines += ["", "Conflicts", *(_conflict_line(c) for c in schedule.conflicts)]
    lines += ["", _summary(schedule), ""]
    return "\n".join(lines)


def _entry_json(entry: Entry) -> dict[str, Any]:
    return {
        "kind": entry.kind,
        "id": entry.id,
        "title": entry.title,
        "start": entry.start.isoformat(),
        "end": entry.end.isoformat(),
        "start_utc": _utc(entry.start).isoformat(),
        "end_utc": _utc(entry.end).isoformat(),
        "type": entry.change_type,
        "risk": entry.risk,
        "scope": entry.scope,
        "cis": list(entry.cis),
        "services": list(entry.services),
        "conflicts": list(entry.conflicts),
        "blackouts": list(entry.blackouts),
        "recurring": entry.recurring,
        "path": entry.path,
        "uid": uid(entry),
    }


def _conflict_json(conflict: Conflict) -> dict[str, Any]:
    return {
        "a": conflict.a,
        "b": conflict.b,
        "shared_items": list(conflict.shared_items),
        "compounded": list(conflict.compounded),
        "overlap_start": conflict.overlap_start.isoformat(),
        "overlap_end": conflict.overlap_end.isoformat(),
    }


def document(schedule: Schedule) -> dict[str, Any]:
    """The schedule as one JSON-ready object."""
    changes = schedule.of_kind("change")
    return {
        "organisation": schedule.organisation,
        "from": schedule.start.isoformat(),
        "to": schedule.end.isoformat(),
        "generated": schedule.generated.isoformat(),
        "entries": [_entry_json(entry) for entry in schedule.entries],
        "conflicts": [_conflict_json(conflict) for conflict in schedule.conflicts],
        "summary": {
            "changes": len(changes),
            "blackouts": len(schedule.of_kind("blackout")),
            "maintenance": len(schedule.of_kind("maintenance")),
            "conflicts": len(schedule.conflicts),
            "in_blackout": sum(1 for e in changes if e.blackouts),
        },
    }


def render_json(schedule: Schedule) -> str:
    return json.dumps(document(schedule), indent=2, ensure_ascii=False) + "\n"


def _summary_line(entry: Entry) -> str:
    marks = []
    if entry.kind == "change" and entry.conflicts:
        marks.append("conflict")
    if entry.blackouts:
        marks.append("in blackout")
    suffix = f" ({', '.join(marks)})" if marks else ""
    return f"{_KIND_LABEL[entry.kind]}: {entry.title} [{entry.id}]{suffix}"


def _description(entry: Entry) -> str:
    lines = []
    if entry.kind == "change":
        lines.append(f"{str(entry.change_type).capitalize()} change, {entry.risk} risk.")
        if entry.conflicts:
            lines.append("Conflicts with: " + ", ".join(entry.conflicts))
        if entry.blackouts:
            lines.append("In blackout: " + ", ".join(entry.blackouts))
    elif entry.conflicts:
        lines.append("Changes in it: " + ", ".join(entry.conflicts))
    lines.append(f"Scope: {entry.scope}")
    if entry.path:
        lines.append(f"Defined in {entry.path}")
    return "\n".join(lines)


def _event(entry: Entry, stamp: datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid(entry))
    event.add("dtstamp", _utc(stamp))
    event.add("dtstart", _utc(entry.start))
    event.add("dtend", _utc(entry.end))
    event.add("summary", _summary_line(entry))
    event.add("description", _description(entry))
    categories: list[str] = [entry.kind]
    if entry.change_type:
        categories.append(entry.change_type)
    event.add("categories", categories)
    event.add("transp", "TRANSPARENT" if entry.kind == "maintenance" else "OPAQUE")
    return event


def render_ics(schedule: Schedule) -> bytes:
    """An RFC 5545 calendar: one VEVENT per entry, times in UTC."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = schedule.organisation or "svcascode"
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-caldesc", f"Change schedule of {name}")
    for entry in schedule.entries:
        calendar.add_component(_event(entry, schedule.generated))
    data: bytes = calendar.to_ical()
    return data
