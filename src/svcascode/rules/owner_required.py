"""Services, configuration items and change templates must name an owner team.

Ownership decides who is accountable, who resolves incidents and who approves changes
(and what ``svc codeowners`` writes). ``metadata.owner`` must be a Team id.
"""

from __future__ import annotations

from collections.abc import Iterator

from svcascode.diagnostics import Problem, Severity
from svcascode.index import Index
from svcascode.itemfacts import item_facts

ID = "owner-required"
SEVERITY = Severity.ERROR


def check(index: Index) -> Iterator[Problem]:
    for record in item_facts(index).ownerless:
        entity = record.entity
        if entity.requires_owner:
            yield Problem(
                record.where.locate(("metadata",), prefer_key=True),
                f"{entity.kind} {entity.id!r} has no owner; add metadata.owner with "
                "the id of the Team accountable for it",
                entity.kind,
                entity.id,
            )
