"""graph.reach_union: what every node reaches, gathered once, cycles included."""

from __future__ import annotations

import random

import pytest

from svcascode.graph import Reach, acyclic, cycles, reach_union, strongly_connected

Graph = dict[int, list[int]]


def brute(graph: Graph, start: int, own: dict[int, frozenset[str]]) -> frozenset[str]:
    seen = {start}
    stack = [start]
    while stack:
        for nxt in graph.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return frozenset().union(*(own[n] for n in seen))


def random_graph(rng: random.Random, nodes: int, edges: int) -> Graph:
    graph: Graph = {n: [] for n in range(nodes)}
    for _ in range(edges):
        graph[rng.randrange(nodes)].append(rng.randrange(nodes + 3))  # some dangle
    return graph


@pytest.mark.parametrize("seed", range(40))
def test_every_node_gets_the_union_over_what_it_reaches(seed: int) -> None:
    rng = random.Random(seed)
    nodes = rng.randint(1, 40)
    graph = random_graph(rng, nodes, rng.randint(0, 3 * nodes))
    own = {n: frozenset(rng.sample("abcdefgh", rng.randint(0, 2))) for n in range(nodes + 3)}
    memo: dict[int, frozenset[str]] = {}
    starts = rng.sample(range(nodes), rng.randint(1, nodes))
    reach_union(starts, lambda n: graph.get(n, []), own.__getitem__, memo)
    for node, found in memo.items():
        assert found == brute(graph, node, own), node
    for start in starts:
        assert start in memo


@pytest.mark.parametrize("seed", range(20))
def test_a_memo_filled_in_several_calls_is_the_same(seed: int) -> None:
    rng = random.Random(seed)
    graph = random_graph(rng, 30, 60)
    own = {n: frozenset({n}) for n in range(33)}
    memo: dict[int, frozenset[int]] = {}
    for start in rng.sample(range(30), 30):
        reach_union([start], lambda n: graph.get(n, []), own.__getitem__, memo)
        assert memo[start] == brute_ints(graph, start)


def brute_ints(graph: Graph, start: int) -> frozenset[int]:
    seen = {start}
    stack = [start]
    while stack:
        for nxt in graph.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return frozenset(seen)


def test_a_cycle_reaches_the_same_everywhere_and_a_long_chain_is_fine() -> None:
    graph: Graph = {0: [1], 1: [2], 2: [0, 3], 3: []}
    memo: dict[int, frozenset[int]] = {}
    reach_union([0], lambda n: graph[n], lambda n: frozenset({n}), memo)
    assert memo == {0: {0, 1, 2, 3}, 1: {0, 1, 2, 3}, 2: {0, 1, 2, 3}, 3: {3}}
    chain: Graph = {n: [n + 1] for n in range(50_000)}
    deep: dict[int, frozenset[int]] = {}
    reach_union([0], lambda n: chain.get(n, []), lambda n: frozenset({n % 3}), deep)
    assert deep[0] == {0, 1, 2} and deep[50_000] == {50_000 % 3}


def test_a_node_adding_nothing_shares_its_successors_set() -> None:
    graph: Graph = {0: [1], 1: []}
    memo: dict[int, frozenset[str]] = {}
    reach_union([0], lambda n: graph[n], lambda n: frozenset({"x"}) if n else frozenset(), memo)
    assert memo[0] is memo[1]


@pytest.mark.parametrize("seed", range(40))
def test_acyclic_agrees_with_the_strongly_connected_components(seed: int) -> None:
    rng = random.Random(seed)
    nodes = rng.randint(0, 25)
    graph = {
        f"n{n}": [f"n{rng.randrange(nodes + 2)}" for _ in range(rng.randint(0, 2))]
        for n in range(nodes)
    }
    if rng.random() < 0.5:  # mostly acyclic: edges only to later nodes
        graph = {
            f"n{n}": [f"n{m}" for m in range(n + 1, nodes) if rng.random() < 0.2]
            for n in range(nodes)
        }
    looped = any(len(c) > 1 or c[0] in graph.get(c[0], []) for c in strongly_connected(graph))
    assert acyclic(graph) is not looped
    assert (cycles(graph) == []) is not looped


def test_reach_union_of_several_nodes_is_what_any_of_them_reaches() -> None:
    graph: Graph = {0: [1], 1: [], 2: [1, 3], 3: []}
    reach = Reach(lambda n: graph.get(n, []), lambda n: frozenset({n}) if n % 2 else frozenset())
    assert reach.union([0, 2]) == {1, 3}
    assert reach(0) == {1} and reach.union([]) == set()
