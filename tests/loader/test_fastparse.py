"""The fast parse path (rustyyaml behind a byte scan) reads every file exactly as the
exact path (:func:`yamlparse.parse`) does, or steps aside for it.

Entries are compared with ``repr`` so that ``1``, ``True`` and ``1.0`` (equal in Python)
and ``nan`` (unequal to itself) are told apart.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svcascode.config import Config
from svcascode.loader.fastparse import needs_exact_path
from svcascode.loader.load import LoadResult, load_file
from svcascode.loader.parsefile import Entry, parse_file
from svcascode.loader.yamlparse import Limits
from tests.conftest import CI_DB, PROJECT, TEAM

LIMITS = Limits()
PATH = "cmdb/x.yaml"
PROPERTY = settings(
    max_examples=300,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


def both(text: str | bytes, limits: Limits = LIMITS) -> tuple[Entry, Entry]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_file(PATH, data, limits, fast=True), parse_file(PATH, data, limits, fast=False)


def assert_same(text: str | bytes, limits: Limits = LIMITS) -> Entry:
    """The fast entry of ``text``, checked against the exact one."""
    fast, exact = both(text, limits)
    assert exact[2] is True
    assert repr(fast[0]) == repr(exact[0]), f"documents differ for {text!r}"
    assert fast[1] == exact[1], f"problems differ for {text!r}"
    return fast


def ci(spec_lines: str = "", meta_lines: str = "") -> str:
    """A ConfigurationItem; ``spec_lines`` follow ``class: database`` (indented 2)."""
    return (
        "apiVersion: svcascode/v1\nkind: ConfigurationItem\nmetadata:\n  id: db\n"
        f"  owner: ops\n{meta_lines}spec:\n  class: database\n{spec_lines}"
    )


# --- scalars, in every place a scalar can be -------------------------------------------

SCALARS = [
    # integers
    *("0", "1", "-1", "+1", "42", "-0", "+0", "00", "0755", "-0755", "1_000", "1__0"),
    *("9223372036854775807", "9223372036854775808", "-9223372036854775809"),
    *("18446744073709551615", "18446744073709551616", "99999999999999999999999"),
    "-99999999999999999999999",
    # octal, hexadecimal, binary
    *("0o17", "-0o17", "+0o17", "0O17", "0o8", "0o", "0o_1"),
    *("0x1F", "-0x1F", "+0x1F", "0X1F", "0x0", "0xG", "0x", "0x_1", "0xffffffffffffffffffff"),
    *("0b101", "-0b1", "+0b1", "0B1"),
    # floats
    *("1.5", "-1.5", "+1.5", ".5", "-.5", "+.5", "1.", "0.", "0.0", "-0.0", "007.5", "-007.5"),
    *("1e3", "1E3", "1e+3", "1e-3", "1.0e+3", "1.0E-3", "0e0", "1e30", "1e05", "1e0001"),
    *("1e308", "1e309", "-1e309", "1e999", "1e-400", "1.7976931348623157e308", "1e3.5"),
    *("3.14159265358979323846264", "123456789012345678901234567890.5", "1_0.5", "1e"),
    # leading zeros before an exponent: text by the core schema, like 0755 and 007.5
    *("01e5", "-007e1", "00e0", "08e2"),
    # a float with more than 308 integer digits overflows to infinity
    "1" + "0" * 310 + ".0",
    "-" + "9" * 320 + ".5",
    # infinity and not-a-number
    *(".inf", "-.inf", "+.inf", ".Inf", ".INF", "inf", "-inf", ".NaN", ".nan", ".NAN"),
    *("nan", "NaN", "+.nan", "-.nan"),
    # null and booleans (and YAML 1.1 spellings that stay text)
    *("~", "null", "Null", "NULL", "nULL", "true", "True", "TRUE", "tRUE", "false", "False"),
    *("FALSE", "yes", "no", "on", "off", "Yes", "NO", "On", "OFF", "y", "n", "Y", "N"),
    # times, dates, versions, words
    *("12:30", "1:30:00", "-12:30", "2026-01-01", "2026-01-01T10:00:00Z", "2026-01-01 10:00"),
    *("1.2.3", "1-2", "--", "abc", "a b", "a#b", "a #b", "http://x.y/z", "x*y", "x&y", "x!y"),
    *("4B", "\u0663", "\uff11", "é", "x" * 300),
    # empty and quoted
    *("", "''", '""', "'1'", '"1"', "'true'", '"null"', "'0x1F'", "'it''s'"),
    *('"a\\tb"', '"\\u00e9"', '"\\x41"', '"\\U0001F600"', '"\\0"', '"\\N\\_\\L\\P"'),
]

PLACES = {
    "block value": "a: {}\n",
    "sequence entry": "- {}\n",
    "key": "{}: v\n",
    "flow sequence entry": "a: [x, {}]\n",
    "flow mapping key": "a: {{{}: v}}\n",
    "flow mapping value": "a: {{k: {}}}\n",
}


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) < 30 else f"{text[:12]}...{len(text)}chars"


@pytest.mark.parametrize("place", list(PLACES), ids=str)
@pytest.mark.parametrize("spelling", SCALARS, ids=_short)
def test_a_scalar_reads_the_same_on_both_paths(place: str, spelling: str) -> None:
    assert_same(PLACES[place].format(spelling))


def test_the_fast_path_reads_core_schema_scalars_itself() -> None:
    """Not just stepping aside: the common spellings are read on the fast path."""
    text = "a: 1\nb: -2.5\nc: .inf\nd: ~\ne: True\nf: 0755\ng: NO\nh: 12:30\ni: '1'\nj: 1e3\n"
    documents, problems, exact = assert_same(text)
    assert not exact and problems == []
    assert repr(documents) == repr(
        [
            (
                0,
                1,
                {
                    "a": 1,
                    "b": -2.5,
                    "c": float("inf"),
                    "d": None,
                    "e": True,
                    "f": "0755",
                    "g": "NO",
                    "h": "12:30",
                    "i": "1",
                    "j": 1000.0,
                },
            )
        ]
    )


SCALAR_CHARACTERS = st.sampled_from(
    [*"0123456789+-._eExXoObB:nNtTfFiIaA~ ", "inf", "nan", "true", "null", "0x", "0o", "e+"]
)


@PROPERTY
@given(
    spelling=st.lists(SCALAR_CHARACTERS, min_size=1, max_size=8).map("".join),
    place=st.sampled_from(list(PLACES.values())),
)
def test_generated_scalars_read_the_same_on_both_paths(spelling: str, place: str) -> None:
    assert_same(place.format(spelling))


# --- structure -------------------------------------------------------------------------

DEEP_FLOW = "a: " + "[" * 70 + "]" * 70 + "\n"
DEEP_BLOCK = "".join("  " * i + f"k{i}:\n" for i in range(70)) + "  " * 70 + "v\n"

# Colliding non-text keys (``1:`` and ``true:``) and nesting beyond the limit read
# differently at the parse level; validation sends them to the exact path, which
# ``test_keys_and_nesting_the_fast_parser_misreads_never_reach_a_model`` checks.
STRUCTURES = {
    "literal block": "a: |\n  x\n  y\n\nb: 1\n",
    "literal strip": "a: |-\n  x\n\n\nb: 1\n",
    "literal keep": "a: |+\n  x\n\n\nb: 1\n",
    "literal keep at the end": "a: |+\n  x\n\n\n",
    "folded": "a: >\n  x\n  y\n\n  z\nb: 1\n",
    "folded strip": "a: >-\n  x\n  y\n",
    "indentation indicator": "a: |2\n   x\n",
    "block holding a marker": "a: |\n  ---\n  x\n",
    "double-quoted escapes": 'a: "x\\ty\\n\\u00e9\\x41\\\\ \\" \\/ \\0 \\a \\e \\N \\_ \\L \\P"\n',
    "single-quoted escape": "a: 'it''s'\n",
    "multi-line plain": "a: one\n  two\n\n  three\nb: 1\n",
    "multi-line double-quoted": 'a: "one\n  two\\\n  three"\n',
    "multi-line single-quoted": "a: 'one\n\n  two'\n",
    "multi-line quoted key": '"a\n b": 1\n',
    "flow collections": "a: [1, [2, 3], {b: c, d: [e]}, 'x', \"y\"]\nb: {}\nc: []\n",
    "multi-line flow": "a: [1,\n  2,\n  3]\nb: {x: 1,\n  y: 2}\n",
    "flow with empty values": "a: {b: , c}\n",
    "flow pair in a sequence": "a: [b: 1, c: 2]\n",
    "complex flow key": "{[a]: 1}\n",
    "comments": "# head\na: 1 # trailing\n# mid\nb: [1, # c\n 2]\nc: 1#not a comment\n",
    "CRLF": "a: 1\r\nb:\r\n  - x\r\n  - |\r\n    t\r\n    u\r\n",
    "CR only": "a: 1\rb: 2\r",
    "BOM": "\ufeffa: 1\n",
    "BOM and documents": "\ufeff---\na: 1\n---\nb: 2\n",
    "duplicate key": "a: 1\nb: 2\na: 3\n",
    "nested duplicate key": "a:\n  b: 1\n  b: 2\n",
    "1 and '1' as keys": "1: a\n'1': b\n",
    "null twice as key": "~: a\nnull: b\n",
    "nan twice as key": ".nan: a\n.nan: b\n",
    "empty key": ": a\n",
    "anchor and alias": "a: &x 1\nb: *x\n",
    "aliased mapping": "a: &x {k: v}\nb: *x\n",
    "unknown alias": "a: *x\n",
    "merge key": "base: &b {k: 1}\nc:\n  <<: *b\n  j: 2\n",
    "standard tag": "a: !!str 1\n",
    "tag on a quoted int": "a: !!int '1'\n",
    "custom tag": "a: !foo 1\n",
    "explicit key": "? a\n: 1\n",
    "explicit complex key": "? [a, b]\n: 1\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "two documents with markers": "---\na: 1\n---\nb: 2\n",
    "document end marker": "a: 1\n...\n---\nb: 2\n",
    "only an end marker": "...\n",
    "YAML directive": "%YAML 1.2\n---\na: 1\n",
    "empty first document": "---\n---\na: 1\n",
    "empty last document": "a: 1\n---\n",
    "two empty documents": "---\n---\n",
    "empty file": "",
    "only a comment": "# nothing\n",
    "only a marker": "---\n",
    "comment before the marker": "# c\n\n---\na: 1\n",
    "value on the marker line": "--- 1\n",
    "values on marker lines": "--- a\n--- b\n",
    "null document": "---\nnull\n---\na: 1\n",
    "scalar document": "hello\n",
    "sequence document": "- 1\n- 2\n",
    "marker with a comment": "--- # c\na: 1\n",
    "marker then tab": "---\ta\n",
    "tab after a key": "a:\tb\n",
    "tab indentation": "a:\n\tb: 1\n",
    "tab in a quoted value": 'a: "x\ty"\n',
    "syntax error": "a: [1,\n",
    "two colons": "a: b: c\n",
    "bad indentation": "a:\n  b: 1\n c: 2\n",
    "unterminated quote": 'a: "x\n',
    "key without value": "a:\n",
    "indentless sequence": "a:\n- 1\n- 2\n",
    "trailing spaces": "a: 1   \nb: x  \n",
    "very long key": "k" * 1100 + ": 1\n",
    "next line character": "a: x\x85y\n",
    "line separator": "a: x\u2028y\n",
    "control character": "a: x\x07y\n",
    "lone surrogate escape": 'a: "\\ud800"\n',
    # U+00A0 and U+3000 are spaces to Python's str.strip() but content to YAML
    "no-break space before #": "\xa0#: v\n",
    "ideographic space before #": "\u3000#: v\n",
    "comment then a no-break space": "#\n\xa0\n",
    "BOM alone on a line after a marker": "a: 1\n---\n\ufeff\nb: 2\n",
    "no-break space alone on a line after a marker": "a: 1\n---\n\xa0\nx\n",
}


@pytest.mark.parametrize("name", list(STRUCTURES))
def test_a_structure_reads_the_same_on_both_paths(name: str) -> None:
    assert_same(STRUCTURES[name])


def test_invalid_utf8_and_oversized_files_are_the_same_on_both_paths() -> None:
    assert_same(b"a: caf\xe9\n")
    assert_same("a: " + "x" * 200 + "\n", Limits(max_file_bytes=100))


@pytest.mark.parametrize("name", ["literal block", "flow collections", "comments", "CRLF"])
def test_ordinary_structures_take_the_fast_path(name: str) -> None:
    assert assert_same(STRUCTURES[name])[2] is False


# --- which files take the fast path ----------------------------------------------------

EXAMPLE = [
    path
    for root in ("catalog", "agreements", "cmdb", "changes")
    for path in sorted((PROJECT / root).rglob("*.y*ml"))
]


def test_the_example_repository_reads_the_same_and_mostly_fast() -> None:
    assert len(EXAMPLE) > 20
    fast = []
    for path in EXAMPLE:
        data = path.read_bytes()
        entry = assert_same(data)
        if not needs_exact_path(data):
            # nothing the byte scan objects to: the fast parser must not refuse it
            assert entry[2] is False, f"{path} took the exact path"
        if not entry[2]:
            fast.append(path)
    assert len(fast) >= 0.75 * len(EXAMPLE)


def test_a_typical_configuration_item_takes_the_fast_path() -> None:
    text = ci(
        "  lifecycle: live\n  criticality: high\n  depends_on:\n"
        "    - {ci: vm-1, relation: runs-on}\n    - vm-2\n"
        '  attributes:\n    os: Linux\n    version: "16.4"\n    cores: 8\n',
        "  title: Patient database\n  description: >-\n    The main one.\n"
        "  labels:\n    area: database\n  annotations: {tier: 1}\n",
    )
    documents, problems, exact = assert_same(text)
    assert exact is False and problems == []
    assert documents[0][2]["spec"]["attributes"] == {"os": "Linux", "version": "16.4", "cores": 8}


GUARDED = {
    "binary integer": ci("  attributes:\n    v: 0b101\n"),
    "signed hexadecimal": ci("  attributes:\n    v: -0x1F\n"),
    "float with a leading zero": ci("  attributes:\n    v: 007.5\n"),
    "overflowing exponent": ci("  attributes:\n    v: 1e309\n"),
    "anchor and alias": ci("", "  title: &a Patient database\n  description: *a\n"),
    "standard tag": ci("  attributes:\n    v: !!str 1\n"),
    "merge key": ci("  attributes:\n    <<: {v: 1}\n"),
    "explicit key": ci("  attributes:\n    ? k\n    : v\n"),
    "tab": ci("", "  title: Patient\tdatabase\n"),
    "non-text key in attributes": ci("  attributes:\n    1: one\n"),
    "non-text key deep in attributes": ci("  attributes:\n    a: [{true: x}]\n"),
    "attributes nested beyond the limit": ci(
        "  attributes:\n    a: " + "{k: " * 62 + "x" + "}" * 62 + "\n"
    ),
}


@pytest.mark.parametrize("name", list(GUARDED))
def test_a_guarded_spelling_sends_the_file_to_the_exact_path(name: str) -> None:
    assert assert_same(GUARDED[name])[2] is True


def test_attributes_nested_to_the_limit_stay_on_the_fast_path() -> None:
    # the deepest value is at depth 64 (root 0, spec 1, attributes 2, a 3, ...): allowed
    text = ci("  attributes:\n    a: " + "{k: " * 61 + "x" + "}" * 61 + "\n")
    documents, problems, exact = assert_same(text)
    assert problems == [] and documents and exact is False
    limited = Limits(max_depth=63)  # one less: the exact path reports it
    assert assert_same(text, limited)[1][0][0] == "yaml-limits"


@pytest.mark.parametrize("max_depth", [4, 5, 6, 8])
def test_attribute_nesting_around_a_small_limit(max_depth: int) -> None:
    limits = Limits(max_depth=max_depth)
    for depth in range(max_depth + 2):
        for leaf in ("x", "{}", "[]"):
            for opening, closing in (("{k: ", "}"), ("[", "]")):
                value = opening * depth + leaf + closing * depth
                assert_load_same(ci(f"  attributes:\n    a: {value}\n"), limits)


# --- document start lines --------------------------------------------------------------

MULTI = [
    "a: 1\n---\nb: 2\n",
    "\n\n# c\na: 1\n\n---\n\n  # x\n\nb: 2\n---\n- 3\n",
    "---\na: 1\n---\nb: 2\n",
    "--- # c\na: 1\n---   \nb: 2\n",
    "a: 1\r\n---\r\n\r\nb: 2\r\n",
    "\ufeffa: 1\n---\nb: 2\n",
    "a: 1\n---\n\ufeffb: 2\n",
    "a: |\n  x\n---\nb: 2\n",
    "a: |\n  ---\n  x\n---\nb: 2\n",
    "a: 1\n---\n0\n---\n[]\n---\nfalse\n",
    "a: 1\n---\n  b: 2\n",
    "a: 'x\n  y'\n---\nb: \"1\n  2\"\n",
    "x\n---\ny\n",
    "a: 1\n---\n|\n  x\n---\n>\n  y\n",
    "a: 1\n---\n[1,\n 2]\n---\n{a: 1}\n",
    "a: 1\n --- \nb: 2\n",
    "a:\n---\nb:\n",
    "a: 1\n---\nb: 2 # x\n---\n'c'\n",
]


@pytest.mark.parametrize("text", MULTI, ids=lambda text: repr(text)[1:40])
def test_documents_start_on_the_same_lines(text: str) -> None:
    fast, exact = both(text)
    assert [(i, line) for i, line, _ in fast[0]] == [(i, line) for i, line, _ in exact[0]]
    # All plain streams: really read on the fast path (a byte order mark after the start
    # sends a file to the exact path, which counts lines as libyaml does).
    assert fast[2] is ("\ufeff" in text[1:])
    assert_same(text)


BLANKS = st.sampled_from(["", "\n", "# comment\n", "  # indented comment\n", "\n\n"])
DOCUMENTS = st.sampled_from(
    [
        "a: 1\n",
        "- x\n- y\n",
        "k: |\n  text\n  ---\n",
        "k: >-\n  folded\n",
        "[1, 2]\n",
        "plain\n",
        "k:\n  n: [a,\n    b]\n",
        "0\n",
        "'q'\n",
    ]
)
MARKERS = st.sampled_from(["---\n", "--- # doc\n", "---  \n"])


@PROPERTY
@given(
    parts=st.lists(st.tuples(BLANKS, MARKERS, BLANKS, DOCUMENTS), min_size=1, max_size=5),
    first_marker=st.booleans(),
    crlf=st.booleans(),
)
def test_generated_streams_start_documents_on_the_same_lines(
    parts: list[tuple[str, str, str, str]], first_marker: bool, crlf: bool
) -> None:
    text = ""
    for number, (before, marker, after, document) in enumerate(parts):
        text += before + (marker if number or first_marker else "") + after + document
    if crlf:
        text = text.replace("\n", "\r\n")
    fast = assert_same(text)
    assert fast[2] is False


# --- through the loader ----------------------------------------------------------------


def loaded(text: str, limits: Limits, fast: bool) -> tuple[str, str]:
    result = LoadResult(config=Config(), files=[PATH])
    load_file(PATH, text.encode("utf-8"), limits, result, fast=fast)
    records = [(r.kind, r.id, r.where.line, r.entity.model_dump()) for r in result.records]
    problems = [
        (p.rule, p.problem.location.line, p.problem.location.column, p.problem.message)
        for p in result.problems
    ]
    return repr(records), repr(problems)


def assert_load_same(text: str, limits: Limits = LIMITS) -> tuple[str, str]:
    fast = loaded(text, limits, fast=True)
    assert fast == loaded(text, limits, fast=False), f"the loader differs for {text!r}"
    return fast


@pytest.mark.parametrize(
    "text",
    [
        ci("  attributes:\n    1: x\n    true: y\n"),
        ci("  attributes:\n    a: {1: x, 1.0: y}\n"),
        ci("  attributes:\n    a: [{1: x}]\n"),
        ci("  attributes:\n    a: " + "[" * 70 + "]" * 70 + "\n"),
        "1: a\ntrue: b\n",
        DEEP_FLOW,
        DEEP_BLOCK,
    ],
    ids=["attribute keys 1 and true", "1 and 1.0", "in a list", "deep", "top", "flow", "block"],
)
def test_keys_and_nesting_the_fast_parser_misreads_never_reach_a_model(text: str) -> None:
    """Validation sends these to the exact path: the loader's findings are the same."""
    assert_load_same(text)


