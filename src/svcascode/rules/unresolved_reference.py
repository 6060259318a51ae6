"""Every reference must name an existing entity.

A reference is the plain id of an entity of the kind its field names (``owner`` is a
Team, ``cis`` are ConfigurationItems, ...). A reference to an id that exists nowhere is
reported with the closest existing id as a suggestion. References to a document that
exists but failed validation are not reported again.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from svcascode.diagnostics import Problem, Severity
from svcascode.index import Index
from svcascode.model.kinds import format_path

ID = "unresolved-reference"
SEVERITY = Severity.ERROR


def check(index: Index) -> Iterator[Problem]:
    for ref in index.unresolved_references():
        if index.kinds_with_id(ref.target):
            continue  # the wrong-kind-reference rule reports it
        known = list(index.by_kind.get(ref.kind, {}))
        close = difflib.get_close_matches(ref.target, known, n=1, cutoff=0.7)
        hint = f"; did you mean {close[0]!r}?" if close else f"; no {ref.kind} has this id"
        yield Problem(
            ref.source.where.locate(ref.path),
            f"{format_path(ref.path)} refers to {ref.kind} {ref.target!r}, which does not "
            f"exist{hint}",
            ref.source.kind,
            ref.source.id,
        )
