"""Where files come from: the working tree (git-aware) or a git revision."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import git
from git.objects import Blob, Tree

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


@dataclass(frozen=True)
class WorkingTree:
    """The files on disk. In a git checkout, tracked files plus untracked files that
    are not ignored, so that build output and other ignored junk is never linted."""

    root: Path
    use_git: bool = True

    @property
    def label(self) -> str:
        return "working tree"

    def list_files(self, roots: Sequence[str]) -> list[str]:
        if self.use_git and is_git_checkout(self.root):
            return self._git_files(roots)
        return self._walk(roots)

    def _git_files(self, roots: Sequence[str]) -> list[str]:
        command = ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
        out = subprocess.run(
            [*command, "--", *roots], cwd=self.root, capture_output=True, check=False
        )
        if out.returncode != 0:
            return self._walk(roots)
        names = {name for name in out.stdout.decode("utf-8", "replace").split("\0") if name}
        return sorted(
            name for name in names if _under(name, roots) and (self.root / name).is_file()
        )

    def _walk(self, roots: Sequence[str]) -> list[str]:
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
    """The files of one commit (``rev`` is any revision git understands), read through
    GitPython's persistent ``cat-file`` process rather than one process per file."""

    root: Path
    rev: str
    _blobs: dict[str, Blob] = field(default_factory=dict, repr=False)

    @property
    def label(self) -> str:
        return self.rev

    def _tree(self) -> Tree:
        try:
            repo = git.Repo(self.root)
            return repo.commit(self.rev).tree
        except (git.exc.GitError, ValueError) as error:
            raise RepositoryError(f"cannot read revision {self.rev!r}: {error}") from None

    def list_files(self, roots: Sequence[str]) -> list[str]:
        self._blobs.clear()
        tree = self._tree()
        for root in roots:
            try:
                folder = tree / root
            except KeyError:
                continue
            for item in folder.traverse():
                if isinstance(item, Blob) and _under(str(item.path), roots):
                    self._blobs[str(item.path)] = item
        return sorted(self._blobs)

    def read(self, path: str) -> bytes | None:
        blob = self._blobs.get(path)
        if blob is None:
            try:
                found = self._tree() / path
            except KeyError:
                return None
            if not isinstance(found, Blob):
                return None
            blob = found
        data: bytes = blob.data_stream.read()
        return data
