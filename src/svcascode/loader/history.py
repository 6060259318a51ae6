"""When each file was first committed: what the change lead-time rule measures from."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Sequence
from datetime import UTC, datetime

from svcascode.loader.sources import GitRevision, Source, WorkingTree

_HEADER = "svcascode-commit "
_COMMIT = re.compile(re.escape(_HEADER) + r"(\d+)")


def _first_added(root_dir: str, rev: str | None, roots: Sequence[str]) -> dict[str, datetime]:
    command = [
        "git",
        "log",
        "--diff-filter=A",
        "--no-renames",
        "--name-only",
        "-z",  # names as they are (otherwise git quotes and escapes unusual ones)
        f"--format=%x00{_HEADER}%ct",
    ]
    if rev is not None:
        command.append(rev)
    out = subprocess.run([*command, "--", *roots], cwd=root_dir, capture_output=True, check=False)
    if out.returncode != 0:
        return {}
    added: dict[str, datetime] = {}
    when: datetime | None = None
    # NUL-separated: "", "<header><time>", "\n<first name>", "<name>", ..., then the next
    # commit's "" and header. Newest commit first: the last time a path is seen is when
    # it was first added.
    fields = out.stdout.decode("utf-8", "replace").split("\0")
    for i, field in enumerate(fields):
        header = _COMMIT.fullmatch(field)
        if header is not None and (i == 0 or fields[i - 1] == ""):
            when = datetime.fromtimestamp(int(header.group(1)), tz=UTC)
            continue
        name = field.removeprefix("\n") if i and _COMMIT.fullmatch(fields[i - 1]) else field
        if name and when is not None:
            added[name] = when
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
