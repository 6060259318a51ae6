"""``svc diff``: what changed in the catalogue, the agreements and the CMDB, and what it
means (a service retired, an SLA weakened, an item re-parented)."""

from __future__ import annotations

from pathlib import Path

import click

from svcascode.changeset import changes_between
from svcascode.cli.common import repo_option, resolve_repo, write
from svcascode.cli.loading import finish, load_options, loading_options
from svcascode.report.diff_report import render_json, render_markdown, render_text
from svcascode.semantic_diff import SemanticDiff, semantic_diff


def _render(diff: SemanticDiff, fmt: str) -> str:
    if fmt == "json":
        return render_json(diff)
    if fmt == "markdown":
        return render_markdown(diff)
    return render_text(diff)


@click.command("diff")
@click.option("--base", required=True, metavar="REF", help="Compare from this revision.")
@click.option("--head", metavar="REF", help="Compare to this revision (default: the working tree).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    help="text: grouped by kind; json: for scripts; markdown: a pull-request comment.",
)
@loading_options
@repo_option
def diff_command(base: str, head: str | None, fmt: str, repo: Path | None) -> int:
    """The semantic change between two revisions.

    Services added, removed, retired, brought live or re-scoped; agreements whose
    targets, service hours, validity or coverage were weakened or strengthened (a
    weakened SLA needs the customer's consent); items re-parented or retired; any
    other entity added, removed or edited. Informational: exits 0.
    """
    root = resolve_repo(repo)
    options = load_options(root, show_progress=fmt == "text")
    changeset = changes_between(root, base, head, options)
    finish(options)
    write(_render(semantic_diff(changeset, base, head), fmt))
    return 0
