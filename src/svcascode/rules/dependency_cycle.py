"""Dependencies must not go round in a circle.

A cycle among configuration items (``depends_on``), among services (``depends_on`` or
``parent``) or among agreements (``underpinned_by``) makes impact and availability
undefined. Each cycle is reported once, on the first edge of the cycle, naming every
member in order: ``app-a -> db-b -> app-a``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from svcascode.diagnostics import Problem, Severity
from svcascode.graph import cycles
from svcascode.index import Index
from svcascode.loader.yamlparse import PathKey
from svcascode.model.agreement import Agreement
from svcascode.model.service import Service

ID = "dependency-cycle"
SEVERITY = Severity.ERROR


def _report(
    index: Index,
    kind: str,
    graph: Mapping[str, list[str]],
    edge_path: Callable[[str, str], PathKey],
    what: str,
) -> Iterator[Problem]:
    for cycle in cycles(graph):
        first, second = cycle[0], cycle[1]
        record = index.get(kind, first)
        if record is None:
            continue
        yield Problem(
            record.where.locate(edge_path(first, second)),
            f"{what} cycle: {' -> '.join(cycle)}; break it by removing one of these dependencies",
            kind,
            first,
        )


def check(index: Index) -> Iterator[Problem]:
    ci_graph = index.needed

    def ci_edge(source: str, target: str) -> PathKey:
        for need in index.needs.get(source, ()):
            if target in need.members:
                if len(need.members) > 1:
                    return (*need.path, "any_of", need.members.index(target))
                return need.path
        return ("spec", "depends_on")

    yield from _report(index, "ConfigurationItem", ci_graph, ci_edge, "dependency")

    by_id = {record.id: service for record, service in index.items(Service)}
    service_graph = {ident: list(s.spec.depends_on) for ident, s in by_id.items()}

    def service_edge(source: str, target: str) -> PathKey:
        return ("spec", "depends_on", by_id[source].spec.depends_on.index(target))

    yield from _report(index, "Service", service_graph, service_edge, "service dependency")
    parent_graph = {ident: [s.spec.parent] if s.spec.parent else [] for ident, s in by_id.items()}
    yield from _report(
        index, "Service", parent_graph, lambda s, t: ("spec", "parent"), "sub-service"
    )

    agreements = {record.id: a for record, a in index.items(Agreement)}
    agreement_graph = {ident: list(a.spec.underpinned_by) for ident, a in agreements.items()}

    def agreement_edge(source: str, target: str) -> PathKey:
        return ("spec", "underpinned_by", agreements[source].spec.underpinned_by.index(target))

    yield from _report(index, "Agreement", agreement_graph, agreement_edge, "underpinning")
