"""A normal change that interrupts an SLA'd service must fall in an agreed window.

When a normal change interrupts (by its blast radius) a service covered by an SLA that
lists ``maintenance_windows``, its window must lie entirely inside one occurrence of one
of those ChangeWindows whose scope includes the service or one of the change's items (an
empty scope includes everything). The finding is on the change's window start and names
the windows the customer agreed.
"""

from __future__ import annotations

from collections.abc import Iterator

from svcascode.diagnostics import Problem, Severity
from svcascode.index import Index
from svcascode.model.agreement import Agreement
from svcascode.model.change import Change, ChangeWindow
from svcascode.propagation import State, spread
from svcascode.windows import occurrences

ID = "maintenance-window"
SEVERITY = Severity.ERROR


def _inside(
    index: Index,
    window_id: str,
    change: Change,
    services: set[str],
    within: dict[str, bool],
) -> bool:
    """Whether the change is in an occurrence of the window and the window's scope
    includes the services or one of the change's items (``within``: whether the change
    lies in an occurrence, by window, as found so far for this change)."""
    window = index.entity(ChangeWindow, window_id)
    if window is None or window.spec.type != "maintenance":
        return False
    scope = window.spec.scope
    relevant = (
        (not scope.cis and not scope.services)
        or set(scope.cis) & set(change.spec.cis)
        or set(scope.services) & services
    )
    if not relevant:
        return False
    if window_id not in within:
        start, end = change.spec.window.start, change.spec.window.end
        within[window_id] = any(
            begin <= start and end <= finish
            for begin, finish in occurrences(window.spec, start, end)
        )
    return within[window_id]


def check(index: Index) -> Iterator[Problem]:
    slas = [
        (a, frozenset(a.spec.services))
        for _, a in index.items(Agreement)
        if a.spec.type == "SLA" and a.spec.maintenance_windows
    ]
    for record, change in index.items(Change):
        if change.spec.type != "normal" or change.spec.window.end <= change.spec.window.start:
            continue
        reach = spread(index, change.spec.cis)
        down = {s for s, state in reach.services.items() if state is State.INTERRUPTED}
        if not down:
            continue
        within: dict[str, bool] = {}
        for sla, services in slas:
            hit = sorted(down & services)
            windows = sla.spec.maintenance_windows
            if not hit:
                continue
            if any(_inside(index, w, change, set(hit), within) for w in windows):
                continue
            yield Problem(
                record.where.locate(("spec", "window", "start")),
                f"normal change {record.id} interrupts {', '.join(hit)} under "
                f"{sla.spec.party}'s SLA outside its agreed maintenance windows "
                f"({', '.join(windows)}); move it into one of them",
                record.kind,
                record.id,
            )
