"""``--format github``: workflow commands that GitHub turns into annotations on the diff."""

from __future__ import annotations

import re

import pytest

from svcascode.diagnostics import Finding, Location, Severity
from svcascode.lint import LintResult
from svcascode.report import github
from tests.conftest import CI_DB, TEAM, LintFiles

# ::command key=value,key=value::data, all on one line.
ANNOTATION = re.compile(
    r"::(?P<command>error|warning|notice) (?P<props>[^:\r\n]*)::(?P<data>[^\r\n]*)"
)


def finding(
    message: str = "something is wrong",
    *,
    severity: Severity = Severity.ERROR,
    path: str = "cmdb/db.yaml",
    line: int = 3,
    column: int = 7,
    rule: str = "schema",
) -> Finding:
    return Finding(rule, severity, message, Location(path, line, column))


def result_of(*findings: Finding) -> LintResult:
    return LintResult(findings=list(findings), files=2, entities=2)


def annotations(output: str) -> list[re.Match[str]]:
    return [m for line in output.splitlines() if (m := ANNOTATION.fullmatch(line))]


def notices(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("::notice title=")]


def test_real_finding_becomes_an_error_annotation(lint_files: LintFiles) -> None:
    result = lint_files(
        {"agreements/teams.yaml": TEAM, "cmdb/db.yaml": CI_DB.replace("owner: ops", "owner: x")}
    )
    lines = github.render(result).splitlines()
    assert lines[0] == (
        "::error file=cmdb/db.yaml,line=5,col=10,title=svcascode unresolved-reference::"
        "metadata.owner refers to Team 'x', which does not exist; no Team has this id"
    )
    assert re.fullmatch(r"svcascode: 1 errors?, 0 warnings in 2 files", lines[-1])
    assert len(annotations(github.render(result))) == 1


def test_clean_lint_prints_no_annotation(lint_files: LintFiles) -> None:
    output = github.render(lint_files({"agreements/teams.yaml": TEAM, "cmdb/db.yaml": CI_DB}))
    assert "::" not in output
    assert output.splitlines() == ["svcascode: 0 errors, 0 warnings in 2 files"]


@pytest.mark.parametrize(
    ("severity", "command"),
    [(Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "notice")],
)
def test_severity_chooses_the_workflow_command(severity: Severity, command: str) -> None:
    (match,) = annotations(github.render(result_of(finding(severity=severity))))
    assert match["command"] == command
    assert match["props"] == "file=cmdb/db.yaml,line=3,col=7,title=svcascode schema"
    assert match["data"] == "something is wrong"


def test_escape_data() -> None:
    assert github.escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    # Percent first, so an already-escaped-looking text survives the round trip.
    assert github.escape_data("%0A") == "%250A"
    # Colons and commas are fine in the message part.
    assert github.escape_data("a: b, c") == "a: b, c"
    assert github.escape_data("plain") == "plain"


def test_escape_property() -> None:
    assert github.escape_property("a:b,c") == "a%3Ab%2Cc"
    assert github.escape_property("50%\r\n") == "50%25%0D%0A"
    assert github.escape_property("%3A") == "%253A"
    assert github.escape_property("cmdb/db.yaml") == "cmdb/db.yaml"


def test_message_and_path_are_escaped_in_the_annotation() -> None:
    output = github.render(
        result_of(finding("50% done\r\nsecond: line, more", path="cmdb/we:ird,name.yaml"))
    )
    (line, summary) = output.splitlines()
    assert line == (
        "::error file=cmdb/we%3Aird%2Cname.yaml,line=3,col=7,title=svcascode schema::"
        "50%25 done%0D%0Asecond: line, more"
    )
    assert re.fullmatch(r"svcascode: 1 errors?, 0 warnings in 2 files", summary)


def test_real_finding_with_hostile_characters_stays_one_annotation(lint_files: LintFiles) -> None:
    result = lint_files(
        {
            "agreements/teams.yaml": TEAM,
            "cmdb/we:ird,name.yaml": CI_DB.replace("owner: ops", 'owner: "50%,x:y"'),
        }
    )
    (match,) = annotations(github.render(result))
    assert match["props"] == (
        "file=cmdb/we%3Aird%2Cname.yaml,line=5,col=10,title=svcascode unresolved-reference"
    )
    assert "'50%25,x:y'" in match["data"]


@pytest.mark.parametrize(
    ("errors", "warnings", "summarised"),
    [
        (0, 0, False),
        (10, 0, False),
        (0, 10, False),
        (10, 10, False),
        (11, 0, True),
        (0, 11, True),
        (11, 3, True),
        (25, 25, True),
    ],
)
def test_summary_notice_only_beyond_what_github_shows(
    errors: int, warnings: int, summarised: bool
) -> None:
    findings = [finding(f"e{i}", line=i + 1) for i in range(errors)]
    findings += [
        finding(f"w{i}", severity=Severity.WARNING, path="cmdb/w.yaml", line=i + 1)
        for i in range(warnings)
    ]
    output = github.render(result_of(*findings))
    # Every finding is still printed, whatever GitHub then shows.
    commands = [m["command"] for m in annotations(output) if "file=" in m["props"]]
    assert commands == ["error"] * errors + ["warning"] * warnings
    found = notices(output)
    if summarised:
        assert len(found) == 1
        assert f"{errors} errors and {warnings} warnings" in found[0]
        assert found[0].startswith("::notice title=svcascode lint::")
    else:
        assert found == []


def test_many_infos_alone_do_not_trigger_the_summary() -> None:
    infos = [finding(f"i{i}", severity=Severity.INFO, line=i + 1) for i in range(15)]
    output = github.render(result_of(*infos))
    assert len(annotations(output)) == 15
    assert notices(output) == []
