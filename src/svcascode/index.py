"""The index: entities by kind and id, resolved references and the dependency graphs.

Every consumer (rules, impact, schedule, site) asks the index; none re-reads files.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple, TypeVar, cast

from svcascode.loader.load import Broken, LoadResult, Record
from svcascode.loader.yamlparse import PathKey
from svcascode.model.agreement import Agreement
from svcascode.model.base import Entity
from svcascode.model.change import Change, ChangePolicy
from svcascode.model.ci import AnyOf, ConfigurationItem, Edge
from svcascode.model.kinds import KINDS
from svcascode.model.refs import iter_references, unresolved_references
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


class Need(NamedTuple):
    """What one item needs: one item, or at least ``min`` of a redundancy group.

    A named tuple, not a frozen dataclass: a hundred thousand items make as many of these,
    and a tuple is made in a fraction of the time."""

    members: tuple[str, ...]
    min: int
    relation: str
    path: PathKey

    @property
    def redundant(self) -> bool:
        return len(self.members) > self.min


@dataclass
class Graphs:
    """The dependency graphs of an index's items, services and agreements."""

    needs: dict[str, list[Need]] = field(default_factory=dict)
    """Item id -> what it needs (edges point from the dependent to what it needs)."""
    needed: dict[str, list[str]] = field(default_factory=dict)
    """Item id -> every id its needs name, group members included, in order (repeats
    kept): the plain graph of :attr:`needs`."""
    needed_by: dict[str, set[str]] = field(default_factory=dict)
    """Item id -> the items that need it."""
    service_cis: dict[str, list[str]] = field(default_factory=dict)
    ci_services: dict[str, set[str]] = field(default_factory=dict)
    service_needed_by: dict[str, set[str]] = field(default_factory=dict)
    """Service id -> the services whose ``depends_on`` names it."""
    covered_by: dict[EntityKey, set[str]] = field(default_factory=dict)
    """Service or item key -> the agreements whose ``services`` or ``cis`` name it."""


