"""``svc diff`` output: plain text, one JSON object, or a pull-request comment.

Each renderer returns what to print; only the command line prints.
"""

from __future__ import annotations

import json
from typing import Any

from svcascode.report.markdown import cell, code
from svcascode.semantic_diff import PHRASES, DiffEntry, SemanticDiff

MARKER = "<!-- svcascode:diff -->"
_WIDTH = max(len(phrase) for phrase in PHRASES.values())


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def summary_line(diff: SemanticDiff) -> str:
    """``3 changes: 1 added, 1 weakened, 1 edited; 1 needs the customer's consent (x)``."""
    summary = diff.summary()
    if not summary.total:
        return "no changes"
    counts = ", ".join(f"{n} {PHRASES[category]}" for category, n in summary.by_category)
    text = f"{_plural(summary.total, 'change')}: {counts}"
    if summary.consent_needed:
        verb = "needs" if len(summary.consent_needed) == 1 else "need"
        text += f"; {len(summary.consent_needed)} {verb} the customer's consent"
        text += f" ({', '.join(summary.consent_needed)})"
    return text


# --------------------------------------------------------------------------- text


def _text_entry(entry: DiffEntry) -> list[str]:
    title = f" ({entry.title})" if entry.title else ""
    consent = f"  {entry.consent}" if entry.consent else ""
    mark = "!" if entry.severity == "warning" else " "
    line = f" {mark}{PHRASES[entry.category]:<{_WIDTH}}  {entry.id}{title}{consent}"
    indent = " " * (_WIDTH + 6)
    return [line, *(f"{indent}{detail}" for detail in entry.details)]


def render_text(diff: SemanticDiff) -> str:
    """Grouped by kind: one line per entry, its details indented, then a summary line."""
    lines = [f"svc diff {diff.base}..{diff.head_label}", ""]
    for kind, entries in diff.by_kind():
        lines.append(kind)
        for entry in entries:
            lines += _text_entry(entry)
        lines.append("")
    lines.append(summary_line(diff))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- json


def _entry_document(entry: DiffEntry) -> dict[str, Any]:
    return {
        "kind": entry.kind,
        "id": entry.id,
        "title": entry.title,
        "category": entry.category,
        "summary": entry.summary,
        "details": list(entry.details),
        "consent_needed": entry.consent_needed,
        "consent": entry.consent,
        "customer": entry.customer,
        "severity": entry.severity,
        "path": entry.path,
    }


def document(diff: SemanticDiff) -> dict[str, Any]:
    """``{"base", "head", "entries", "summary"}``; ``head`` is ``null`` for the working
    tree."""
    summary = diff.summary()
    return {
        "base": diff.base,
        "head": diff.head,
        "entries": [_entry_document(entry) for entry in diff.entries],
        "summary": {
            "total": summary.total,
            "by_kind": dict(summary.by_kind),
            "by_category": dict(summary.by_category),
            "by_severity": dict(summary.by_severity),
            "consent_needed": list(summary.consent_needed),
        },
    }


def render_json(diff: SemanticDiff) -> str:
    return json.dumps(document(diff), indent=2, ensure_ascii=False) + "\n"


# --------------------------------------------------------------------------- markdown


def _consent_callout(diff: SemanticDiff) -> list[str]:
    entries = diff.consent_entries
    if not entries:
        return []
    lines = [
        "> [!WARNING]",
        f"> **The customer's consent is needed** for {_plural(len(entries), 'SLA change')}:",
        ">",
    ]
    for entry in entries:
        what = "; ".join(cell(detail) for detail in entry.details) or "no details"
        lines.append(
            f"> - **{PHRASES[entry.category]}** SLA {code(entry.id)} "
            f"(customer {code(entry.customer or '?')}): {what}"
        )
    return [*lines, ""]


def _markdown_row(entry: DiffEntry) -> str:
    change = PHRASES[entry.category]
    if entry.severity == "warning":
        change = f"⚠️ {change}"
    details = "<br>".join(cell(d) for d in entry.details)
    if entry.consent:
        details = f"**{cell(entry.consent)}**" + (f"<br>{details}" if details else "")
    return f"| {change} | {code(entry.id)} | {cell(entry.title or '')} | {details} |"


def _markdown_table(kind: str, entries: tuple[DiffEntry, ...]) -> list[str]:
    return [
        f"### {kind} ({len(entries)})",
        "",
        "| change | id | title | details |",
        "| --- | --- | --- | --- |",
        *(_markdown_row(entry) for entry in entries),
        "",
    ]


def render_markdown(diff: SemanticDiff) -> str:
    """A sticky pull-request comment: consent call-out, summary, one table per kind."""
    head = code(diff.head) if diff.head is not None else "the working tree"
    lines = [MARKER, f"## svcascode diff: {code(diff.base)} → {head}", ""]
    lines += _consent_callout(diff)
    if not diff.entries:
        lines.append("No entity was added, removed or changed.")
        return "\n".join(lines) + "\n"
    lines += [f"**{cell(summary_line(diff))}**", ""]
    for kind, entries in diff.by_kind():
        lines += _markdown_table(kind, entries)
    return "\n".join(lines)
