"""Small graph algorithms over id -> successor ids mappings."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from itertools import chain
from typing import Generic, TypeVar

N = TypeVar("N", bound=Hashable)
V = TypeVar("V")


def strongly_connected(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components, iteratively (deep graphs are fine)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, list[str]]] = [(root, sorted(graph.get(root, ())))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            if successors:
                nxt = successors.pop(0)
                if nxt not in graph:
                    continue
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, sorted(graph.get(nxt, ()))))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))
    return components


def acyclic(graph: Mapping[str, Iterable[str]]) -> bool:
    """Whether no walk along ``graph`` comes back to where it started (Kahn's algorithm:
    one linear pass, no sorting). A successor outside ``graph`` is a node without
    successors, so it can close no cycle."""
    incoming = Counter(chain.from_iterable(graph.values()))
    ready = [node for node in graph if node not in incoming]
    done = 0
    successors = graph.get
    while ready:
        done += 1
        for nxt in successors(ready.pop(), ()):
            left = incoming[nxt] - 1
            incoming[nxt] = left
            if not left:
                ready.append(nxt)
    return done == len(graph) + sum(1 for node in incoming if node not in graph)


def cycles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """One cycle per strongly connected component that has one, as ``[a, b, ..., a]``."""
    if acyclic(graph):
        return []
    found: list[list[str]] = []
    for component in strongly_connected(graph):
        members = set(component)
        start = component[0]
        if len(component) == 1 and start not in set(graph.get(start, ())):
            continue
        path = _path_back(graph, start, members)
        found.append(path)
    return found


def _path_back(graph: Mapping[str, Iterable[str]], start: str, members: set[str]) -> list[str]:
    """The shortest walk from ``start`` back to itself inside ``members`` (BFS)."""
    parents: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following: list[str] = []
        for node in frontier:
            for nxt in sorted(graph.get(node, ())):
                if nxt not in members:
                    continue
                if nxt == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(parents[path[-1]])
                    return [start, *reversed(path[:-1]), start] if node != start else [start, start]
                if nxt not in parents:
                    parents[nxt] = node
                    following.append(nxt)
        frontier = following
    return [start, start]  # pragma: no cover - a component always closes


def reach_union(
    starts: Iterable[N],
    successors: Callable[[N], Iterable[N]],
    own: Callable[[N], frozenset[V]],
    memo: dict[N, frozenset[V]],
) -> None:
    """For every node reachable from ``starts``, the union of ``own`` over every node it
    reaches (itself included), stored in ``memo``.

    Nodes already in ``memo`` count as done, so one ``memo`` can be filled bit by bit.
    One pass of Tarjan's algorithm (iterative): a strongly connected component is
    finished after everything it reaches, and all its members reach the same, so cycles
    are exact. A node that adds nothing to its one non-empty successor shares its set.
    """
    number: dict[N, int] = {}
    low: dict[N, int] = {}
    stack: list[N] = []
    parts: dict[N, list[frozenset[V]]] = {}
    for root in starts:
        if root in memo:
            continue
        number[root] = low[root] = len(number)
        stack.append(root)
        parts[root] = [own(root)]
        work: list[tuple[N, Iterator[N]]] = [(root, iter(successors(root)))]
        while work:
            node, todo = work[-1]
            for nxt in todo:
                done = memo.get(nxt)
                if done is not None:
                    parts[node].append(done)
                elif nxt not in number:
                    number[nxt] = low[nxt] = len(number)
                    stack.append(nxt)
                    parts[nxt] = [own(nxt)]
                    work.append((nxt, iter(successors(nxt))))
                    break
                elif number[nxt] < low[node]:
                    low[node] = number[nxt]  # on the stack: the same component
            else:
                work.pop()
                if low[node] != number[node]:
                    parent = work[-1][0]
                    if low[node] < low[parent]:
                        low[parent] = low[node]
                    continue
                collected: list[frozenset[V]] = []
                members: list[N] = []
                while True:
                    member = stack.pop()
                    members.append(member)
                    collected.extend(parts.pop(member))
                    if member == node:
                        break
                value = _union(collected)
                for member in members:
                    memo[member] = value
                if work:
                    parts[work[-1][0]].append(value)


def _union(sets: list[frozenset[V]]) -> frozenset[V]:
    non_empty = [s for s in sets if s]
    if len(non_empty) == 1:
        return non_empty[0]
    return frozenset().union(*non_empty)


class Reach(Generic[N, V]):
    """:func:`reach_union` over one graph, worked out as nodes are asked for and kept."""

    def __init__(
        self, successors: Callable[[N], Iterable[N]], own: Callable[[N], frozenset[V]]
    ) -> None:
        self.successors = successors
        self.own = own
        self.found: dict[N, frozenset[V]] = {}

    def __call__(self, node: N) -> frozenset[V]:
        found = self.found.get(node)
        if found is None:
            reach_union([node], self.successors, self.own, self.found)
            found = self.found[node]
        return found

    def union(self, nodes: Iterable[N]) -> set[V]:
        """What any of ``nodes`` reaches, together."""
        nodes = list(nodes)
        found = self.found
        missing = [node for node in nodes if node not in found]
        if missing:
            reach_union(missing, self.successors, self.own, found)
        result: set[V] = set()
        for node in nodes:
            part = found[node]
            if part:
                result |= part
        return result
