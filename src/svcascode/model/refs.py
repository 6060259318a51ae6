"""Find every reference in a model from its field annotations (fields marked ``RefTo``)."""

from __future__ import annotations

import types
from collections.abc import Iterator
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from svcascode.loader.yamlparse import PathKey
from svcascode.model.types import RefTo


def iter_references(model: BaseModel, path: PathKey = ()) -> Iterator[tuple[PathKey, str, str]]:
    """``(path, target kind, target id)`` for every reference held by ``model``."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if value is None:
            continue
        key = info.alias or name
        yield from _walk(value, info.annotation, tuple(info.metadata), model, (*path, key))


def _walk(
    value: Any, annotation: Any, metadata: tuple[Any, ...], owner: BaseModel, path: PathKey
) -> Iterator[tuple[PathKey, str, str]]:
    while get_origin(annotation) is Annotated:
        args = get_args(annotation)
        annotation, metadata = args[0], (*metadata, *args[1:])
    ref = next((m for m in metadata if isinstance(m, RefTo)), None)
    if ref is not None and isinstance(value, str):
        kind = ref.target_kind(owner)
        if kind is not None:
            yield (path, kind, value)
        return
    if isinstance(value, BaseModel):
        yield from iter_references(value, path)
        return
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        for arg in get_args(annotation):
            if _fits(value, arg):
                yield from _walk(value, arg, metadata, owner, path)
                return
        return
    if isinstance(value, list) and origin is list:
        (inner,) = get_args(annotation)
        for i, item in enumerate(value):
            yield from _walk(item, inner, (), owner, (*path, i))
    elif isinstance(value, dict) and origin is dict:
        _, inner = get_args(annotation)
        for key, item in value.items():
            yield from _walk(item, inner, (), owner, (*path, key))


def _fits(value: Any, annotation: Any) -> bool:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    origin = get_origin(annotation)
    if origin is Literal:
        return value in get_args(annotation)
    if origin in (Union, types.UnionType):
        return any(_fits(value, arg) for arg in get_args(annotation))
    if origin is not None:
        return isinstance(value, origin)
    return isinstance(annotation, type) and isinstance(value, annotation)
