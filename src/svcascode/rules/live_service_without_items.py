"""A live service must be realised by configuration items.

A ``live`` service with no ``spec.cis`` of its own and none in its sub-services (at any
depth) has
nothing in the CMDB behind it: impact analysis cannot reach it and its SLA cannot be
checked. List the items that realise it (pipeline and retired services are exempt).
"""

from __future__ import annotations

from collections.abc import Iterator

from svcascode.diagnostics import Problem, Severity
from svcascode.index import Index
from svcascode.model.service import Service

ID = "live-service-without-items"
SEVERITY = Severity.ERROR


def _realised_below(index: Index, children: dict[str, list[str]], service: str) -> bool:
    """Whether a sub-service, at any depth, lists items."""
    seen: set[str] = set()
    stack = list(children.get(service, ()))
    while stack:
        child = stack.pop()
        if child in seen:
            continue  # a parent cycle; dependency-cycle reports it
        seen.add(child)
        if index.service_cis.get(child):
            return True
        stack.extend(children.get(child, ()))
    return False


def check(index: Index) -> Iterator[Problem]:
    children: dict[str, list[str]] = {}
    for record, service in index.items(Service):
        if service.spec.parent:
            children.setdefault(service.spec.parent, []).append(record.id)
    for record, service in index.items(Service):
        if service.spec.lifecycle != "live" or service.spec.cis:
            continue
        if _realised_below(index, children, record.id):
            continue
        yield Problem(
            record.where.locate(("spec", "lifecycle")),
            f"live service {record.id!r} has no configuration items; list the items that "
            "realise it in spec.cis (or in a sub-service)",
            record.kind,
            record.id,
        )
