"""``svc rules``: list every rule with its id, default severity and documentation."""

from __future__ import annotations

import json

import click

from svcascode.cli.common import console, write
from svcascode.rules import RULES


@click.command("rules")
@click.argument("rule_id", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def rules_command(rule_id: str | None, fmt: str) -> int:
    """List the rules, or show one rule's documentation."""
    if rule_id is not None and rule_id not in RULES:
        raise click.BadParameter(f"no rule {rule_id!r}; run `svc rules` for the list")
    chosen = [RULES[rule_id]] if rule_id is not None else list(RULES.values())
    if fmt == "json":
        rows = [{"id": r.id, "severity": r.severity.value, "doc": r.doc} for r in chosen]
        write(json.dumps(rows, indent=2) + "\n")
        return 0
    out = console()
    for rule in chosen:
        if rule_id is None:
            out.print(f"{rule.id:<28} {rule.severity.value:<8} {rule.summary}")
        else:
            out.print(f"{rule.id} ({rule.severity.value})\n\n{rule.doc}")
    return 0
