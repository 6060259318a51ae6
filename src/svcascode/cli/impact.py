"""``svc impact`` and ``svc select``: what a change touches, and what a selector names."""

from __future__ import annotations

import json
from pathlib import Path

import click

from svcascode.assessment import assess_change
from svcascode.changeset import changes_between, head_source
from svcascode.cli.common import console, repo_option, resolve_repo, write
from svcascode.cli.loading import finish, load_options, loading_options
from svcascode.impact import Seeds, seeds_from_changeset, seeds_from_keys
from svcascode.index import Index
from svcascode.loader.load import load
from svcascode.report import impact_json, impact_markdown, impact_text
from svcascode.selection import select


def _warn_unmatched(unmatched: list[str]) -> None:
    for name in unmatched:
        console(stderr=True).print(f"warning: {name!r} matches nothing")


@click.command("impact")
@click.argument("ids", nargs=-1)
@click.option("--base", metavar="REF", help="Compare with this revision: its changed entities.")
@click.option("--head", metavar="REF", help="Head revision (default: the working tree).")
@click.option("--exclude", multiple=True, metavar="SELECTOR", help="Leave these out of the seeds.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    help="text: a tree; json: for scripts; markdown: a pull-request comment.",
)
@loading_options
@repo_option
def impact_command(
    ids: tuple[str, ...],
    base: str | None,
    head: str | None,
    exclude: tuple[str, ...],
    fmt: str,
    repo: Path | None,
) -> int:
    """What a change touches: items, services, agreements, customers, risk, approvers.

    IDS are ids or selectors (`db-lab`, `Service/ehr`, `label:site=dalen`); with
    --base, every entity added, edited or deleted since REF and the items of every
    Change document in the diff are taken too.
    """
    root = resolve_repo(repo)
    if not ids and base is None:
        raise click.UsageError("give ids or selectors, or --base REF to compare revisions")
    if head is not None and base is None:
        raise click.UsageError("--head needs --base")
    base_index: Index | None = None
    options = load_options(root, show_progress=fmt == "text")
    if base is not None:
        changeset = changes_between(root, base, head, options)
        index, base_index = changeset.head, changeset.base
        seeds = seeds_from_changeset(changeset)
    else:
        index = Index.build(load(head_source(root, head), options=options))
        seeds = Seeds()
    finish(options)
    if ids:
        chosen = select(index, list(ids), list(exclude))
        _warn_unmatched(chosen.unmatched)
        named = seeds_from_keys(index, chosen.keys)
        seeds.changed += [c for c in named.changed if c.key not in {x.key for x in seeds.changed}]
        seeds.cis |= named.cis
        seeds.services |= named.services
        seeds.changes += named.changes
    if exclude:
        excluded = set(select(index, list(exclude)).keys)
        if base_index is not None:
            excluded |= set(select(base_index, list(exclude)).keys)
        seeds = seeds.without(excluded)
    assessment = assess_change(index, seeds, base_index)
    if fmt == "json":
        write(impact_json.render(assessment))
    elif fmt == "markdown":
        write(impact_markdown.render(assessment))
    else:
        console().print(impact_text.render(assessment))
    return 0


@click.command("select")
@click.argument("selectors", nargs=-1, required=True)
@click.option("--exclude", multiple=True, metavar="SELECTOR", help="Subtract these.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@loading_options
@repo_option
def select_command(
    selectors: tuple[str, ...], exclude: tuple[str, ...], fmt: str, repo: Path | None
) -> int:
    """List the entities a selector names (the same language as `svc impact`).

    Examples: `db-lab+` (what depends on it), `+app-ehr` (what it needs), `2+x`,
    `kind:Service,owner:dba-team`, `label:domain=clinical`, `path:cmdb/network`.
    """
    root = resolve_repo(repo)
    options = load_options(root, show_progress=fmt == "text")
    index = Index.build(load(head_source(root, None), options=options))
    finish(options)
    chosen = select(index, list(selectors), list(exclude))
    _warn_unmatched(chosen.unmatched)
    if fmt == "json":
        rows = [{"kind": kind, "id": ident} for kind, ident in chosen.keys]
        write(json.dumps(rows, indent=2) + "\n")
    else:
        write("".join(f"{kind}/{ident}\n" for kind, ident in chosen.keys))
    return 0
