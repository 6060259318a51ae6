"""``svc explain`` output: tables as text, or one JSON object."""

from __future__ import annotations

import json
from dataclasses import asdict

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from svcascode.explain import Explanation, Terms


def render_json(explanation: Explanation) -> str:
    return json.dumps(asdict(explanation), indent=2, ensure_ascii=False) + "\n"


def _times(values: dict[str, str]) -> str:
    return " ".join(f"{p} {v}" for p, v in values.items()) or "—"


def _percent(value: float | None) -> str:
    return f"{value:g}%" if value is not None else "—"


def _terms_table(title: str, rows: list[Terms]) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False)
    for column in ("agreement", "type", "party", "availability", "response", "resolution"):
        table.add_column(column)
    table.add_column("hours")
    table.add_column("valid until")
    for t in rows:
        table.add_row(
            t.agreement,
            t.type,
            t.party,
            _percent(t.availability),
            _times(t.response),
            _times(t.resolution),
            t.hours,
            t.valid_until or "—",
        )
    return table


def render_text(explanation: Explanation) -> RenderableType:
    t = explanation.terms
    parts: list[RenderableType] = [_terms_table(f"{t.type} {t.agreement}", [t])]
    if explanation.supports:
        parts.append(Text(f"Underpins: {', '.join(explanation.supports)}"))
    for chain in explanation.services:
        verdict = (
            Text("holds", style="bold green")
            if chain.feasible
            else Text("cannot be kept", style="bold red")
        )
        head = Text(f"\nService {chain.service} ({chain.title}): promised ", style="bold")
        head.append(_percent(chain.promised)).append(", the underpinnings allow ")
        head.append(f"{chain.allowed:.4f}".rstrip("0").rstrip(".") + "%").append(" — ")
        head.append(verdict)
        parts.append(head)
        if chain.weakest:
            parts.append(Text(f"weakest links: {', '.join(chain.weakest)}"))
        if chain.unknown:
            parts.append(
                Text(f"no OLA or UC covers (counted as 100%): {', '.join(chain.unknown)}", "yellow")
            )
        items = Table(title="items", title_justify="left")
        for column in ("item", "environment", "criticality", "supplier", "covered by", "target"):
            items.add_column(column)
        for row in chain.items:
            items.add_row(
                row.item,
                row.environment,
                row.criticality,
                row.supplier or "—",
                row.agreement or "—",
                _percent(row.availability),
            )
        parts.append(items)
        parts.append(_terms_table("underpinning agreements", chain.underpinnings))
    return Group(*parts)
