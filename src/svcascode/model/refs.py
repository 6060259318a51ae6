"""Find every reference in a model from its field annotations (fields marked ``RefTo``).

Each model class is compiled once into a plan of the fields that can hold references,
so walking a hundred thousand entities costs attribute reads, not typing introspection.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable, Iterator
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from svcascode.loader.yamlparse import PathKey
from svcascode.model.types import RefTo

Found = list[tuple[PathKey, str, str]]
Walker = Callable[[Any, BaseModel, PathKey, Found], None]


def iter_references(model: BaseModel, path: PathKey = ()) -> Iterator[tuple[PathKey, str, str]]:
    """``(path, target kind, target id)`` for every reference held by ``model``."""
    found: Found = []
    _walk_model(model, path, found)
    return iter(found)


def _walk_model(model: BaseModel, path: PathKey, found: Found) -> None:
    for name, key, walker in _plan(type(model)):
        value = getattr(model, name)
        if value is not None:
            walker(value, model, (*path, key), found)


@functools.cache
def _plan(model: type[BaseModel]) -> tuple[tuple[str, str, Walker], ...]:
    plan = []
    for name, info in model.model_fields.items():
        walker = _compile(info.annotation, tuple(info.metadata))
        if walker is not None:
            plan.append((name, info.alias or name, walker))
    return tuple(plan)


def _compile(annotation: Any, metadata: tuple[Any, ...]) -> Walker | None:
    while get_origin(annotation) is Annotated:
        args = get_args(annotation)
        annotation, metadata = args[0], (*metadata, *args[1:])
    ref = next((m for m in metadata if isinstance(m, RefTo)), None)
    if ref is not None:
        return _reference_walker(ref)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model_walker if _plan(annotation) else None
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        return _union_walker(get_args(annotation))
    if origin is list:
        return _items_walker(_compile(get_args(annotation)[0], ()), enumerate_list=True)
    if origin is dict:
        return _items_walker(_compile(get_args(annotation)[1], ()), enumerate_list=False)
    return None


def _reference_walker(ref: RefTo) -> Walker:
    if ref.kind is not None:
        fixed = ref.kind

        def walk_fixed(value: Any, owner: BaseModel, path: PathKey, found: Found) -> None:
            if isinstance(value, str):
                found.append((path, fixed, value))

        return walk_fixed

    def walk(value: Any, owner: BaseModel, path: PathKey, found: Found) -> None:
        if isinstance(value, str):
            kind = ref.target_kind(owner)
            if kind is not None:
                found.append((path, kind, value))

    return walk


def _model_walker(value: Any, owner: BaseModel, path: PathKey, found: Found) -> None:
    if isinstance(value, BaseModel):
        _walk_model(value, path, found)


def _union_walker(options: tuple[Any, ...]) -> Walker | None:
    compiled = [(_fitter(option), _compile(option, ())) for option in options]
    if all(walker is None for _, walker in compiled):
        return None

    def walk(value: Any, owner: BaseModel, path: PathKey, found: Found) -> None:
        for fits, walker in compiled:
            if fits(value):
                if walker is not None:
                    walker(value, owner, path, found)
                return

    return walk


def _items_walker(inner: Walker | None, enumerate_list: bool) -> Walker | None:
    if inner is None:
        return None

    def walk(value: Any, owner: BaseModel, path: PathKey, found: Found) -> None:
        pairs = enumerate(value) if enumerate_list else value.items()
        for key, item in pairs:
            inner(item, owner, (*path, key), found)

    return walk


def _fitter(annotation: Any) -> Callable[[Any], bool]:
    """Whether a value is of ``annotation`` (which option of a union it takes), as a test
    worked out once per annotation."""
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    origin = get_origin(annotation)
    if origin is Literal:
        values = get_args(annotation)
        return lambda value: value in values
    if origin in (Union, types.UnionType):
        parts = [_fitter(arg) for arg in get_args(annotation)]
        return lambda value: any(fits(value) for fits in parts)
    if origin is not None:
        return lambda value: isinstance(value, origin)
    if isinstance(annotation, type):
        kind = annotation
        return lambda value: isinstance(value, kind)
    return lambda value: False
