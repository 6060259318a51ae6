"""Nothing in use may depend on a retired configuration item.

A ``live`` or ``planned`` item whose ``depends_on`` names a ``retired`` item, or a live
service whose ``cis`` list one, points at something that is no longer there. Move the
dependency to the item's successor, or retire the dependent too.
"""

from __future__ import annotations

from collections.abc import Iterator

from svcascode.diagnostics import Problem, Severity
from svcascode.index import Index
from svcascode.model.ci import ConfigurationItem
from svcascode.model.service import Service

ID = "retired-dependency"
SEVERITY = Severity.ERROR


def _retired(index: Index, ci: str) -> bool:
    item = index.entity(ConfigurationItem, ci)
    return item is not None and item.spec.lifecycle == "retired"


def check(index: Index) -> Iterator[Problem]:
    for record, item in index.items(ConfigurationItem):
        if item.spec.lifecycle == "retired":
            continue
        for need in index.needs.get(record.id, ()):
            for position, member in enumerate(need.members):
                if not _retired(index, member):
                    continue
                path = (*need.path, "any_of", position) if len(need.members) > 1 else need.path
                yield Problem(
                    record.where.locate(path),
                    f"{item.spec.lifecycle} item {record.id!r} depends on {member!r}, which "
                    "is retired; depend on its successor or retire this item too",
                    record.kind,
                    record.id,
                )
    for record, service in index.items(Service):
        if service.spec.lifecycle != "live":
            continue
        for position, ci in enumerate(service.spec.cis):
            if _retired(index, ci):
                yield Problem(
                    record.where.locate(("spec", "cis", position)),
                    f"live service {record.id!r} lists {ci!r}, which is retired; remove it "
                    "or replace it with its successor",
                    record.kind,
                    record.id,
                )
