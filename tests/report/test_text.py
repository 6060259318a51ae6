"""``--format text``: findings grouped under their file, then one summary line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from svcascode.cli.main import main
from svcascode.lint import LintResult
from svcascode.report import text
from tests.conftest import CI_DB, TEAM, LintFiles, WriteRepo

CI_A = CI_DB.replace("id: db", "id: a").replace("owner: ops", "owner: nobody")
# b.yaml has two findings: the reference and a duplicated key.
CI_B = CI_DB.replace("id: db", "id: b").replace("owner: ops", "owner: nobody") + "  class: db\n"
TWO_BROKEN = {"agreements/teams.yaml": TEAM, "cmdb/a.yaml": CI_A, "cmdb/b.yaml": CI_B}
CLEAN = {"agreements/teams.yaml": TEAM, "cmdb/db.yaml": CI_DB}

FINDING_LINE = re.compile(
    r"  (?P<line>\d+):(?P<column>\d+) +(?P<severity>error|warning|info) +"
    r"(?P<message>.+)  \((?P<rule>[a-z-]+)\)"
)
COLOUR_ENV = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "NO_COLOR", "GITHUB_ACTIONS")


def plain(result: LintResult) -> str:
    return text.render(result).plain


def blocks(output: str) -> list[tuple[str, list[tuple[int, int, str, str]]]]:
    """(file, [(line, column, severity, rule), ...]) in the order printed; every line
    before the summary must be a file header, a finding line or a blank separator."""
    lines = output.splitlines()
    found: list[tuple[str, list[tuple[int, int, str, str]]]] = []
    for line in lines[:-1]:
        if not line:
            continue
        if match := FINDING_LINE.fullmatch(line):
            assert found, f"finding before any file header: {line!r}"
            found[-1][1].append(
                (int(match["line"]), int(match["column"]), match["severity"], match["rule"])
            )
        else:
            assert not line.startswith(" "), f"unexpected line {line!r}"
            found.append((line, []))
    return found


def test_findings_are_grouped_under_their_file(lint_files: LintFiles) -> None:
    output = plain(lint_files(TWO_BROKEN))
    assert blocks(output) == [
        ("cmdb/a.yaml", [(5, 10, "error", "unresolved-reference")]),
        (
            "cmdb/b.yaml",
            [(5, 10, "error", "unresolved-reference"), (8, 3, "error", "yaml-duplicate-key")],
        ),
    ]
    assert "metadata.owner refers to Team 'nobody', which does not exist" in output
    assert "duplicate key 'class' (first defined on line 7)" in output
    # A blank line separates the groups.
    assert "\n\ncmdb/b.yaml\n" in output


def test_positions_are_aligned_within_a_file(lint_files: LintFiles) -> None:
    output = plain(lint_files(TWO_BROKEN))
    lines = [line for line in output.splitlines() if FINDING_LINE.fullmatch(line)]
    b_lines = lines[1:]
    assert [line.index("error") for line in b_lines] == [b_lines[0].index("error")] * 2


def test_summary_line_counts_errors_files_and_entities(lint_files: LintFiles) -> None:
    output = plain(lint_files(TWO_BROKEN))
    assert output.endswith("\n")
    assert output.splitlines()[-1] == "✖ 3 errors, 0 warnings in 3 files, 3 entities"


def test_summary_of_warnings_only(lint_files: LintFiles) -> None:
    config = "rules:\n  unresolved-reference: warning\n"
    output = plain(
        lint_files({"svcascode.yaml": config, "agreements/teams.yaml": TEAM, "cmdb/a.yaml": CI_A})
    )
    assert blocks(output) == [("cmdb/a.yaml", [(5, 10, "warning", "unresolved-reference")])]
    assert output.splitlines()[-1] == "⚠ 0 errors, 1 warning in 2 files, 2 entities"


def test_summary_counts_infos_when_there_are_some(lint_files: LintFiles) -> None:
    config = "rules:\n  yaml-duplicate-key: info\n"
    output = plain(lint_files({"svcascode.yaml": config, **TWO_BROKEN}))
    assert output.splitlines()[-1] == "✖ 2 errors, 0 warnings, 1 info in 3 files, 3 entities"


def test_clean_repository_says_no_problems(lint_files: LintFiles) -> None:
    assert plain(lint_files(CLEAN)) == "✓ no problems in 2 files, 2 entities\n"


def test_singular_counts(lint_files: LintFiles) -> None:
    assert plain(lint_files({"agreements/teams.yaml": TEAM})) == (
        "✓ no problems in 1 file, 1 entity\n"
    )


def lint_text(repo: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["lint", "--repo", str(repo), "--format", "text"])
    return code, capsys.readouterr().out


def test_no_ansi_escapes_when_not_on_a_terminal(
    write_repo: WriteRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in COLOUR_ENV:
        monkeypatch.delenv(name, raising=False)
    code, out = lint_text(write_repo(TWO_BROKEN), capsys)
    assert code == 1
    assert "\x1b" not in out
    assert "cmdb/a.yaml\n" in out
    assert out.splitlines()[-1] == "✖ 3 errors, 0 warnings in 3 files, 3 entities"


def test_colour_is_used_on_a_terminal(
    write_repo: WriteRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The counterpart of the test above: forcing a terminal does colour the output."""
    for name in COLOUR_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    code, out = lint_text(write_repo(TWO_BROKEN), capsys)
    assert code == 1
    assert "\x1b[" in out


def test_long_messages_are_not_wrapped(
    write_repo: WriteRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in COLOUR_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "40")
    code, out = lint_text(write_repo(TWO_BROKEN), capsys)
    assert code == 1
    assert blocks(out)[0] == ("cmdb/a.yaml", [(5, 10, "error", "unresolved-reference")])
