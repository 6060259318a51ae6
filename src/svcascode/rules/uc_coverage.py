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
from svcascode.underpinning import closure_services, covering

ID = "uc-coverage"
SEVERITY = Severity.ERROR


def slad_items(index: Index) -> dict[str, list[str]]:
    """Item id -> the SLAs whose services' closures contain it."""
    return index.memo("slad-items", None, lambda: _slad_items(index))


def _slad_items(index: Index) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for record, agreement in index.items(Agreement):
        if agreement.spec.type == "SLA":
            for ci in _below(index, _roots(index, agreement.spec.services)):
                found.setdefault(ci, []).append(record.id)
    return found


def slad_scope(index: Index) -> frozenset[str]:
    """The ids :func:`slad_items` has, in one walk (the SLAs themselves, which take a walk
    per SLA, are only wanted for a finding)."""
    return index.memo("slad-scope", None, lambda: frozenset(_below(index, _slad_roots(index))))


def _slad_roots(index: Index) -> set[str]:
    services = [
        service
        for _, agreement in index.items(Agreement)
        if agreement.spec.type == "SLA"
        for service in agreement.spec.services
    ]
    return _roots(index, services)


def _roots(index: Index, services: list[str]) -> set[str]:
    """The items the closures of ``services`` start from."""
    return {
        ci
        for service in services
        for name in closure_services(index, service)
        for ci in index.service_cis.get(name, ())
    }


def _below(index: Index, roots: set[str]) -> set[str]:
    """``roots`` and everything they need: the union of their closures' items."""
    needed = index.needed
    seen = set(roots)
    stack = list(roots)
    while stack:
        for member in needed.get(stack.pop(), ()):
            if member not in seen:
                seen.add(member)
                stack.append(member)
    return seen


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
        slas = slad_items(index)[ci]
        yield Problem(
            record.where.locate(("spec", "supplier")),
            f"{ci} is delivered by {supplier} and underpins {', '.join(sorted(slas))}, but no "
            f"UC with {supplier} covers it; add it to a UC's cis (party: {supplier})",
            record.kind,
            record.id,
        )
