"""``--format sarif``: a SARIF 2.1.0 log for GitHub code scanning and other viewers."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from svcascode import __version__
from svcascode.diagnostics import Severity
from svcascode.lintresult import LintResult

if TYPE_CHECKING:
    from svcascode.rules import Rule

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": "".join(part.title() for part in rule.id.split("-")),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": " ".join(rule.doc.split())},
        "help": {"text": rule.doc, "markdown": rule.doc},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
    }


def render(result: LintResult) -> str:
    # The registry imports every rule and the models: only this format needs it.
    from svcascode.rules import RULES

    rule_ids = list(RULES)
    results = []
    for f in result.findings:
        entry: dict[str, Any] = {
            "ruleId": f.rule,
            "level": _LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": quote(f.path), "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": f.line, "startColumn": f.column},
                    }
                }
            ],
        }
        if f.rule in RULES:
            entry["ruleIndex"] = rule_ids.index(f.rule)
        if f.kind and f.id:
            entry["properties"] = {"kind": f.kind, "id": f.id}
        results.append(entry)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "svcascode",
                        "version": __version__,
                        "rules": [_rule_descriptor(RULES[rule_id]) for rule_id in rule_ids],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
