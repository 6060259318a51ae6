"""The availability model's evaluation: serial chains and k-of-n blocks over the item graph.

:mod:`svcascode.underpinning` says what an item's own availability is (the agreements
covering it); this module multiplies them along a service's needs. Serial needs multiply,
each agreement counted once per level; a redundancy group ``{any_of, min: k}`` is a block,
the k-of-n probability of its members' own chains, in which what the level around it
counted counts as 100%, and what every member needs is counted once, in series.

One :class:`Evaluator` serves every service of an index. A block's result depends only on
which of the items and agreements below it were counted already around it, so it is
remembered under exactly those and reused wherever the block recurs: in another service,
or under every member of an enclosing block.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from svcascode.graph import reach_union
from svcascode.index import Need

Target = tuple[str, float]
"""The agreement setting an item's own availability, and its target as a fraction."""
GroupKey = tuple[tuple[str, ...], int]
"""A redundancy group's sorted members and ``min``: one block however often listed."""
Step = tuple[tuple[str, ...], tuple[tuple[GroupKey, Need], ...], Target | None]
"""A valid item's serial needs' members, its k-of-n needs, and its own target."""
Walk = tuple[frozenset[str], list[Need], dict[str, float]]
"""What a serial walk finds: items, k-of-n needs (first of each group, in the order
met), and the lowest target of each agreement setting an item's availability."""
BlockKey = tuple[tuple[str, ...], int, frozenset[str], frozenset[str]]
Block = tuple[float, frozenset[str], frozenset[str]]
"""A block's availability, and the items and agreements it adds to those counted."""


def k_of_n(values: Sequence[float], k: int) -> float:
    """The probability that at least ``k`` of independent parts with availabilities
    ``values`` are up (a dynamic programme over the number of parts up)."""
    if k <= 0:
        return 1.0
    up = [1.0] + [0.0] * len(values)  # up[j]: probability that exactly j parts are up
    for value in values:
        for j in range(len(up) - 1, 0, -1):
            up[j] = up[j] * (1 - value) + up[j - 1] * value
        up[0] *= 1 - value
    return sum(up[k:])


class Evaluator:
    """Availability over ``needs`` (valid item -> its needs; ``needed`` lists their
    members), with ``target`` giving an item's own target."""

    def __init__(
        self,
        needs: Mapping[str, Sequence[Need]],
        needed: Callable[[str], Iterable[str]],
        target: Callable[[str], Target | None],
    ) -> None:
        self.needed = needed
        """Id -> every id its needs name (group members too)."""
        self.steps = _Steps(needs, target)
        self.reach: dict[str, frozenset[str]] = {}
        """Id -> every id it reaches through any need, itself included."""
        self.below: dict[tuple[str, ...], tuple[frozenset[str], frozenset[str]]] = {}
        """Group members -> what they reach, and the agreements setting those targets."""
        self.blocks: dict[BlockKey, Block] = {}

    def value(self, roots: Iterable[str]) -> float:
        """The availability of everything ``roots`` need."""
        return self.chain(roots, frozenset(), frozenset())[0]

    def chain(
        self,
        starts: Iterable[str],
        exclude: frozenset[str],
        counted: frozenset[str],
        walk: Walk | None = None,
    ) -> tuple[float, frozenset[str], frozenset[str]]:
        """The availability of everything ``starts`` need, not counting ``exclude`` or the
        agreements in ``counted`` again, with the items and agreements counted after it
        (``walk``: what :meth:`_walk` gives for them, if known)."""
        items, groups, targets = self._walk(starts, exclude) if walk is None else walk
        value = 1.0
        for agreement, target in targets.items():
            if agreement not in counted:
                value *= target
        exclude = exclude | items
        counted = counted | frozenset(targets)
        below, blocks = self.below, self.blocks
        for need in groups:
            reach, agreements = below.get(need.members) or self._below(need.members)
            key = (need.members, need.min, exclude & reach, counted & agreements)
            known = blocks.get(key)
            if known is None:
                block, after_exclude, after_counted = self._block(need, exclude, counted)
                blocks[key] = (block, after_exclude - exclude, after_counted - counted)
                exclude, counted = after_exclude, after_counted
            else:
                block, more_exclude, more_counted = known
                if more_exclude:
                    exclude = exclude | more_exclude
                if more_counted:
                    counted = counted | more_counted
            value *= block
        return value, exclude, counted

    def _block(
        self, need: Need, exclude: frozenset[str], counted: frozenset[str]
    ) -> tuple[float, frozenset[str], frozenset[str]]:
        """A k-of-n block. What every member needs is needed by the block as a whole: it
        is counted once, in series, not once per member as if it failed independently."""
        value = 1.0
        walks = [self._walk((member,), exclude) for member in need.members]
        common = frozenset.intersection(*(items for items, _, _ in walks))
        members: list[float] = []
        if common:
            value, exclude, counted = self.chain(common, exclude, counted)
            for member in need.members:
                members.append(self.chain((member,), exclude, counted)[0])
        else:
            for member, walk in zip(need.members, walks, strict=True):
                members.append(self.chain((member,), exclude, counted, walk)[0])
        return value * k_of_n(members, need.min), exclude, counted

    def _below(self, members: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
        """What ``members`` reach, and the agreements setting those items' targets: all
        of what was counted already that can change the block's result."""
        reach_union(members, self.needed, _single, self.reach)
        items = frozenset().union(*(self.reach[member] for member in members))
        steps = self.steps
        agreements = frozenset(
            step[2][0] for ci in items if (step := steps[ci]) is not None and step[2] is not None
        )
        self.below[members] = (items, agreements)
        return items, agreements

    def _walk(self, starts: Iterable[str], exclude: frozenset[str]) -> Walk:
        """Depth first from the last of ``starts`` along serial needs (single items, and
        groups that need all their members), not into ``exclude`` or ids that are no
        valid item."""
        items: set[str] = set()
        groups: dict[GroupKey, Need] = {}
        targets: dict[str, float] = {}
        steps = self.steps
        stack = [start for start in starts if start not in exclude]
        pop, push, add = stack.pop, stack.extend, items.add
        while stack:
            ci = pop()
            if ci in items or ci in exclude:
                continue
            step = steps[ci]
            if step is None:
                continue
            add(ci)
            serial, blocks, target = step
            if serial:
                push(serial)
            for key, need in blocks:
                if key not in groups:
                    groups[key] = need
            if target is not None:
                agreement, availability = target
                targets[agreement] = min(targets.get(agreement, 1.0), availability)
        return frozenset(items), list(groups.values()), targets


class _Steps(dict[str, Step | None]):
    """Item -> its :data:`Step`, ``None`` for an id that is no valid item; worked out as
    items are met."""

    def __init__(
        self, needs: Mapping[str, Sequence[Need]], target: Callable[[str], Target | None]
    ) -> None:
        super().__init__()
        self.needs = needs
        self.target = target

    def __missing__(self, ci: str) -> Step | None:
        needs = self.needs.get(ci)
        step = None
        if needs is not None:
            serial: list[str] = []
            groups: list[tuple[GroupKey, Need]] = []
            for need in needs:
                if len(need.members) == 1 or need.min >= len(need.members):
                    serial.extend(need.members)
                else:
                    groups.append(((tuple(sorted(need.members)), need.min), need))
            step = (tuple(serial), tuple(groups), self.target(ci))
        self[ci] = step
        return step


def _single(ci: str) -> frozenset[str]:
    return frozenset((ci,))
