"""The progress bar: only on a terminal and never in CI, gone when the run is done, and
never on stderr of a machine-readable run."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from svcascode.cli import loading
from svcascode.cli.loading import ProgressBar
from svcascode.cli.main import cli
from tests.conftest import CI_DB, TEAM, WriteRepo

FILES = {"agreements/teams.yaml": TEAM, "cmdb/db.yaml": CI_DB.replace("owner: ops", "owner: x")}


class FakeStream(io.StringIO):
    def __init__(self, terminal: bool) -> None:
        super().__init__()
        self.terminal = terminal

    def isatty(self) -> bool:
        return self.terminal


@pytest.mark.parametrize(
    ("terminal", "ci", "wanted"),
    [(True, None, True), (True, "true", False), (True, "1", False), (False, None, False)],
)
def test_the_bar_is_wanted_on_a_terminal_outside_ci(
    monkeypatch: pytest.MonkeyPatch, terminal: bool, ci: str | None, wanted: bool
) -> None:
    monkeypatch.setattr(sys, "stderr", FakeStream(terminal))
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    assert ProgressBar.wanted() is wanted


def screen(output: str) -> list[str]:
    """What a terminal shows after ``output``: lines, carriage returns, cursor up and
    erase-line are followed; other control sequences are dropped."""
    lines, row, column = [""], 0, 0
    for token in re.findall(r"\x1b\[[0-9;?]*[A-Za-z]|\r|\n|[^\x1b\r\n]+", output):
        if token == "\n":
            row, column = row + 1, 0
            if row == len(lines):
                lines.append("")
        elif token == "\r":
            column = 0
        elif token == "\x1b[1A":
            row = max(0, row - 1)
        elif token == "\x1b[2K":
            lines[row] = ""
        elif not token.startswith("\x1b"):
            line = lines[row].ljust(column)
            lines[row] = line[:column] + token + line[column + len(token) :]
            column += len(token)
    return [line.rstrip() for line in lines if line.strip()]


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """The bar draws at once, on a fake terminal."""
    out = io.StringIO()
    monkeypatch.setattr(ProgressBar, "DELAY", 0.0)
    monkeypatch.setattr(
        loading,
        "console",
        lambda stderr=False: Console(file=out, force_terminal=True, width=80, color_system=None),
    )
    return out


def test_the_bar_shows_each_phase_and_removes_itself(terminal: io.StringIO) -> None:
    bar = ProgressBar()
    bar.phase("listing files", 0)
    bar.phase("loading", 3)
    bar.advance(3)
    bar.phase("checking rules", 2)
    shown = terminal.getvalue()
    for name in ("listing files", "loading", "checking rules"):
        assert name in shown
    bar.close()
    assert screen(terminal.getvalue()) == []
    drawn = len(terminal.getvalue())
    bar.phase("late", 1)  # nothing after close
    bar.advance(1)
    assert len(terminal.getvalue()) == drawn


def test_a_short_run_never_shows_the_bar(
    terminal: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ProgressBar, "DELAY", 3600.0)
    bar = ProgressBar()
    bar.phase("loading", 3)
    bar.advance(3)
    bar.close()
    assert terminal.getvalue() == ""


def svc(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), prog_name="svc")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def wanted(monkeypatch: pytest.MonkeyPatch, terminal: io.StringIO) -> io.StringIO:
    """Commands believe stderr is a terminal outside CI; the bar draws on ``terminal``."""
    monkeypatch.setattr(ProgressBar, "wanted", staticmethod(lambda: True))
    for name in ("GITHUB_ACTIONS", "CI"):
        monkeypatch.delenv(name, raising=False)
    return terminal


def test_lint_shows_the_bar_for_text_output(wanted: io.StringIO, write_repo: WriteRepo) -> None:
    code, out, _ = svc("lint", "--repo", str(write_repo(FILES)), "--format", "text")
    assert code == 1 and "2 files" in out
    assert "loading" in wanted.getvalue()
    assert screen(wanted.getvalue()) == []  # removed before the report was written


@pytest.mark.parametrize("fmt", ["json", "sarif", "github"])
def test_machine_output_never_writes_to_stderr(
    wanted: io.StringIO, write_repo: WriteRepo, fmt: str, tmp_path: Path
) -> None:
    root = write_repo(FILES)
    for cache in ("--no-cache", "--cache-dir", "--cache-dir"):  # none, cold, warm
        args = [cache, str(tmp_path / "cache")] if cache == "--cache-dir" else [cache]
        code, out, err = svc("lint", "--repo", str(root), "--format", fmt, *args)
        assert code == 1 and out
        assert err == ""
        assert wanted.getvalue() == ""


def test_json_output_writes_nothing_to_stderr_as_run_by_ci(write_repo: WriteRepo) -> None:
    code, out, err = svc("lint", "--repo", str(write_repo(FILES)), "--format", "json")
    assert code == 1 and out.lstrip().startswith("{")
    assert err == ""
