"""Load a repository: discover files, parse them, validate every document into a model."""

from __future__ import annotations

import marshal
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from svcascode.config import CONFIG_FILE, Config
from svcascode.diagnostics import Location, Problem, Reported
from svcascode.gcpause import gc_paused
from svcascode.loader.history import first_commits
from svcascode.loader.options import LoadOptions as LoadOptions
from svcascode.loader.parallel import parse_files, parse_one
from svcascode.loader.parsefile import Entry, decode, is_entry, parse_file
from svcascode.loader.progress import Silent
from svcascode.loader.sources import Source, blob_id
from svcascode.loader.yamlparse import Limits, PathKey, Positions, parse
from svcascode.model.base import Entity
from svcascode.model.kinds import SchemaError, kind_of, validate


@dataclass(slots=True)
class SourceText:
    """One file. Positions are recovered by a second, exact parse, only when a finding
    needs them, so the common path pays for plain data alone; the text itself is read
    again from ``source`` then when it was not kept (a file served from the cache)."""

    path: str
    text: str | None
    limits: Limits
    source: Source | None = field(default=None, repr=False)
    _positions: list[Positions] | None = field(default=None, repr=False)
    located: bool = field(default=False, repr=False)
    """Whether a position in this file was asked for (a finding or message names it):
    a stored lint run is reused only while the bytes of such files stay the same."""

    def read_text(self) -> str:
        if self.text is None:
            data = self.source.read(self.path) if self.source is not None else None
            self.text = data.decode("utf-8-sig", "replace") if data is not None else ""
        return self.text

    def positions(self, doc_index: int) -> Positions:
        if self._positions is None:
            parsed = parse(self.read_text(), self.limits, with_positions=True)
            by_index = {doc.index: doc.positions or Positions() for doc in parsed.documents}
            top = max(by_index, default=-1)
            self._positions = [by_index.get(i, Positions()) for i in range(top + 1)]
        if 0 <= doc_index < len(self._positions):
            return self._positions[doc_index]
        return Positions()


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """Where a document is: its file and its index within the file."""

    source: SourceText
    doc_index: int
    line: int

    @property
    def path(self) -> str:
        return self.source.path

    def locate(self, path: PathKey = (), prefer_key: bool = False) -> Location:
        """The location of a value (or key) inside the document."""
        self.source.located = True
        if not path:
            return Location(self.source.path, self.line, 1)
        line, column = self.source.positions(self.doc_index).locate(path, prefer_key)
        return Location(self.source.path, line, column)


@dataclass(frozen=True, slots=True)
class Record:
    """A valid entity and the document it came from."""

    entity: Entity
    where: DocumentRef

    @property
    def kind(self) -> str:
        return self.entity.kind

    @property
    def id(self) -> str:
        return self.entity.id


@dataclass(frozen=True, slots=True)
class Broken:
    """A document that failed validation but declares a kind and id, so that references
    to it are not reported a second time as unresolved."""

    kind: str
    id: str
    where: DocumentRef


@dataclass(frozen=True)
class _Admitted:
    """What one file holds."""

    records: list[Record] = field(default_factory=list)
    broken: list[Broken] = field(default_factory=list)
    problems: list[Reported] = field(default_factory=list)


@dataclass
class LoadResult:
    """Everything a repository holds, and every problem found reading it."""

    config: Config
    files: list[str]
    settings: LoadedConfig | None = None
    """Where ``svcascode.yaml`` is, to point findings at its keys."""
    history: dict[str, datetime] | None = None
    """Path -> when its file was first committed (``None``: not a git checkout)."""
    records: list[Record] = field(default_factory=list)
    broken: list[Broken] = field(default_factory=list)
    problems: list[Reported] = field(default_factory=list)
    blobs: dict[str, str] = field(default_factory=dict, repr=False)
    """Path -> git blob id of the content loaded, where known."""
    limits: Limits | None = None


@dataclass
class LoadedConfig:
    """``svcascode.yaml`` as read: the settings, problems, and where the file is."""

    config: Config
    problems: list[Reported] = field(default_factory=list)
    where: DocumentRef | None = None
    blob: str | None = None
    """The git blob id of the bytes read (``None``: there is no such file)."""

    def locate(self, path: PathKey, prefer_key: bool = True) -> Location:
        if self.where is None:
            return Location(CONFIG_FILE)
        return self.where.locate(path, prefer_key)


def _prune(data: Any, loc: tuple[str | int, ...]) -> bool:
    """Remove the value at ``loc`` (or its nearest removable ancestor) from ``data``."""
    node = data
    for part in loc[:-1]:
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    if isinstance(node, dict) and loc and loc[-1] in node:
        del node[loc[-1]]
        return True
    return False


