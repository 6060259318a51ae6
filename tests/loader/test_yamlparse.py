"""The YAML layer: values read as a person means them, problems with positions, bounds."""

from __future__ import annotations

import time

import pytest

from svcascode.loader.yamlparse import Limits, parse, resolve_plain


def test_yaml_11_scalars_are_not_coerced() -> None:
    result = parse(
        "a: NO\nb: on\nc: 0755\nd: 12:30\ne: 2026-01-01\nf: y\ng: 1_000\nh: 0x1F\n", Limits()
    )
    assert result.problems == []
    assert result.documents[0].data == {
        "a": "NO",
        "b": "on",
        "c": "0755",
        "d": "12:30",
        "e": "2026-01-01",
        "f": "y",
        "g": "1_000",
        "h": 31,
    }


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("true", True),
        ("False", False),
        ("null", None),
        ("~", None),
        ("42", 42),
        ("-7", -7),
        ("0", 0),
        ("99.95", 99.95),
        ("1e3", 1000.0),
        ("0o17", 15),
        ("007", "007"),
        ("yes", "yes"),
        ("Off", "Off"),
        ("1:30:00", "1:30:00"),
    ],
)
def test_plain_scalars_follow_the_yaml_12_core_schema(text: str, value: object) -> None:
    assert resolve_plain(text) == value
    assert type(resolve_plain(text)) is type(value)


def test_quoted_scalars_stay_text() -> None:
    data = parse("a: 'true'\nb: \"10\"\n", Limits()).documents[0].data
    assert data == {"a": "true", "b": "10"}


def test_duplicate_keys_are_reported_at_the_second_key() -> None:
    result = parse("spec:\n  owner: a\n  lead: 1\n  owner: b\n", Limits())
    assert [(p.rule, p.line, p.column) for p in result.problems] == [("yaml-duplicate-key", 4, 3)]
    assert "first defined on line 2" in result.problems[0].message


def test_syntax_error_has_a_position_and_keeps_earlier_documents() -> None:
    result = parse("a: 1\n---\nb: [1, 2\nc: 3\n", Limits())
    assert [d.data for d in result.documents] == [{"a": 1}]
    (problem,) = result.problems
    assert problem.rule == "yaml-syntax"
    assert problem.line == 4
    assert "YAML syntax error" in problem.message


def test_multi_document_files_keep_index_and_start_line() -> None:
    result = parse("# head\na: 1\n---\nb: 2\n---\n# empty\n---\nc: 3\n", Limits())
    assert [(d.index, d.line, d.data) for d in result.documents] == [
        (0, 2, {"a": 1}),
        (1, 4, {"b": 2}),
        (3, 8, {"c": 3}),
    ]


def test_positions_of_keys_and_values() -> None:
    text = (
        "metadata:\n  id: x\nspec:\n  targets:\n    availability: 99.9\n  list:\n    - a\n    - b\n"
    )
    doc = parse(text, Limits(), with_positions=True).documents[0]
    assert doc.positions is not None
    assert doc.positions.locate(("spec", "targets", "availability")) == (5, 19)
    assert doc.positions.locate(("spec", "targets", "availability"), prefer_key=True) == (5, 5)
    assert doc.positions.locate(("spec", "list", 1)) == (8, 7)
    # A missing path falls back to its nearest existing ancestor's key.
    assert doc.positions.locate(("spec", "targets", "response", "P1")) == (4, 3)


def test_merge_keys_merge_and_explicit_keys_win() -> None:
    data = parse("base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n", Limits()).documents[0].data
    assert data["m"] == {"x": 1, "y": 3}


def test_unsupported_tags_are_reported() -> None:
    result = parse("a: !custom 3\nb: !!binary aGk=\n", Limits())
    assert [(p.rule, p.line, p.column) for p in result.problems] == [
        ("yaml-syntax", 1, 4),
        ("yaml-syntax", 2, 4),
    ]


def test_alias_bomb_is_stopped_fast_with_a_finding() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    started = time.perf_counter()
    result = parse("\n".join(lines) + "\n", Limits())
    assert time.perf_counter() - started < 5
    assert result.documents == []
    (problem,) = result.problems
    assert problem.rule == "yaml-limits" and "alias" in problem.message


@pytest.mark.parametrize("depth", [200, 100_000])
def test_deep_nesting_is_stopped_with_a_finding(depth: int) -> None:
    result = parse("a: " + "[" * depth + "]" * depth + "\n", Limits())
    assert result.documents == []
    (problem,) = result.problems
    assert problem.rule == "yaml-limits" and "nesting deeper than 64" in problem.message
    assert problem.line == 1


def test_deep_block_nesting_is_stopped_too() -> None:
    text = "".join(" " * i + f"k{i}:\n" for i in range(100)) + " " * 100 + "v\n"
    result = parse(text, Limits())
    assert [p.rule for p in result.problems] == ["yaml-limits"]


def test_nesting_within_the_limit_is_fine() -> None:
    result = parse("a: " + "[" * 60 + "]" * 60 + "\n", Limits())
    assert result.problems == []


def test_many_errors_in_one_file_are_all_reported() -> None:
    text = "".join(f"k: {i}\n" for i in range(50))
    result = parse(text, Limits())
    assert len(result.problems) == 49
    assert [p.line for p in result.problems] == list(range(2, 51))
