"""Whole-run lint results kept between runs: a run whose inputs match an earlier run's in
everything a rule reads reuses that run's findings instead of loading and checking again.

A rule's findings are a function of its inputs: the valid documents of every file, the
settings, the day judged, first-commit times of change files and svcascode's own code.
A stored run records all of them: the settings' blob id, the day, the rule selection and
a digest of the whole package (any code change starts afresh) make its key; the path and
git blob id of every file it loaded, and the first-commit times, are compared on lookup.
Cross-file rules are never run on part of the index: either every input is the same (the
stored findings are what a full run would print) or the run is a full one.

Early cutoff: a file whose content changed is still "the same input" when the only
difference is in what no rule reads, as a test proves on every rule fixture: the text of
its documents' ``metadata.description`` (free Markdown) and ``metadata.title``, their
``metadata.labels``, and an item's ``spec.attributes`` (free-form: version, vendor,
location, ...), and both versions are free of loader problems. Its old content is read
from git's object store by the blob id stored with the run, both versions are parsed
exactly and compared with those left out; a description or title that is not a string,
labels that are not a mapping of text to text, or attributes that are not a mapping with
text keys, are compared as they are (they may be invalid).

Positions are part of a finding, and a description of a different length moves the lines
below it. So the run also stores the files whose positions it used (every file a finding
points into, every file whose positions a rule or message consulted, every file with a
loader problem); a change to any of those files' bytes is a full run.

A run in which a rule read the clock (``change-lead-time`` measures a normal change not
committed yet from now) is never stored: its findings can differ a minute later.

Results live next to the parse cache (one file per key, written atomically, at most
:data:`KEEP` kept); a missing, damaged or foreign file is a full run, never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import tempfile
import zlib
import zoneinfo
from bisect import bisect_left
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import svcascode
from svcascode.diagnostics import Finding, Location, Severity
from svcascode.lintresult import LintResult, RuleDoc
from svcascode.loader.git import read_blobs
from svcascode.loader.history import first_commits
from svcascode.loader.options import LoadOptions
from svcascode.loader.parsefile import Entry, parse_file
from svcascode.loader.sources import (
    YAML_SUFFIXES,
    Listing,
    Source,
    WorkingTree,
    blob_id,
)
from svcascode.loader.yamlparse import Limits
from svcascode.repo import CONFIG_FILE

if TYPE_CHECKING:
    from svcascode.loader.load import LoadResult

_FORMAT = 3
KEEP = 8
"""Stored runs kept per repository (one per day judged, rule selection and settings)."""
MAX_CHANGED = 64
"""More changed files than this: a full run (comparing them would cost as much)."""
_STRIPPED = ("svcascode: left out of the comparison",)
"""What a value no rule reads is compared as (a tuple: no YAML document holds one)."""
_UNREAD_TEXT = ("description", "title")
"""The ``metadata`` strings no rule reads (``tests/conftest.py`` rewrites them in every
rule fixture and requires the same findings)."""
_DEPENDENCIES = ("pydantic", "pydantic-core", "PyYAML", "rustyyaml", "python-dateutil", "tzdata")
"""What validates, parses and expands recurrences and time zones (``tzdata``: where
Python takes time zones from the package rather than the system)."""
_Changed = dict[str, tuple[str, str | None]]
"""Path -> (blob id in the stored run, blob id now; ``None``: gone)."""


@cache
def package_digest() -> str:
    """svcascode's code and the versions of what validates and parses: what, besides the
    files, decides every finding."""
    digest = hashlib.sha256()
    package = Path(svcascode.__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    for name in _DEPENDENCIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{name} {version}\0".encode())
    digest.update(sys.version.encode())
    digest.update(repr(zoneinfo.TZPATH).encode())
    _zone_database(digest)
    return digest.hexdigest()


def _zone_database(digest: hashlib._Hash) -> None:
    """The system's time-zone database, in brief: its version files and every top-level
    entry's size and time (a tzdata update rewrites ``tzdata.zi``, and replacing a zone
    file touches the folder it is in). Windows and the model's time zones read it."""
    for folder in map(Path, zoneinfo.TZPATH):
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            try:
                stat = entry.stat()
            except OSError:
                continue
            digest.update(f"{folder}/{entry.name} {stat.st_size} {stat.st_mtime_ns}\0".encode())
        for name in ("tzdata.zi", "+VERSION"):
            with contextlib.suppress(OSError):
                digest.update((folder / name).read_bytes())


