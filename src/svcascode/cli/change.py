"""``svc change``: commands for change requests (``svc change new``)."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path
from typing import cast

import click

from svcascode.change_new import ChangeRequest, ChangeType, RiskLevel, create_change
from svcascode.changeset import head_source
from svcascode.cli.common import console, repo_option, resolve_repo
from svcascode.cli.loading import finish, load_options, loading_options
from svcascode.index import Index
from svcascode.loader.load import load
from svcascode.model.types import parse_duration


def _timestamp(value: str) -> datetime:
    moment: datetime | None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise click.BadParameter(
            f"{value!r}: write an RFC 3339 timestamp with an offset, "
            "e.g. 2026-12-05T22:00:00+01:00",
            param_hint="--start",
        )
    return moment


def _duration(value: str) -> timedelta:
    try:
        return parse_duration(value)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--duration") from None


def _shown(path: Path) -> Path:
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


@click.group("change")
@repo_option
def change_group(repo: Path | None) -> None:
    """Change requests: `svc change new` writes one with the next free id."""


def _group_repo(ctx: click.Context) -> Path | None:
    """``svc change --repo PATH new ...``: the group's ``--repo``."""
    parent = ctx.parent
    value = parent.params.get("repo") if parent is not None else None
    return value if isinstance(value, Path) else None


@change_group.command("new")
@click.option(
    "--type",
    "change_type",
    type=click.Choice(["normal", "standard", "emergency"]),
    required=True,
    help="standard needs --template.",
)
@click.option(
    "--ci", "cis", multiple=True, required=True, metavar="ID", help="An item it touches (repeat)."
)
@click.option("--title", required=True, help="A short title; the id's slug is made from it.")
@click.option("--start", required=True, metavar="TIMESTAMP", help="RFC 3339 with an offset.")
@click.option("--duration", required=True, metavar="DURATION", help="15m, 3h, 1h30m, PT90M.")
@click.option("--template", default=None, metavar="ID", help="The ChangeTemplate (standard).")
@click.option(
    "--risk",
    type=click.Choice(["low", "medium", "high"]),
    default=None,
    help="Your assessment (default: low for standard, medium otherwise).",
)
@click.option(
    "--requester",
    default=None,
    metavar="HANDLE",
    help="Your git host login (default: $GITHUB_ACTOR).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write into this folder (default: changes/requests/<year>).",
)
@loading_options
@repo_option
@click.pass_context
def new_command(
    ctx: click.Context,
    change_type: str,
    cis: tuple[str, ...],
    title: str,
    start: str,
    duration: str,
    template: str | None,
    risk: str | None,
    requester: str | None,
    out: Path | None,
    repo: Path | None,
) -> int:
    """Write a new change request with the next free id and print its path.

    The plans (implementation, backout, test) are left as TODO text to fill in before
    the pull request. An existing file is never overwritten.
    """
    who = requester or os.environ.get("GITHUB_ACTOR")
    if not who:
        raise click.UsageError("give --requester HANDLE (your git host login)")
    root = resolve_repo(repo if repo is not None else _group_repo(ctx))
    request = ChangeRequest(
        type=cast(ChangeType, change_type),
        cis=tuple(dict.fromkeys(cis)),
        title=title,
        start=_timestamp(start),
        duration=_duration(duration),
        requester=who,
        template=template,
        risk=cast(RiskLevel | None, risk),
    )
    options = load_options(root)
    index = Index.build(load(head_source(root, None), options=options))
    finish(options)
    created = create_change(root, index, request, out)
    for warning in created.warnings:
        console(stderr=True).print(f"warning: {warning}")
    click.echo(str(_shown(created.path)))
    return 0
