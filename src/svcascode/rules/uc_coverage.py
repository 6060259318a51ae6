"""A supplier's item under an SLA'd service must be covered by a UC with that supplier.

When an item with ``spec.supplier`` lies in the closure of a service an SLA covers,
some UC whose ``party`` is that supplier must cover it (by ``cis``, or through a service
it realises): otherwise nothing binds the supplier to what the SLA promises. The finding
is on the item's ``supplier``.
"""

from __future__ import annotations

from collections.abc import Iterator

from svcascode.diagnostics import Problem, Severity
from svcascode.index import Index
from svcascode.model.agreement import Agreement
from svcascode.model.ci import ConfigurationItem
from svcascode.underpinning import closure, covering

ID = "uc-coverage"
SEVERITY = Severity.ERROR


def slad_items(index: Index) -> dict[str, list[str]]:
    """Item id -> the SLAs whose services' closures contain it."""
    return index.memo("slad-items", None, lambda: _slad_items(index))


def _slad_items(index: Index) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for record, agreement in index.items(Agreement):
        if agreement.spec.type != "SLA":
            continue
        for service in agreement.spec.services:
            for ci in closure(index, service).items:
                slas = found.setdefault(ci, [])
                if record.id not in slas:
                    slas.append(record.id)
    return found


def check(index: Index) -> Iterator[Problem]:
    for ci, slas in sorted(slad_items(index).items()):
        record = index.get("ConfigurationItem", ci)
        item = index.entity(ConfigurationItem, ci)
        if record is None or item is None or item.spec.supplier is None:
            continue
        supplier = item.spec.supplier
        ucs = [
            ident
            for ident in covering(index, ci)
            if (a := index.entity(Agreement, ident)) is not None
            and a.spec.type == "UC"
            and a.spec.party == supplier
        ]
        if ucs:
            continue
        yield Problem(
            record.where.locate(("spec", "supplier")),
            f"{ci} is delivered by {supplier} and underpins {', '.join(sorted(slas))}, but no "
            f"UC with {supplier} covers it; add it to a UC's cis (party: {supplier})",
            record.kind,
            record.id,
        )
