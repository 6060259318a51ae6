"""``--format json``: exactly one JSON object, the contract of spec section 4."""

from __future__ import annotations

import json
from typing import Any

import pytest

from svcascode.cli.main import main
from svcascode.report import json_report
from tests.conftest import CI_DB, TEAM, LintFiles, WriteRepo

FINDING_KEYS = {"rule", "severity", "message", "path", "line", "column", "kind", "id"}
SUMMARY_KEYS = {"files", "entities", "errors", "warnings", "infos"}

CONFIG = "rules:\n  unresolved-reference: warning\n"
CI_BAD_OWNER = CI_DB.replace("owner: ops", "owner: nobody")
BROKEN = {
    "svcascode.yaml": CONFIG,
    "agreements/teams.yaml": TEAM,
    "cmdb/db.yaml": CI_BAD_OWNER,
    "cmdb/bad.yaml": "kind: [Team\n",
}
CLEAN = {"agreements/teams.yaml": TEAM, "cmdb/db.yaml": CI_DB}


def one_object(output: str) -> dict[str, Any]:
    """The output parsed, failing unless it is a single JSON object and nothing else."""
    decoder = json.JSONDecoder()
    document, end = decoder.raw_decode(output)
    assert output[end:].strip() == "", f"text after the JSON object: {output[end:]!r}"
    assert isinstance(document, dict)
    return document


def test_output_is_one_object_with_findings_and_summary(lint_files: LintFiles) -> None:
    document = one_object(json_report.render(lint_files(BROKEN)))
    assert set(document) == {"findings", "summary"}
    assert isinstance(document["findings"], list)
    for finding in document["findings"]:
        assert set(finding) == FINDING_KEYS


def test_findings_follow_the_contract(lint_files: LintFiles) -> None:
    document = one_object(json_report.render(lint_files(BROKEN)))
    assert document["findings"] == [
        {
            "rule": "yaml-syntax",
            "severity": "error",
            "message": document["findings"][0]["message"],
            "path": "cmdb/bad.yaml",
            "line": 2,
            "column": 1,
            "kind": None,
            "id": None,
        },
        {
            "rule": "unresolved-reference",
            "severity": "warning",
            "message": (
                "metadata.owner refers to Team 'nobody', which does not exist; no Team has this id"
            ),
            "path": "cmdb/db.yaml",
            "line": 5,
            "column": 10,
            "kind": "ConfigurationItem",
            "id": "db",
        },
    ]
    assert document["findings"][0]["message"].startswith("YAML syntax error")


def test_summary_counts(lint_files: LintFiles) -> None:
    document = one_object(json_report.render(lint_files(BROKEN)))
    assert document["summary"] == {
        "notes": [],
        "files": 3,
        "entities": 2,
        "errors": 1,
        "warnings": 1,
        "infos": 0,
    }


def test_clean_repository(lint_files: LintFiles) -> None:
    document = one_object(json_report.render(lint_files(CLEAN)))
    assert document == {
        "findings": [],
        "summary": {
            "notes": [],
            "files": 2,
            "entities": 2,
            "errors": 0,
            "warnings": 0,
            "infos": 0,
        },
    }


def test_positions_point_at_the_offending_value(lint_files: LintFiles) -> None:
    (finding,) = one_object(
        json_report.render(
            lint_files({"agreements/teams.yaml": TEAM, "cmdb/db.yaml": CI_BAD_OWNER})
        )
    )["findings"]
    line = CI_BAD_OWNER.strip("\n").splitlines()[finding["line"] - 1]
    assert line[finding["column"] - 1 :] == "nobody"


def test_non_ascii_survives(lint_files: LintFiles) -> None:
    ci = CI_DB.replace("owner: ops", "owner: équipe-ø")
    (finding,) = one_object(
        json_report.render(lint_files({"agreements/teams.yaml": TEAM, "cmdb/db.yaml": ci}))
    )["findings"]
    assert "équipe-ø" in finding["message"]


def test_the_command_prints_exactly_that_object(
    write_repo: WriteRepo, lint_files: LintFiles, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = write_repo(BROKEN)
    capsys.readouterr()
    code = main(["lint", "--repo", str(repo), "--format", "json"])
    captured = capsys.readouterr()
    assert code == 1
    assert one_object(captured.out) == one_object(json_report.render(lint_files(BROKEN)))
    assert captured.err == ""