@dataclass
class Index:
    """Entities by kind and id, references and graphs, built once from a load."""

    load: LoadResult
    as_of: date = field(default_factory=date.today)
    """The day rules judge dates against (validity, reviews); ``svc lint --as-of``."""
    by_kind: dict[str, dict[str, Record]] = field(default_factory=dict)
    duplicates: list[tuple[Record, Record]] = field(default_factory=list)
    broken: dict[tuple[str, str], Broken] = field(default_factory=dict)
    _memo: dict[str, dict[Hashable, object]] = field(default_factory=dict, repr=False)
    _graphs: Graphs | None = field(default=None, repr=False)

    @classmethod
    def build(cls, load: LoadResult, as_of: date | None = None, graphs: bool = True) -> Index:
        """The index of ``load``; its graphs are built now, or with ``graphs=False`` when
        first asked for (the base side of a diff may never need them)."""
        index = cls(load=load) if as_of is None else cls(load=load, as_of=as_of)
        by_kind: dict[str, dict[str, Record]] = {kind: {} for kind in KINDS}
        index.by_kind = by_kind
        for record in load.records:
            entity = record.entity  # record.kind and record.id, without two properties each
            table = by_kind.get(entity.kind)
            if table is None:
                table = by_kind[entity.kind] = {}
            ident = entity.metadata.id
            first = table.get(ident)
            if first is not None:
                index.duplicates.append((first, record))
                continue
            table[ident] = record
        for broken in load.broken:
            index.broken.setdefault((broken.kind, broken.id), broken)
        if graphs:
            index.graphs()
        return index

    def graphs(self) -> Graphs:
        """The dependency graphs (built on first use)."""
        if self._graphs is None:
            self._graphs = self._build_graphs()
        return self._graphs

    @property
    def needs(self) -> dict[str, list[Need]]:
        """Item id -> what it needs (edges point from the dependent to what it needs)."""
        return self.graphs().needs

    @property
    def needed(self) -> dict[str, list[str]]:
        """Item id -> every id its needs name, group members included, in order (repeats
        kept): the plain graph of :attr:`needs`."""
        return self.graphs().needed

    @property
    def needed_by(self) -> dict[str, set[str]]:
        """Item id -> the items that need it."""
        return self.graphs().needed_by

    @property
    def service_cis(self) -> dict[str, list[str]]:
        """Service id -> its ``cis``."""
        return self.graphs().service_cis

    @property
    def ci_services(self) -> dict[str, set[str]]:
        """Item id -> the services whose ``cis`` name it."""
        return self.graphs().ci_services

    @property
    def service_needed_by(self) -> dict[str, set[str]]:
        """Service id -> the services whose ``depends_on`` names it."""
        return self.graphs().service_needed_by

    @property
    def covered_by(self) -> dict[EntityKey, set[str]]:
        """Service or item key -> the agreements whose ``services`` or ``cis`` name it."""
        return self.graphs().covered_by

    @property
    def references(self) -> list[Reference]:
        """Every reference of every valid entity, by kind and then as loaded."""
        return self.memo("references", None, lambda: list(self._references()))

    def unresolved_references(self) -> list[Reference]:
        """The references naming no valid entity of their kind and no broken document of
        it (what the reference rules look at; worked out without the others)."""
        return self.memo("unresolved-references", None, self._unresolved)

    def _unresolved(self) -> list[Reference]:
        by_kind, broken = self.by_kind, self.broken
        found: list[Reference] = []
        for table in by_kind.values():
            for record in table.values():
                for path, kind, target in unresolved_references(record.entity, by_kind, broken):
                    found.append(Reference(record, path, kind, target))
        return found

    def _references(self) -> Iterator[Reference]:
        for table in self.by_kind.values():
            for record in table.values():
                for path, kind, target in iter_references(record.entity):
                    yield Reference(record, path, kind, target)

    def _build_graphs(self) -> Graphs:
        built = Graphs()
        needed_by: dict[str, set[str]] = defaultdict(set)
        needs_of, needed_of = built.needs, built.needed
        paths: list[PathKey] = []
        for ident, record in self.by_kind.get(CI, {}).items():
            item = record.entity
            if not isinstance(item, ConfigurationItem):
                continue
            needs: list[Need] = []
            needed: list[str] = []
            depends_on = item.spec.depends_on
            while len(paths) < len(depends_on):
                paths.append(("spec", "depends_on", len(paths)))
            for i, dep in enumerate(depends_on):
                if isinstance(dep, str):
                    needs.append(Need((dep,), 1, "uses", paths[i]))
                    needed.append(dep)
                    needed_by[dep].add(ident)
                    continue
                if isinstance(dep, Edge):
                    need = Need((dep.ci,), 1, dep.relation, paths[i])
                elif isinstance(dep, AnyOf):
                    need = Need(tuple(dep.any_of), dep.min, dep.relation, paths[i])
                else:
                    continue
                needs.append(need)
                needed.extend(need.members)
                for member in need.members:
                    needed_by[member].add(ident)
            needs_of[ident] = needs
            needed_of[ident] = needed
        built.needed_by = dict(needed_by)
        ci_services: dict[str, set[str]] = defaultdict(set)
        service_needed_by: dict[str, set[str]] = defaultdict(set)
        covered_by: dict[EntityKey, set[str]] = defaultdict(set)
        for ident, record in self.by_kind.get("Service", {}).items():
            service = record.entity
            if not isinstance(service, Service):
                continue
            built.service_cis[ident] = list(service.spec.cis)
            for ci in service.spec.cis:
                ci_services[ci].add(ident)
            for other in service.spec.depends_on:
                service_needed_by[other].add(ident)
        built.ci_services = dict(ci_services)
        for ident, record in self.by_kind.get("Agreement", {}).items():
            agreement = record.entity
            if not isinstance(agreement, Agreement):
                continue
            for name in agreement.spec.services:
                covered_by[("Service", name)].add(ident)
            for ci in agreement.spec.cis:
                covered_by[(CI, ci)].add(ident)
        built.service_needed_by = dict(service_needed_by)
        built.covered_by = dict(covered_by)
        return built

    @property
    def requires(self) -> dict[EntityKey, set[EntityKey]]:
        """The entity graph, dependent -> what it needs, across kinds: an item needs the
        items it depends on; a service its items and the services it depends on; an
        agreement its services, items and the agreements underpinning it; a customer its
        SLAs; a change the items it touches. What a change to X reaches is everything that
        requires X. Built when first asked (linting never asks)."""
        return self._entity_graph()[0]

    @property
    def required_by(self) -> dict[EntityKey, set[EntityKey]]:
        """The reverse of :attr:`requires`."""
        return self._entity_graph()[1]

    def _entity_graph(
        self,
    ) -> tuple[dict[EntityKey, set[EntityKey]], dict[EntityKey, set[EntityKey]]]:
        return self.memo("entity-graph", None, self._build_entity_graph)

    def _build_entity_graph(
        self,
    ) -> tuple[dict[EntityKey, set[EntityKey]], dict[EntityKey, set[EntityKey]]]:
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
        required_by: dict[EntityKey, set[EntityKey]] = defaultdict(set)
        for source, needed in requires.items():
            for key in needed:
                required_by[key].add(source)
        return dict(requires), dict(required_by)

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
        table = self.by_kind.get(kind)
        return table.get(ident) if table is not None else None

    def records(self, kind: str) -> list[Record]:
        return list(self.by_kind.get(kind, {}).values())

    def items(self, model: type[E]) -> Iterator[tuple[Record, E]]:
        """Every record of ``model``'s kind with its entity typed as ``model``."""
        for record in self.by_kind.get(model.__name__, {}).values():
            entity = record.entity
            if isinstance(entity, model):
                yield record, entity

    def entity(self, model: type[E], ident: str) -> E | None:
        table = self.by_kind.get(model.__name__)
        record = table.get(ident) if table is not None else None
        if record is None:
            return None
        entity = record.entity
        return entity if isinstance(entity, model) else None

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
        needed = self.needed
        while stack:
            for member in needed.get(stack.pop(), ()):
                if member not in seen:
                    seen.add(member)
                    stack.append(member)
        return seen

    def members_needed(self, ci: str) -> list[str]:
        """What :attr:`needed` lists for ``ci`` (nothing for an id that is no item)."""
        return self.needed.get(ci, [])

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
