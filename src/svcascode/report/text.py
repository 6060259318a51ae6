"""Human output: findings grouped by file, then a summary line; colour on a terminal."""

from __future__ import annotations

from itertools import groupby

from rich.text import Text

from svcascode.diagnostics import Finding, Severity
from svcascode.lintresult import LintResult

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def render(result: LintResult) -> Text:
    """The findings as styled text (plain when printed to a pipe)."""
    out = Text()
    for path, group in groupby(result.findings, key=lambda f: f.path):
        findings: list[Finding] = list(group)
        out.append(path, style="bold underline")
        out.append("\n")
        width = max(len(f"{f.line}:{f.column}") for f in findings)
        for finding in findings:
            out.append(f"  {finding.line}:{finding.column}".ljust(width + 2), style="dim")
            out.append("  ")
            out.append(finding.severity.value.ljust(7), style=_STYLE[finding.severity])
            out.append(" ")
            out.append(finding.message)
            out.append(f"  ({finding.rule})", style="dim")
            out.append("\n")
        out.append("\n")
    for note in result.notes:
        out.append(f"note: {note}\n", style="dim")
    errors = result.count(Severity.ERROR)
    warnings = result.count(Severity.WARNING)
    checked = f"{_plural(result.files, 'file')}, {_plural(result.entities, 'entity')}".replace(
        "entitys", "entities"
    )
    if not result.findings:
        out.append("✓ ", style="bold green")
        out.append(f"no problems in {checked}\n")
    else:
        mark, style = ("✖ ", "bold red") if errors else ("⚠ ", "bold yellow")
        out.append(mark, style=style)
        infos = result.count(Severity.INFO)
        parts = [_plural(errors, "error"), _plural(warnings, "warning")]
        if infos:
            parts.append(_plural(infos, "info"))
        out.append(f"{', '.join(parts)} in {checked}\n")
    return out
