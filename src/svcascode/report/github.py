"""``--format github``: workflow-command annotations that GitHub shows on the diff.

GitHub shows at most 10 error and 10 warning annotations per step, so when there are
more, a summary annotation says so; every finding is still printed.
"""

from __future__ import annotations

from svcascode.diagnostics import Severity
from svcascode.lintresult import LintResult

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
SHOWN_PER_STEP = 10


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(result: LintResult) -> str:
    lines = []
    for f in result.findings:
        props = ",".join(
            (
                f"file={escape_property(f.path)}",
                f"line={f.line}",
                f"col={f.column}",
                f"title={escape_property(f'svcascode {f.rule}')}",
            )
        )
        lines.append(f"::{_COMMAND[f.severity]} {props}::{escape_data(f.message)}")
    errors, warnings = result.count(Severity.ERROR), result.count(Severity.WARNING)
    if errors > SHOWN_PER_STEP or warnings > SHOWN_PER_STEP:
        lines.append(
            "::notice title=svcascode lint::"
            + escape_data(
                f"{errors} errors and {warnings} warnings; GitHub shows only the first "
                f"{SHOWN_PER_STEP} of each on the diff. Run `svc lint` for all of them."
            )
        )
    summary = result.summary()
    lines.append(
        f"svcascode: {summary['errors']} errors, {summary['warnings']} warnings in "
        f"{summary['files']} files"
    )
    return "\n".join(lines) + "\n"
