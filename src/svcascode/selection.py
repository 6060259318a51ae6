"""Selectors: which entities a command works on, in the spirit of dbt's node selection.

An *expression* is space-separated *terms* (their union); a term is comma-separated
*atoms* (their intersection). Several expressions (one per command-line argument) are
united too, and ``exclude`` expressions are subtracted at the end::

    expression := term (" " term)*
    term       := atom ("," atom)*
    atom       := "@" method | [depth "+"] method ["+" depth]
    method     := ID | KIND "/" ID | NAME ":" VALUE
    depth      := [0-9]*            (empty: no bound)

``+x`` adds what ``x`` needs (upstream, :attr:`Index.requires`), ``x+`` what needs ``x``
(downstream, :attr:`Index.required_by`); ``2+x`` and ``x+1`` bound the walk by hops.
``@x`` is ``x``, everything downstream of it, and everything each of those needs.

Methods: a bare id (every kind with that id), ``Kind/id``, ``kind:``, ``owner:``,
``label:key=value`` / ``label:key``, ``id:``, ``path:`` (a file or a folder), ``type:``,
``class:``, ``environment:`` (``env:``), ``lifecycle:``, ``criticality:``, ``domain:``,
``supplier:`` and ``customer:``. Values may hold the wildcards ``*``, ``?`` and ``[...]``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fnmatch import fnmatchcase
from types import MappingProxyType
from typing import Any, get_args

from svcascode.errors import SvcError
from svcascode.index import EntityKey, Index
from svcascode.loader.load import Record
from svcascode.model.agreement import Agreement, AgreementSpec
from svcascode.model.base import Entity
from svcascode.model.change import Change, ChangeSpec, ChangeWindow, ChangeWindowSpec
from svcascode.model.ci import ConfigurationItem, ConfigurationItemSpec
from svcascode.model.kinds import KINDS
from svcascode.model.service import Service, ServiceSpec


class SelectorError(SvcError, ValueError):
    """A selector that cannot be parsed; the message says what is wrong and shows a
    selector that is right."""


class Method(StrEnum):
    """How an atom picks entities before any graph walk."""

    ID = "id"
    KIND = "kind"
    OWNER = "owner"
    LABEL = "label"
    PATH = "path"
    TYPE = "type"
    CLASS = "class"
    ENVIRONMENT = "environment"
    LIFECYCLE = "lifecycle"
    CRITICALITY = "criticality"
    DOMAIN = "domain"
    SUPPLIER = "supplier"
    CUSTOMER = "customer"


_METHOD_ALIASES: Mapping[str, Method] = MappingProxyType({"env": Method.ENVIRONMENT})
_KIND_ALIASES: Mapping[str, str] = MappingProxyType({"ci": "ConfigurationItem"})

_EXAMPLES: Mapping[Method, str] = MappingProxyType(
    {
        Method.ID: "id:ehr-*",
        Method.KIND: "kind:Service",
        Method.OWNER: "owner:ops",
        Method.LABEL: "label:domain=clinical",
        Method.PATH: "path:cmdb/network",
        Method.TYPE: "type:business",
        Method.CLASS: "class:database",
        Method.ENVIRONMENT: "environment:production",
        Method.LIFECYCLE: "lifecycle:live",
        Method.CRITICALITY: "criticality:high",
        Method.DOMAIN: "domain:clinical",
        Method.SUPPLIER: "supplier:acme",
        Method.CUSTOMER: "customer:hospital",
    }
)

_FOLDED = frozenset(
    {
        Method.KIND,
        Method.TYPE,
        Method.CLASS,
        Method.ENVIRONMENT,
        Method.LIFECYCLE,
        Method.CRITICALITY,
        Method.DOMAIN,
    }
)
"""Methods whose values match regardless of case (``type:sla`` finds SLAs)."""

_GLOB = re.compile(r"[*?\[]")
_ID_PATTERN = re.compile(r"[a-z0-9*?\[\]!-]+")
_ATOM = re.compile(
    r"(?P<at>@)?(?:(?P<up>[0-9]*)\+)?(?P<body>[^+@]+)(?:\+(?P<down>[0-9]*))?",
)


# --------------------------------------------------------------------------- parsing


@dataclass(frozen=True)
class Atom:
    """One selector: a method and value, with the graph operators around it."""

    method: Method
    value: str
    """The pattern (``fnmatch``); for :attr:`Method.KIND` an exact value is the canonical
    kind name."""
    kind: str | None = None
    """``Kind/id``: the canonical kind the id is looked up in; ``None``: every kind."""
    upstream: int | None = 0
    """Hops of what it needs to add: ``0`` none, ``None`` no bound (``+x``)."""
    downstream: int | None = 0
    """Hops of what needs it to add: ``0`` none, ``None`` no bound (``x+``)."""
    at: bool = False
    """``@x``: ``x``, all downstream of it and all that each of those needs."""
    text: str = ""
    """The atom as written."""

    def __str__(self) -> str:
        return self.text or self._render()

    def _render(self) -> str:
        body = f"{self.kind}/{self.value}" if self.kind else f"{self.method}:{self.value}"
        if self.at:
            return f"@{body}"
        up = "" if self.upstream == 0 else f"{self.upstream or ''}+"
        down = "" if self.downstream == 0 else f"+{self.downstream or ''}"
        return f"{up}{body}{down}"


@dataclass(frozen=True)
class Term:
    """Atoms joined by commas: the entities every one of them selects."""

    atoms: tuple[Atom, ...]


@dataclass(frozen=True)
class Selection:
    """A parsed expression: the union of its terms."""

    terms: tuple[Term, ...]
    text: str

    def atoms(self) -> Iterator[Atom]:
        for term in self.terms:
            yield from term.atoms


def parse(expression: str) -> Selection:
    """Parse one expression; raise :class:`SelectorError` when it is malformed."""
    words = expression.split()
    if not words:
        raise SelectorError(
            "empty selector; name what to select, e.g. 'ehr-db-prod+' or 'kind:Service,owner:ops'"
        )
    return Selection(tuple(_parse_term(word, expression) for word in words), expression)


def _parse_term(word: str, expression: str) -> Term:
    parts = word.split(",")
    if any(not part for part in parts):
        hint = (
            "commas join atoms without spaces"
            if word.endswith(",") or word.startswith(",")
            else "two commas in a row"
        )
        raise SelectorError(
            f"empty atom in {word!r} (in {expression!r}): {hint}, e.g. 'kind:Service,owner:ops'"
        )
    return Term(tuple(_parse_atom(part) for part in parts))


def _parse_atom(text: str) -> Atom:
    match = _ATOM.fullmatch(text)
    if match is None:
        raise SelectorError(_shape_problem(text))
    at = match["at"] is not None
    if at and (match["up"] is not None or match["down"] is not None):
        raise SelectorError(
            f"'@' cannot be combined with '+' in {text!r}: '@x' already takes everything "
            "downstream of x and everything those need; write e.g. '@ehr-db-prod'"
        )
    upstream = _depth(match["up"], text)
    downstream = _depth(match["down"], text)
    method, value, kind = _parse_body(match["body"], text)
    return Atom(method, value, kind, upstream, downstream, at, text)


def _shape_problem(text: str) -> str:
    if "@" in text[1:]:
        return f"'@' goes only at the start, once, in {text!r}; e.g. '@ehr-db-prod'"
    if text.strip("@+0123456789") == "":
        return f"{text!r} names nothing to select; e.g. 'ehr-db-prod+' or '2+ehr'"
    return (
        f"misplaced '+' in {text!r}: it goes before the method (what it needs: '+x', "
        "'2+x') or after it (what needs it: 'x+', 'x+2'), e.g. '+ehr' or 'ehr-db-prod+1'"
    )


def _depth(raw: str | None, text: str) -> int | None:
    """``None`` (no operator) -> 0 hops; ``""`` -> no bound; digits -> that many hops."""
    if raw is None:
        return 0
    if raw == "":
        return None
    depth = int(raw)
    if depth == 0:
        raise SelectorError(
            f"a depth of 0 in {text!r} adds nothing; drop it or give at least 1, "
            "e.g. '1+ehr' or 'ehr-db-prod+2'"
        )
    return depth


def _parse_body(body: str, text: str) -> tuple[Method, str, str | None]:
    if ":" in body:
        name, value = body.split(":", 1)
        method = _method(name, text)
        return method, _method_value(method, value, text), None
    if "/" in body:
        kind, ident = _kind_and_id(body, text)
        return Method.ID, ident, kind
    return Method.ID, _bare_id(body, text), None


def _method(name: str, text: str) -> Method:
    key = name.lower()
    if key in _METHOD_ALIASES:
        return _METHOD_ALIASES[key]
    try:
        return Method(key)
    except ValueError:
        pass
    names = [m.value for m in Method] + list(_METHOD_ALIASES)
    close = difflib.get_close_matches(key, names, n=1)
    if close:
        method = _METHOD_ALIASES.get(close[0]) or Method(close[0])
        hint = f"did you mean '{close[0]}'? e.g. '{_EXAMPLES[method]}'"
    else:
        hint = f"use one of {', '.join(m.value for m in Method)}, e.g. 'owner:ops'"
    raise SelectorError(f"unknown selector method {name!r} in {text!r}; {hint}")


def _method_value(method: Method, value: str, text: str) -> str:
    if not value:
        raise SelectorError(f"{text!r} needs a value after ':', e.g. '{_EXAMPLES[method]}'")
    if method is Method.KIND:
        return value if _GLOB.search(value) else _kind(value, text)
    if method is Method.LABEL and value.startswith("="):
        raise SelectorError(
            f"{text!r} has no label key; write 'label:KEY' or 'label:KEY=VALUE', "
            "e.g. 'label:domain=clinical'"
        )
    vocabulary = _VOCABULARIES.get(method, ())
    known = {word.lower() for word in vocabulary}
    if known and not _GLOB.search(value) and value.lower() not in known:
        raise SelectorError(_unknown_value(value, vocabulary, text))
    return value


def _unknown_value(value: str, vocabulary: tuple[str, ...], text: str) -> str:
    """No such value: the closest one (by prefix or spelling), or all of them."""
    name = text.lstrip("@+0123456789").split(":", 1)[0]
    lowered = {word.lower(): word for word in vocabulary}
    starting = [word for low, word in lowered.items() if low.startswith(value.lower())]
    close = difflib.get_close_matches(value.lower(), list(lowered), n=1)
    guess = starting[0] if len(starting) == 1 else (lowered[close[0]] if close else None)
    hint = f"did you mean '{name}:{guess}'?" if guess else f"one of {', '.join(vocabulary)}"
    return f"no {name} is called {value!r} in {text!r}; {hint}"


def _folded_kinds() -> dict[str, str]:
    folded = {kind.lower(): kind for kind in KINDS}
    folded.update(_KIND_ALIASES)
    return folded


def _closest_kind(name: str) -> str | None:
    folded = _folded_kinds()
    close = difflib.get_close_matches(name.lower(), list(folded), n=1)
    return folded[close[0]] if close else None


def _kind(name: str, text: str) -> str:
    """The canonical kind of ``name`` (any case, or an alias such as ``ci``)."""
    found = _folded_kinds().get(name.lower())
    if found is not None:
        return found
    close = _closest_kind(name)
    hint = f"did you mean 'kind:{close}'?" if close else f"kinds are {', '.join(KINDS)}"
    raise SelectorError(f"unknown kind {name!r} in {text!r}; {hint}")


def _kind_and_id(body: str, text: str) -> tuple[str, str]:
    kind_name, ident = body.split("/", 1)
    kind = _folded_kinds().get(kind_name.lower())
    if kind is None:
        close = _closest_kind(kind_name) if kind_name and "/" not in ident else None
        hint = (
            f"did you mean '{close}/{ident}'?"
            if close
            else f"'Kind/id' needs one of {', '.join(KINDS)}; for a file or folder write "
            f"'path:{body}'"
        )
        raise SelectorError(f"unknown kind {kind_name!r} in {text!r}; {hint}")
    if not ident:
        raise SelectorError(f"{text!r} needs an id after '/', e.g. '{kind}/ehr'")
    return kind, _bare_id(ident, text)


def _bare_id(value: str, text: str) -> str:
    if _ID_PATTERN.fullmatch(value):
        return value
    where = repr(value) if value == text else f"{value!r} in {text!r}"
    kind = _folded_kinds().get(value.lower())
    if kind is not None:
        hint = f"{value!r} is a kind: write 'kind:{kind}' for every {kind}, or '{kind}/ID' for one"
    elif "." in value:
        hint = f"for a file or folder write 'path:{value}'"
    else:
        hint = "ids are lower-case letters, digits and hyphens (wildcards allowed), e.g. 'ehr-*'"
    raise SelectorError(f"{where} is not an id; {hint}")


# --------------------------------------------------------------------------- matching

Getter = Callable[[Entity], Iterable[str]]


def _literals(*annotations: Any) -> tuple[str, ...]:
    """The values of ``Literal`` annotations, each once, in the order written."""
    words = (str(arg) for annotation in annotations for arg in get_args(annotation))
    return tuple(dict.fromkeys(words))


def _field_literal(model: Any, name: str) -> Any:
    return model.model_fields[name].annotation


_VOCABULARIES: Mapping[Method, tuple[str, ...]] = MappingProxyType(
    {
        Method.TYPE: _literals(
            *(_field_literal(m, "type") for m in (ServiceSpec, AgreementSpec, ChangeSpec)),
            _field_literal(ChangeWindowSpec, "type"),
        ),
        Method.CLASS: _literals(_field_literal(ConfigurationItemSpec, "class_")),
        Method.ENVIRONMENT: _literals(_field_literal(ConfigurationItemSpec, "environment")),
        Method.LIFECYCLE: _literals(
            _field_literal(ServiceSpec, "lifecycle"),
            _field_literal(ConfigurationItemSpec, "lifecycle"),
        ),
        Method.CRITICALITY: _literals(_field_literal(ConfigurationItemSpec, "criticality")),
    }
)
"""Closed sets of values: a value outside them is a typo, reported at parse time."""


def _ids(entity: Entity) -> Iterable[str]:
    return (entity.id,)


def _kinds(entity: Entity) -> Iterable[str]:
    return (entity.kind,)


def _owner(entity: Entity) -> Iterable[str]:
    owner = entity.metadata.owner
    return (owner,) if owner else ()


def _labels(entity: Entity) -> Iterable[str]:
    for key, value in entity.metadata.labels.items():
        yield key
        yield f"{key}={value}"


def _type(entity: Entity) -> Iterable[str]:
    if isinstance(entity, Service | Agreement | Change | ChangeWindow):
        return (entity.spec.type,)
    return ()


def _class(entity: Entity) -> Iterable[str]:
    return (entity.spec.class_,) if isinstance(entity, ConfigurationItem) else ()


def _environment(entity: Entity) -> Iterable[str]:
    return (entity.spec.environment,) if isinstance(entity, ConfigurationItem) else ()


def _lifecycle(entity: Entity) -> Iterable[str]:
    if isinstance(entity, Service | ConfigurationItem):
        return (entity.spec.lifecycle,)
    return ()


def _criticality(entity: Entity) -> Iterable[str]:
    return (entity.spec.criticality,) if isinstance(entity, ConfigurationItem) else ()


def _domain(entity: Entity) -> Iterable[str]:
    if isinstance(entity, Service) and entity.spec.domain:
        return (entity.spec.domain,)
    return ()


def _supplier(entity: Entity) -> Iterable[str]:
    if isinstance(entity, ConfigurationItem) and entity.spec.supplier:
        return (entity.spec.supplier,)
    if isinstance(entity, Agreement) and entity.spec.type == "UC":
        return (entity.spec.party,)
    return ()


def _customer(entity: Entity) -> Iterable[str]:
    if isinstance(entity, Agreement) and entity.spec.type == "SLA":
        return (entity.spec.party,)
    return ()


_GETTERS: Mapping[Method, Getter] = MappingProxyType(
    {
        Method.ID: _ids,
        Method.KIND: _kinds,
        Method.OWNER: _owner,
        Method.LABEL: _labels,
        Method.TYPE: _type,
        Method.CLASS: _class,
        Method.ENVIRONMENT: _environment,
        Method.LIFECYCLE: _lifecycle,
        Method.CRITICALITY: _criticality,
        Method.DOMAIN: _domain,
        Method.SUPPLIER: _supplier,
        Method.CUSTOMER: _customer,
    }
)


def _glob(value: str, pattern: str, fold: bool) -> bool:
    if fold:
        return fnmatchcase(value.lower(), pattern.lower())
    return fnmatchcase(value, pattern)


def _path_matches(path: str, pattern: str) -> bool:
    """The file itself, or a folder it lies below (``cmdb/network`` or ``cmdb/net*``)."""
    pattern = pattern.removeprefix("./")
    return fnmatchcase(path, pattern) or fnmatchcase(path, pattern.rstrip("/") + "/*")


def _record_matches(record: Record, atom: Atom) -> bool:
    if atom.method is Method.PATH:
        return _path_matches(record.where.path, atom.value)
    fold = atom.method in _FOLDED
    values = _GETTERS[atom.method](record.entity)
    return any(_glob(value, atom.value, fold) for value in values)


def _matching(index: Index, atom: Atom) -> set[EntityKey]:
    """The entities an atom's method picks, before any graph walk."""
    if atom.kind is not None:
        tables: Iterable[tuple[str, dict[str, Record]]] = [
            (atom.kind, index.by_kind.get(atom.kind, {}))
        ]
    else:
        tables = index.by_kind.items()
    if atom.method is Method.ID and not _GLOB.search(atom.value):
        return {(kind, atom.value) for kind, table in tables if atom.value in table}
    return {
        (kind, ident)
        for kind, table in tables
        for ident, record in table.items()
        if _record_matches(record, atom)
    }


