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
    return [name for name in output.decode("utf-8", NAMES).split("\0") if name]


NAMES = "surrogateescape"
"""How file names from git are decoded: as the file system's own names are (a name that
is not UTF-8 still names its file; the loader reports it)."""


def _digest(output: bytes) -> str:
    return hashlib.sha256(output).hexdigest()


def _git(root: Path, *args: str, data: bytes | None = None) -> bytes | None:
    """What ``git args`` prints (``data``: its standard input), ``None`` when it fails."""
    try:
        out = subprocess.run(["git", *args], cwd=root, input=data, capture_output=True)
    except OSError:
        return None
    return out.stdout if out.returncode == 0 else None


_FALSE = frozenset({b"", b"false", b"no", b"off", b"0"})


@dataclass(frozen=True)
class _LineEndings:
    """How git writes line endings on checkout, from ``core.autocrlf`` and ``core.eol``."""

    everywhere: bool
    """``core.autocrlf=true``: every file git takes for text gets CRLF."""
    crlf: bool
    """Files marked text (``text``, ``text=auto``) without an ``eol`` get CRLF."""

    @classmethod
    def of(cls, config: bytes | None) -> _LineEndings:
        """From ``git config --get-regexp`` lines (``None``: neither is set)."""
        settings: dict[bytes, bytes] = {}
        for line in (config or b"").lower().splitlines():
            key, spaced, value = line.partition(b" ")
            settings[key] = value if spaced else b"true"  # a bare key is true
        autocrlf = settings.get(b"core.autocrlf")
        everywhere = autocrlf is not None and autocrlf not in _FALSE and autocrlf != b"input"
        eol = settings.get(b"core.eol", b"native")
        native_crlf = os.name == "nt"
        return cls(everywhere, everywhere or eol == b"crlf" or (eol == b"native" and native_crlf))


def _rewritten(attributes: Mapping[bytes, bytes], endings: _LineEndings) -> bool:
    """Whether git rewrites a file with these attributes (``check-attr -a``: only those
    set, unset or given a value) on its way from the index to the working tree."""
    if attributes.get(b"filter", b"unset") != b"unset":
        return True  # a smudge filter: git-crypt, LFS, ...
    if attributes.get(b"working-tree-encoding", b"unset") != b"unset":
        return True
    if attributes.get(b"ident") == b"set":
        return True  # $Id$ expanded
    eol = attributes.get(b"eol")
    if eol == b"crlf":
        return True
    text = attributes.get(b"text", attributes.get(b"crlf"))  # crlf: the old spelling
    if eol == b"lf" or text == b"input" or text == b"unset":
        return False  # written as stored (LF stays LF)
    return text in (b"set", b"auto") and endings.crlf


def _converted(root: Path, tracked: bytes, config: bytes | None) -> bytes | None:
    """The names of ``tracked`` (``git ls-files -z -s`` output), NUL-separated, whose
    bytes on disk git may have converted from the blob the index names (a filter such as
    git-crypt's or LFS's, a working-tree encoding, CRLF line endings, ``ident``): their
    blob id is not the id of what is on disk, however unmodified git calls them. Every
    name under ``core.autocrlf=true`` (``config``: the ``core.autocrlf`` and ``core.eol``
    settings); ``None`` when git could not say."""
    names = b"\0".join(entry.partition(b"\t")[2] for entry in tracked.split(b"\0") if entry)
    endings = _LineEndings.of(config)
    if endings.everywhere:
        return names
    # The attributes as the working tree's .gitattributes files say, and as the index's.
    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(
            pool.map(
                lambda where: _git(root, "check-attr", "--stdin", "-z", "-a", *where, data=names),
                [(), ("--cached",)],
            )
        )
    found: set[bytes] = set()
    for out in answers:
        if out is None:
            return None
        fields = out.split(b"\0")
        attributes: dict[bytes, dict[bytes, bytes]] = {}
        for name, attribute, value in zip(fields[0::3], fields[1::3], fields[2::3], strict=False):
            attributes.setdefault(name, {})[attribute] = value
        found.update(name for name, set_ in attributes.items() if _rewritten(set_, endings))
    return b"\0".join(sorted(found))


def _listing_answers(root: Path, roots: Sequence[str]) -> list[bytes | None]:
    """git's answers about the files below ``roots``: the index's entries, the untracked
    names, the modified names and the names git converts on checkout (see
    :func:`_converted`). The commands run at once (each mostly waits on the file system:
    together they take the time of the slowest, not the sum); the conversions are asked
    as soon as the entries are known, while the others still run."""
    commands = (
        ("ls-files", "-z", "-s", "-v", "--cached", "--", *roots),
        ("ls-files", "-z", "--others", "--exclude-standard", "--", *roots),
        ("diff-files", "-z", "--name-only", "--", *roots),
        ("config", "--get-regexp", r"^core\.(autocrlf|eol)$"),  # fails when unset: None
    )
    with ThreadPoolExecutor(max_workers=len(commands)) as pool:
        tracked, others, changed, config = [pool.submit(_git, root, *c) for c in commands]
        entries = tracked.result()
        converted = None if entries is None else _converted(root, entries, config.result())
        return [entries, others.result(), changed.result(), converted]


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
        tracked, others, changed, converted = self._ask_git(roots)
        if tracked is None or others is None or changed is None or converted is None:
            return None
        untracked = frozenset(_names(others))
        unsure = untracked | frozenset(_names(changed)) | frozenset(_names(converted))
        return Listing(_digest(tracked), untracked, unsure)

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
        if answers is None:
            answers = _listing_answers(self.root, roots)
        self._answers["recent"] = (key, answers)
        return answers

    def list_files(self, roots: Sequence[str]) -> list[str]:
        if self.in_git():
            return self._git_files(roots)
        return self._walk(roots)

    def _git_files(self, roots: Sequence[str]) -> list[str]:
        self._blobs.clear()
        self._listings.pop(tuple(roots), None)
        tracked, others, changed, converted = self._ask_git(roots)
        if tracked is None or others is None or changed is None or converted is None:
            return self._walk(roots)
        untracked = frozenset(_names(others))
        names = set(untracked)
        listed = _LISTED.findall(tracked.decode("utf-8", NAMES))
        names.update(name for *_, name in listed)
        # A regular file, not a symlink (whose blob is the target's name), at stage 0,
        # that git is not told to assume unchanged ("h") or skip ("S").
        self._blobs.update(
            (name, sha)
            for tag, mode, sha, stage, name in listed
            if tag == "H" and stage == "0" and mode in _REGULAR
        )
        # What git sees unmodified exists; a changed or untracked file may be gone. A file
        # git converts on checkout is hashed from disk like a changed one.
        maybe_gone = {*_names(changed), *_names(converted)}
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
