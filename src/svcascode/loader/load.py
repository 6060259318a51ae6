"""Load a repository: discover files, parse them, validate every document into a model."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from svcascode.config import CONFIG_FILE, Config
from svcascode.diagnostics import Location, Problem, Reported
from svcascode.gcpause import gc_paused
from svcascode.loader.history import first_commits
from svcascode.loader.sources import Source
from svcascode.loader.yamlparse import Limits, PathKey, Positions, parse
from svcascode.model.base import Entity
from svcascode.model.kinds import SchemaError, kind_of, validate


@dataclass
class SourceText:
    """One file's text. Positions are recovered by a second parse, only when a finding
    needs them, so the common path pays for plain data alone."""

    path: str
    text: str
    limits: Limits
    _positions: list[Positions] | None = field(default=None, repr=False)

    def positions(self, doc_index: int) -> Positions:
        if self._positions is None:
            parsed = parse(self.text, self.limits, with_positions=True)
            by_index = {doc.index: doc.positions or Positions() for doc in parsed.documents}
            top = max(by_index, default=-1)
            self._positions = [by_index.get(i, Positions()) for i in range(top + 1)]
        if 0 <= doc_index < len(self._positions):
            return self._positions[doc_index]
        return Positions()


@dataclass(frozen=True)
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
        if not path:
            return Location(self.source.path, self.line, 1)
        line, column = self.source.positions(self.doc_index).locate(path, prefer_key)
        return Location(self.source.path, line, column)


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Broken:
    """A document that failed validation but declares a kind and id, so that references
    to it are not reported a second time as unresolved."""

    kind: str
    id: str
    where: DocumentRef


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


def _decode(path: str, data: bytes) -> tuple[str | None, Reported | None]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        prefix = data[: error.start]
        line = prefix.count(b"\n") + 1
        column = error.start - (prefix.rfind(b"\n") + 1) + 1
        problem = Problem(
            Location(path, line, column),
            f"not valid UTF-8 at byte {error.start}; save the file as UTF-8",
        )
        return None, Reported("yaml-syntax", problem)
    return text, None


@dataclass
class LoadedConfig:
    """``svcascode.yaml`` as read: the settings, problems, and where the file is."""

    config: Config
    problems: list[Reported] = field(default_factory=list)
    where: DocumentRef | None = None

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
    text, bad = _decode(CONFIG_FILE, data)
    if text is None:
        return LoadedConfig(Config(), [bad] if bad else [])
    src = SourceText(CONFIG_FILE, text, Limits())
    parsed = parse(text, src.limits)
    loaded = LoadedConfig(
        Config(),
        [
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


def load_file(path: str, data: bytes, limits: Limits, result: LoadResult) -> None:
    """Parse and validate one file into ``result``."""
    if len(data) > limits.max_file_bytes:
        result.problems.append(
            Reported(
                "yaml-limits",
                Problem(
                    Location(path, 1, 1),
                    f"file is {len(data)} bytes, over the limit of {limits.max_file_bytes}; "
                    "split it (or raise limits.max_file_bytes in svcascode.yaml)",
                ),
            )
        )
        return
    text, bad = _decode(path, data)
    if text is None:
        if bad:
            result.problems.append(bad)
        return
    source = SourceText(path, text, limits)
    parsed = parse(text, limits)
    for p in parsed.problems:
        result.problems.append(
            Reported(p.rule, Problem(Location(path, p.line, p.column), p.message))
        )
    for doc in parsed.documents:
        where = DocumentRef(source, doc.index, doc.line)
        outcome = validate(doc.data)
        if isinstance(outcome, Entity):
            result.records.append(Record(outcome, where))
            continue
        identity = _identity(doc.data)
        if identity:
            result.broken.append(Broken(identity[0], identity[1], where))
        result.problems.extend(_schema_problem(where, error, identity) for error in outcome)


def _schema_problem(
    where: DocumentRef, error: SchemaError, identity: tuple[str, str] | None
) -> Reported:
    kind, ident = identity if identity else (None, None)
    return Reported(
        "schema",
        Problem(where.locate(error.path, error.at_key), error.message, kind, ident),
    )


def load(source: Source, paths: Sequence[str] | None = None) -> LoadResult:
    """Load every content file of ``source`` (or just ``paths``)."""
    with gc_paused():
        return _load(source, paths)


def _load(source: Source, paths: Sequence[str] | None) -> LoadResult:
    settings = load_config(source)
    config = settings.config
    files = list(paths) if paths is not None else source.list_files(config.roots.all())
    result = LoadResult(config=config, files=files, problems=list(settings.problems))
    result.settings = settings
    result.history = first_commits(source, (config.roots.changes,))
    limits = config.limits.limits()
    for path in files:
        data = source.read(path)
        if data is not None:
            load_file(path, data, limits, result)
    return result
