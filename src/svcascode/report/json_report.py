"""``--format json``: one JSON object, ``{"findings": [...], "summary": {...}}``."""

from __future__ import annotations

import json

from svcascode.lintresult import LintResult


def render(result: LintResult) -> str:
    document = {
        "findings": [finding.to_json() for finding in result.findings],
        "summary": result.summary(),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
