"""What a change touches: items, services, agreements, customers, risk and approvers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from svcascode.changeset import ChangeSet, EntityChange
from svcascode.index import CI, EntityKey, Index
from svcascode.model.agreement import Agreement
from svcascode.model.change import Change
from svcascode.model.parties import Customer
from svcascode.propagation import Spread, State, spread

CHANGED = "changed"
"""The state of an entity whose definition changed but which nothing interrupts."""


@dataclass(frozen=True)
class CustomerImpact:
    """A customer with an affected SLA."""

    id: str
    title: str
    users: int
    state: str
    agreements: tuple[str, ...]


@dataclass
class Seeds:
    """Where an impact analysis starts."""

    changed: list[EntityChange] = field(default_factory=list)
    cis: set[str] = field(default_factory=set)
    """Items taken as interrupted (changed items, items of change documents, given ids)."""
    services: set[str] = field(default_factory=set)
    """Services taken as interrupted (given ids)."""
    deleted_cis: set[str] = field(default_factory=set)
    """Items deleted: their dependents are found on the base revision's graph."""
    changes: list[str] = field(default_factory=list)
    """Change documents in scope."""

    def without(self, keys: set[EntityKey]) -> Seeds:
        """These seeds less the given entities (``--exclude``)."""
        return Seeds(
            changed=[c for c in self.changed if c.key not in keys],
            cis={ci for ci in self.cis if (CI, ci) not in keys},
            services={s for s in self.services if ("Service", s) not in keys},
            deleted_cis={ci for ci in self.deleted_cis if (CI, ci) not in keys},
            changes=[c for c in self.changes if ("Change", c) not in keys],
        )


@dataclass
class Impact:
    """The blast radius of a change, with states: ``interrupted``, ``degraded``, ``changed``."""

    changed: list[EntityChange]
    changes: list[str]
    cis: dict[str, str]
    services: dict[str, str]
    agreements: dict[str, str]
    customers: list[CustomerImpact]

    def with_state(self, table: dict[str, str], state: str) -> list[str]:
        return sorted(key for key, value in table.items() if value == state)

    @property
    def interrupted(self) -> dict[str, list[str]]:
        return {
            "cis": self.with_state(self.cis, "interrupted"),
            "services": self.with_state(self.services, "interrupted"),
        }

    @property
    def degraded(self) -> dict[str, list[str]]:
        return {
            "cis": self.with_state(self.cis, "degraded"),
            "services": self.with_state(self.services, "degraded"),
        }

    @property
    def users(self) -> int:
        """Users of customers with an interrupted service under their SLA."""
        return sum(c.users for c in self.customers if c.state == "interrupted")

    @property
    def users_degraded(self) -> int:
        return sum(c.users for c in self.customers if c.state == "degraded")


def seeds_from_keys(index: Index, keys: Iterable[EntityKey]) -> Seeds:
    """Seeds for explicitly named entities: items and services are taken as interrupted,
    change documents contribute their items, anything else counts as changed."""
    seeds = Seeds()
    for kind, ident in keys:
        record = index.get(kind, ident)
        path = record.where.path if record is not None else ""
        if kind == CI:
            seeds.cis.add(ident)
        elif kind == "Service":
            seeds.services.add(ident)
        elif kind == "Change":
            change = index.entity(Change, ident)
            if change is not None:
                seeds.changes.append(ident)
                seeds.cis.update(change.spec.cis)
            continue
        seeds.changed.append(EntityChange(kind, ident, "named", path))
    return seeds


def seeds_from_changeset(changeset: ChangeSet) -> Seeds:
    """Seeds for the entities that differ between two revisions."""
    seeds = Seeds(changed=list(changeset.changes))
    for change in changeset.changes:
        if change.kind == CI:
            target = seeds.deleted_cis if change.status == "deleted" else seeds.cis
            target.add(change.id)
        elif change.kind == "Change" and change.status != "deleted":
            document = changeset.head.entity(Change, change.id)
            if document is not None:
                seeds.changes.append(change.id)
                seeds.cis.update(document.spec.cis)
    return seeds


def analyse(index: Index, seeds: Seeds, base: Index | None = None) -> Impact:
    """The impact of ``seeds`` on ``index`` (deleted items spread on ``base``)."""
    reach = spread(index, seeds.cis, seeds.services)
    if seeds.deleted_cis and base is not None:
        reach.merge(spread(base, seeds.deleted_cis))
    cis = _labels(reach.cis)
    services = _labels(reach.services)
    changed_of = {c.key: c for c in seeds.changed}
    for change in seeds.changed:
        if change.kind == CI:
            cis.setdefault(change.id, CHANGED)
        elif change.kind == "Service":
            services.setdefault(change.id, CHANGED)
    agreements = _agreements(index, reach, changed_of)
    return Impact(
        changed=list(seeds.changed),
        changes=sorted(set(seeds.changes)),
        cis=dict(sorted(cis.items())),
        services=dict(sorted(services.items())),
        agreements=dict(sorted(agreements.items())),
        customers=_customers(index, agreements),
    )


def _labels(states: dict[str, State]) -> dict[str, str]:
    return {key: state.label for key, state in states.items() if state is not State.OK}


def _agreements(
    index: Index, reach: Spread, changed: dict[EntityKey, EntityChange]
) -> dict[str, str]:
    found: dict[str, str] = {}
    candidates: set[str] = set()
    for service in reach.services:
        candidates |= index.covered_by.get(("Service", service), set())
    for ci in reach.cis:
        candidates |= index.covered_by.get((CI, ci), set())
    candidates |= {key[1] for key in changed if key[0] == "Agreement"}
    for ident in sorted(candidates):
        agreement = index.entity(Agreement, ident)
        if agreement is None:
            continue
        spec = agreement.spec
        state = max(
            [reach.services.get(s, State.OK) for s in spec.services]
            + [reach.cis.get(ci, State.OK) for ci in spec.cis],
            default=State.OK,
        )
        if state is not State.OK:
            found[ident] = state.label
        elif ("Agreement", ident) in changed:
            found[ident] = CHANGED
    return found


_RANK = {"interrupted": 3, "degraded": 2, CHANGED: 1}


def _customers(index: Index, agreements: dict[str, str]) -> list[CustomerImpact]:
    by_customer: dict[str, list[str]] = {}
    for ident in agreements:
        agreement = index.entity(Agreement, ident)
        if agreement is not None and agreement.spec.type == "SLA":
            by_customer.setdefault(agreement.spec.party, []).append(ident)
    found = []
    for ident, slas in sorted(by_customer.items()):
        customer = index.entity(Customer, ident)
        state = max((agreements[s] for s in slas), key=lambda s: _RANK[s])
        found.append(
            CustomerImpact(
                id=ident,
                title=customer.title if customer else ident,
                users=(customer.spec.users or 0) if customer else 0,
                state=state,
                agreements=tuple(sorted(slas)),
            )
        )
    return found
