"""Where files come from: the working tree (git-aware) or a git revision."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import git

from svcascode.errors import RepositoryError

YAML_SUFFIXES = (".yaml", ".yml")


class Source(Protocol):
    """A tree of files: the working tree or one git revision."""

    @property
    def label(self) -> str: ...

    def list_files(self, roots: Sequence[str]) -> list[str]:
        """Repository-relative POSIX paths of the YAML files below ``roots``, sorted."""
        ...

    def read(self, path: str) -> bytes | None:
        """The bytes of ``path``, or ``None`` when it does not exist."""
        ...

    def blob_id(self, path: str) -> str | None:
        """The git blob id of ``path``'s content when known without reading it (as
        listed by the last :meth:`list_files`), else ``None``."""
        ...


def _under(path: str, roots: Sequence[str]) -> bool:
    return path.endswith(YAML_SUFFIXES) and any(
        path.startswith(root.rstrip("/") + "/") for root in roots
    )


def is_git_checkout(root: Path) -> bool:
    """Whether ``root`` is the top of a git work tree."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return False
    return out.returncode == 0 and Path(out.stdout.strip()).resolve() == root.resolve()


def blob_id(data: bytes) -> str:
    """The git blob id of ``data`` (what ``git hash-object`` prints)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


_LISTED = re.compile(r"(\S+) (\d+) ([0-9a-f]+) (\d+)\t([^\0]*)\0")
"""One entry of ``git ls-files -z -s -v``: tag, mode, blob id, stage, path."""
_REGULAR = ("100644", "100755")


def _names(output: bytes) -> list[str]:
    return [name for name in output.decode("utf-8", "replace").split("\0") if name]


def _digest(output: bytes) -> str:
    return hashlib.sha256(output).hexdigest()


def _git(root: Path, *args: str) -> bytes | None:
    try:
        out = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except OSError:
        return None
    return out.stdout if out.returncode == 0 else None


def _git_all(root: Path, *commands: Sequence[str]) -> list[bytes | None]:
    """The output of several git commands run at once (each mostly waits on the file
    system: together they take the time of the slowest, not the sum)."""
    with ThreadPoolExecutor(max_workers=len(commands)) as pool:
        return list(pool.map(lambda args: _git(root, *args), commands))


@dataclass(frozen=True)
class Listing:
    """What git says about the files below some roots, in brief: a digest of the index's
    entries (names, modes, blob ids, flags), the untracked names, and the names whose
    content the index does not vouch for (modified, untracked, assume-unchanged,
    skip-worktree, not a regular file: these are read and hashed)."""

    digest: str
    untracked: frozenset[str]
    unsure: frozenset[str]


@dataclass(frozen=True)
class WorkingTree:
    """The files on disk. In a git checkout, tracked files plus untracked files that
    are not ignored, so that build output and other ignored junk is never linted.

    In a git checkout the blob id of every tracked file that git sees unmodified is known
    from the index without reading the file (``git ls-files -s``; files git is told to
    ignore changes of, with ``--assume-unchanged`` or ``--skip-worktree``, are not
    trusted), which is what makes a warm cache cheap."""

    root: Path
    use_git: bool = True
    _blobs: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _listings: dict[tuple[str, ...], Listing] = field(
        default_factory=dict, repr=False, compare=False
    )
    _answers: dict[str, tuple[tuple[str, ...], list[bytes | None]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    """git's latest answers (``"recent"``) and those held for the next listing
    (``"held"``), each with the roots they are about."""

    _checkout: list[bool] = field(default_factory=list, repr=False, compare=False)

    @property
    def label(self) -> str:
        return "working tree"

    def in_git(self) -> bool:
        """Whether the files are listed by git: ``use_git`` and ``root`` is the top of a
        git work tree (asked once per tree)."""
        if not self._checkout:
            self._checkout.append(self.use_git and is_git_checkout(self.root))
        return self._checkout[0]

    def listing(self, roots: Sequence[str]) -> Listing | None:
        """The brief :class:`Listing` of the last :meth:`list_files` of ``roots`` (``None``:
        not listed by git)."""
        return self._listings.get(tuple(roots))

    def glance(self, roots: Sequence[str]) -> Listing | None:
        """A :class:`Listing` of ``roots`` as git sees them now, without listing the files
        (``unsure``: just the modified and untracked names); ``None`` outside git."""
        if not self.in_git():
            return None
        tracked, others, changed = self._ask_git(roots)
        if tracked is None or others is None or changed is None:
            return None
        untracked = frozenset(_names(others))
        return Listing(_digest(tracked), untracked, untracked | frozenset(_names(changed)))

    def hold(self, roots: Sequence[str]) -> None:
        """Let the next :meth:`list_files` (or :meth:`glance`) of ``roots`` take git's
        latest answers about them instead of asking again, once: for a caller that has
        just glanced and lists at once (a stored lint run looked up, then a full run)."""
        recent = self._answers.pop("recent", None)
        if recent is not None and recent[0] == tuple(roots):
            self._answers["held"] = recent

    def _ask_git(self, roots: Sequence[str]) -> list[bytes | None]:
        key = tuple(roots)
        held = self._answers.pop("held", None)
        answers = held[1] if held is not None and held[0] == key else None
        answers = answers or _git_all(
            self.root,
            ("ls-files", "-z", "-s", "-v", "--cached", "--", *roots),
            ("ls-files", "-z", "--others", "--exclude-standard", "--", *roots),
            ("diff-files", "-z", "--name-only", "--", *roots),
        )
        self._answers["recent"] = (key, answers)
        return answers

    def list_files(self, roots: Sequence[str]) -> list[str]:
        if self.in_git():
            return self._git_files(roots)
        return self._walk(roots)

    def _git_files(self, roots: Sequence[str]) -> list[str]:
        self._blobs.clear()
        self._listings.pop(tuple(roots), None)
        tracked, others, changed = self._ask_git(roots)
        if tracked is None or others is None or changed is None:
            return self._walk(roots)
        untracked = frozenset(_names(others))
        names = set(untracked)
        listed = _LISTED.findall(tracked.decode("utf-8", "replace"))
        names.update(name for *_, name in listed)
        # A regular file, not a symlink (whose blob is the target's name), at stage 0,
        # that git is not told to assume unchanged ("h") or skip ("S").
        self._blobs.update(
            (name, sha)
            for tag, mode, sha, stage, name in listed
            if tag == "H" and stage == "0" and mode in _REGULAR
        )
        # What git sees unmodified exists; a changed or untracked file may be gone.
        maybe_gone = set(_names(changed))
        for name in maybe_gone:
            self._blobs.pop(name, None)
        maybe_gone.update(names - self._blobs.keys())
        self._listings[tuple(roots)] = Listing(_digest(tracked), untracked, frozenset(maybe_gone))
        # git matched the roots already (pathspecs); only the suffix is left to check.
        return sorted(
            name
            for name in names
            if name.endswith(YAML_SUFFIXES)
            and (name not in maybe_gone or (self.root / name).is_file())
        )

    def blob_ids(self) -> Mapping[str, str]:
        """Path -> blob id of every file the last :meth:`list_files` knows unread."""
        return self._blobs

    def blob_id(self, path: str) -> str | None:
        return self._blobs.get(path)

    def _walk(self, roots: Sequence[str]) -> list[str]:
        self._blobs.clear()
        found: list[str] = []
        for root in roots:
            base = self.root / root
            for folder, dirs, files in os.walk(base):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in files:
                    rel = (Path(folder) / name).relative_to(self.root).as_posix()
                    if _under(rel, roots):
                        found.append(rel)
        return sorted(found)

    def read(self, path: str) -> bytes | None:
        try:
            return (self.root / path).read_bytes()
        except (FileNotFoundError, IsADirectoryError):
            return None


@dataclass
class GitRevision:
    """The files of one commit (``rev`` is any revision git understands): listed by
    ``git ls-tree`` (blob ids included), read through GitPython's persistent ``cat-file``
    process rather than one process per file."""

    root: Path
    rev: str
    _blobs: dict[str, str] = field(default_factory=dict, repr=False)
    _repo: git.Repo | None = field(default=None, repr=False)

    @property
    def label(self) -> str:
        return self.rev

    def _commit(self) -> tuple[git.Repo, str]:
        import git  # GitPython: only revisions need it (a working tree lists with git itself)

        try:
            if self._repo is None:
                self._repo = git.Repo(self.root)
            return self._repo, self._repo.commit(self.rev).hexsha
        except (git.exc.GitError, ValueError) as error:
            raise RepositoryError(f"cannot read revision {self.rev!r}: {error}") from None

    def list_files(self, roots: Sequence[str]) -> list[str]:
        self._blobs.clear()
        _, commit = self._commit()
        listing = _git(self.root, "ls-tree", "-r", "-z", "--full-tree", commit, "--", *roots)
        if listing is None:
            raise RepositoryError(f"cannot list the files of revision {self.rev!r}")
        for line in listing.decode("utf-8", "replace").split("\0"):
            head, _, name = line.partition("\t")
            fields = head.split()
            if name and len(fields) == 3 and fields[1] == "blob" and _under(name, roots):
                self._blobs[name] = fields[2]
        return sorted(self._blobs)

    def read(self, path: str) -> bytes | None:
        repo, commit = self._commit()
        sha = self._blobs.get(path)
        if sha is None:
            try:
                found = repo.commit(commit).tree / path
            except KeyError:
                return None
            if found.type != "blob":
                return None
            sha = found.hexsha
        data: bytes = repo.odb.stream(bytes.fromhex(sha)).read()
        return data

    def blob_id(self, path: str) -> str | None:
        return self._blobs.get(path)
