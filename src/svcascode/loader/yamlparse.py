"""YAML text to plain data, read the way a person means it, with positions on demand.

The parser is libyaml's composer behind one function (:func:`parse`). Plain scalars are
resolved by the YAML 1.2 core schema, not YAML 1.1: ``NO``, ``on``, ``0755`` and
``12:30`` stay strings, so that a model expecting a boolean or a number reports them
instead of receiving a silent coercion. Duplicate keys, unsupported tags, oversized
files, alias bombs and deep nesting are reported as problems, never raised.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar, NamedTuple

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_BaseLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
LOADER = _BaseLoader.__name__
"""Which PyYAML loader the exact path builds on (part of the parse cache's key)."""

PathKey = tuple[str | int, ...]

STR_TAG = "tag:yaml.org,2002:str"
_PLAIN_TAG = "tag:svcascode,2026:plain"  # an untagged plain scalar, read by resolve_plain
_SCALAR_TAGS = {
    STR_TAG,
    _PLAIN_TAG,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"

_INT_RE = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_OCT_RE = re.compile(r"0o[0-7]+")
_HEX_RE = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT_RE = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_INF_RE = re.compile(r"[-+]?\.(inf|Inf|INF)")
_NAN_RE = re.compile(r"\.(nan|NaN|NAN)")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})

# Below this size no document can nest deeply enough to exhaust libyaml's C stack
# (seen to crash beyond about 10,000 levels), so the depth pre-scan is skipped.
_SAFE_SIZE = 4000


class _Loader(_BaseLoader):  # type: ignore[misc]
    """libyaml composer with every implicit resolver removed: plain scalars stay ``str``."""

    yaml_implicit_resolvers: dict[str, Any] = {}  # noqa: RUF012 - class protocol of PyYAML

    _DEFAULT_TAGS: ClassVar[dict[type[Node], str]] = {
        ScalarNode: STR_TAG,
        SequenceNode: _SEQ_TAG,
        MappingNode: _MAP_TAG,
    }

    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
        # Called by the composer for every untagged node; a plain scalar's reading is
        # decided later by ``resolve_plain``, so a marker tag is all that is needed here.
        if kind is ScalarNode and implicit[0]:
            return _PLAIN_TAG
        return self._DEFAULT_TAGS[kind]


@dataclass(frozen=True)
class Limits:
    """Bounds that keep hostile input from costing unbounded time or memory."""

    max_file_bytes: int = 2 * 1024 * 1024
    max_depth: int = 64
    max_nodes: int = 250_000


class YamlProblem(NamedTuple):
    """A problem found while parsing, with its 1-based position."""

    rule: str
    line: int
    column: int
    message: str


@dataclass
class Positions:
    """Where every value and every key of one document starts (1-based line, column)."""

    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: PathKey, prefer_key: bool = False) -> tuple[int, int]:
        """The position of ``path``, or of its nearest existing ancestor."""
        probe = tuple(path)
        while True:
            table = (self.keys, self.values) if prefer_key else (self.values, self.keys)
            for positions in table:
                if probe in positions:
                    return positions[probe]
            if not probe:
                return (1, 1)
            probe = probe[:-1]
            prefer_key = True


@dataclass
class ParsedDocument:
    """One YAML document of a file: its data, and its positions when asked for."""

    index: int
    line: int
    data: Any
    positions: Positions | None = None


@dataclass
class ParseResult:
    """Every document a file holds and every problem found on the way."""

    documents: list[ParsedDocument] = field(default_factory=list)
    problems: list[YamlProblem] = field(default_factory=list)


