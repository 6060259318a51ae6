"""Small helpers shared by the rule tests (the fixtures themselves live in conftest)."""

from __future__ import annotations

from svcascode.lint import LintResult


def rules_fired(result: LintResult) -> set[str]:
    """The ids of every rule that reported something."""
    return {finding.rule for finding in result.findings}
