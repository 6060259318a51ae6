"""Reporters: turn a lint result into text, JSON, GitHub annotations or SARIF.

Each reporter returns what to print; only the command line prints.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from svcascode.lintresult import LintResult
from svcascode.report import github, json_report, sarif

MachineReporter = Callable[[LintResult], str]

MACHINE_REPORTERS: Mapping[str, MachineReporter] = MappingProxyType(
    {"json": json_report.render, "github": github.render, "sarif": sarif.render}
)
FORMATS = ("text", *MACHINE_REPORTERS)
