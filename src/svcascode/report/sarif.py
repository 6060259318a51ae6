"""``--format sarif``: a SARIF 2.1.0 log for GitHub code scanning and other viewers."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from svcascode import __version__
from svcascode.diagnostics import Severity
from svcascode.lintresult import LintResult, RuleDoc

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _rule_descriptor(rule: RuleDoc) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": "".join(part.title() for part in rule.id.split("-")),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": " ".join(rule.doc.split())},
        "help": {"text": rule.doc, "markdown": rule.doc},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
    }


def _rules(result: LintResult) -> dict[str, RuleDoc]:
    """The rules to describe: as a stored run kept them, else from the registry."""
    if result.rules is not None:
        return {rule.id: rule for rule in result.rules}
    # The registry imports every rule and the models: only this format needs it.
    from svcascode.rules import RULES

    return dict(RULES)


def render(result: LintResult) -> str:
    rules = _rules(result)
    position = {rule_id: i for i, rule_id in enumerate(rules)}
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
        if f.rule in rules:
            entry["ruleIndex"] = position[f.rule]
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
                        "rules": [_rule_descriptor(rule) for rule in rules.values()],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
