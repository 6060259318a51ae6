"""The change schedule page (changes, blackout and maintenance windows by week) and the
page of each change."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from itertools import groupby

from svcascode.index import Index
from svcascode.loader.load import Record
from svcascode.model.change import Change
from svcascode.render import urls
from svcascode.render.context import Attribute, ChangePage, Group, SchedulePage, ScheduleRow
from svcascode.render.facts import HORIZON, Facts
from svcascode.render.helpers import link, links, moment
from svcascode.schedule import Entry

KIND_NAMES = {"change": "Change", "blackout": "Blackout", "maintenance": "Maintenance"}


def _marks(entry: Entry) -> tuple[str, ...]:
    marks = []
    if entry.kind == "change":
        if entry.conflicts:
            marks.append("conflicts with " + ", ".join(entry.conflicts))
        if entry.blackouts:
            marks.append("in blackout " + ", ".join(entry.blackouts))
    elif entry.conflicts:
        marks.append("changes in it: " + ", ".join(entry.conflicts))
    return tuple(marks)


def schedule_row(index: Index, entry: Entry) -> ScheduleRow:
    if entry.kind == "change":
        target = link(index, "Change", entry.id)
    else:
        target = link(index, "ChangeWindow", entry.id, "recurring" if entry.recurring else "")
    return ScheduleRow(
        kind=entry.kind,
        link=target,
        day=f"{entry.start:%a %Y-%m-%d}",
        start=moment(entry.start),
        end=moment(entry.end),
        detail=entry.scope,
        change_type=entry.change_type,
        risk=entry.risk,
        marks=_marks(entry),
        items=links(index, "ConfigurationItem", entry.cis) if entry.kind == "change" else (),
    )


def change_row(index: Index, facts: Facts, ident: str, change: Change) -> ScheduleRow:
    """A change as a schedule row, whether or not it falls in the schedule's horizon."""
    entry = facts.planned.get(ident)
    if entry is not None:
        return schedule_row(index, entry)
    window = change.spec.window
    return ScheduleRow(
        kind="change",
        link=link(index, "Change", ident),
        day=f"{window.start:%a %Y-%m-%d}",
        start=moment(window.start),
        end=moment(window.end),
        detail="items: " + ", ".join(change.spec.cis),
        change_type=change.spec.type,
        risk=change.spec.risk,
        items=links(index, "ConfigurationItem", change.spec.cis),
    )


def schedule_rows(index: Index, entries: Iterable[Entry]) -> tuple[ScheduleRow, ...]:
    return tuple(schedule_row(index, entry) for entry in entries)


def _week(entry: Entry) -> tuple[int, int]:
    year, week, _ = entry.start.isocalendar()
    return (year, week)


def _week_name(year: int, week: int) -> str:
    monday = datetime.fromisocalendar(year, week, 1).date()
    return f"Week {year}-W{week:02d}, {monday} to {monday + timedelta(days=6)}"


def schedule_page(index: Index, facts: Facts, calendar: str | None) -> SchedulePage:
    """The next 90 days, week by week."""
    schedule = facts.schedule
    weeks = tuple(
        Group(_week_name(*week), schedule_rows(index, entries))
        for week, entries in groupby(schedule.entries, key=_week)
    )
    conflicts = tuple(
        f"{c.a} and {c.b}: "
        + "; ".join(
            part
            for part in (
                "both touch " + ", ".join(c.shared_items) if c.shared_items else "",
                "together they interrupt " + ", ".join(c.compounded) if c.compounded else "",
            )
            if part
        )
        for c in schedule.conflicts
    )
    return SchedulePage(
        path=urls.SCHEDULE,
        template="schedule.html",
        title="Change schedule",
        nav="schedule",
        start=moment(schedule.start),
        end=moment(schedule.end),
        days=HORIZON.days,
        weeks=weeks,
        calendar=calendar,
        conflicts=conflicts,
    )


def _plans(change: Change) -> tuple[Attribute, ...]:
    spec = change.spec
    plans = (
        ("Implementation", spec.implementation),
        ("Back-out", spec.backout),
        ("Test", spec.test),
    )
    return tuple(Attribute(name, text) for name, text in plans if text)


def change_page(index: Index, facts: Facts, record: Record, change: Change) -> ChangePage:
    spec = change.spec
    facts_list = [
        Attribute("type", spec.type),
        Attribute("risk", spec.risk),
        Attribute("window", f"{moment(spec.window.start)} to {moment(spec.window.end)}"),
        Attribute("requester", spec.requester),
    ]
    if spec.template:
        facts_list.append(Attribute("template", spec.template))
    if spec.release:
        facts_list.append(Attribute("release", f"{spec.release.kind} {spec.release.version}"))
    review: tuple[Attribute, ...] = ()
    if spec.review:
        review = (
            Attribute("date", spec.review.date.isoformat()),
            Attribute("outcome", spec.review.outcome),
            Attribute("notes", spec.review.notes or ""),
        )
    entry = facts.planned.get(record.id)
    return ChangePage(
        path=urls.page_of("Change", record.id) or "",
        template="change.html",
        title=change.title,
        ident=record.id,
        kind="Change",
        description=change.metadata.description,
        owner=None,
        labels=tuple(Attribute(k, v) for k, v in sorted(change.metadata.labels.items())),
        source=record.where.path,
        facts=tuple(facts_list),
        items=links(index, "ConfigurationItem", spec.cis),
        plans=_plans(change),
        review=review,
        marks=_marks(entry) if entry else (),
    )
