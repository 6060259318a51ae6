"""What every command shares: the ``--repo`` option and output helpers."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from svcascode.repo import find_root

if TYPE_CHECKING:
    from rich.console import Console

F = TypeVar("F", bound=Callable[..., Any])


def repo_option(command: F) -> F:
    """``--repo PATH``: the repository to work on (default: the current one)."""
    return click.option(
        "--repo",
        "repo",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Repository root (default: the repository around the current directory).",
    )(command)


def resolve_repo(repo: Path | None) -> Path:
    if repo is None:
        return find_root(Path.cwd())
    if not repo.is_dir():
        raise click.BadParameter(f"{repo} is not a folder", param_hint="--repo")
    return repo.resolve()


def console(stderr: bool = False) -> Console:
    """A console that colours only a terminal and never wraps or reads markup; piped
    output is not cut at 80 columns."""
    from rich.console import Console  # only human output needs it: not JSON, SARIF, ...

    stream = sys.stderr if stderr else sys.stdout
    terminal = stream.isatty()
    return Console(
        file=stream,
        width=None if terminal else 400,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=True,
        no_color="NO_COLOR" in os.environ,
    )


def write(text: str) -> None:
    """Machine output: plain, unwrapped, on stdout."""
    click.echo(text, nl=False)
