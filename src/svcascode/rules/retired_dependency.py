"""Nothing in use may depend on a retired configuration item.

A ``live`` or ``planned`` item whose ``depends_on`` names a ``retired`` item, or a live
service whose ``cis`` list one, points at something that is no longer there. Move the
dependency to the item's successor, or retire the dependent too.
"""

from __future__ import annotations

from collections.abc import Iterator

from svcascode.diagnostics import Problem, Severity
from svcascode.index import Index
from svcascode.itemfacts import item_facts
from svcascode.model.ci import ConfigurationItem
from svcascode.model.service import Service

ID = "retired-dependency"
SEVERITY = Severity.ERROR


def check(index: Index) -> Iterator[Problem]:
    items = index.by_kind.get("ConfigurationItem", {})
    retired = item_facts(index).retired
    if not retired:
        return
    dependents: set[str] = set()
    for ci in retired:
        dependents |= index.needed_by.get(ci, set())
    for ident, record in items.items():
        item = record.entity
        if ident not in dependents or not isinstance(item, ConfigurationItem):
            continue
        if item.spec.lifecycle == "retired":
            continue
        for need in index.needs.get(ident, ()):
            for position, member in enumerate(need.members):
                if member not in retired:
                    continue
                path = (*need.path, "any_of", position) if len(need.members) > 1 else need.path
                yield Problem(
                    record.where.locate(path),
                    f"{item.spec.lifecycle} item {ident!r} depends on {member!r}, which "
                    "is retired; depend on its successor or retire this item too",
                    record.kind,
                    ident,
                )
    for record, service in index.items(Service):
        if service.spec.lifecycle != "live":
            continue
        for position, ci in enumerate(service.spec.cis):
            if ci in retired:
                yield Problem(
                    record.where.locate(("spec", "cis", position)),
                    f"live service {record.id!r} lists {ci!r}, which is retired; remove it "
                    "or replace it with its successor",
                    record.kind,
                    record.id,
                )