@dataclass(frozen=True)
class StoredRun:
    """One full run: its inputs and what it found."""

    files: list[str]
    blobs: list[str]
    """The blob id of each of :attr:`files`, in the same order."""
    pinned: list[str]
    """Files whose bytes (not just their documents) the findings depend on."""
    history: str
    roots: list[str]
    changes_root: str
    limits: tuple[int, int, int]
    findings: list[tuple[str, str, str, str, int, int, str | None, str | None]]
    entities: int
    notes: list[str]
    listing: tuple[str, list[str], list[str]] | None = None
    """git's brief listing when the files were listed (digest, untracked, unsure)."""
    rules: list[tuple[str, str, str]] = field(default_factory=list)
    """Every rule of the registry (id, severity, doc): what a SARIF log of the run
    describes, without importing the rules and the models to say it."""

    def pack(self) -> bytes:
        fields = (
            self.files,
            self.blobs,
            self.pinned,
            self.history,
            self.roots,
            self.changes_root,
            self.limits,
            self.findings,
            self.entities,
            self.notes,
            self.listing,
            self.rules,
        )
        payload = marshal.dumps((_FORMAT, fields))
        return payload + zlib.crc32(payload).to_bytes(4, "little")

    @classmethod
    def unpack(cls, data: bytes) -> StoredRun | None:
        # The CRC-32 of data followed by its own CRC-32 (little-endian) is this constant.
        if zlib.crc32(data) != 0x2144DF1C:
            return None
        try:
            version, fields = marshal.loads(data[:-4])
            run = cls(*fields)
        except (EOFError, ValueError, TypeError):
            return None
        return run if version == _FORMAT and run.well_formed() else None

    def well_formed(self) -> bool:
        """Whether every field has its shape (a foreign file with a valid checksum is
        still no stored run)."""
        texts = (self.files, self.blobs, self.pinned, self.roots, self.notes)
        if not all(type(t) is list and all(type(x) is str for x in t) for t in texts):
            return False
        listing = self.listing
        return (
            len(self.files) == len(self.blobs)
            and type(self.history) is str
            and type(self.changes_root) is str
            and type(self.limits) is tuple
            and len(self.limits) == 3
            and all(type(n) is int for n in self.limits)
            and type(self.entities) is int
            and type(self.findings) is list
            and all(_finding_shaped(f) for f in self.findings)
            and (listing is None or _listing_shaped(listing))
            and type(self.rules) is list
            and all(_rule_shaped(rule) for rule in self.rules)
        )

    def result(self) -> LintResult:
        findings = [
            Finding(rule, Severity(level), message, Location(path, line, column), kind, ident)
            for rule, level, message, path, line, column, kind, ident in self.findings
        ]
        rules = [RuleDoc(ident, Severity(level), doc) for ident, level, doc in self.rules]
        return LintResult(
            findings, len(self.files), self.entities, notes=list(self.notes), rules=rules
        )


