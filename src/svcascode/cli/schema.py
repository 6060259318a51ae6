"""``svc schema``: write the JSON Schemas of every kind."""

from __future__ import annotations

from pathlib import Path

import click

from svcascode.cli.common import console, repo_option, resolve_repo
from svcascode.schema import write


@click.command("schema")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write into (default: schemas/ in the repository).",
)
@repo_option
def schema_command(out: Path | None, repo: Path | None) -> int:
    """Write one JSON Schema (draft-07) per kind, plus any.json for any document."""
    target = out if out is not None else resolve_repo(repo) / "schemas"
    written = write(target)
    console(stderr=True).print(f"wrote {len(written)} schemas to {target}")
    return 0