# --------------------------------------------------------------------------- graph walks


def _walk(
    graph: Mapping[EntityKey, set[EntityKey]],
    start: Iterable[EntityKey],
    hops: int | None,
    exists: Callable[[EntityKey], bool],
) -> set[EntityKey]:
    """Breadth-first from ``start`` along ``graph``, at most ``hops`` steps (``None``: no
    bound); only entities the index holds are visited. Cycles end where they were seen."""
    seen = set(start)
    frontier = list(seen)
    steps = 0
    while frontier and (hops is None or steps < hops):
        steps += 1
        following: list[EntityKey] = []
        for node in frontier:
            for neighbour in graph.get(node, ()):
                if neighbour not in seen and exists(neighbour):
                    seen.add(neighbour)
                    following.append(neighbour)
        frontier = following
    return seen


def _expand(index: Index, atom: Atom, base: set[EntityKey]) -> set[EntityKey]:
    """``base`` with the graph operators of ``atom`` applied."""

    def exists(key: EntityKey) -> bool:
        return index.record(key) is not None

    if atom.at:
        downstream = _walk(index.required_by, base, None, exists)
        return _walk(index.requires, downstream, None, exists)
    selected = set(base)
    if atom.upstream != 0:
        selected |= _walk(index.requires, base, atom.upstream, exists)
    if atom.downstream != 0:
        selected |= _walk(index.required_by, base, atom.downstream, exists)
    return selected


