"""``svc codeowners``: write (or check) the CODEOWNERS file built from the owners."""

from __future__ import annotations

import difflib
from pathlib import Path

import click

from svcascode.cli.common import console, repo_option, resolve_repo, write
from svcascode.cli.loading import finish, load_options, loading_options
from svcascode.codeowners import DEFAULT_PATH, build
from svcascode.errors import ExitCode
from svcascode.index import Index
from svcascode.loader.load import load
from svcascode.loader.sources import WorkingTree


def _shown(path: Path, root: Path) -> str:
    """``path`` relative to the repository when it lies inside it."""
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8").replace("\r\n", "\n")
    except FileNotFoundError:
        return None


@click.command("codeowners")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    default=None,
    metavar="PATH",
    help=f"File to write, or - for stdout (default: {DEFAULT_PATH} in the repository).",
)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 with a diff when the file is not what would be written.",
)
@loading_options
@repo_option
def codeowners_command(out: Path | None, check: bool, repo: Path | None) -> int:
    """Build CODEOWNERS from the owners in the repository.

    Each content file is owned by the members of the Teams that own its entities (the
    CAB's members where none does); the content roots, settings, CODEOWNERS, the
    workflows, the Teams' files and the change policy by the CAB (the ChangePolicy's
    cab Team). Exit status with --check: 0 current, 1 out of date, 2 bad usage.
    """
    root = resolve_repo(repo)
    to_stdout = out is not None and str(out) == "-"
    if check and to_stdout:
        raise click.UsageError("--check compares with a file; give --out PATH, not -")
    target = root / DEFAULT_PATH if out is None else out
    options = load_options(root)
    codeowners = build(Index.build(load(WorkingTree(root), options=options)))
    finish(options)
    errors = console(stderr=True)
    for warning in codeowners.warnings:
        errors.print(f"warning: {warning}")
    text = codeowners.render()
    if to_stdout:
        write(text)
        return int(ExitCode.OK)
    shown = _shown(target, root)
    if check:
        current = _read(target)
        if current == text:
            errors.print(f"{shown} is current")
            return int(ExitCode.OK)
        diff = difflib.unified_diff(
            (current or "").splitlines(keepends=True),
            text.splitlines(keepends=True),
            fromfile=f"a/{shown}",
            tofile=f"b/{shown}",
        )
        write("".join(diff))
        state = "is missing" if current is None else "is out of date"
        errors.print(f"{shown} {state}; run `svc codeowners` to write it")
        return int(ExitCode.FOUND)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="\n") as stream:
        stream.write(text)
    errors.print(f"wrote {shown} ({len(codeowners.rules)} patterns)")
    return int(ExitCode.OK)