@pytest.mark.parametrize(
    ("spelling", "exact_value"),
    [
        ("08e2", "08e2"),
        ("01e5", "01e5"),
        ("-007e1", "-007e1"),
        ("1" + "0" * 310 + ".0", float("inf")),
    ],
    ids=["08e2", "01e5", "-007e1", "311-digit float"],
)
def test_free_form_values_load_the_same_on_both_paths(spelling: str, exact_value: Any) -> None:
    """``attributes`` and ``annotations`` take any scalar, so validation cannot catch a
    misreading there: the fast path itself must read them like the exact one."""
    text = ci(f"  attributes:\n    serial: {spelling}\n", f"  annotations:\n    n: {spelling}\n")
    records, problems = assert_load_same(text)
    assert problems == "[]"
    assert repr(exact_value) in records


def test_a_document_the_fast_path_overlooks_is_still_reported() -> None:
    """A line starting with a no-break space is content to YAML, not a comment."""
    _, problems = assert_load_same("\xa0# see: CHG-123\n")
    assert "missing 'kind'" in problems


def test_valid_documents_load_the_same_and_fast() -> None:
    for text in (TEAM, CI_DB, TEAM + "---" + CI_DB):
        records, problems = assert_load_same(text.lstrip("\n"))
        assert problems == "[]" and records != "[]"
        assert parse_file(PATH, text.encode(), LIMITS)[2] is False
