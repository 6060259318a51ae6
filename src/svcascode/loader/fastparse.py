"""The fast path of :func:`yamlparse.parse`: the common, clean file, read by a Rust parser.

``rustyyaml`` (serde_yaml on libyaml's grammar) reads a typical svcascode file about five
times faster than the libyaml composer behind :func:`yamlparse.parse`, and resolves plain
scalars by the YAML 1.2 core schema too (``NO``, ``on``, ``0755``, ``12:30`` stay text).
It gives no positions, and a few spellings read differently: ``0b101``, ``-0x1F``,
``007.5`` and overflowing exponents are numbers to one and text to the other, an integer
of 2**128 or more is a float to it; anchors, aliases, tags and merge keys are handled
differently or not bounded the same way.

So the fast path is guarded three ways:

1. a scan of the raw bytes sends every file holding one of those spellings (or a run of
   39 digits, or a quoted key with its value right after the colon, ``{"v":0b1}``,
   where the scan's other checks expect a space) to :func:`yamlparse.parse` (a false
   alarm costs speed, never a wrong reading); so does a nesting limit below
   :data:`FAST_MIN_DEPTH`;
2. any refusal by the fast parser (syntax error, duplicate key, several documents, nesting
   deeper than it allows, an integer too big) also goes to :func:`yamlparse.parse`, which
   reports the problem with its exact position;
3. :func:`odd_attributes` sends a file to the exact path when its free-form
   ``attributes`` (the one place a model accepts any data) hold a key that is not text
   or nest too deep; and the loader keeps a fast result only when every document of the
   file validates, otherwise the file is parsed again by :func:`yamlparse.parse`.
   Non-text keys elsewhere and nesting beyond the models' shape fail validation, so
   they reach the exact path through 3.

So a fast parse equals the exact one, except for keys that collide as numbers (``1:``
and ``true:``) and nesting beyond the limit, which guard 3 sends to the exact path.
``tests/loader/test_fastparse.py`` checks both paths on generated scalars and streams,
``tests/loader/test_fastparse_adversarial.py`` on what an adversarial review tried, and
every rule fixture is linted both ways (``tests/conftest.py``).
"""

from __future__ import annotations

import re
from types import ModuleType
from typing import Any

from svcascode.loader.yamlparse import Limits, ParsedDocument, ParseResult

_rust: ModuleType | None
try:  # a platform without a wheel still works, on the exact path only
    import rustyyaml as _rust
except ImportError:  # pragma: no cover - wheels exist for the platforms CI runs on
    _rust = None

PARSER = f"rustyyaml {_rust.__version__}" if _rust is not None else "none"
"""Which fast parser is in use (part of the cache key)."""

FAST_MIN_DEPTH = 16
"""Below this nesting limit the fast path is not taken: valid documents nest up to 5
deep outside ``attributes`` (``tests/loader/test_fastparse_adversarial.py`` computes it
from the schemas), and only the exact path checks the limit everywhere."""
_MARKS = (b"&", b"*", b"!", b"?", b"<<", b"\t")
# An anchor, alias or tag, or an explicit key, where a token starts; a merge key; a tab.
# Characters that some reader takes for a line break, and a byte order mark after the
# start, where the parsers (or this module's line counting) could disagree about lines.
_ODD_BREAKS = re.compile(
    rb"[\x0b\x0c\x1c-\x1e]|\xc2\x85|\xe2\x80[\xa8\xa9]|.\xef\xbb\xbf", re.DOTALL
)
_MARK = re.compile(
    rb"(?:^[ \t]*(?:-[ \t]+)*|[:-][ \t]+|[\[{,][ \t]*)(?:[&*!]|\?(?:[ \t]|$))|<<|\t",
    re.MULTILINE,
)
_JSON_LIKE_KEY = re.compile(rb"[\"'][ \t]*:[^ \t\r\n]")
"""A quoted key followed by its value with no space after the colon (``{"v":0b1}``):
every other check here expects a space or flow punctuation before a value."""

# Digits and the dot become byte 1, the letters that make numbers odd (b, x, o) byte 2,
# e byte 3 (all rare bytes, so that searching for them is fast), a sign a minus, flow
# punctuation and line breaks a space: each odd spelling is then a short literal to find.
# A false alarm (``0x1F`` unsigned is fine, so is a word ending in e before 3 digits)
# only costs speed.
# Bytes of odd line breaks become byte 4 (false alarms, such as the 0x85 of "Å", only
# lead to a precise check), a carriage return byte 5.
_FOLD = bytes.maketrans(
    b"0123456789.bBxXoOeE+\r\n[]{},\x0b\x0c\x1c\x1d\x1e\x85\xa8\xa9\xbb",
    b"\x01" * 11 + b"\x02" * 6 + b"\x03\x03-\x05      " + b"\x04" * 9,
)
_ODD_NUMBERS = (
    b" \x01\x02",  # binary integer, signed hex or octal: not YAML 1.2 core
    b"-\x01\x02",
    b"\x01\x03\x01\x01\x01",  # a three-digit exponent may overflow to infinity,
    b"\x01\x03-\x01\x01\x01",  # which the fast parser keeps as text
    # 39 digits or more: an integer from 2**128 up the fast parser reads as a float, a
    # float of that many digits may overflow to infinity with a two-digit exponent.
    b"\x01" * 39,
)
_TOKEN_START = frozenset(b" \t\r\n[]{},")
_LEADING_ZERO = re.compile(rb"0[0-9]+[.eE]")


