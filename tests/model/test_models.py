"""The models: documented fields, typed values, references found from annotations."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from pydantic import BaseModel

from svcascode.model.ci import ConfigurationItem
from svcascode.model.kinds import KINDS, SchemaError, _submodels, validate
from svcascode.model.refs import iter_references
from svcascode.model.types import format_duration, parse_duration, weekdays


def _models() -> list[type[BaseModel]]:
    seen: list[type[BaseModel]] = []

    def walk(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.append(model)
        for info in model.model_fields.values():
            for sub in _submodels(info.annotation):
                walk(sub)

    for kind in KINDS.values():
        walk(kind)
    return seen


def test_every_field_is_documented_for_the_schema_and_the_site() -> None:
    missing = [
        f"{model.__name__}.{name}"
        for model in _models()
        for name, info in model.model_fields.items()
        if not info.description
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15m", timedelta(minutes=15)),
        ("4h", timedelta(hours=4)),
        ("3d", timedelta(days=3)),
        ("2w", timedelta(weeks=2)),
        ("1h30m", timedelta(minutes=90)),
        ("PT15M", timedelta(minutes=15)),
        ("P1DT2H", timedelta(days=1, hours=2)),
        ("P2W", timedelta(weeks=2)),
    ],
)
def test_durations(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected
    assert parse_duration(format_duration(expected)) == expected


@pytest.mark.parametrize("text", ["", "15", "15x", "PT", "P", "m15", "1.5h", "-4h"])
def test_bad_durations_say_what_is_right(text: str) -> None:
    with pytest.raises(ValueError, match="15m, 4h, 3d, 2w"):
        parse_duration(text)


def test_weekday_ranges_wrap_around() -> None:
    assert weekdays("mon-fri") == frozenset(range(5))
    assert weekdays("fri-mon") == frozenset({4, 5, 6, 0})
    assert weekdays("sat,sun") == frozenset({5, 6})


def _item(spec: dict[str, Any]) -> dict[str, Any]:
    return {
        "apiVersion": "svcascode/v1",
        "kind": "ConfigurationItem",
        "metadata": {"id": "app", "owner": "ops"},
        "spec": spec,
    }


def test_references_are_found_in_every_dependency_form() -> None:
    item = validate(
        _item(
            {
                "class": "application",
                "supplier": "acme",
                "depends_on": ["db", {"ci": "lb"}, {"any_of": ["vm1", "vm2"], "min": 1}],
            }
        )
    )
    assert isinstance(item, ConfigurationItem)
    assert sorted(iter_references(item)) == sorted(
        [
            (("metadata", "owner"), "Team", "ops"),
            (("spec", "depends_on", 0), "ConfigurationItem", "db"),
            (("spec", "depends_on", 1, "ci"), "ConfigurationItem", "lb"),
            (("spec", "depends_on", 2, "any_of", 0), "ConfigurationItem", "vm1"),
            (("spec", "depends_on", 2, "any_of", 1), "ConfigurationItem", "vm2"),
            (("spec", "supplier"), "Supplier", "acme"),
        ]
    )


@pytest.mark.parametrize(
    ("kind", "party"), [("SLA", "Customer"), ("OLA", "Team"), ("UC", "Supplier")]
)
def test_the_party_of_an_agreement_is_a_reference_by_type(kind: str, party: str) -> None:
    agreement = validate(
        {
            "apiVersion": "svcascode/v1",
            "kind": "Agreement",
            "metadata": {"id": "a"},
            "spec": {"type": kind, "party": "p"},
        }
    )
    assert not isinstance(agreement, list)
    assert list(iter_references(agreement)) == [(("spec", "party"), party, "p")]


def test_any_of_needs_min_within_its_members() -> None:
    errors = validate(_item({"class": "server", "depends_on": [{"any_of": ["a"], "min": 2}]}))
    assert errors == [
        SchemaError(
            ("spec", "depends_on", 0), "spec.depends_on[0]: min is 2 but any_of lists only 1 items"
        )
    ]


def test_a_union_error_names_the_form_the_user_meant() -> None:
    errors = validate(_item({"class": "server", "depends_on": [{"ci": "x", "relation": "needs"}]}))
    assert isinstance(errors, list) and len(errors) == 1
    assert errors[0].path == ("spec", "depends_on", 0, "relation")
    assert "must be one of" in errors[0].message and "'needs'" in errors[0].message


def test_a_document_that_is_not_a_mapping_is_reported() -> None:
    errors = validate(["a", "b"])
    assert isinstance(errors, list)
    assert "must be a mapping" in errors[0].message