class _TooBig(Exception):
    def __init__(self, problem: YamlProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def resolve_plain(value: str) -> Any:
    """A plain (unquoted) scalar read by the YAML 1.2 core schema, ambiguous ones kept."""
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    first = value[0]
    if not (first.isdigit() or first in "+-."):
        return value
    if _INT_RE.fullmatch(value):
        return int(value)
    if _OCT_RE.fullmatch(value):
        return int(value[2:], 8)
    if _HEX_RE.fullmatch(value):
        return int(value[2:], 16)
    if _FLOAT_RE.fullmatch(value):
        # ``0755`` and ``007.5`` are numbers only by one YAML version's reading: keep text.
        digits = value.lstrip("+-")
        if len(digits) > 1 and digits[0] == "0" and digits[1].isdigit():
            return value
        return float(value)
    if _INF_RE.fullmatch(value):
        return -math.inf if value.startswith("-") else math.inf
    if _NAN_RE.fullmatch(value):
        return math.nan
    return value


class _Builder:
    """Turns a composed node tree into plain data, counting nodes and checking keys."""

    def __init__(self, limits: Limits, positions: Positions | None) -> None:
        self.limits = limits
        self.positions = positions
        self.nodes = 0
        self.problems: list[YamlProblem] = []

    def build(self, node: Node, path: PathKey, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            raise _TooBig(
                _problem(
                    "yaml-limits",
                    node,
                    f"the document expands to more than {self.limits.max_nodes} nodes "
                    "(aliases expanding into an 'alias bomb'?); split it or remove aliases",
                )
            )
        if depth > self.limits.max_depth:
            raise _TooBig(
                _problem(
                    "yaml-limits",
                    node,
                    f"nesting deeper than {self.limits.max_depth} levels; "
                    "svcascode documents never need that",
                )
            )
        if self.positions is not None:
            self.positions.values.setdefault(path, _mark(node))
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if isinstance(node, SequenceNode):
            self._check_tag(node, _SEQ_TAG)
            return [self.build(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]
        if isinstance(node, MappingNode):
            self._check_tag(node, _MAP_TAG)
            return self._mapping(node, path, depth)
        raise AssertionError(f"unexpected node {node!r}")  # pragma: no cover

    def _scalar(self, node: ScalarNode) -> Any:
        if node.tag not in _SCALAR_TAGS:
            self.problems.append(
                _problem("yaml-syntax", node, f"unsupported tag {node.tag!r}; remove it")
            )
            return node.value
        if node.tag == STR_TAG:  # quoted, or tagged !!str
            return node.value
        # plain, or an explicit standard tag such as !!int '1'
        return resolve_plain(node.value) if node.value else None

    def _check_tag(self, node: Node, expected: str) -> None:
        if node.tag != expected:
            self.problems.append(
                _problem("yaml-syntax", node, f"unsupported tag {node.tag!r}; remove it")
            )

    def _mapping(self, node: MappingNode, path: PathKey, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        explicit: dict[Any, Node] = {}
        merged: list[dict[Any, Any]] = []
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == "<<" and not key_node.style:
                merged.extend(self._merge_sources(value_node, path, depth))
                continue
            key = self.build(key_node, (*path, "<key>"), depth + 1)
            if isinstance(key, (dict, list)):
                self.problems.append(
                    _problem("yaml-syntax", key_node, "a mapping key must be a scalar")
                )
                continue
            if key in explicit:
                first = explicit[key].start_mark.line + 1
                self.problems.append(
                    _problem(
                        "yaml-duplicate-key",
                        key_node,
                        f"duplicate key {key!r} (first defined on line {first}); "
                        "YAML keeps only one of them: remove or rename one",
                    )
                )
                continue
            explicit[key] = key_node
            child = (*path, key)
            if self.positions is not None:
                self.positions.keys.setdefault(child, _mark(key_node))
            result[key] = self.build(value_node, child, depth + 1)
        for source in merged:
            for key, value in source.items():
                result.setdefault(key, value)
        return result

    def _merge_sources(self, node: Node, path: PathKey, depth: int) -> Iterator[dict[Any, Any]]:
        sources = node.value if isinstance(node, SequenceNode) else [node]
        for source in sources:
            value = self.build(source, path, depth + 1)
            if isinstance(value, dict):
                yield value
            else:
                self.problems.append(
                    _problem("yaml-syntax", source, "a merge key '<<' needs a mapping to merge")
                )


def _mark(node: Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _problem(rule: str, node: Node, message: str) -> YamlProblem:
    line, column = _mark(node)
    return YamlProblem(rule, line, column, message)


def _syntax_problem(error: yaml.YAMLError) -> YamlProblem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    message = f"{context}, {problem}" if context else str(problem)
    return YamlProblem("yaml-syntax", line, column, f"YAML syntax error: {message}")


def _too_deep(text: str, limits: Limits) -> YamlProblem | None:
    """Find nesting beyond the limit from the event stream, before composing recursively."""
    if len(text) <= _SAFE_SIZE:
        return None
    bound = text.count("[") + text.count("{") + 2 * max(map(len, text.splitlines())) + 2
    if bound <= _SAFE_SIZE:
        return None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > limits.max_depth:
                    mark = event.start_mark
                    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                    return YamlProblem(
                        "yaml-limits",
                        line,
                        column,
                        f"nesting deeper than {limits.max_depth} levels; "
                        "svcascode documents never need that",
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None  # the composer reports the syntax error with its position
    return None


def parse(text: str, limits: Limits, with_positions: bool = False) -> ParseResult:
    """Parse every document of ``text``; problems are returned, never raised."""
    result = ParseResult()
    deep = _too_deep(text, limits)
    if deep is not None:
        result.problems.append(deep)
        return result
    loader = _Loader(text)
    try:
        index = 0
        while loader.check_node():
            node = loader.get_node()
            positions = Positions() if with_positions else None
            builder = _Builder(limits, positions)
            try:
                data = builder.build(node, (), 0)
            except _TooBig as too_big:
                result.problems.append(too_big.problem)
                return result
            finally:
                result.problems.extend(builder.problems)
            if data is not None:
                result.documents.append(
                    ParsedDocument(index, node.start_mark.line + 1, data, positions)
                )
            index += 1
    except yaml.YAMLError as error:
        result.problems.append(_syntax_problem(error))
    finally:
        loader.dispose()
    return result
