"""A change must not be carried out in a blackout window whose scope it touches.

A change touches its items, every item that depends on them (transitively) and every
service those items realise. When its window overlaps an occurrence of a ``blackout``
ChangeWindow (one-off or recurring) whose scope includes any of these (an empty scope
includes everything), the change is reported on its window's start, naming the blackout
and the occurrence.
"""

from __future__ import annotations

from collections.abc import Iterator

from svcascode.diagnostics import Problem, Severity
from svcascode.index import Index
from svcascode.model.change import Change, ChangeWindow
from svcascode.windows import occurrences

ID = "change-in-blackout"
SEVERITY = Severity.ERROR


def _touched(index: Index, cis: list[str]) -> tuple[set[str], set[str]]:
    items = set(cis)
    for ci in cis:
        items |= index.dependents_of(ci)
    services = {s for ci in items for s in index.ci_services.get(ci, ())}
    return items, services


def check(index: Index) -> Iterator[Problem]:
    blackouts = [
        (record, cw) for record, cw in index.items(ChangeWindow) if cw.spec.type == "blackout"
    ]
    if not blackouts:
        return
    for record, change in index.items(Change):
        window = change.spec.window
        if window.end <= window.start:
            continue
        items, services = _touched(index, change.spec.cis)
        for blackout_record, blackout in blackouts:
            scope = blackout.spec.scope
            everything = not scope.cis and not scope.services
            hit_items = sorted(items & set(scope.cis))
            hit_services = sorted(services & set(scope.services))
            if not (everything or hit_items or hit_services):
                continue
            overlap = next(occurrences(blackout.spec, window.start, window.end), None)
            if overlap is None:
                continue
            what = "everything" if everything else ", ".join(hit_services + hit_items)
            emergency = change.spec.type == "emergency"
            yield Problem(
                record.where.locate(("spec", "window", "start")),
                ("emergency " if emergency else "")
                + f"{change.spec.type} change {record.id!r} falls in blackout "
                f"{blackout_record.id!r} ({overlap[0].isoformat()} to "
                f"{overlap[1].isoformat()}), which covers {what}; move the window outside it",
                record.kind,
                record.id,
                Severity.WARNING if emergency else None,
            )
