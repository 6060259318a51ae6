"""An id must be unique within its kind.

Two documents of the same kind with the same ``metadata.id`` make every reference to
that id ambiguous. The later one (in path order) is reported, naming where the first is.
"""

from __future__ import annotations

from collections.abc import Iterator

from svcascode.diagnostics import Problem, Severity
from svcascode.index import Index

ID = "duplicate-id"
SEVERITY = Severity.ERROR


def check(index: Index) -> Iterator[Problem]:
    for first, duplicate in index.duplicates:
        yield Problem(
            duplicate.where.locate(("metadata", "id")),
            f"{duplicate.kind} id {duplicate.id!r} is already used at "
            f"{first.where.locate(('metadata', 'id'))}; ids must be unique within a kind",
            duplicate.kind,
            duplicate.id,
        )