def load_config(source: Source) -> LoadedConfig:
    """``svcascode.yaml`` from ``source``. An unusable setting is reported and left at its
    default; the other settings still apply."""
    data = source.read(CONFIG_FILE)
    if data is None:
        return LoadedConfig(Config())
    text, bad = decode(CONFIG_FILE, data)
    if text is None:
        return LoadedConfig(Config(), [bad] if bad else [], blob=blob_id(data))
    src = SourceText(CONFIG_FILE, text, Limits())
    parsed = parse(text, src.limits)
    loaded = LoadedConfig(
        Config(),
        blob=blob_id(data),
        problems=[
            Reported(p.rule, Problem(Location(CONFIG_FILE, p.line, p.column), p.message))
            for p in parsed.problems
        ],
    )
    if not parsed.documents:
        return loaded
    doc = parsed.documents[0]
    loaded.where = DocumentRef(src, doc.index, doc.line)
    settings = doc.data if isinstance(doc.data, dict) else {}
    if not isinstance(doc.data, dict):
        loaded.problems.append(
            Reported(
                "config",
                Problem(loaded.locate(()), f"{CONFIG_FILE} must be a mapping of settings"),
            )
        )
    for _ in range(100):  # each round removes at least one bad setting
        try:
            loaded.config = Config.model_validate(settings)
            return loaded
        except ValidationError as error:
            details = error.errors(include_url=False)
            for detail in details:
                loaded.problems.append(_config_problem(loaded, detail))
            if not any(_prune(settings, tuple(d["loc"])) for d in details):
                return loaded
    return loaded


def _config_problem(loaded: LoadedConfig, detail: Any) -> Reported:
    loc = tuple(detail["loc"])
    name = ".".join(map(str, loc))
    if detail["type"] == "extra_forbidden":
        message = f"unknown setting {name!r} in {CONFIG_FILE}; remove it or check the spelling"
    else:
        message = str(detail["msg"]).removeprefix("Value error, ")
        message = f"{name}: {message}, got {detail.get('input')!r} (in {CONFIG_FILE}; "
        message += "the default is used)"
    at_key = detail["type"] in {"extra_forbidden", "missing"}
    return Reported("config", Problem(loaded.locate(loc, prefer_key=at_key), message))


def _identity(data: Any) -> tuple[str, str] | None:
    kind = kind_of(data)
    metadata = data.get("metadata") if isinstance(data, dict) else None
    ident = metadata.get("id") if isinstance(metadata, dict) else None
    if kind and isinstance(ident, str):
        return kind, ident
    return None


def _admit(source: SourceText, entry: Entry) -> _Admitted | None:
    """Validate a file's documents; ``None`` when a fast parse must be redone exactly
    (some document is invalid, or its free-form attributes need the exact reading)."""
    documents, problems, exact = entry
    admitted = _Admitted()
    path = source.path
    for rule, line, column, message in problems:
        admitted.problems.append(Reported(rule, Problem(Location(path, line, column), message)))
    for index, line, data in documents:
        where = DocumentRef(source, index, line)
        outcome = validate(data)
        if isinstance(outcome, Entity):
            admitted.records.append(Record(outcome, where))
            continue
        if not exact:
            return None
        identity = _identity(data)
        if identity:
            admitted.broken.append(Broken(identity[0], identity[1], where))
        admitted.problems.extend(_schema_problem(where, error, identity) for error in outcome)
    return admitted


def load_file(
    path: str,
    data: bytes,
    limits: Limits,
    result: LoadResult,
    source: Source | None = None,
    fast: bool = True,
) -> Entry:
    """Parse and validate one file into ``result``; the parse that held is returned."""
    entry = parse_file(path, data, limits, fast)
    text = None if source is not None else data.decode("utf-8-sig", "replace")
    return _take(SourceText(path, text, limits, source), entry, data, result)


def _take(source: SourceText, entry: Entry, data: bytes | None, result: LoadResult) -> Entry:
    admitted = _admit(source, entry)
    if admitted is None:  # the fast reading is not good enough for this file
        if data is None:
            data = source.source.read(source.path) if source.source is not None else None
        entry = parse_file(source.path, data or b"", source.limits, fast=False)
        admitted = _admit(source, entry)
        assert admitted is not None  # an exact parse is always admitted
    result.records.extend(admitted.records)
    result.broken.extend(admitted.broken)
    result.problems.extend(admitted.problems)
    return entry


def _schema_problem(
    where: DocumentRef, error: SchemaError, identity: tuple[str, str] | None
) -> Reported:
    kind, ident = identity if identity else (None, None)
    return Reported(
        "schema",
        Problem(where.locate(error.path, error.at_key), error.message, kind, ident),
    )


def load(
    source: Source, paths: Sequence[str] | None = None, options: LoadOptions | None = None
) -> LoadResult:
    """Load every content file of ``source`` (or just ``paths``)."""
    with gc_paused():
        return _load(source, paths, options or LoadOptions())


