"""Git facts the loader and consumers need: which files changed since a revision."""

from __future__ import annotations

import subprocess
from pathlib import Path

from svcascode.errors import RepositoryError


def _git(root: Path, *args: str) -> str:
    try:
        out = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except OSError as error:
        raise RepositoryError(f"cannot run git: {error}") from None
    if out.returncode != 0:
        message = out.stderr.decode("utf-8", "replace").strip()
        raise RepositoryError(f"git {' '.join(args)}: {message}")
    return out.stdout.decode("utf-8", "replace")


def changed_files(root: Path, base: str) -> set[str]:
    """Paths that differ between ``base`` and the working tree, untracked files included."""
    _git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
    diff = _git(root, "diff", "--name-only", "--no-renames", "-z", base, "--")
    untracked = _git(root, "ls-files", "-z", "--others", "--exclude-standard")
    return {name for name in (diff + "\0" + untracked).split("\0") if name}
