"""``svc rules``: list every rule with its id, severity and documentation."""

from __future__ import annotations

import json
from pathlib import Path

import click

from svcascode.cli.common import console, repo_option, resolve_repo, write
from svcascode.lint import rule_levels
from svcascode.loader.load import load_config
from svcascode.loader.sources import WorkingTree
from svcascode.rules import RULES


@click.command("rules")
@click.argument("rule_id", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@repo_option
def rules_command(rule_id: str | None, fmt: str, repo: Path | None) -> int:
    """List the rules with the severity they have in this repository, or show one
    rule's documentation."""
    if rule_id is not None and rule_id not in RULES:
        raise click.BadParameter(f"no rule {rule_id!r}; run `svc rules` for the list")
    levels, _ = rule_levels(load_config(WorkingTree(resolve_repo(repo))).config)
    chosen = [RULES[rule_id]] if rule_id is not None else list(RULES.values())
    if fmt == "json":
        rows = [
            {
                "id": r.id,
                "default": r.severity.value,
                "severity": str(levels[r.id] or "off"),
                "doc": r.doc,
            }
            for r in chosen
        ]
        write(json.dumps(rows, indent=2) + "\n")
        return 0
    out = console()
    for rule in chosen:
        level = levels[rule.id]
        shown = level.value if level is not None else "off"
        if rule_id is None:
            out.print(f"{rule.id:<28} {shown:<8} {rule.summary}")
        else:
            default = "" if shown == rule.severity.value else f"; default {rule.severity.value}"
            out.print(f"{rule.id} ({shown}{default})\n\n{rule.doc}")
    return 0