def _load(source: Source, paths: Sequence[str] | None, options: LoadOptions) -> LoadResult:
    settings = load_config(source)
    config = settings.config
    progress = options.progress or Silent()
    progress.phase("listing files", 0)
    files = list(paths) if paths is not None else source.list_files(config.roots.all())
    result = LoadResult(config=config, files=files, problems=list(settings.problems))
    result.settings = settings
    result.history = first_commits(source, (config.roots.changes,))
    limits = config.limits.limits()
    result.limits = limits
    files = _named_in_utf8(files, result)
    reused = _reusable(source, files, limits, options.reuse, result)
    if reused:
        files = [path for path in files if path not in reused]
    cache = options.cache
    if cache is not None and not cache.worth_reading(len(files)):
        cache = None  # a few files left (the rest reused): parsing them costs less
    hits: dict[str, tuple[str | None, bytes]] = {}
    read: dict[str, bytes] = {}  # files read to hash them: parsed from these bytes on a miss
    if cache is not None:
        for path in files:
            known = source.blob_id(path) or _hash(source, path, read)
            hit = cache.get(known, limits, options.fast) if known is not None else None
            if hit is not None:
                hits[path] = (known, hit)
                read.pop(path, None)
    pending = [path for path in files if path not in hits]
    progress.phase("loading", len(files))
    parsed = parse_files(source, pending, limits, options.fast, options.workers, progress, read)
    for path in files:
        blob: str | None
        got: Entry | bytes
        if path in hits:
            blob, got = hits[path]
            progress.advance(1)
        else:
            name, fresh = next(parsed)
            assert name == path  # parse_files keeps the order of ``pending``
            if fresh is None:
                continue  # vanished while loading
            blob, got = fresh
        if blob is not None:
            result.blobs[path] = blob
        # What a worker marshalled is a parse; what the cache holds is checked.
        entry = _unpack(got) if path in hits else _fresh(got)
        if entry is None:  # a damaged cache entry: parse the file afresh
            again = parse_one(source, path, limits, options.fast)
            if again is None:
                continue
            (blob, entry), got = again, again[1]
        held = _take(SourceText(path, None, limits, source), entry, None, result)
        if cache is not None and blob is not None and (path not in hits or held is not entry):
            packed = got if isinstance(got, bytes) and held is entry else marshal.dumps(held)
            cache.put(blob, limits, packed, options.fast)
    for _ in parsed:  # nothing is left: this ends the workers
        pass
    if cache is not None:
        cache.save()
    if reused and options.reuse is not None:
        _merge(result, options.reuse, reused)
    return result


def _named_in_utf8(files: list[str], result: LoadResult) -> list[str]:
    """``files`` less those whose names are not UTF-8, each reported (shown with U+FFFD
    for the bytes that are not): findings and reports name files in UTF-8. Such a file
    is listed but has no blob id, so no run with it is stored."""
    named = []
    for path in files:
        try:
            path.encode("utf-8")
        except UnicodeEncodeError:
            shown = path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            message = f"the file name {shown!r} is not valid UTF-8; rename it"
            result.problems.append(Reported("yaml-syntax", Problem(Location(shown), message)))
            continue
        named.append(path)
    return named


def _reusable(
    source: Source, files: list[str], limits: Limits, other: LoadResult | None, result: LoadResult
) -> set[str]:
    """The files ``other`` loaded with the same content and limits."""
    if other is None or other.limits != limits or not other.blobs:
        return set()
    blobs = other.blobs
    same = {path for path in files if (b := source.blob_id(path)) and blobs.get(path) == b}
    for path in same:
        result.blobs[path] = blobs[path]
    return same


def _merge(result: LoadResult, other: LoadResult, reused: set[str]) -> None:
    """Add what ``other`` holds of the reused files, keeping the file order of a fresh
    load (the settings first, then the files in order, then any other path by name)."""
    order = {path: (i, "") for i, path in enumerate([CONFIG_FILE, *result.files])}
    rest = len(order)

    def place(path: str) -> tuple[int, str]:
        return order.get(path) or (rest, path)

    result.records = sorted(
        [*(r for r in other.records if r.where.path in reused), *result.records],
        key=lambda record: place(record.where.path),
    )
    result.broken = sorted(
        [*(b for b in other.broken if b.where.path in reused), *result.broken],
        key=lambda broken: place(broken.where.path),
    )
    result.problems = sorted(
        [
            *(p for p in other.problems if p.problem.location.path in reused),
            *result.problems,
        ],
        key=lambda item: place(item.problem.location.path),
    )


def _fresh(got: Entry | bytes) -> Entry:
    """A parse made in this run (unmarshalled when a worker made it)."""
    if isinstance(got, bytes):
        entry: Entry = marshal.loads(got)
        return entry
    return got


def _unpack(got: Entry | bytes) -> Entry | None:
    """A parse, unmarshalled when it comes from a worker or the cache; ``None`` when the
    bytes are not a parse (a damaged cache entry)."""
    if not isinstance(got, bytes):
        return got
    try:
        entry = marshal.loads(got)
    except (EOFError, ValueError, TypeError):
        return None
    return entry if is_entry(entry) else None


def _hash(source: Source, path: str, read: dict[str, bytes]) -> str | None:
    """The blob id of a file git does not know unmodified (read, kept in ``read``, and
    hashed)."""
    data = source.read(path)
    if data is None:
        return None
    read[path] = data
    return blob_id(data)
