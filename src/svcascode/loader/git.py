"""Git facts the loader and consumers need: which files changed since a revision."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
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


def verify_revision(root: Path, rev: str) -> None:
    """Fail with a clear message when ``rev`` names no commit."""
    try:
        _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except RepositoryError:
        raise RepositoryError(
            f"{rev!r} is not a commit of the repository at {root} "
            "(in CI, fetch the base branch: actions/checkout with fetch-depth: 0)"
        ) from None


def changed_files(root: Path, base: str, head: str | None = None) -> set[str]:
    """Paths that differ between ``base`` and ``head`` (default: the working tree,
    untracked files included)."""
    verify_revision(root, base)
    if head is not None:
        verify_revision(root, head)
        diff = _git(root, "diff", "--name-only", "--no-renames", "-z", base, head, "--")
        return {name for name in diff.split("\0") if name}
    with ThreadPoolExecutor(max_workers=2) as pool:  # both mostly wait on the file system
        tracked = pool.submit(_git, root, "diff", "--name-only", "--no-renames", "-z", base, "--")
        others = pool.submit(_git, root, "ls-files", "-z", "--others", "--exclude-standard")
        names = tracked.result() + "\0" + others.result()
    return {name for name in names.split("\0") if name}


def read_blobs(root: Path, shas: Sequence[str]) -> dict[str, bytes]:
    """The contents of git objects by id (``git cat-file --batch``; missing ones left out)."""
    request = "".join(f"{sha}\n" for sha in shas).encode()
    try:
        out = subprocess.run(
            ["git", "cat-file", "--batch"], cwd=root, input=request, capture_output=True
        )
    except OSError:
        return {}
    if out.returncode != 0:
        return {}
    found: dict[str, bytes] = {}
    data, at = out.stdout, 0
    for sha in shas:
        end = data.find(b"\n", at)
        if end < 0:
            break
        header = data[at:end].split()
        at = end + 1
        if len(header) != 3:
            continue  # "<sha> missing": nothing follows
        size = int(header[2])
        if header[1] == b"blob":
            found[sha] = data[at : at + size]
        at += size + 1
    return found