@dataclass(frozen=True)
class ResultCache:
    """Stored lint runs in ``folder`` (the repository's cache folder)."""

    folder: Path

    def lookup(
        self,
        source: Source,
        as_of: date,
        only: Collection[str] | None = None,
        loading_next: bool = False,
    ) -> LintResult | None:
        """The findings of a stored run whose inputs are the same as now, else ``None``.
        With ``loading_next`` (the caller loads ``source`` at once when this misses), what
        git told the lookup is held for that load instead of being asked again."""
        if not isinstance(source, WorkingTree):
            return None
        config = source.read(CONFIG_FILE)
        settings = blob_id(config) if config is not None else None
        run = self._read(self._name(as_of, only, settings))
        if run is None:
            return None
        found = self._same_run(source, run)
        if found is None and loading_next:
            source.hold(run.roots)
        return found

    def _same_run(self, source: WorkingTree, run: StoredRun) -> LintResult | None:
        changed = self._glance(source, run)
        if changed is None:
            source.hold(run.roots)  # what git just said serves the full listing
            changed = self._compare(source, run)
        if changed is None or len(changed) > MAX_CHANGED:
            return None
        if changed and not self._same_documents(source, changed, run):
            return None
        if _history_digest(first_commits(source, (run.changes_root,))) != run.history:
            return None
        return run.result()

    def _compare(self, source: WorkingTree, run: StoredRun) -> _Changed | None:
        """The files whose blob differs from the run's, every file listed and looked at
        (``None``: a file added, removed or renamed, or too many changed)."""
        files = source.list_files(run.roots)
        if files != run.files:
            return None
        known = source.blob_ids()
        changed: _Changed = {}
        for path, old in zip(files, run.blobs, strict=True):
            now = known.get(path)
            if now == old:
                continue
            if now is None:  # not known to git unmodified: hash what is on disk
                now = _hash(source, path)
                if now == old:
                    continue
            changed[path] = (old, now)
            if len(changed) > MAX_CHANGED:
                return None
        return changed

    def _glance(self, source: WorkingTree, run: StoredRun) -> _Changed | None:
        """The same as :meth:`_compare`, when git's index is as it was for the run (same
        entries, same untracked names): then only the files the index does not vouch for,
        now or then, are read; ``None`` when that shortcut does not apply."""
        if run.listing is None:
            return None
        digest, untracked, unsure = run.listing
        now = source.glance(run.roots)
        if now is None or now.digest != digest or now.untracked != frozenset(untracked):
            return None
        changed: _Changed = {}
        for path in sorted(now.unsure | frozenset(unsure)):
            at = bisect_left(run.files, path)
            if at == len(run.files) or run.files[at] != path:
                if path.endswith(YAML_SUFFIXES) and (source.root / path).is_file():
                    return None  # back on disk since the run: a file added
                continue
            blob = _hash(source, path)
            if blob != run.blobs[at]:
                changed[path] = (run.blobs[at], blob)
        return changed

    def _same_documents(self, source: WorkingTree, changed: _Changed, run: StoredRun) -> bool:
        pinned = set(run.pinned)
        if any(path in pinned or now is None for path, (_, now) in changed.items()):
            return False
        if not source.in_git():
            return False  # the earlier contents are in no object store
        earlier = read_blobs(source.root, [old for old, _ in changed.values()])
        limits = Limits(*run.limits)
        for path, (old, _) in changed.items():
            before, after = earlier.get(old), source.read(path)
            # git answers a replaced object (``git replace``) with the replacement's bytes:
            # only the content that has the stored id is the content the run read.
            if before is None or after is None or blob_id(before) != old:
                return False
            then = _documents(parse_file(path, before, limits, fast=False))
            if then is None or then != _documents(parse_file(path, after, limits, fast=False)):
                return False
        return True

    def store(
        self, source: Source, as_of: date, only: Collection[str] | None, result: LintResult
    ) -> None:
        """Keep a full run's inputs and findings (not when some file's content is unknown,
        nor when a rule's findings depend on the moment of the run)."""
        index = result.index
        if not isinstance(source, WorkingTree) or index is None or not result.reusable:
            return
        loaded = index.load
        blobs = [loaded.blobs.get(path) for path in loaded.files]
        if loaded.limits is None or any(blob is None for blob in blobs):
            return
        limits = loaded.limits
        run = StoredRun(
            files=list(loaded.files),
            blobs=[blob for blob in blobs if blob is not None],
            pinned=sorted(pinned_files(loaded, result.findings)),
            history=_history_digest(loaded.history),
            roots=list(loaded.config.roots.all()),
            changes_root=loaded.config.roots.changes,
            limits=(limits.max_file_bytes, limits.max_depth, limits.max_nodes),
            findings=[
                (f.rule, f.severity.value, f.message, f.path, f.line, f.column, f.kind, f.id)
                for f in result.findings
            ],
            entities=result.entities,
            notes=list(result.notes),
            listing=_brief(source.listing(loaded.config.roots.all())),
            rules=_rule_docs(),
        )
        # The settings as the load read them (not as they may be by now).
        settings = loaded.settings.blob if loaded.settings is not None else None
        self._write(self._name(as_of, only, settings), run.pack())

    def _name(self, as_of: date, only: Collection[str] | None, settings: str | None) -> str:
        chosen = sorted(only) if only is not None else None
        key = repr((_FORMAT, package_digest(), as_of.isoformat(), chosen, settings))
        return f"lint-{hashlib.sha256(key.encode()).hexdigest()[:24]}.bin"

    def _read(self, name: str) -> StoredRun | None:
        try:
            data = (self.folder / name).read_bytes()
        except OSError:
            return None
        return StoredRun.unpack(data)

    def _write(self, name: str, data: bytes) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".lint-")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
                os.replace(temporary, self.folder / name)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            stored = sorted(self.folder.glob("lint-*.bin"), key=lambda p: p.stat().st_mtime)
            for old in stored[:-KEEP]:
                old.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only cache folder: the next run is a full one


