"""The command line in process: through click's CliRunner on the ``cli`` group, and
through ``main(argv)``, the function behind the ``svc`` and ``svcascode`` scripts."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft7Validator

from svcascode import __version__
from svcascode.cli import main as main_module
from svcascode.cli.main import cli, main
from svcascode.model.kinds import KINDS
from svcascode.rules import RULES
from tests.conftest import CI_DB, TEAM, WriteRepo, write_files

CLEAN = {"agreements/teams.yaml": TEAM, "cmdb/db.yaml": CI_DB}
BROKEN = {"agreements/teams.yaml": TEAM, "cmdb/db.yaml": CI_DB.replace("owner: ops", "owner: x")}
MESSAGE = "metadata.owner refers to Team 'x', which does not exist; no Team has this id"
COMMANDS = tuple(sorted(main_module.COMMANDS))


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


Svc = Callable[..., Run]


@pytest.fixture(params=["CliRunner", "main"])
def svc(
    request: pytest.FixtureRequest,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Svc:
    """Run ``svc ARGS...`` one of the two ways; the environment is made neutral first."""
    for name in ("GITHUB_ACTIONS", "FORCE_COLOR", "TTY_COMPATIBLE", "SVCASCODE_DEBUG"):
        monkeypatch.delenv(name, raising=False)

    def through_runner(*args: str) -> Run:
        result = CliRunner().invoke(cli, list(args), prog_name="svc")
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Run(result.exit_code, result.stdout, result.stderr)

    def through_main(*args: str) -> Run:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return through_runner if request.param == "CliRunner" else through_main


@pytest.fixture
def clean(write_repo: WriteRepo) -> Path:
    return write_repo(CLEAN)


@pytest.fixture
def broken(write_repo: WriteRepo) -> Path:
    return write_repo(BROKEN)


# --- help and version -------------------------------------------------------------


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_group_help_lists_every_command(svc: Svc, flag: str) -> None:
    run = svc(flag)
    assert run.code == 0
    assert run.out.startswith("Usage: svc [OPTIONS] COMMAND")
    listed = re.findall(r"^  (\S+)", run.out.split("Commands:")[1], flags=re.MULTILINE)
    assert sorted(listed) == list(COMMANDS)
    assert {"lint", "schema", "rules"} <= set(listed)
    assert "--version" in run.out


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_command_help(svc: Svc, command: str, flag: str) -> None:
    run = svc(command, flag)
    assert run.code == 0
    assert run.out.startswith(f"Usage: svc {command} [OPTIONS]")
    assert run.err == ""


def test_lint_help_shows_formats_and_options(svc: Svc) -> None:
    out = svc("lint", "--help").out
    assert "text|json|github|sarif" in out
    for option in ("--format", "--base", "--repo"):
        assert option in out
    assert "Exit status: 0 no errors, 1 errors found, 2 bad usage" in " ".join(out.split())


def test_schema_help_shows_out(svc: Svc) -> None:
    out = svc("schema", "--help").out
    assert "--out" in out and "--repo" in out


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_takes_repo(svc: Svc, command: str, clean: Path) -> None:
    """Spec section 4: every subcommand takes ``--repo PATH``."""
    run = svc(command, "--repo", str(clean), "--help")
    assert run.code == 0, run.err
    assert "--repo" in run.out


def test_version(svc: Svc) -> None:
    run = svc("--version")
    assert run.code == 0
    assert run.out == f"svcascode, version {__version__}\n"


# --- lint -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_lint_clean_repo_exits_0(svc: Svc, clean: Path, fmt: str) -> None:
    run = svc("lint", "--repo", str(clean), "--format", fmt)
    assert run.code == 0, run.err
    assert run.err == ""


def test_lint_clean_repo_without_format(svc: Svc, clean: Path) -> None:
    run = svc("lint", "--repo", str(clean))
    assert (run.code, run.out) == (0, "✓ no problems in 2 files, 2 entities\n")


def test_lint_broken_repo_text(svc: Svc, broken: Path) -> None:
    run = svc("lint", "--repo", str(broken), "--format", "text")
    assert run.code == 1
    lines = run.out.splitlines()
    assert lines[0] == "cmdb/db.yaml"
    assert lines[1].split()[:2] == ["5:10", "error"]
    assert MESSAGE in lines[1] and lines[1].endswith("(unresolved-reference)")
    assert lines[-1] == "✖ 1 error, 0 warnings in 2 files, 2 entities"
    assert "\x1b" not in run.out


def test_lint_broken_repo_json(svc: Svc, broken: Path) -> None:
    run = svc("lint", "--repo", str(broken), "--format", "json")
    assert run.code == 1
    document = json.loads(run.out)
    assert document["findings"] == [
        {
            "rule": "unresolved-reference",
            "severity": "error",
            "message": MESSAGE,
            "path": "cmdb/db.yaml",
            "line": 5,
            "column": 10,
            "kind": "ConfigurationItem",
            "id": "db",
        }
    ]
    assert document["summary"]["errors"] == 1


def test_lint_broken_repo_github(svc: Svc, broken: Path) -> None:
    run = svc("lint", "--repo", str(broken), "--format", "github")
    assert run.code == 1
    assert run.out.splitlines()[0] == (
        "::error file=cmdb/db.yaml,line=5,col=10,title=svcascode unresolved-reference::" + MESSAGE
    )


def test_lint_broken_repo_sarif(svc: Svc, broken: Path) -> None:
    run = svc("lint", "--repo", str(broken), "--format", "sarif")
    assert run.code == 1
    (result,) = json.loads(run.out)["runs"][0]["results"]
    assert result["ruleId"] == "unresolved-reference"
    assert result["level"] == "error"
    assert result["message"]["text"] == MESSAGE
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "cmdb/db.yaml"
    assert location["region"] == {"startLine": 5, "startColumn": 10}


def test_lint_warnings_alone_exit_0(svc: Svc, write_repo: WriteRepo) -> None:
    repo = write_repo({**BROKEN, "svcascode.yaml": "rules:\n  unresolved-reference: warning\n"})
    run = svc("lint", "--repo", str(repo), "--format", "json")
    assert run.code == 0
    assert json.loads(run.out)["summary"]["warnings"] == 1


def test_format_defaults_to_github_under_github_actions(
    svc: Svc, broken: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    run = svc("lint", "--repo", str(broken))
    assert run.code == 1
    assert run.out.startswith("::error file=cmdb/db.yaml,line=5,col=10,")


@pytest.mark.parametrize("value", [None, "false", ""])
def test_format_defaults_to_text_elsewhere(
    svc: Svc, broken: Path, monkeypatch: pytest.MonkeyPatch, value: str | None
) -> None:
    if value is not None:
        monkeypatch.setenv("GITHUB_ACTIONS", value)
    run = svc("lint", "--repo", str(broken))
    assert run.code == 1
    assert run.out.startswith("cmdb/db.yaml\n")
    assert "::error" not in run.out


def test_explicit_format_wins_under_github_actions(
    svc: Svc, broken: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    run = svc("lint", "--repo", str(broken), "--format", "json")
    assert run.code == 1
    assert json.loads(run.out)["summary"]["errors"] == 1


def test_lint_without_repo_uses_the_repository_around_the_current_folder(
    svc: Svc, write_repo: WriteRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = write_repo({**BROKEN, "svcascode.yaml": "organisation: Example\n"})
    monkeypatch.chdir(repo / "cmdb")
    run = svc("lint", "--format", "json")
    assert run.code == 1
    assert [f["path"] for f in json.loads(run.out)["findings"]] == ["cmdb/db.yaml"]


def test_lint_does_not_write_into_the_repository(svc: Svc, broken: Path) -> None:
    before = sorted(p.relative_to(broken) for p in broken.rglob("*"))
    for fmt in ("text", "json", "github", "sarif"):
        svc("lint", "--repo", str(broken), "--format", fmt)
    assert sorted(p.relative_to(broken) for p in broken.rglob("*")) == before


# --- usage errors ---------------------------------------------------------------


def test_missing_repo_folder_exits_2(svc: Svc, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    run = svc("lint", "--repo", str(missing))
    assert run.code == 2
    assert run.out == ""
    assert "--repo" in run.err and str(missing) in run.err
    assert "Traceback" not in run.err


def test_repo_that_is_a_file_exits_2(svc: Svc, tmp_path: Path) -> None:
    a_file = tmp_path / "file.yaml"
    a_file.write_text("x: 1\n", encoding="utf-8")
    run = svc("lint", "--repo", str(a_file))
    assert run.code == 2
    assert run.out == ""


@pytest.mark.parametrize(
    "args",
    [
        ("lint", "--bogus"),
        ("--bogus",),
        ("schema", "--bogus"),
        ("rules", "--bogus"),
    ],
)
def test_unknown_option_exits_2(svc: Svc, args: tuple[str, ...]) -> None:
    run = svc(*args)
    assert run.code == 2
    assert "No such option" in run.err and "--bogus" in run.err
    assert run.out == ""


def test_unknown_command_exits_2(svc: Svc) -> None:
    run = svc("nope")
    assert run.code == 2
    assert "No such command 'nope'" in run.err


def test_unknown_format_exits_2(svc: Svc, clean: Path) -> None:
    run = svc("lint", "--repo", str(clean), "--format", "xml")
    assert run.code == 2
    assert "'xml' is not one of" in run.err
    assert run.out == ""


# --- rules ----------------------------------------------------------------------


def test_rules_lists_every_rule(svc: Svc) -> None:
    run = svc("rules")
    assert run.code == 0
    rows = [line.split() for line in run.out.splitlines() if line.strip()]
    assert [row[0] for row in rows] == list(RULES)
    for row in rows:
        assert row[1] == RULES[row[0]].severity.value
    for rule in RULES.values():
        assert rule.summary in run.out


def test_rules_json_lists_every_rule(svc: Svc) -> None:
    run = svc("rules", "--format", "json")
    assert run.code == 0
    rows = json.loads(run.out)
    assert [row["id"] for row in rows] == list(RULES)
    assert all(row["doc"] == RULES[row["id"]].doc for row in rows)


def test_rules_shows_one_rules_doc(svc: Svc) -> None:
    run = svc("rules", "schema")
    assert run.code == 0
    assert run.out.splitlines()[0] == "schema (error)"
    doc = RULES["schema"].doc
    assert doc in run.out
    # Only that rule: not the whole list.
    assert RULES["duplicate-id"].summary not in run.out


def test_unknown_rule_exits_2(svc: Svc) -> None:
    run = svc("rules", "nope")
    assert run.code == 2
    assert "nope" in run.err
    assert run.out == ""


# --- schema ---------------------------------------------------------------------


def test_schema_writes_one_file_per_kind_plus_any(svc: Svc, tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    run = svc("schema", "--out", str(out))
    assert run.code == 0
    files = sorted(p.name for p in out.iterdir())
    assert len(files) == len(KINDS) + 1
    assert "any.json" in files
    assert {"team.json", "configuration-item.json", "change-policy.json"} <= set(files)
    kinds = {}
    for name in files:
        schema = json.loads((out / name).read_text("utf-8"))
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
        Draft7Validator.check_schema(schema)
        if name != "any.json":
            kinds[schema["properties"]["kind"]["const"]] = name
    assert sorted(kinds) == sorted(KINDS)
    assert kinds["ConfigurationItem"] == "configuration-item.json"
    assert f"wrote {len(KINDS) + 1} schemas" in run.err


def test_written_schemas_accept_valid_documents_and_refuse_invalid_ones(
    svc: Svc, tmp_path: Path
) -> None:
    out = tmp_path / "schemas"
    assert svc("schema", "--out", str(out)).code == 0
    any_schema = Draft7Validator(json.loads((out / "any.json").read_text("utf-8")))
    team_schema = Draft7Validator(json.loads((out / "team.json").read_text("utf-8")))
    team, item = yaml.safe_load(TEAM), yaml.safe_load(CI_DB)
    assert list(team_schema.iter_errors(team)) == []
    assert list(any_schema.iter_errors(team)) == []
    assert list(any_schema.iter_errors(item)) == []
    assert list(any_schema.iter_errors({**item, "kind": "Nope"}))
    assert list(team_schema.iter_errors({**team, "colour": "blue"}))


def test_schema_without_out_writes_into_the_repository(svc: Svc, tmp_path: Path) -> None:
    repo = write_files(tmp_path / "repo", CLEAN)
    run = svc("schema", "--repo", str(repo))
    assert run.code == 0
    assert (repo / "schemas" / "any.json").is_file()
    assert len(list((repo / "schemas").iterdir())) == len(KINDS) + 1
