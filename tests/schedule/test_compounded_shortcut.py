"""Two changes' spreads together interrupt something new only where a redundant item is
exposed to both: the shortcut that skips the joint spread otherwise finds exactly what the
joint spread finds, on random item graphs with redundancy groups and cycles."""

from __future__ import annotations

import random
from types import SimpleNamespace
from typing import Any

import pytest

from svcascode.index import Index, Need
from svcascode.propagation import State, spread
from svcascode.schedule import _compounded, _Planned


def _joint(index: Index, a: _Planned, b: _Planned) -> tuple[str, ...]:
    """``_compounded`` as first written: always the joint spread."""
    together = spread(index, [*a.change.spec.cis, *b.change.spec.cis])
    alone = {
        ci
        for reach in (a.reach, b.reach)
        for ci, state in reach.cis.items()
        if state is State.INTERRUPTED
    }
    new = {ci for ci, s in together.cis.items() if s is State.INTERRUPTED and ci not in alone}
    roots = {
        ci
        for ci in new
        if not any(member in new for need in index.needs.get(ci, ()) for member in need.members)
    }
    return tuple(sorted(roots))


def _index(rng: random.Random) -> tuple[Index, list[str]]:
    names = [f"c{n:02d}" for n in range(rng.randint(3, 30))]
    index = Index(load=Any)
    for n, name in enumerate(names):
        lower = names[n + 1 :] if rng.random() < 0.9 else names
        needs: list[Need] = []
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            if not lower:
                break
            if rng.random() < 0.5 and len(lower) >= 2:
                members = tuple(rng.sample(lower, rng.randint(2, min(4, len(lower)))))
                needs.append(Need(members, rng.randint(1, len(members)), "uses", ()))
            else:
                needs.append(Need((rng.choice(lower),), 1, "uses", ()))
        index.needs[name] = needs
        index.needed[name] = [m for need in needs for m in need.members]
        for member in index.needed[name]:
            index.needed_by.setdefault(member, set()).add(name)
    return index, names


def _planned(index: Index, cis: list[str]) -> _Planned:
    change: Any = SimpleNamespace(spec=SimpleNamespace(cis=cis))
    return _Planned(index, record=Any, change=change)


@pytest.mark.parametrize("seed", range(300))
def test_the_shortcut_finds_what_the_joint_spread_finds(seed: int) -> None:
    rng = random.Random(seed)
    index, names = _index(rng)
    changes = [
        _planned(index, rng.sample(names, rng.randint(1, min(3, len(names))))) for _ in range(6)
    ]
    for a in changes:
        for b in changes:
            assert _compounded(index, a, b) == _joint(index, a, b)
