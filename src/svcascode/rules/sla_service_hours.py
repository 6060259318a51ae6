"""OLAs and UCs under an SLA must be in service whenever the SLA is.

The service hours of each OLA or UC underpinning an SLA's services must cover the SLA's
service hours, compared in real time zones over a year (the SLA's validity from
``valid_from``, or the current year), so that daylight-saving changes count: ``24x7``
under ``mon-fri 08:00-16:00 Europe/Oslo`` fails; ``mon-fri 07:00-17:00 Europe/Oslo`` is
covered by ``mon-fri 06:00-18:00 Europe/Oslo`` but not, in summer, by
``mon-fri 06:00-16:00 UTC``. An agreement without service hours is taken as ``24x7``.
The finding is on the SLA's ``service_hours`` and shows the first gap.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from svcascode.diagnostics import Problem, Severity
from svcascode.hours import describe, describe_gap, uncovered, zone_of
from svcascode.index import Index
from svcascode.model.agreement import Agreement
from svcascode.underpinning import sla_underpinnings

ID = "sla-service-hours"
SEVERITY = Severity.ERROR


def _period(index: Index, sla: Agreement) -> tuple[date, date]:
    """One year of days, both ends included: from ``valid_from``, or the current year."""
    start = sla.spec.valid_from or date(index.as_of.year, 1, 1)
    return start, start + timedelta(days=364)


def _span(start: date, end: date) -> str:
    return str(start.year) if start.year == end.year else f"{start} to {end}"


def check(index: Index) -> Iterator[Problem]:
    for record, sla in index.items(Agreement):
        if sla.spec.type != "SLA":
            continue
        required = sla.spec.service_hours or "24x7"
        start, end = _period(index, sla)
        below = sla_underpinnings(index, record.id)
        for ident in below:
            under = index.entity(Agreement, ident)
            if under is None:
                continue
            provided = under.spec.service_hours or "24x7"
            gaps = uncovered(required, provided, start, end)
            if not gaps:
                continue
            zone = zone_of(required, provided)
            yield Problem(
                record.where.locate(("spec", "service_hours")),
                f"SLA service hours ({describe(required)}) are not covered by {ident} "
                f"({describe(provided)}): {len(gaps)} gap(s) in {_span(start, end)}, first "
                f"{describe_gap(gaps[0], zone)}; widen {ident}'s hours or narrow the SLA's",
                record.kind,
                record.id,
            )
