"""The fast parse path under adversarial input: for any bytes, a fast parse that the
loader keeps (every document validates) must equal the exact parse, and the exact parse
must report no problem.

The ``BREAKS`` cases are what an adversarial review found (big integers read as floats,
overflowing floats, JSON-like keys with no space after the colon, a nesting limit below
the models' depth); the rest are compact checks of families that held.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svcascode.loader.parsefile import Entry, parse_file
from svcascode.loader.yamlparse import Limits
from svcascode.model.base import Entity
from svcascode.model.kinds import validate

LIMITS = Limits()
PATH = "cmdb/x.yaml"


def ci(spec: str = "", meta: str = "", eol: str = "\n") -> bytes:
    """A valid ConfigurationItem; ``meta`` and ``spec`` are extra lines (indented 2)."""
    text = (
        "apiVersion: svcascode/v1\nkind: ConfigurationItem\nmetadata:\n  id: db\n"
        f"  owner: ops\n{meta}spec:\n  class: application\n{spec}"
    )
    return text.replace("\n", eol).encode("utf-8")


def attrs(value: str) -> bytes:
    return ci(f"  attributes:\n    k: {value}\n")


def check(data: bytes, limits: Limits = LIMITS) -> tuple[Entry, Entry]:
    """Both parses of ``data``; fails if a fast parse the loader keeps differs."""
    fast = parse_file(PATH, data, limits, fast=True)
    exact = parse_file(PATH, data, limits, fast=False)
    kept = not fast[2] and all(isinstance(validate(doc), Entity) for _, _, doc in fast[0])
    if kept:
        assert exact[1] == [], f"fast parse kept, exact reports {exact[1]} for {data!r}"
        assert repr(fast[0]) == repr(exact[0]), (
            f"fast parse kept and differs for {data!r}:\n fast  {fast[0]}\n exact {exact[0]}"
        )
    return fast, exact


# --- inputs that break the guarantee ----------------------------------------------------

BIG = "1" * 40  # >= 2**128: no u64/u128 for serde_yaml, so it falls back to f64
OVERFLOW = "1" + "0" * 210 + "e99"  # 1e309 with a two-digit exponent and < 300 digits
BOMB = "[" + ",".join(["x"] * 3000) + "]"  # 3000 nodes, expanded 100 times below

BREAKS = {
    # (1) integers of 39+ digits: rustyyaml gives a float, the exact path an int
    "39+ digit integer in attributes": (attrs(BIG), LIMITS),
    "39+ digit negative integer": (attrs("-" + BIG), LIMITS),
    "39+ digit integer in annotations": (ci(meta=f"  annotations:\n    n: {BIG}\n"), LIMITS),
    # (2) a float overflowing to infinity with a short exponent: text to rustyyaml
    "overflowing float, 2-digit exponent": (attrs(OVERFLOW), LIMITS),
    "overflowing float as description": (ci(meta=f"  description: {OVERFLOW}\n"), LIMITS),
    "overflowing floats as label keys": (
        ci(meta=f"  labels:\n    {OVERFLOW}: x\n    2{OVERFLOW[1:]}: y\n"),
        LIMITS,
    ),
    # (3) a JSON-like key in flow (``{"k":v}``) needs no space after the colon, so the
    # byte scan, which looks for a space or flow indicator before a token, misses:
    "adjacent binary integer": (attrs('{"v":0b101}'), LIMITS),
    "adjacent single-quoted key": (attrs("{'v':0b101}"), LIMITS),
    "adjacent in a flow sequence pair": (attrs('["v":0b101]'), LIMITS),
    "adjacent leading-zero float": (attrs('{"v":007.5}'), LIMITS),
    "adjacent huge octal": (attrs('{"v":0o' + "7" * 50 + "}"), LIMITS),
    "adjacent huge hexadecimal": (attrs('{"v":0x' + "f" * 40 + "}"), LIMITS),
    "adjacent !!float tag": (attrs('{"v":!!float 1}'), LIMITS),
    "adjacent unsupported tag": (attrs('{"v":!!binary aGk=}'), LIMITS),
    "adjacent duplicate anchor": (attrs('{"a":&x 1, "b":&x 2, "c":*x}'), LIMITS),
    "adjacent aliases: alias bomb": (
        attrs('{"l0":&a ' + BOMB + ', "l1":[' + ",".join(['{"k":*a}'] * 100) + "]}"),
        LIMITS,
    ),
    # (4) limits.max_depth may be 4 (config allows >= 4), but model-shaped documents
    # nest to depth 5; odd_attributes only looks at spec.attributes
    "max_depth 4, depends_on any_of": (
        ci("  depends_on:\n    - {any_of: [a, b]}\n"),
        Limits(max_depth=4),
    ),
}


@pytest.mark.parametrize("name", list(BREAKS))
def test_a_kept_fast_parse_equals_the_exact_one(name: str) -> None:
    data, limits = BREAKS[name]
    check(data, limits)


# --- families that held -----------------------------------------------------------------

HELD_SCALARS = [
    *("yes", "no", "on", "off", "Y", "NO", "0o17", "017", "0x1F", "1:20", "1_000", "+1"),
    *(".inf", "-.Inf", ".NaN", "1e3", "1.0e+3", "~", "Null", "NULL", "True", "TRUE"),
    *("2026-01-01", "2026-01-01T10:00:00Z", "2026-01-01 10:00", "1" * 38, "9" * 299 + ".5"),
    *('"\\x41\\u00e9\\N\\_\\L\\P"', "'it''s'", '"a\\\n  b"', "a #b", "x: y"),
]


@pytest.mark.parametrize("spelling", HELD_SCALARS)
def test_scalars_in_free_and_typed_places(spelling: str) -> None:
    check(attrs(spelling))
    check(attrs(f"[{spelling}, {{q: {spelling}}}]"))
    check(ci(meta=f"  description: {spelling}\n  annotations:\n    n: {spelling}\n"))


BLOCKS = [
    "|-\n      x\n\n", "|+\n      x\n\n\n", ">2\n       x\n      y\n", "|\n      ---\n",
    ">\n      a\n\n      b\n       c\n", "one\n      two\n\n      three", "'a\n\n      b'",
]  # fmt: skip


@pytest.mark.parametrize("block", BLOCKS)
def test_block_scalars_and_folding(block: str) -> None:
    for eol in ("\n", "\r\n"):
        check(ci(f"  attributes:\n    k: {block}\n", eol=eol))
        check(ci(meta=f"  description: {block}\n", eol=eol))


def test_explicit_keys_in_crlf_files_read_the_same() -> None:
    # ``?`` at the end of a CRLF line escapes the byte scan (``$`` is before ``\n``
    # only), yet the two parsers agree on explicit keys.
    fast, _ = check(ci(meta="  labels:\n    ?\n      abc\n    : v\n", eol="\r\n"))
    assert fast[2] is False


def test_adjacent_text_values_are_read_the_same() -> None:
    fast, _ = check(attrs('{"a":x, "b":"y", "c":1, "d":1e3, "e":.inf, "f":~, "g":[1]}'))
    assert fast[2] is True  # a JSON-like key with its value right after the colon: exact


def test_duplicate_keys_differing_in_spelling() -> None:
    for keys in (("a", '"a"'), ("a", "'a'"), ("1", "0x1"), ("1", "1.0"), ("true", "True")):
        check(ci(meta=f"  labels:\n    {keys[0]}: x\n    {keys[1]}: y\n"))


STREAM_PIECES = st.sampled_from(
    ["---\n", "--- # c\n", "# c\n", "\n", "  \n", "...\n", "%YAML 1.1\n", "\ufeff", "\r\n"]
)


@settings(max_examples=200, derandomize=True, database=None, deadline=None)
@given(st.lists(st.tuples(STREAM_PIECES, st.booleans()), min_size=1, max_size=5))
def test_streams_of_valid_documents(pieces: list[tuple[str, bool]]) -> None:
    data = b"".join(piece.encode() + (ci() if document else b"") for piece, document in pieces)
    check(data)


NOISE = st.sampled_from(
    [*"ab01:-#'\"\\|>+,[]{}?.~ \n", "\r\n", "\u2028", "\x85", "\xa0", "\\x41", "---", "\t"]
)


@settings(
    max_examples=300,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(st.lists(NOISE, max_size=8).map("".join), st.integers(0, 200))
def test_noise_inserted_into_a_valid_document(noise: str, at: int) -> None:
    base = ci("  attributes:\n    a: [x, {b: c}]\n    d: |\n      t\n", "  title: T\n")
    at = min(at, len(base))
    check(base[:at] + noise.encode() + base[at:])


def _depth(schema: object, definitions: dict[str, object], seen: frozenset[str]) -> int:
    """How deep a value valid under ``schema`` can nest (a mapping or list is a level);
    a free-form mapping (any values) counts as one level: only ``attributes`` is one,
    and the fast path checks it on its own (``odd_attributes``)."""
    if not isinstance(schema, dict):
        return 0
    ref = schema.get("$ref")
    if isinstance(ref, str):
        name = ref.rsplit("/", 1)[-1]
        assert name not in seen, f"recursive schema {name}: depth unbounded"
        return _depth(definitions[name], definitions, seen | {name})
    parts = [
        _depth(part, definitions, seen)
        for key in ("anyOf", "oneOf", "allOf")
        for part in schema.get(key, [])
    ]
    if schema.get("type") == "object" or "properties" in schema:
        inner = [_depth(p, definitions, seen) for p in schema.get("properties", {}).values()]
        extra = schema.get("additionalProperties")
        inner.append(_depth(extra, definitions, seen) if isinstance(extra, dict) else 0)
        parts.append(1 + max(inner, default=0))
    if schema.get("type") == "array" or "items" in schema:
        parts.append(1 + _depth(schema.get("items"), definitions, seen))
    return max(parts, default=0)


def test_valid_documents_nest_less_deep_than_the_fast_paths_minimum_limit() -> None:
    """The fast path checks nesting only in ``attributes``: below ``FAST_MIN_DEPTH`` it
    is not taken, so every valid document must nest less deep than that elsewhere."""
    from svcascode.loader.fastparse import FAST_MIN_DEPTH
    from svcascode.schema import schemas

    deepest = 0
    for schema in schemas().values():
        definitions = schema.get("definitions", {})
        deepest = max(deepest, _depth(schema, definitions, frozenset()))
    assert 4 <= deepest < FAST_MIN_DEPTH
