"""An SLA must not promise more availability than its underpinnings allow.

For every service an SLA covers, the availability the OLAs and UCs under it allow is
computed from the service's closure: the targets of the distinct agreements covering its
items multiply along dependencies (serial), redundancy groups count as k-of-n (parallel),
see ``svc explain``. When the SLA's ``targets.availability`` exceeds that figure, the
finding on the SLA's number names the weakest links and the computed figure. Items that
no OLA or UC covers count as 100% and are named, since the figure is then optimistic.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from svcascode.diagnostics import Problem, Severity
from svcascode.index import Index
from svcascode.model.agreement import Agreement
from svcascode.underpinning import feasibility

ID = "sla-availability"
SEVERITY = Severity.ERROR
EPSILON = 1e-9


def _percent(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".") + "%"


def _at_most(value: float) -> str:
    """Rounded down: the figure shown must never exceed what is allowed."""
    return _percent(math.floor(value * 10_000) / 10_000)


def check(index: Index) -> Iterator[Problem]:
    for record, agreement in index.items(Agreement):
        spec = agreement.spec
        promised = spec.targets.availability
        if spec.type != "SLA" or promised is None:
            continue
        for service in spec.services:
            result = feasibility(index, service)
            if promised <= result.percent + EPSILON:
                continue
            weakest = [f"{a} ({_percent(v * 100)})" for a, v in result.weakest()]
            links = " and ".join(weakest) if weakest else "its items"
            message = (
                f"SLA promises {_percent(promised)} for {service} but {links} allow at most "
                f"{_at_most(result.percent)}"
            )
            for items, why in (
                (result.unknown, "which no OLA or UC covers"),
                (result.untargeted, "whose agreements state no availability"),
            ):
                if items:
                    shown = ", ".join(items[:5])
                    more = f" and {len(items) - 5} more" if len(items) > 5 else ""
                    message += f" (even counting {shown}{more}, {why}, as 100%)"
            yield Problem(
                record.where.locate(("spec", "targets", "availability")),
                message + "; lower the promise or strengthen the underpinning agreements",
                record.kind,
                record.id,
            )
