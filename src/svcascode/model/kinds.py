"""Every kind by name, and validation of a parsed document into its model."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from pydantic import ValidationError

from svcascode.loader.yamlparse import PathKey
from svcascode.model.agreement import Agreement
from svcascode.model.base import API_VERSION, Entity
from svcascode.model.change import Change, ChangePolicy, ChangeTemplate, ChangeWindow
from svcascode.model.ci import ConfigurationItem
from svcascode.model.parties import Customer, Supplier, Team
from svcascode.model.service import Service

KINDS: Mapping[str, type[Entity]] = MappingProxyType(
    {
        model.__name__: model
        for model in (
            Team,
            Customer,
            Supplier,
            Service,
            ConfigurationItem,
            Agreement,
            Change,
            ChangeTemplate,
            ChangeWindow,
            ChangePolicy,
        )
    }
)


@dataclass(frozen=True)
class SchemaError:
    """A document does not fit its kind's model; ``path`` leads to the offending value."""

    path: PathKey
    message: str
    at_key: bool = False
    """Point at the key (an unknown field) rather than at its value."""


def _field_names() -> frozenset[str]:
    names: set[str] = set()
    for model in KINDS.values():
        names.update(_names_of(model))
    return frozenset(names)


def _names_of(model: Any, seen: set[Any] | None = None) -> Iterator[str]:
    seen = seen if seen is not None else set()
    if model in seen:
        return
    seen.add(model)
    for name, info in model.model_fields.items():
        yield info.alias or name
        for sub in _submodels(info.annotation):
            yield from _names_of(sub, seen)


def _submodels(annotation: Any) -> Iterator[type[Any]]:
    from typing import get_args

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in get_args(annotation):
        yield from _submodels(arg)


def kind_of(data: Any) -> str | None:
    """The ``kind`` a parsed document declares, if it is a string."""
    if isinstance(data, dict):
        kind = data.get("kind")
        return kind if isinstance(kind, str) else None
    return None


def validate(data: Any) -> Entity | list[SchemaError]:
    """The model of a parsed document, or every reason it is not one."""
    if not isinstance(data, dict):
        return [
            SchemaError(
                (),
                f"a document must be a mapping with apiVersion, kind, metadata and spec, "
                f"not a {type(data).__name__}",
            )
        ]
    kind = data.get("kind")
    if kind is None:
        return [SchemaError((), f"missing 'kind'; one of {', '.join(KINDS)}")]
    model = KINDS.get(kind) if isinstance(kind, str) else None
    if model is None:
        close = difflib.get_close_matches(str(kind), list(KINDS), n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"expected one of {', '.join(KINDS)}"
        return [SchemaError(("kind",), f"unknown kind {kind!r}; {hint}")]
    try:
        return model.model_validate(data)
    except ValidationError as error:
        return [_schema_error(data, detail) for detail in error.errors(include_url=False)]


_TAGS = frozenset({"always", "window", "id", "edge", "group", "one", "by-risk"})


# Pydantic's wording where a plainer one helps; ``{...}`` are the error's context values.
_PLAIN = {
    "less_than_equal": "must be at most {le}",
    "greater_than_equal": "must be at least {ge}",
    "less_than": "must be less than {lt}",
    "greater_than": "must be more than {gt}",
    "too_short": "needs at least {min_length} item(s)",
    "string_too_short": "must not be empty",
    "literal_error": "must be one of {expected}",
    "enum": "must be one of {expected}",
}


def _child(node: Any, part: str | int) -> tuple[bool, Any]:
    if isinstance(node, dict) and part in node:
        return True, node[part]
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return True, node[part]
    return False, None


def _data_path(data: Any, loc: tuple[str | int, ...]) -> PathKey:
    """The path into the document a Pydantic ``loc`` means, without union tags."""
    path: list[str | int] = []
    node = data
    for part in loc:
        found, child = _child(node, part)
        if found:
            node = child
        elif isinstance(part, str) and (part in _TAGS or not isinstance(node, dict)):
            continue  # a discriminator tag or a type name Pydantic inserted
        else:
            path.append(part)
            break
        path.append(part)
    return tuple(path)


def format_path(path: PathKey) -> str:
    """``spec.depends_on[1].ci``: a path as a person reads it."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _schema_error(data: Any, detail: Any) -> SchemaError:
    loc: tuple[str | int, ...] = tuple(detail["loc"])
    path = _data_path(data, loc)
    where = format_path(path[:-1]) or "the document"
    error_type = detail["type"]
    value = detail.get("input")
    if error_type == "extra_forbidden":
        name = str(path[-1]) if path else "?"
        close = difflib.get_close_matches(name, _FIELD_NAMES, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else "; remove it or check the spelling"
        return SchemaError(path, f"unknown field {name!r} in {where}{hint}", at_key=True)
    if error_type == "missing":
        name = str(path[-1]) if path else "?"
        return SchemaError(path, f"missing required field {name!r} in {where}", at_key=True)
    field = format_path(path) or "document"
    context = {
        key: int(v) if isinstance(v, float) and v.is_integer() else v
        for key, v in detail.get("ctx", {}).items()
    }
    message = _PLAIN.get(error_type, str(detail["msg"])).format(**context)
    message = message.removeprefix("Value error, ")
    scalar = not isinstance(value, (dict, list))
    if error_type == "string_pattern_mismatch" and path and path[-1] == "id":
        message = (
            f"{value!r} is not a valid id: use lower-case letters, digits and inner "
            "hyphens, at most 63 characters"
        )
    elif error_type == "literal_error" and field == "apiVersion":
        message = f"apiVersion must be {API_VERSION!r}, got {value!r}"
    elif scalar and repr(value) not in message:
        message = f"{message}, got {value!r}"
    elif not scalar and error_type.endswith("_type"):
        message = f"{message}, got a {'mapping' if isinstance(value, dict) else 'list'}"
    if error_type == "bool_type" and isinstance(value, str):
        message += " (write true or false; yes/no/on/off are text in svcascode)"
    if error_type == "string_type" and isinstance(value, (bool, int, float)):
        message += " (quote it to make it text)"
    return SchemaError(path, f"{field}: {message}")


_FIELD_NAMES = sorted(_field_names())
