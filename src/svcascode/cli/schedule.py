"""``svc schedule``: the change schedule with windows and conflicts, as text, JSON or ICS."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

import click

from svcascode.changeset import head_source
from svcascode.cli.common import console, repo_option, resolve_repo, write
from svcascode.cli.loading import finish, load_options, loading_options
from svcascode.index import Index
from svcascode.loader.load import load
from svcascode.report import schedule_report
from svcascode.schedule import build_schedule
from svcascode.windows import UTC

DEFAULT_DAYS = 90
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_bound(value: str, option: str, end_of_day: bool = False) -> datetime:
    """``YYYY-MM-DD`` (a UTC day: its start, or with ``end_of_day`` the next midnight)
    or an RFC 3339 timestamp with an offset."""
    text = value.strip()
    if _DATE.fullmatch(text):
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise click.BadParameter(
                f"{value!r} is not a calendar date", param_hint=option
            ) from None
        midnight = datetime.combine(day, time(), tzinfo=UTC)
        return midnight + timedelta(days=1) if end_of_day else midnight
    moment: datetime | None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise click.BadParameter(
            f"{value!r}: write a date (2026-12-01) or a timestamp with an offset "
            "(2026-12-01T08:00:00+01:00)",
            param_hint=option,
        )
    return moment


def _warn_broken(index: Index) -> None:
    broken = [key for key in index.broken if key[0] in ("Change", "ChangeWindow")]
    if broken:
        console(stderr=True).print(
            f"warning: {len(broken)} change or window document(s) could not be read and "
            "are left out; run `svc lint`"
        )


@click.command("schedule")
@click.option(
    "--from", "start", metavar="DATE", default=None, help="First day (default: today, UTC)."
)
@click.option(
    "--to",
    "end",
    metavar="DATE",
    default=None,
    help=f"Last day, included (default: {DEFAULT_DAYS} days after --from).",
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(["change", "blackout", "maintenance"]),
    help="Show only these kinds of entries (repeatable; conflicts are found regardless).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "ics"]),
    default="text",
    help="text: a list per week; json: for scripts; ics: an RFC 5545 calendar.",
)
@loading_options
@repo_option
def schedule_command(
    start: str | None, end: str | None, kinds: tuple[str, ...], fmt: str, repo: Path | None
) -> int:
    """The change schedule: changes, blackout and maintenance windows, and conflicts.

    Recurring windows are expanded between --from and --to. Marked (`!`) are changes that
    conflict with another change (overlapping windows where one touches what the other
    reaches) and changes that fall in a blackout covering what they reach. DATE is
    YYYY-MM-DD (a UTC day) or an RFC 3339 timestamp with an offset.
    """
    root = resolve_repo(repo)
    first = (
        parse_bound(start, "--from")
        if start
        else datetime.combine(datetime.now(UTC).date(), time(), tzinfo=UTC)
    )
    last = parse_bound(end, "--to", end_of_day=True) if end else first + timedelta(DEFAULT_DAYS)
    if last <= first:
        raise click.BadParameter("must be after --from", param_hint="--to")
    options = load_options(root, show_progress=fmt == "text")
    index = Index.build(load(head_source(root, None), options=options))
    finish(options)
    _warn_broken(index)
    schedule = build_schedule(index, first, last)
    if kinds:
        schedule = replace(schedule, entries=tuple(e for e in schedule.entries if e.kind in kinds))
    if fmt == "ics":
        click.echo(schedule_report.render_ics(schedule), nl=False)
    elif fmt == "json":
        write(schedule_report.render_json(schedule))
    else:
        write(schedule_report.render_text(schedule))
    return 0
