"""JSON Schemas (draft-07, which yaml-language-server understands) of every kind."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaMode, JsonSchemaValue
from pydantic_core import CoreSchema

from svcascode.model.kinds import KINDS

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
ANY = "any"


class Draft07(GenerateJsonSchema):
    """Pydantic's generator, emitting draft-07 ``definitions`` instead of 2020-12 ``$defs``."""

    def generate(self, schema: CoreSchema, mode: JsonSchemaMode = "validation") -> JsonSchemaValue:
        result = super().generate(schema, mode=mode)
        if "$defs" in result:
            result["definitions"] = result.pop("$defs")
        return {"$schema": DRAFT_07, **result}


def file_name(kind: str) -> str:
    """``ConfigurationItem`` -> ``configuration-item.json``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", kind).lower() + ".json"


def _schema(model: Any) -> dict[str, Any]:
    schema: dict[str, Any] = model.model_json_schema(
        by_alias=True,
        ref_template="#/definitions/{model}",
        schema_generator=Draft07,
        mode="validation",
    )
    return schema


def schemas() -> dict[str, dict[str, Any]]:
    """File name -> schema, one per kind plus ``any.json`` accepting every kind."""
    result: dict[str, dict[str, Any]] = {}
    definitions: dict[str, Any] = {}
    branches = []
    for kind, model in KINDS.items():
        schema = _schema(model)
        schema["$id"] = file_name(kind)
        result[file_name(kind)] = schema
        definitions.update(schema.get("definitions", {}))
        body = {k: v for k, v in schema.items() if k not in {"$schema", "definitions", "$id"}}
        definitions[kind] = body
        branches.append(
            {
                "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                "then": {"$ref": f"#/definitions/{kind}"},
            }
        )
    result[f"{ANY}.json"] = {
        "$schema": DRAFT_07,
        "$id": f"{ANY}.json",
        "title": "Any svcascode document",
        "description": "A document of any svcascode kind, checked against its kind's schema.",
        "type": "object",
        "required": ["apiVersion", "kind", "metadata"],
        "properties": {"kind": {"enum": list(KINDS)}},
        "allOf": branches,
        "definitions": definitions,
    }
    return result


def render(name: str, schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=False, ensure_ascii=False) + "\n"


def write(out: Path) -> list[Path]:
    """Write every schema into ``out``; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = out / name
        path.write_text(render(name, schema), encoding="utf-8")
        written.append(path)
    return written
