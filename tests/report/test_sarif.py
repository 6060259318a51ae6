"""``--format sarif``: a SARIF 2.1.0 log that the official schema accepts and that code
scanning can place on the right line of the right file under the right rule."""

from __future__ import annotations

import copy
import json
import re
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from jsonschema import Draft4Validator

from svcascode import __version__
from svcascode.lint import LintResult
from svcascode.report import sarif
from svcascode.rules import RULES
from tests.conftest import CI_DB, TEAM, LintFiles, realdata

# One finding of each severity: the config lowers two rules, the third stays an error.
CONFIG = """
rules:
  unresolved-reference: warning
  schema: info
"""

# The owner value sits after non-ASCII text (two BMP characters and one astral one):
# SARIF says columns count Unicode code points, so ``nobody`` starts at column 46.
CI_APP = """
apiVersion: svcascode/v1
kind: ConfigurationItem
metadata: {title: "Ünï ☃ 🚀", id: app, owner: nobody}
spec:
  class: application
"""

CI_DUP = """
apiVersion: svcascode/v1
kind: ConfigurationItem
metadata:
  id: dup
  owner: ops
  owner: ops
spec:
  class: database
  colour: blue
"""

MIXED = {
    "svcascode.yaml": CONFIG,
    "agreements/teams.yaml": TEAM,
    "cmdb/db.yaml": CI_DB,
    "cmdb/app.yaml": CI_APP,
    "cmdb/dup.yaml": CI_DUP,
}
CLEAN = {"agreements/teams.yaml": TEAM, "cmdb/db.yaml": CI_DB}

# RFC 3986 characters: what a ``uri-reference`` may contain once percent-encoded.
URI_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*")


@pytest.fixture(scope="module")
def validator() -> Draft4Validator:
    schema = json.loads(realdata("sarif/schema/sarif-schema-2.1.0.json").read_text("utf-8"))
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema)


def render(result: LintResult) -> dict[str, Any]:
    text = sarif.render(result)
    log: dict[str, Any] = json.loads(text)
    return log


def schema_errors(validator: Draft4Validator, log: dict[str, Any]) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(log)
    ]


@pytest.fixture
def mixed(lint_files: LintFiles) -> LintResult:
    result = lint_files(MIXED)
    # The fixture is what the tests below rely on: one finding per severity.
    assert [(f.rule, f.severity.value) for f in result.findings] == [
        ("unresolved-reference", "warning"),
        ("yaml-duplicate-key", "error"),
        ("schema", "info"),
    ]
    return result


def test_log_with_findings_is_valid_sarif(validator: Draft4Validator, mixed: LintResult) -> None:
    log = render(mixed)
    assert schema_errors(validator, log) == []
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    assert len(log["runs"][0]["results"]) == 3


def test_log_of_a_clean_lint_is_valid_sarif(
    validator: Draft4Validator, lint_files: LintFiles
) -> None:
    result = lint_files(CLEAN)
    assert result.findings == []
    log = render(result)
    assert schema_errors(validator, log) == []
    assert log["runs"][0]["results"] == []
    # The rules are described even when nothing was found, so viewers can show them.
    assert [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]] == list(RULES)


def test_the_validator_rejects_a_broken_log(validator: Draft4Validator, mixed: LintResult) -> None:
    """The schema check above is not vacuous: a wrong level or a 0 line is refused."""
    log = render(mixed)
    bad_level = copy.deepcopy(log)
    bad_level["runs"][0]["results"][0]["level"] = "info"
    assert schema_errors(validator, bad_level)
    bad_line = copy.deepcopy(log)
    bad_line["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert schema_errors(validator, bad_line)


def test_tool_driver_names_svcascode_and_describes_every_rule(mixed: LintResult) -> None:
    driver = render(mixed)["runs"][0]["tool"]["driver"]
    assert driver["name"] == "svcascode"
    assert driver["version"] == __version__
    levels = {"error": "error", "warning": "warning", "info": "note"}
    assert [(r["id"], r["defaultConfiguration"]["level"]) for r in driver["rules"]] == [
        (rule.id, levels[rule.severity.value]) for rule in RULES.values()
    ]
    for descriptor in driver["rules"]:
        assert descriptor["shortDescription"]["text"] == RULES[descriptor["id"]].summary


def test_results_point_at_their_rule_descriptor(mixed: LintResult) -> None:
    run = render(mixed)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["ruleId"] for r in run["results"]] == [f.rule for f in mixed.findings]
    for entry in run["results"]:
        assert rules[entry["ruleIndex"]]["id"] == entry["ruleId"]


def test_result_levels_follow_the_effective_severity(mixed: LintResult) -> None:
    """The configured severity, not the rule's default, decides the level."""
    results = render(mixed)["runs"][0]["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("unresolved-reference", "warning"),
        ("yaml-duplicate-key", "error"),
        ("schema", "note"),
    ]


def test_regions_are_the_findings_one_based_positions(mixed: LintResult) -> None:
    results = render(mixed)["runs"][0]["results"]
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in results]
    assert [(r["startLine"], r["startColumn"]) for r in regions] == [
        (f.line, f.column) for f in mixed.findings
    ]
    assert regions[0] == {"startLine": 3, "startColumn": 46}
    assert regions[1] == {"startLine": 6, "startColumn": 3}


def test_columns_count_unicode_code_points(mixed: LintResult) -> None:
    run = render(mixed)["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    line = CI_APP.strip("\n").splitlines()[2]
    column = run["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"]
    assert line[column - 1 :].startswith("nobody")


def test_artifact_locations_are_relative_to_the_source_root(mixed: LintResult) -> None:
    results = render(mixed)["runs"][0]["results"]
    for entry, finding in zip(results, mixed.findings, strict=True):
        (location,) = entry["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        assert artifact["uri"] == finding.path
        assert artifact["uriBaseId"] == "%SRCROOT%"
        parts = urlsplit(artifact["uri"])
        assert parts.scheme == "" and parts.netloc == ""
        assert not artifact["uri"].startswith("/")
    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results] == [
        "cmdb/app.yaml",
        "cmdb/dup.yaml",
        "cmdb/dup.yaml",
    ]


def test_uri_of_a_path_with_a_space_is_a_valid_uri_reference(lint_files: LintFiles) -> None:
    """SARIF §3.10.2: ``uri`` is a URI reference, so a space must be percent-encoded."""
    result = lint_files(
        {"agreements/teams.yaml": TEAM, "cmdb/my db.yaml": CI_DB.replace("ops", "nobody")}
    )
    assert [f.path for f in result.findings] == ["cmdb/my db.yaml"]
    entry = render(result)["runs"][0]["results"][0]
    uri = entry["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert URI_CHARS.fullmatch(uri), f"{uri!r} is not a valid URI reference"
    assert unquote(uri) == "cmdb/my db.yaml"


def test_messages_and_entity_properties_are_carried(mixed: LintResult) -> None:
    results = render(mixed)["runs"][0]["results"]
    assert [r["message"]["text"] for r in results] == [f.message for f in mixed.findings]
    assert results[0]["properties"] == {"kind": "ConfigurationItem", "id": "app"}
    assert "'nobody'" in results[0]["message"]["text"]
    # A loader finding without an entity carries no empty property bag.
    assert "properties" not in results[1]
