"""Parse results kept between runs, keyed by the git blob id of each file's content.

A blob id names the bytes of a file, so a cached entry can never belong to other content:
an edited file has a new id, a renamed file keeps its id and its entry (parse results
hold no path), a file reverted to an earlier content finds that content's entry again.
Only the *parse* is cached (documents as plain data, problems with their positions);
validation against the models and every rule run on every lint, so a schema change or a
new rule never meets a stale result. What else decides a parse is part of the key of the
whole file: svcascode's version, a digest of the loader's own source code (so that a
development checkout with an edited parser starts afresh), the fast parser's version and
the parse limits.

The cache is one file (``parse-cache.bin``) in a folder of its own, written atomically
(a temporary file renamed into place), so that concurrent runs never read half a file; a
missing, unreadable or foreign file is an empty cache, never an error. The folder holds
a ``.gitignore`` of ``*``, so the default ``.svcascode/cache/`` inside a repository never
shows up in ``git status``.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
import zlib
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path

import yaml

from svcascode.loader import fastparse, parsefile, yamlparse
from svcascode.loader.yamlparse import Limits

CACHE_FILE = "parse-cache.bin"
_FORMAT = 1
_MODULES = (yamlparse, fastparse, parsefile)
"""The modules whose code decides what a parse yields."""
_GITIGNORE = "# svcascode's cache: never commit it\n*\n"
WRITE_SHARE = 0.01
"""Added entries, as a share of all, from which the cache file is written again."""
READ_BYTES_PER_FILE = 64 * 1024
"""Cache file bytes worth reading per file to load (reading 64 KB costs about as much as
parsing one file)."""


@cache
def tool_key() -> str:
    """What, besides the content, decides a parse: versions and the loader's code."""
    digest = hashlib.sha256()
    for module in _MODULES:
        digest.update(Path(str(module.__file__)).read_bytes())
    try:
        version = metadata.version("svcascode")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a bare checkout
        version = "unknown"
    exact = f"PyYAML {yaml.__version__} {yamlparse.LOADER}"
    return f"{_FORMAT}|svcascode {version}|{digest.hexdigest()}|{fastparse.PARSER}|{exact}"


def entry_name(blob: str, limits: Limits, fast: bool) -> str:
    """An entry's name: the content, the limits it was parsed under, which paths."""
    return blob + _suffix(limits, fast)


@cache
def _suffix(limits: Limits, fast: bool) -> str:
    paths = "fast" if fast else "exact"
    return f":{limits.max_file_bytes}/{limits.max_depth}/{limits.max_nodes}:{paths}"


@dataclass
class ParseCache:
    """Cached parses by ``blob id + limits``; :meth:`save` writes what was added."""

    folder: Path | None
    """Where the cache file lives (``None``: kept in memory only, for tests)."""
    key: str = field(default_factory=tool_key)
    _entries: dict[str, bytes] = field(default_factory=dict, repr=False)
    _used: set[str] = field(default_factory=set, repr=False)
    _added: int = 0
    _released: bool = False
    hits: int = 0
    misses: int = 0

    @classmethod
    def open(cls, folder: Path) -> ParseCache:
        """The cache in ``folder``; empty when there is none or it is unusable. The file
        is read when first needed (a run that reuses stored findings never needs it)."""
        opened = cls(folder)
        opened._released = True
        return opened

    def _read(self) -> None:
        self._entries, self._released = {}, False
        if self.folder is None:
            return
        try:
            with open(self.folder / CACHE_FILE, "rb") as handle:
                stored = marshal.load(handle)
        except (OSError, EOFError, ValueError, TypeError):
            return
        if (
            isinstance(stored, tuple)
            and len(stored) == 2
            and stored[0] == self.key
            and isinstance(stored[1], dict)
        ):
            self._entries = stored[1]

    def get(self, blob: str, limits: Limits, fast: bool = True) -> bytes | None:
        """The marshalled :data:`Entry` of a content, or ``None`` (also when the stored
        bytes fail their checksum)."""
        if self._released:
            self._read()
        name = entry_name(blob, limits, fast)
        stored = self._entries.get(name)
        # The CRC-32 of data followed by its own CRC-32 (little-endian) is this constant.
        if not isinstance(stored, bytes) or zlib.crc32(stored) != 0x2144DF1C:
            self.misses += 1
            return None
        self.hits += 1
        self._used.add(name)
        return stored[:-4]

    def put(self, blob: str, limits: Limits, packed: bytes, fast: bool = True) -> None:
        """Store a marshalled :data:`Entry` (as parse workers return them)."""
        if self._released:
            self._read()
        name = entry_name(blob, limits, fast)
        stored = packed + zlib.crc32(packed).to_bytes(4, "little")
        if self._entries.get(name) != stored:
            self._added += 1
        self._entries[name] = stored
        self._used.add(name)

    def worth_reading(self, files: int) -> bool:
        """Whether reading the cache file pays for a load of ``files`` files: a file of
        the whole repository is not read to serve a handful (parsing them costs less)."""
        if not self._released or self.folder is None:
            return True
        try:
            size = (self.folder / CACHE_FILE).stat().st_size
        except OSError:
            return True
        return size <= files * READ_BYTES_PER_FILE

    def save(self) -> None:
        """Write the cache if enough was added to pay for writing the whole file (at least
        :data:`WRITE_SHARE` of its entries: a few edited files are parsed again next time
        instead); entries this run did not use are kept while they are fewer than the used
        ones (a second branch's files), then dropped."""
        if self.folder is None:
            return
        if not self._added or self._added < len(self._entries) * WRITE_SHARE:
            self._release()
            return
        entries = self._entries
        if len(entries) > 2 * len(self._used) + 1000:
            entries = {name: entries[name] for name in self._used if name in entries}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text(_GITIGNORE, encoding="utf-8")
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".parse-cache.")
            try:
                with os.fdopen(handle, "wb") as out:
                    marshal.dump((self.key, entries), out)
                os.replace(temporary, self.folder / CACHE_FILE)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            pass  # a read-only checkout still lints, just without a cache
        self._release()

    def _release(self) -> None:
        """Free the entries (a run holds its models by now); a later :meth:`get` reads
        the file again."""
        self._entries, self._used, self._added, self._released = {}, set(), 0, True
