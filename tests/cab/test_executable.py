"""``svc cab check`` through the installed executable, as a CI job runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cab.builders import approvals, build, event, write_json


def _svc() -> str:
    found = shutil.which("svc")
    if found is None:
        pytest.fail("the svc executable is not on PATH: pip install -e '.[dev]'")
    return found


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in {"SVCASCODE_DEBUG", "FORCE_COLOR"}}


def test_installed_svc_decides_and_sets_the_exit_status(tmp_path: Path) -> None:
    repo = build(tmp_path)
    payload = write_json(tmp_path, "event.json", event(repo))
    granted = write_json(tmp_path, "granted.json", approvals(repo, "cy", "di", "bo"))
    short = write_json(tmp_path, "short.json", approvals(repo, "cy", "bo"))

    def check(reviews: Path, *extra: str) -> subprocess.CompletedProcess[str]:
        command = [_svc(), "cab", "check", "--event", str(payload), "--reviews", str(reviews)]
        return subprocess.run(
            [*command, *extra],
            cwd=repo.root,
            capture_output=True,
            text=True,
            env=_env(),
            check=False,
        )

    authorised = check(granted)
    assert authorised.returncode == 0, authorised.stderr
    assert authorised.stdout.startswith("<!-- svcascode:cab -->")
    assert "**✅ Authorised**" in authorised.stdout
    refused = check(short, "--format", "json")
    assert refused.returncode == 1, refused.stderr
    assert json.loads(refused.stdout)["verdict"] == "not-authorised"
    garbage = tmp_path / "garbage.json"
    garbage.write_text("<html>rate limited</html>", encoding="utf-8")
    unusable = check(garbage)
    assert unusable.returncode == 2
    assert "review list is not valid JSON" in unusable.stderr
    assert "Traceback" not in unusable.stderr
