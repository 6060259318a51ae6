"""There is at most one ChangePolicy.

Two policies would make it ambiguous which approvals a change needs. Every policy after
the first (in path order) is reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from svcascode.diagnostics import Problem, Severity
from svcascode.index import Index

ID = "single-policy"
SEVERITY = Severity.ERROR


def check(index: Index) -> Iterator[Problem]:
    policies = sorted(index.records("ChangePolicy"), key=lambda r: (r.where.path, r.where.line))
    for extra in policies[1:]:
        yield Problem(
            extra.where.locate(("kind",)),
            f"a second ChangePolicy {extra.id!r}; the repository may hold one, and "
            f"{policies[0].id!r} at {policies[0].where.locate(('kind',))} is it",
            extra.kind,
            extra.id,
        )
