"""A reference must name an entity of the kind its field expects.

``owner: ehr`` where ``ehr`` is a Service, not a Team, is reported naming the kind that
was found and the kind that is expected (for an agreement's ``party``: a Customer for an
SLA, a Team for an OLA, a Supplier for a UC).
"""

from __future__ import annotations

from collections.abc import Iterator

from svcascode.diagnostics import Problem, Severity
from svcascode.index import Index
from svcascode.model.kinds import format_path

ID = "wrong-kind-reference"
SEVERITY = Severity.ERROR


def check(index: Index) -> Iterator[Problem]:
    for ref in index.unresolved_references():
        found = index.kinds_with_id(ref.target)
        if not found:
            continue
        yield Problem(
            ref.source.where.locate(ref.path),
            f"{format_path(ref.path)} must name a {ref.kind}, but {ref.target!r} is a "
            f"{' and a '.join(found)}",
            ref.source.kind,
            ref.source.id,
        )
