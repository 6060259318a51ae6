"""When each file was first committed: what the change lead-time rule measures from."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from datetime import UTC, datetime

from svcascode.loader.sources import GitRevision, Source, WorkingTree


def _first_added(root_dir: str, rev: str | None, roots: Sequence[str]) -> dict[str, datetime]:
    command = [
        "git",
        "-c",
        "core.quotePath=false",  # names as they are, not octal-escaped in quotes
        "log",
        "--diff-filter=A",
        "--no-renames",
        "--name-only",
        "--format=%x00%ct",
    ]
    if rev is not None:
        command.append(rev)
    out = subprocess.run([*command, "--", *roots], cwd=root_dir, capture_output=True, check=False)
    if out.returncode != 0:
        return {}
    added: dict[str, datetime] = {}
    when: datetime | None = None
    # Newest commit first: the last time a path is seen is when it was first added.
    for line in out.stdout.decode("utf-8", "replace").splitlines():
        if line.startswith("\0"):
            when = datetime.fromtimestamp(int(line[1:]), tz=UTC)
        elif line.strip() and when is not None:
            added[line.strip()] = when
    return added


def first_commits(source: Source, roots: Sequence[str]) -> dict[str, datetime] | None:
    """Path -> time of the commit that added it, for files below ``roots``; ``None`` when
    the source is not a git checkout (the lead-time rule then says it was skipped)."""
    if isinstance(source, WorkingTree):
        if not source.in_git():
            return None
        return _first_added(str(source.root), None, roots)
    if isinstance(source, GitRevision):
        return _first_added(str(source.root), source.rev, roots)
    return None
