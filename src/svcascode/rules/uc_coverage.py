"""A supplier's item under an SLA'd service must be covered by a UC with that supplier.

When an item with ``spec.supplier`` lies in the closure of a service an SLA covers,
some UC whose ``party`` is that supplier must cover it (by ``cis``, or through a service
it realises): otherwise nothing binds the supplier to what the SLA promises. The finding
is on the item's ``supplier``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from svcascode.diagnostics import Problem, Severity
from svcascode.index import Index
from svcascode.model.agreement import Agreement
from svcascode.model.ci import ConfigurationItem
from svcascode.underpinning import covering, sla_scope

ID = "uc-coverage"
SEVERITY = Severity.ERROR


def slad_items(index: Index) -> dict[str, list[str]]:
    """Item id -> the SLAs whose services' closures contain it."""
    scope = sla_scope(index)
    return {ci: scope.of(ci) for ci in scope.masks}


def slad_scope(index: Index) -> Collection[str]:
    """The ids :func:`slad_items` has (the SLAs themselves are only wanted for a
    finding: :meth:`SlaScope.of`)."""
    return sla_scope(index).masks.keys()


def check(index: Index) -> Iterator[Problem]:
    items = index.by_kind.get("ConfigurationItem", {})
    for ci in sorted(slad_scope(index)):
        record = items.get(ci)
        item = record.entity if record is not None else None
        if record is None or not isinstance(item, ConfigurationItem) or item.spec.supplier is None:
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
        slas = sla_scope(index).of(ci)
        yield Problem(
            record.where.locate(("spec", "supplier")),
            f"{ci} is delivered by {supplier} and underpins {', '.join(sorted(slas))}, but no "
            f"UC with {supplier} covers it; add it to a UC's cis (party: {supplier})",
            record.kind,
            record.id,
        )
