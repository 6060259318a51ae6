"""The installed ``svc`` and ``svcascode`` executables, run as a user or CI runs them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from svcascode import __version__
from tests.conftest import CI_DB, TEAM, write_files

CLEAN = {"agreements/teams.yaml": TEAM, "cmdb/db.yaml": CI_DB}
BROKEN = {"agreements/teams.yaml": TEAM, "cmdb/db.yaml": CI_DB.replace("owner: ops", "owner: x")}
MESSAGE = "metadata.owner refers to Team 'x', which does not exist; no Team has this id"
TRACEBACK = "Traceback (most recent call last)"
# Variables that would change what the tool prints; the tests set what they need.
NEUTRAL = ("GITHUB_ACTIONS", "FORCE_COLOR", "TTY_COMPATIBLE", "SVCASCODE_DEBUG", "NO_COLOR")


def executable(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(
            f"the {name!r} executable is not on PATH; install the package first: "
            "pip install -e '.[dev]'"
        )
    return found


def run(
    *args: str,
    cwd: Path,
    name: str = "svc",
    env: dict[str, str] | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in NEUTRAL}
    environment["PYTHONIOENCODING"] = "utf-8"
    environment.update(env or {})
    proc = subprocess.run(
        [executable(name), *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        check=False,
    )
    assert TRACEBACK not in proc.stderr, proc.stderr
    return proc


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    return write_files(tmp_path / "clean", CLEAN)


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    return write_files(tmp_path / "broken", BROKEN)


def test_lint_text_on_a_broken_repo(broken: Path, tmp_path: Path) -> None:
    proc = run("lint", "--repo", str(broken), "--format", "text", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "cmdb/db.yaml"
    assert MESSAGE in lines[1] and "5:10" in lines[1]
    assert lines[-1] == "✖ 1 error, 0 warnings in 2 files, 2 entities"
    assert "\x1b" not in proc.stdout  # a pipe is not a terminal


def test_lint_json_on_a_broken_repo(broken: Path, tmp_path: Path) -> None:
    proc = run("lint", "--repo", str(broken), "--format", "json", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    document = json.loads(proc.stdout)
    assert [(f["rule"], f["path"], f["line"], f["column"]) for f in document["findings"]] == [
        ("unresolved-reference", "cmdb/db.yaml", 5, 10)
    ]
    assert document["summary"]["errors"] == 1


def test_lint_github_on_a_broken_repo(broken: Path, tmp_path: Path) -> None:
    proc = run("lint", "--repo", str(broken), "--format", "github", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.splitlines()[0] == (
        "::error file=cmdb/db.yaml,line=5,col=10,title=svcascode unresolved-reference::" + MESSAGE
    )


def test_lint_sarif_on_a_broken_repo(broken: Path, tmp_path: Path) -> None:
    proc = run("lint", "--repo", str(broken), "--format", "sarif", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    log = json.loads(proc.stdout)
    assert log["version"] == "2.1.0"
    (result,) = log["runs"][0]["results"]
    assert result["ruleId"] == "unresolved-reference"
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 5,
        "startColumn": 10,
    }


def test_lint_defaults_to_github_annotations_under_github_actions(
    broken: Path, tmp_path: Path
) -> None:
    proc = run("lint", "--repo", str(broken), cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert proc.returncode == 1
    assert proc.stdout.startswith("::error file=cmdb/db.yaml,line=5,col=10,")


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_lint_on_a_clean_repo_exits_0(clean: Path, tmp_path: Path, fmt: str) -> None:
    proc = run("lint", "--repo", str(clean), "--format", fmt, cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    if fmt in ("json", "sarif"):
        json.loads(proc.stdout)
    if fmt == "text":
        assert proc.stdout == "✓ no problems in 2 files, 2 entities\n"


def test_lint_in_the_repository_without_repo_option(broken: Path) -> None:
    (broken / "svcascode.yaml").write_text("organisation: Example\n", encoding="utf-8")
    proc = run("lint", "--format", "json", cwd=broken / "agreements")
    assert proc.returncode == 1
    assert [f["path"] for f in json.loads(proc.stdout)["findings"]] == ["cmdb/db.yaml"]


@pytest.mark.parametrize("name", ["svcascode", "svc"])
def test_version(name: str, tmp_path: Path) -> None:
    proc = run("--version", cwd=tmp_path, name=name)
    assert proc.returncode == 0
    assert proc.stdout == f"svcascode, version {__version__}\n"


def test_python_dash_m_runs_the_same_command(broken: Path, tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "svcascode", "lint", "--repo", str(broken), "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["summary"]["errors"] == 1


def test_missing_repo_folder_exits_2_without_traceback(tmp_path: Path) -> None:
    proc = run("lint", "--repo", str(tmp_path / "nowhere"), cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "nowhere" in proc.stderr and "is not a folder" in proc.stderr


def test_unknown_option_exits_2(tmp_path: Path) -> None:
    proc = run("lint", "--bogus", cwd=tmp_path)
    assert proc.returncode == 2
    assert "--bogus" in proc.stderr


def test_unknown_rule_exits_2(tmp_path: Path) -> None:
    proc = run("rules", "nope", cwd=tmp_path)
    assert proc.returncode == 2
    assert "nope" in proc.stderr


def alias_bomb(levels: int = 20) -> bytes:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    return ("\n".join(lines) + "\n").encode()


HOSTILE = {
    "invalid-utf8": (
        b"apiVersion: svcascode/v1\nkind: Team\nmetadata:\n  id: x\xff\xfe\n",
        "yaml-syntax",
    ),
    "yaml-syntax-error": (b"apiVersion: svcascode/v1\nkind: [Team\nmetadata: {\n", "yaml-syntax"),
    "alias-bomb": (alias_bomb(), "yaml-limits"),
    "deep-flow-nesting": (b"[" * 10_000 + b"]" * 10_000 + b"\n", "yaml-limits"),
    "deep-flow-nesting-in-a-key": (
        b"key: " + b"{a: " * 10_000 + b"1" + b"}" * 10_000 + b"\n",
        "yaml-limits",
    ),
}


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_file_is_a_finding_not_a_crash(
    case: str, fmt: str, clean: Path, tmp_path: Path
) -> None:
    content, rule = HOSTILE[case]
    (clean / "agreements" / "bad.yaml").write_bytes(content)
    started = time.monotonic()
    proc = run("lint", "--repo", str(clean), "--format", fmt, cwd=tmp_path, timeout=60)
    elapsed = time.monotonic() - started
    assert elapsed < 5, f"{case} took {elapsed:.1f}s"
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "internal error" not in proc.stderr
    if fmt == "json":
        document = json.loads(proc.stdout)
        assert [(f["rule"], f["path"]) for f in document["findings"]] == [
            (rule, "agreements/bad.yaml")
        ]
        # The other files are still read and checked.
        assert document["summary"]["files"] == 3
        assert document["summary"]["entities"] == 2
    else:
        assert proc.stdout.startswith("agreements/bad.yaml\n")
        assert f"({rule})" in proc.stdout


def test_text_output_survives_a_stdout_that_cannot_encode_the_marks(
    clean: Path, tmp_path: Path
) -> None:
    """Windows writes redirected output in the ANSI code page (cp1252), which has no
    ``✓``/``✖``/``⚠``: the report must still be printed, and the exit status kept."""
    proc = run("lint", "--repo", str(clean), cwd=tmp_path, env={"PYTHONIOENCODING": "cp1252"})
    assert proc.returncode == 0, proc.stderr
    assert "no problems in 2 files, 2 entities" in proc.stdout
