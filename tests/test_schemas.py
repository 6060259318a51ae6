"""The committed JSON Schemas are current, and the example files use and satisfy them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from svcascode.loader.yamlparse import Limits, parse
from svcascode.model.kinds import KINDS
from svcascode.schema import file_name, render, schemas
from tests.conftest import PROJECT

SCHEMAS = PROJECT / "schemas"
CONTENT = [
    path
    for root in ("catalog", "agreements", "cmdb", "changes")
    for path in sorted((PROJECT / root).rglob("*.y*ml"))
]


def test_committed_schemas_are_current() -> None:
    expected = schemas()
    on_disk = {path.name for path in SCHEMAS.glob("*.json")}
    assert on_disk == set(expected), "run `svc schema` to regenerate schemas/"
    for name, schema in expected.items():
        assert (SCHEMAS / name).read_text(encoding="utf-8") == render(name, schema), (
            f"schemas/{name} is stale: run `svc schema`"
        )


def test_schemas_are_draft_07_with_definitions() -> None:
    for name, schema in schemas().items():
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
        assert "$defs" not in json.dumps(schema), name
        jsonschema.Draft7Validator.check_schema(schema)


def test_any_schema_dispatches_on_kind() -> None:
    validator = jsonschema.Draft7Validator(schemas()["any.json"])
    good = {
        "apiVersion": "svcascode/v1",
        "kind": "Team",
        "metadata": {"id": "ops"},
        "spec": {"members": [{"handle": "ana"}]},
    }
    assert list(validator.iter_errors(good)) == []
    bad = {**good, "spec": {"members": [{"handle": "ana", "shoe": 9}]}}
    assert list(validator.iter_errors(bad)) != []


def _schema_comment(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix), f"{path} does not start with a schema comment"
    return first.removeprefix(prefix).strip()


@pytest.mark.parametrize("path", CONTENT, ids=lambda p: str(p.relative_to(PROJECT)))
def test_example_files_point_to_a_schema_they_satisfy(path: Path) -> None:
    target = (path.parent / _schema_comment(path)).resolve()
    assert target.parent == SCHEMAS.resolve() and target.exists(), target
    schema = json.loads(target.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    for document in parse(path.read_text(encoding="utf-8"), Limits()).documents:
        data = document.data
        kinds = {file_name(kind): kind for kind in KINDS}
        if target.name != "any.json":
            assert data["kind"] == kinds[target.name]
        # The loader's reading (YAML 1.2 core) is what both the models and editors see.
        assert not list(validator.iter_errors(data)), path