# --------------------------------------------------------------------------- selecting


@dataclass(frozen=True)
class SelectionResult:
    """What a selection picked, and the atoms that matched nothing."""

    keys: list[EntityKey]
    """``(kind, id)`` sorted by kind (in the order of :data:`KINDS`), then id."""
    unmatched: list[str]
    """Atoms (as written, each once) whose method matched no entity, for a warning."""


class _Evaluation:
    """One evaluation against one index: remembers which atoms matched nothing."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.unmatched: list[str] = []

    def expression(self, selection: Selection) -> set[EntityKey]:
        selected: set[EntityKey] = set()
        for term in selection.terms:
            selected |= self.term(term)
        return selected

    def term(self, term: Term) -> set[EntityKey]:
        sets = [self.atom(atom) for atom in term.atoms]
        return set.intersection(*sets)

    def atom(self, atom: Atom) -> set[EntityKey]:
        base = _matching(self.index, atom)
        if not base and str(atom) not in self.unmatched:
            self.unmatched.append(str(atom))
        return _expand(self.index, atom, base)


def select(index: Index, include: Sequence[str], exclude: Sequence[str] = ()) -> SelectionResult:
    """The entities ``include`` selects minus those ``exclude`` selects; each item is an
    expression. No ``include`` expression at all selects every entity."""
    includes = [parse(text) for text in _expressions(include)]
    excludes = [parse(text) for text in _expressions(exclude)]
    evaluation = _Evaluation(index)
    selected: set[EntityKey] = set() if includes else set(index.entity_keys())
    for selection in includes:
        selected |= evaluation.expression(selection)
    for selection in excludes:
        selected -= evaluation.expression(selection)
    return SelectionResult(sorted(selected, key=_order_key), evaluation.unmatched)


def _expressions(items: Sequence[str]) -> Sequence[str]:
    """A lone string is one expression, not a sequence of one-letter ones."""
    return (items,) if isinstance(items, str) else items


_KIND_ORDER: Mapping[str, int] = MappingProxyType({kind: i for i, kind in enumerate(KINDS)})


def _order_key(key: EntityKey) -> tuple[int, str, str]:
    return (_KIND_ORDER.get(key[0], len(_KIND_ORDER)), key[0], key[1])
