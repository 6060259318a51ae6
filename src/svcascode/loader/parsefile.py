"""One file's bytes to its parse (documents as plain data, problems with positions)."""

from __future__ import annotations

from typing import Any

from svcascode.diagnostics import Location, Problem, Reported
from svcascode.loader.fastparse import fast_parse, odd_attributes
from svcascode.loader.yamlparse import Limits, parse

Entry = tuple[list[tuple[int, int, Any]], list[tuple[str, int, int, str]], bool]
"""A file's parse: documents (index, line, data), problems (rule, line, column,
message), and whether the exact path produced it."""


def is_entry(value: object) -> bool:
    """Whether ``value`` has the shape of an :data:`Entry` (entries carry a checksum, so
    this only tells a foreign value from a parse)."""
    return (
        type(value) is tuple
        and len(value) == 3
        and type(value[0]) is list
        and type(value[1]) is list
        and type(value[2]) is bool
        and all(type(d) is tuple and len(d) == 3 for d in value[0])
    )


def decode(path: str, data: bytes) -> tuple[str | None, Reported | None]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        prefix = data[: error.start]
        line = prefix.count(b"\n") + 1
        column = error.start - (prefix.rfind(b"\n") + 1) + 1
        problem = Problem(
            Location(path, line, column),
            f"not valid UTF-8 at byte {error.start}; save the file as UTF-8",
        )
        return None, Reported("yaml-syntax", problem)
    return text, None


def parse_file(path: str, data: bytes, limits: Limits, fast: bool = True) -> Entry:
    """A file's parse, as cached: on the fast path when ``fast`` and the file allows it."""
    if len(data) > limits.max_file_bytes:
        message = (
            f"file is {len(data)} bytes, over the limit of {limits.max_file_bytes}; "
            "split it (or raise limits.max_file_bytes in svcascode.yaml)"
        )
        return [], [("yaml-limits", 1, 1, message)], True
    text, bad = decode(path, data)
    if text is None:
        problem = bad.problem if bad else Problem(Location(path), "unreadable file")
        where = problem.location
        return [], [("yaml-syntax", where.line, where.column, problem.message)], True
    parsed = fast_parse(data, text, limits) if fast else None
    if parsed is not None and any(odd_attributes(d.data, limits) for d in parsed.documents):
        parsed = None
    exact = parsed is None
    if parsed is None:
        parsed = parse(text, limits)
    documents = [(doc.index, doc.line, doc.data) for doc in parsed.documents]
    return documents, [tuple(p) for p in parsed.problems], exact  # type: ignore[misc]
