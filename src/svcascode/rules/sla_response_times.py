"""OLAs and UCs under an SLA must respond and resolve at least as fast as it promises.

For every priority an SLA names in ``targets.response`` or ``targets.resolution``, each
OLA or UC underpinning one of its services (covering a service or item in the service's
closure, or named in ``underpinned_by``) that sets a target for the same priority must
set one no longer. The finding is on the SLA's number and names the slower agreement.
"""

from __future__ import annotations

from collections.abc import Iterator

from svcascode.diagnostics import Problem, Severity
from svcascode.index import Index
from svcascode.model.agreement import Agreement
from svcascode.model.types import format_duration
from svcascode.underpinning import sla_underpinnings

ID = "sla-response-times"
SEVERITY = Severity.ERROR


def check(index: Index) -> Iterator[Problem]:
    for record, sla in index.items(Agreement):
        if sla.spec.type != "SLA":
            continue
        below = sla_underpinnings(index, record.id)
        for measure in ("response", "resolution"):
            promised = getattr(sla.spec.targets, measure)
            if not promised:
                continue
            # Each underpinning agreement's targets of this measure, looked up once.
            targets = []
            for ident in below:
                under = index.entity(Agreement, ident)
                if under is not None:
                    targets.append((ident, getattr(under.spec.targets, measure)))
            for priority, limit in sorted(promised.items()):
                slower = []
                for ident, theirs_by_priority in targets:
                    theirs = theirs_by_priority.get(priority)
                    if theirs is not None and theirs > limit:
                        slower.append(f"{ident} ({format_duration(theirs)})")
                if slower:
                    yield Problem(
                        record.where.locate(("spec", "targets", measure, priority)),
                        f"SLA promises {measure} within {format_duration(limit)} for {priority} "
                        f"but {', '.join(slower)} {'is' if len(slower) == 1 else 'are'} slower; "
                        "the underpinning agreements must be at least as fast",
                        record.kind,
                        record.id,
                    )
