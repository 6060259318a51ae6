"""``svc lint``: validate everything and report findings."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import click

from svcascode.cli.common import console, repo_option, resolve_repo, write
from svcascode.cli.loading import finish, load_options, loading_options, result_cache
from svcascode.lintcache import lint_reusing
from svcascode.lintresult import LintResult
from svcascode.loader.sources import WorkingTree
from svcascode.report import FORMATS, MACHINE_REPORTERS, text
from svcascode.scope import lint_changed_since


def default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


@click.command("lint")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format (default: github under GitHub Actions, text elsewhere).",
)
@click.option(
    "--base",
    metavar="REF",
    default=None,
    help="Report only findings in files changed since REF, and those the changes cause.",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Judge validity and review dates as of this day (YYYY-MM-DD; default: today).",
)
@loading_options
@repo_option
def lint_command(
    fmt: str | None, base: str | None, as_of: datetime | None, repo: Path | None
) -> int:
    """Validate every file of the repository.

    Exit status: 0 no errors, 1 errors found, 2 bad usage or unreadable input.
    """
    root = resolve_repo(repo)
    source = WorkingTree(root)
    day = as_of.date() if as_of is not None else None
    chosen = fmt or default_format()
    options = load_options(root, show_progress=chosen == "text")
    result: LintResult
    results = result_cache(root)
    if base:
        result = lint_changed_since(source, base, day, options, results)
    elif results is not None:
        result = lint_reusing(source, results, day, options)
    else:  # imported here: a run that reuses stored findings never loads the models
        from svcascode.lint import lint

        result = lint(source, day, options)
    finish(options)
    if chosen == "text":
        console().print(text.render(result), end="")
    else:
        write(MACHINE_REPORTERS[chosen](result))
    return int(result.exit_code)
