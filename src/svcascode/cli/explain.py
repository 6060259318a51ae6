"""``svc explain``: the chain behind an agreement."""

from __future__ import annotations

from pathlib import Path

import click

from svcascode.changeset import head_source
from svcascode.cli.common import console, repo_option, resolve_repo, write
from svcascode.cli.loading import finish, load_options, loading_options
from svcascode.explain import explain
from svcascode.index import Index
from svcascode.loader.load import load
from svcascode.report.explain_report import render_json, render_text


@click.command("explain")
@click.argument("agreement")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@loading_options
@repo_option
def explain_command(agreement: str, fmt: str, repo: Path | None) -> int:
    """The chain behind an SLA: service -> items -> covering agreements -> their targets
    -> the availability, times and hours they allow together.

    For an OLA or UC, the SLAs that rest on it.
    """
    root = resolve_repo(repo)
    options = load_options(root, show_progress=fmt == "text")
    index = Index.build(load(head_source(root, None), options=options))
    finish(options)
    explanation = explain(index, agreement)
    if fmt == "json":
        write(render_json(explanation))
    else:
        console().print(render_text(explanation))
    return 0