def _finding_shaped(value: object) -> bool:
    if type(value) is not tuple or len(value) != 8:
        return False
    rule, level, message, path, line, column, kind, ident = value
    texts = (rule, level, message, path)
    return (
        all(type(t) is str for t in texts)
        and level in {s.value for s in Severity}
        and type(line) is int
        and type(column) is int
        and all(x is None or type(x) is str for x in (kind, ident))
    )


def _rule_shaped(value: object) -> bool:
    return (
        type(value) is tuple
        and len(value) == 3
        and all(type(part) is str for part in value)
        and value[1] in {s.value for s in Severity}
    )


def _rule_docs() -> list[tuple[str, str, str]]:
    """The registry's rules as a stored run keeps them (a full run imported it already)."""
    from svcascode.rules import RULES

    return [(rule.id, rule.severity.value, rule.doc) for rule in RULES.values()]


def _listing_shaped(value: object) -> bool:
    if type(value) is not tuple or len(value) != 3:
        return False
    digest, untracked, unsure = value
    lists = (untracked, unsure)
    return type(digest) is str and all(
        type(names) is list and all(type(n) is str for n in names) for names in lists
    )


def _brief(listing: Listing | None) -> tuple[str, list[str], list[str]] | None:
    if listing is None:
        return None
    return (listing.digest, sorted(listing.untracked), sorted(listing.unsure))


def _hash(source: WorkingTree, path: str) -> str | None:
    data = source.read(path)
    return blob_id(data) if data is not None else None


def pinned_files(loaded: LoadResult, findings: Sequence[Finding]) -> set[str]:
    """The files whose bytes the findings depend on: where findings and loader problems
    point, and every file whose positions the run looked up."""
    pinned = {finding.path for finding in findings}
    pinned.update(item.problem.location.path for item in loaded.problems)
    pinned.update(broken.where.path for broken in loaded.broken)
    pinned.update(record.where.path for record in loaded.records if record.where.source.located)
    return pinned


def _documents(entry: Entry) -> str | None:
    """A file's documents with what no rule reads left out, as comparable text; ``None``
    when the parse found a problem (such a file is never compared)."""
    documents, problems, _ = entry
    if problems:
        return None
    return repr([(index, _unread_left_out(data)) for index, _, data in documents])


def _unread_left_out(data: Any) -> Any:
    """``data`` with its ``metadata.description`` and ``metadata.title`` strings, its
    ``metadata.labels`` mapping (text to text) and the ``spec.attributes`` mapping (text
    keys) of an item left out: any string is a valid description or title, any such
    mapping valid labels or attributes, so the document stays as valid as it was. Only
    the values are left out: a field added or removed still counts as a difference."""
    if not isinstance(data, dict):
        return data
    meta, spec = data.get("metadata"), data.get("spec")
    if isinstance(meta, dict):
        unread = {name: _STRIPPED for name in _UNREAD_TEXT if isinstance(meta.get(name), str)}
        labels = meta.get("labels")
        if isinstance(labels, dict) and all(
            isinstance(key, str) and isinstance(value, str) for key, value in labels.items()
        ):
            unread["labels"] = _STRIPPED
        if unread:
            data = {**data, "metadata": {**meta, **unread}}
    if data.get("kind") == "ConfigurationItem" and isinstance(spec, dict):
        attributes = spec.get("attributes")
        if isinstance(attributes, dict) and all(isinstance(key, str) for key in attributes):
            data = {**data, "spec": {**spec, "attributes": _STRIPPED}}
    return data


def _history_digest(history: Mapping[str, datetime] | None) -> str:
    if history is None:
        return "none"
    return hashlib.sha256(repr(sorted(history.items())).encode()).hexdigest()


def lint_reusing(
    source: Source,
    results: ResultCache,
    as_of: date | None = None,
    options: LoadOptions | None = None,
    only: Collection[str] | None = None,
    ready: Callable[[], object] | None = None,
) -> LintResult:
    """:func:`svcascode.lint.lint`, reusing a stored run when its inputs are the same, and
    storing this run otherwise; ``ready`` is called once the stored runs were looked up,
    before a result is returned or a full run starts (it may raise to stop both)."""
    day = as_of or date.today()
    reused = results.lookup(source, day, only, loading_next=True)
    if ready is not None:
        ready()
    if reused is not None:
        return reused
    # The models, the index and every rule: only a full run needs them.
    from svcascode.lint import lint

    result = lint(source, day, options, only)
    results.store(source, day, only, result)
    return result
