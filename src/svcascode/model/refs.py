"""Find every reference in a model from its field annotations (fields marked ``RefTo``).

Each model class is compiled once, from its annotations, into one Python function that
reads exactly the fields that can hold references (nested models, lists, dicts and union
options inlined, a reference's path built only where one is found), so walking a hundred
thousand entities costs attribute reads, not typing introspection or a call per field.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable, Collection, Iterator, Mapping
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from svcascode.loader.yamlparse import PathKey
from svcascode.model.types import RefTo

Found = list[tuple[PathKey, str, str]]
Tables = Mapping[str, Collection[str]]
"""Kind -> the ids that exist of it."""
Known = Collection[tuple[str, str]]
"""``(kind, id)`` pairs that count as existing too."""
_NOTHING: frozenset[str] = frozenset()


def iter_references(model: BaseModel, path: PathKey = ()) -> Iterator[tuple[PathKey, str, str]]:
    """``(path, target kind, target id)`` for every reference held by ``model``."""
    found: Found = []
    _walk_model(model, path, found)
    return iter(found)


def unresolved_references(
    model: BaseModel, tables: Tables, known: Known, path: PathKey = ()
) -> Found:
    """:func:`iter_references`, only those naming an id that neither ``tables`` has for
    their kind nor ``known`` has."""
    found: Found = []
    _walk_unresolved(model, path, found, tables, known)
    return found


def _walk_model(model: BaseModel, path: PathKey, found: Found) -> None:
    _compiled(type(model), False)(model, path, found)


def _walk_unresolved(
    model: BaseModel, path: PathKey, found: Found, tables: Tables, known: Known
) -> None:
    _compiled(type(model), True)(model, path, found, tables, known)


@functools.cache
def _compiled(model: type[BaseModel], unresolved: bool) -> Callable[..., None]:
    """The walk of one model class, written as Python source and compiled once."""
    writer = _Writer(unresolved)
    lines = writer.model("model", model, (), (model,)) or ["pass"]
    lines = [
        f"{name} = tables.get({kind!r}, _NOTHING)" for kind, name in writer.tables.items()
    ] + lines
    arguments = "model, path, found, tables, known" if unresolved else "model, path, found"
    source = f"def walk({arguments}):\n" + "".join(f"    {line}\n" for line in lines)
    namespace: dict[str, Any] = {
        "BaseModel": BaseModel,
        "_walk_model": _walk_model,
        "_walk_unresolved": _walk_unresolved,
        "_NOTHING": _NOTHING,
    }
    namespace.update(writer.constants)
    exec(compile(source, f"<references of {model.__name__}>", "exec"), namespace)
    walk: Callable[..., None] = namespace["walk"]
    return walk


Parts = tuple[str, ...]
"""The path below the walked model, as expressions (keys as literals, list positions and
dict keys as the loop variables holding them)."""


class _Writer:
    """Writes the statements that collect references from one value of an annotation."""

    def __init__(self, unresolved: bool) -> None:
        self.unresolved = unresolved
        self.tables: dict[str, str] = {}
        """Kind -> the local holding its ids (looked up once per walk)."""
        self.constants: dict[str, Any] = {}
        self.names = 0

    def constant(self, value: Any) -> str:
        name = f"_c{len(self.constants)}"
        self.constants[name] = value
        return name

    def name(self, prefix: str) -> str:
        self.names += 1
        return f"{prefix}{self.names}"

    @staticmethod
    def path(parts: Parts) -> str:
        return f"(*path, {', '.join(parts)},)" if parts else "path"

    def found(self, parts: Parts, var: str, kind: str | None, kind_var: str = "") -> list[str]:
        """Record the reference to ``var``, of ``kind`` or of the kind in ``kind_var``."""
        kind_expr = repr(kind) if kind is not None else kind_var
        record = f"found.append(({self.path(parts)}, {kind_expr}, {var}))"
        if not self.unresolved:
            return [record]
        if kind is not None:
            table = self.tables.setdefault(kind, f"t{len(self.tables)}")
        else:
            table = f"tables.get({kind_var}, _NOTHING)"
        return [f"if {var} not in {table} and ({kind_expr}, {var}) not in known:", f"    {record}"]

    def walk(self, var: str, parts: Parts) -> str:
        """A call walking the model in ``var`` by its own class."""
        if self.unresolved:
            return f"_walk_unresolved({var}, {self.path(parts)}, found, tables, known)"
        return f"_walk_model({var}, {self.path(parts)}, found)"

    def model(
        self, var: str, model: type[BaseModel], parts: Parts, within: tuple[type[BaseModel], ...]
    ) -> list[str] | None:
        """Every field of ``model`` (the value in ``var``) that can hold a reference."""
        lines: list[str] = []
        for name, info in model.model_fields.items():
            value = self.name("v")
            here = (*parts, repr(info.alias or name))
            body = self.value(value, var, here, info.annotation, tuple(info.metadata), within)
            if body is not None:
                lines += [
                    f"{value} = {var}.{name}",
                    f"if {value} is not None:",
                    *(f"    {line}" for line in body),
                ]
        return lines or None

    def value(
        self,
        var: str,
        owner: str,
        parts: Parts,
        annotation: Any,
        metadata: tuple[Any, ...],
        within: tuple[type[BaseModel], ...],
    ) -> list[str] | None:
        """Statements for a value of ``annotation`` in ``var`` (``None``: it holds no
        reference), ``owner`` being the model whose field it is."""
        while get_origin(annotation) is Annotated:
            args = get_args(annotation)
            annotation, metadata = args[0], (*metadata, *args[1:])
        ref = next((m for m in metadata if isinstance(m, RefTo)), None)
        if ref is not None:
            if ref.kind is not None:
                body = self.found(parts, var, ref.kind)
                return [f"if isinstance({var}, str):", *(f"    {line}" for line in body)]
            kind = self.name("k")
            return [
                f"if isinstance({var}, str):",
                f"    {kind} = {self.constant(ref)}.target_kind({owner})",
                f"    if {kind} is not None:",
                *(f"        {line}" for line in self.found(parts, var, None, kind)),
            ]
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return self.nested(var, parts, annotation, within)
        origin = get_origin(annotation)
        if origin in (Union, types.UnionType):
            return self.union(var, owner, parts, get_args(annotation), within)
        if origin in (list, dict):
            item, key = self.name("i"), self.name("n")
            inner = self.value(item, owner, (*parts, key), get_args(annotation)[-1], (), within)
            if inner is None:
                return None
            pairs = f"enumerate({var})" if origin is list else f"{var}.items()"
            return [f"for {key}, {item} in {pairs}:", *(f"    {line}" for line in inner)]
        return None

    def nested(
        self, var: str, parts: Parts, model: type[BaseModel], within: tuple[type[BaseModel], ...]
    ) -> list[str] | None:
        """A model-typed field: its own fields inlined when the value is of exactly that
        class (as validation makes it), the walk of its class otherwise."""
        other = [f"if isinstance({var}, BaseModel):", f"    {self.walk(var, parts)}"]
        if model in within:  # a model inside itself: no endless inlining
            return other
        if not _holds_references(model):
            return None
        body = self.model(var, model, parts, (*within, model)) or ["pass"]
        return [
            f"if type({var}) is {self.constant(model)}:",
            *(f"    {line}" for line in body),
            f"el{other[0]}",
            other[1],
        ]

    def union(
        self,
        var: str,
        owner: str,
        parts: Parts,
        options: tuple[Any, ...],
        within: tuple[type[BaseModel], ...],
    ) -> list[str] | None:
        """The first option the value is of decides (and may hold nothing)."""
        bodies = [self.value(var, owner, parts, option, (), within) for option in options]
        if all(body is None for body in bodies):
            return None
        lines: list[str] = []
        for option, body in zip(options, bodies, strict=True):
            keyword = "elif" if lines else "if"
            lines.append(f"{keyword} {self.fits(var, option)}:")
            lines += [f"    {line}" for line in body or ["pass"]]
        return lines

    def fits(self, var: str, annotation: Any) -> str:
        """An expression: whether the value in ``var`` is of ``annotation``."""
        while get_origin(annotation) is Annotated:
            annotation = get_args(annotation)[0]
        origin = get_origin(annotation)
        if origin is Literal:
            return f"{var} in {self.constant(get_args(annotation))}"
        if origin in (Union, types.UnionType):
            return " or ".join(f"({self.fits(var, arg)})" for arg in get_args(annotation))
        if origin is not None:
            return f"isinstance({var}, {self.constant(origin)})"
        if isinstance(annotation, type):
            return f"isinstance({var}, {self.constant(annotation)})"
        return "False"


@functools.cache
def _holds_references(model: type[BaseModel]) -> bool:
    """Whether any field of ``model`` (nested models included) can hold a reference."""
    return _Writer(False).model("model", model, (), (model,)) is not None
