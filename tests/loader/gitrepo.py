"""Git repositories written into a temporary folder, for the loader's tests."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

from tests.conftest import write_files

_SETTINGS = (
    "user.name=Test",
    "user.email=test@example.org",
    "commit.gpgsign=false",
    "core.autocrlf=false",
    "init.defaultBranch=main",
)
_OPTIONS = tuple(part for setting in _SETTINGS for part in ("-c", setting))


def git(root: Path, *args: str, check: bool = True) -> str:
    """Run git in ``root`` with a fixed identity and no user configuration."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    out = subprocess.run(
        ["git", *_OPTIONS, *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if check and out.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {out.stderr}")
    return out.stdout


def git_repo(root: Path, files: Mapping[str, str], message: str = "initial") -> Path:
    """A git repository at ``root`` holding ``files``, all committed."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q")
    write_files(root, files)
    commit(root, message)
    return root


def commit(root: Path, message: str = "change") -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)