def _odd_text(data: bytes) -> bool:
    """Odd numbers, odd line breaks, a carriage return alone."""
    folded = data.translate(_FOLD)
    if any(mark in folded for mark in _ODD_NUMBERS) or folded.startswith(b"\x01\x02"):
        return True
    if b"\x04" in folded and _ODD_BREAKS.search(data):
        return True
    if b"\x05" in folded and data.count(b"\r") != data.count(b"\r\n"):
        return True
    # ``007.5``, ``08e2``: a float with a leading zero, text to us, a number to the
    # fast parser.
    for match in _LEADING_ZERO.finditer(data):
        at = match.start()
        if at and data[at - 1] in b"+-":
            at -= 1
        if at == 0 or data[at - 1] in _TOKEN_START:
            return True
    return False


def needs_exact_path(data: bytes) -> bool:
    """Whether the file may hold anything the fast parser reads differently."""
    if any(mark in data for mark in _MARKS) and _MARK.search(data):
        return True
    if (b'":' in data or b"':" in data or b'" :' in data or b"' :" in data) and (
        _JSON_LIKE_KEY.search(data)
    ):
        return True
    return _odd_text(data)


def _content(line: str) -> bool:
    stripped = line.strip(" \t\r")  # YAML's white space, not Python's
    return bool(stripped) and not stripped.startswith("#")


def _marker(line: str) -> bool:
    return line.startswith("---") and (len(line) == 3 or line[3] in " \t")


def _start_lines(text: str) -> list[int] | None:
    """The line of each document's first node, as libyaml's composer reports it; ``None``
    for anything but a plain stream (directives, ``...``, ``--- value``, empty documents)."""
    markers = ("\n---", "\n...", "\n%")
    if not text.startswith(("---", "...", "%")) and not any(m in text for m in markers):
        for number, line in enumerate(text.split("\n"), start=1):  # one document
            if _content(line):
                return [number]
        return []
    starts: list[int] = []
    current: int | None = None  # the start line of the document being read
    separated = False  # a marker was seen since the last document started
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.removesuffix("\r")
        if line.startswith(("%", "...")):
            return None
        if _marker(line):
            if _content(line[3:]):
                return None  # ``--- value``: a node on the marker line
            if current is None and separated:
                return None  # an empty document
            current, separated = None, True
            continue
        if current is None and _content(line):
            current = number
            starts.append(number)
    if separated and current is None:
        return None  # the stream ends with an empty document
    return starts


def fast_parse(data: bytes, text: str, limits: Limits) -> ParseResult | None:
    """What :func:`yamlparse.parse` gives for ``text`` (``data`` are its bytes), or
    ``None`` when the file must go through it."""
    if _rust is None or limits.max_depth < FAST_MIN_DEPTH:
        return None
    # Without aliases a document has at most two nodes per character (key and value).
    if 2 * len(data) >= limits.max_nodes or needs_exact_path(data):
        return None
    starts = _start_lines(text)
    if starts is None:
        return None
    try:
        documents: list[Any] = _rust.load_all(text) if len(starts) > 1 else [_rust.safe_load(text)]
    except Exception:  # any refusal: the exact path reports it, with its position
        return None
    if len(documents) != max(len(starts), 1) or (len(starts) > 1 and None in documents):
        return None
    if not starts and documents[0] is not None:
        return None  # a document this module did not see start
    result = ParseResult()
    for index, (line, document) in enumerate(zip(starts, documents, strict=False)):
        if document is not None:
            result.documents.append(ParsedDocument(index, line, document))
    return result


def odd_attributes(document: Any, limits: Limits) -> bool:
    """Whether the free-form ``spec.attributes`` of a fast-parsed document holds a key
    that is not text or nests beyond the limit (the exact path decides then)."""
    spec = document.get("spec") if type(document) is dict else None
    attributes = spec.get("attributes") if type(spec) is dict else None
    if type(attributes) is not dict:
        return False
    if all(type(key) is str for key in attributes) and not any(
        type(value) is dict or type(value) is list for value in attributes.values()
    ):
        return False  # the common case: a flat mapping of text to scalars
    stack: list[tuple[Any, int]] = [(attributes, 3)]
    while stack:
        node, depth = stack.pop()
        if depth > limits.max_depth:
            return True
        if isinstance(node, dict):
            for key, value in node.items():
                if not isinstance(key, str):
                    return True
                if isinstance(value, (dict, list)):
                    stack.append((value, depth + 1))
        elif isinstance(node, list):
            stack.extend((value, depth + 1) for value in node if isinstance(value, (dict, list)))
    return False
