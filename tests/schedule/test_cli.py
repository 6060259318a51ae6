"""``svc schedule`` through click's CliRunner on the ``cli`` group."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner, Result

from svcascode.cli.main import cli
from tests.schedule.estate import change, repo, window

RANGE = ("--from", "2026-12-01", "--to", "2026-12-07")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return repo(
        tmp_path,
        {
            "windows.yaml": window(
                "mw-tuesday",
                "maintenance",
                "rrule: FREQ=WEEKLY;BYDAY=TU;BYHOUR=22",
                "start: 2026-01-06T22:00:00+01:00",
                "duration: 4h",
                "timezone: Europe/Oslo",
            ),
            "requests/c1.yaml": change(
                "c1", "db", "2026-12-01T22:00:00+01:00", "2026-12-01T23:00:00+01:00"
            ),
            "requests/c2.yaml": change(
                "c2", "app", "2026-12-01T22:30:00+01:00", "2026-12-01T23:30:00+01:00"
            ),
        },
    )


def svc(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), prog_name="svc")


def test_text(root: Path) -> None:
    result = svc("schedule", "--repo", str(root), *RANGE)
    assert result.exit_code == 0, result.output
    assert "Week 2026-W49" in result.stdout
    assert "conflicts with c2" in result.stdout
    assert "2 changes, 1 conflict, 0 changes in a blackout." in result.stdout


def test_json(root: Path) -> None:
    result = svc("schedule", "--repo", str(root), *RANGE, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["from"] == "2026-12-01T00:00:00+00:00"
    assert data["to"] == "2026-12-08T00:00:00+00:00"  # --to is the last day, included
    assert [e["id"] for e in data["entries"]] == ["mw-tuesday", "c1", "c2"]
    assert [(c["a"], c["b"]) for c in data["conflicts"]] == [("c1", "c2")]


def test_ics(root: Path) -> None:
    result = svc("schedule", "--repo", str(root), *RANGE, "--format", "ics")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\n")
    events = list(icalendar.Calendar.from_ical(result.stdout_bytes).walk("VEVENT"))
    assert len(events) == 3
    assert all(e.decoded("DTSTART").utcoffset() == timedelta(0) for e in events)


def test_kind_filter_keeps_conflicts(root: Path) -> None:
    result = svc(
        "schedule", "--repo", str(root), *RANGE, "--kind", "maintenance", "--format", "json"
    )
    data = json.loads(result.stdout)
    assert [e["id"] for e in data["entries"]] == ["mw-tuesday"]
    assert len(data["conflicts"]) == 1


def test_timestamps_with_offsets_are_accepted(root: Path) -> None:
    result = svc(
        "schedule",
        "--repo",
        str(root),
        "--from",
        "2026-12-01T22:15:00+01:00",
        "--to",
        "2026-12-01T22:20:00+01:00",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    assert [e["id"] for e in json.loads(result.stdout)["entries"]] == ["mw-tuesday", "c1"]


def test_default_range_runs(root: Path) -> None:
    result = svc("schedule", "--repo", str(root), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert "T00:00:00+00:00" in data["from"]


@pytest.mark.parametrize(
    "args",
    [
        ("--from", "2026-12-07", "--to", "2026-12-01"),
        ("--from", "2026-13-01"),
        ("--from", "tomorrow"),
        ("--from", "2026-12-01T10:00:00"),
        ("--format", "pdf"),
    ],
)
def test_bad_usage_exits_2(root: Path, args: tuple[str, ...]) -> None:
    result = svc("schedule", "--repo", str(root), *args)
    assert result.exit_code == 2
    assert "Error" in result.output
