"""The index: entities by kind and id, resolved references and the dependency graphs.

Every consumer (rules, impact, schedule, site) asks the index; none re-reads files.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar, cast

from svcascode.loader.load import Broken, LoadResult, Record
from svcascode.loader.yamlparse import PathKey
from svcascode.model.agreement import Agreement
from svcascode.model.base import Entity
from svcascode.model.change import Change, ChangePolicy
from svcascode.model.ci import AnyOf, ConfigurationItem, Edge
from svcascode.model.kinds import KINDS
from svcascode.model.refs import iter_references
from svcascode.model.service import Service

E = TypeVar("E", bound=Entity)
T = TypeVar("T")

CI = "ConfigurationItem"
EntityKey = tuple[str, str]
"""``(kind, id)``: an entity's identity across kinds."""


@dataclass(frozen=True)
class Reference:
    """A field of ``source`` naming an entity of ``kind`` by ``target`` id."""

    source: Record
    path: PathKey
    kind: str
    target: str


@dataclass(frozen=True)
class Need:
    """What one item needs: one item, or at least ``min`` of a redundancy group."""

    members: tuple[str, ...]
    min: int
    relation: str
    path: PathKey

    @property
    def redundant(self) -> bool:
        return len(self.members) > self.min


@dataclass
class Index:
    """Entities by kind and id, references and graphs, built once from a load."""

    load: LoadResult
    as_of: date = field(default_factory=date.today)
    """The day rules judge dates against (validity, reviews); ``svc lint --as-of``."""
    by_kind: dict[str, dict[str, Record]] = field(default_factory=dict)
    duplicates: list[tuple[Record, Record]] = field(default_factory=list)
    broken: dict[tuple[str, str], Broken] = field(default_factory=dict)
    references: list[Reference] = field(default_factory=list)
    needs: dict[str, list[Need]] = field(default_factory=dict)
    """Item id -> what it needs (edges point from the dependent to what it needs)."""
    needed_by: dict[str, set[str]] = field(default_factory=dict)
    """Item id -> the items that need it."""
    service_cis: dict[str, list[str]] = field(default_factory=dict)
    ci_services: dict[str, set[str]] = field(default_factory=dict)
    service_needed_by: dict[str, set[str]] = field(default_factory=dict)
    """Service id -> the services whose ``depends_on`` names it."""
    covered_by: dict[EntityKey, set[str]] = field(default_factory=dict)
    """Service or item key -> the agreements whose ``services`` or ``cis`` name it."""
    requires: dict[EntityKey, set[EntityKey]] = field(default_factory=dict)
    """The entity graph, dependent -> what it needs, across kinds: an item needs the items
    it depends on; a service its items and the services it depends on; an agreement its
    services, items and the agreements underpinning it; a customer its SLAs; a change the
    items it touches. What a change to X reaches is everything that requires X."""
    required_by: dict[EntityKey, set[EntityKey]] = field(default_factory=dict)
    """The reverse of :attr:`requires`."""
    _memo: dict[str, dict[Hashable, object]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, load: LoadResult, as_of: date | None = None) -> Index:
        index = cls(load=load) if as_of is None else cls(load=load, as_of=as_of)
        index.by_kind = {kind: {} for kind in KINDS}
        for record in load.records:
            table = index.by_kind.setdefault(record.kind, {})
            first = table.get(record.id)
            if first is not None:
                index.duplicates.append((first, record))
                continue
            table[record.id] = record
        for broken in load.broken:
            index.broken.setdefault((broken.kind, broken.id), broken)
        for table in index.by_kind.values():
            for record in table.values():
                for path, kind, target in iter_references(record.entity):
                    index.references.append(Reference(record, path, kind, target))
        index._build_graphs()
        return index

    def _build_graphs(self) -> None:
        needed_by: dict[str, set[str]] = defaultdict(set)
        for record, item in self.items(ConfigurationItem):
            needs: list[Need] = []
            for i, dep in enumerate(item.spec.depends_on):
                path: PathKey = ("spec", "depends_on", i)
                if isinstance(dep, str):
                    needs.append(Need((dep,), 1, "uses", path))
                elif isinstance(dep, Edge):
                    needs.append(Need((dep.ci,), 1, dep.relation, path))
                elif isinstance(dep, AnyOf):
                    needs.append(Need(tuple(dep.any_of), dep.min, dep.relation, path))
            self.needs[record.id] = needs
            for need in needs:
                for member in need.members:
                    needed_by[member].add(record.id)
        self.needed_by = dict(needed_by)
        ci_services: dict[str, set[str]] = defaultdict(set)
        for record, service in self.items(Service):
            self.service_cis[record.id] = list(service.spec.cis)
            for ci in service.spec.cis:
                ci_services[ci].add(record.id)
        self.ci_services = dict(ci_services)
        self._build_entity_graph()

    def _build_entity_graph(self) -> None:
        requires: dict[EntityKey, set[EntityKey]] = defaultdict(set)
        for ci, needs in self.needs.items():
            for need in needs:
                requires[(CI, ci)].update((CI, m) for m in need.members)
        for record, service in self.items(Service):
            key = ("Service", record.id)
            requires[key].update((CI, ci) for ci in service.spec.cis)
            requires[key].update(("Service", s) for s in service.spec.depends_on)
        for record, agreement in self.items(Agreement):
            key = ("Agreement", record.id)
            spec = agreement.spec
            requires[key].update(("Service", s) for s in spec.services)
            requires[key].update((CI, ci) for ci in spec.cis)
            requires[key].update(("Agreement", a) for a in spec.underpinned_by)
            if spec.type == "SLA":
                requires[("Customer", spec.party)].add(key)
        for record, change in self.items(Change):
            requires[("Change", record.id)].update((CI, ci) for ci in change.spec.cis)
        service_needed_by: dict[str, set[str]] = defaultdict(set)
        covered_by: dict[EntityKey, set[str]] = defaultdict(set)
        for (kind, ident), targets in requires.items():
            for target_kind, target in targets:
                if kind == "Service" and target_kind == "Service":
                    service_needed_by[target].add(ident)
                elif kind == "Agreement" and target_kind in ("Service", CI):
                    covered_by[(target_kind, target)].add(ident)
        self.service_needed_by = dict(service_needed_by)
        self.covered_by = dict(covered_by)
        required_by: dict[EntityKey, set[EntityKey]] = defaultdict(set)
        for source, needed in requires.items():
            for key in needed:
                required_by[key].add(source)
        self.requires = dict(requires)
        self.required_by = dict(required_by)

    def entity_keys(self) -> Iterator[EntityKey]:
        """Every valid entity's ``(kind, id)``."""
        for kind, table in self.by_kind.items():
            for ident in table:
                yield (kind, ident)

    def items_of_policy(self) -> Iterator[tuple[Record, ChangePolicy]]:
        """The change policy (at most one is valid; the first in path order wins)."""
        records = sorted(self.items(ChangePolicy), key=lambda pair: pair[0].where.path)
        yield from records[:1]

    def record(self, key: EntityKey) -> Record | None:
        return self.get(key[0], key[1])

    def get(self, kind: str, ident: str) -> Record | None:
        return self.by_kind.get(kind, {}).get(ident)

    def records(self, kind: str) -> list[Record]:
        return list(self.by_kind.get(kind, {}).values())

    def items(self, model: type[E]) -> Iterator[tuple[Record, E]]:
        """Every record of ``model``'s kind with its entity typed as ``model``."""
        for record in self.by_kind.get(model.__name__, {}).values():
            entity = record.entity
            if isinstance(entity, model):
                yield record, entity

    def entity(self, model: type[E], ident: str) -> E | None:
        record = self.get(model.__name__, ident)
        return record.entity if record is not None and isinstance(record.entity, model) else None

    def entity_of(self, kind: str, ident: str) -> Entity | None:
        """The entity of any kind, untyped (for titles and metadata)."""
        record = self.get(kind, ident)
        return record.entity if record is not None else None

    def resolve(self, reference: Reference) -> Record | None:
        return self.get(reference.kind, reference.target)

    def kinds_with_id(self, ident: str) -> list[str]:
        """Kinds that have an entity (valid or broken) with this id."""
        found = [kind for kind, table in self.by_kind.items() if ident in table]
        found += [kind for kind, i in self.broken if i == ident and kind not in found]
        return sorted(found)

    def memo(self, space: str, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, remembered under ``(space, key)`` for the life of this index.

        The index never changes once built, so analyses that consumers repeat (closures,
        coverage, feasibility) are computed once per index and key.
        """
        table = self._memo.setdefault(space, {})
        if key not in table:
            table[key] = compute()
        return cast(T, table[key])

    def dependencies_of(self, ci: str) -> frozenset[str]:
        """Every item ``ci`` needs, directly or through others."""
        return self.memo("dependencies", ci, lambda: frozenset(self._dependencies(ci)))

    def _dependencies(self, ci: str) -> set[str]:
        seen: set[str] = set()
        stack = [ci]
        while stack:
            for need in self.needs.get(stack.pop(), ()):
                for member in need.members:
                    if member not in seen:
                        seen.add(member)
                        stack.append(member)
        return seen

    def dependents_of(self, ci: str) -> set[str]:
        """Every item that needs ``ci``, directly or through others."""
        seen: set[str] = set()
        stack = [ci]
        while stack:
            for dependent in self.needed_by.get(stack.pop(), ()):
                if dependent not in seen:
                    seen.add(dependent)
                    stack.append(dependent)
        return seen
