"""A standard change names its template; other changes do not.

A ``standard`` change is pre-approved only through a ChangeTemplate, so it must name one
in ``spec.template``; a ``normal`` or ``emergency`` change naming a template is
mistaken about its type. (Whether the template exists is checked by
``unresolved-reference``.)
"""

from __future__ import annotations

from collections.abc import Iterator

from svcascode.diagnostics import Problem, Severity
from svcascode.index import Index
from svcascode.model.change import Change

ID = "change-template"
SEVERITY = Severity.ERROR


def check(index: Index) -> Iterator[Problem]:
    for record, change in index.items(Change):
        spec = change.spec
        if spec.type == "standard" and not spec.template:
            yield Problem(
                record.where.locate(("spec", "type")),
                f"standard change {record.id!r} names no template; add spec.template with "
                "the id of the ChangeTemplate it follows, or make it a normal change",
                record.kind,
                record.id,
            )
        elif spec.type != "standard" and spec.template:
            yield Problem(
                record.where.locate(("spec", "template")),
                f"{spec.type} change {record.id!r} names template {spec.template!r}, but "
                "only standard changes follow a template; remove it or make the change "
                "standard",
                record.kind,
                record.id,
            )
