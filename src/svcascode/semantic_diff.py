"""The semantic change between two revisions, in the terms of service management.

:func:`semantic_diff` reads a :class:`~svcascode.changeset.ChangeSet` and says, for each
entity that differs, what the difference means: a service retired, brought live or
re-scoped; an agreement's targets, hours or validity weakened or strengthened (a weakened
SLA needs the customer's consent); an item re-parented or retired; any other entity added,
removed or edited with the fields named. Pure functions over the two indexes; no I/O.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from pydantic import BaseModel

from svcascode.changeset import ChangeSet, EntityChange
from svcascode.index import CI, Index
from svcascode.model.agreement import Agreement, AgreementSpec, Targets
from svcascode.model.base import Entity
from svcascode.model.ci import AnyOf, ConfigurationItem, Dependency, Edge
from svcascode.model.service import Offering, Service
from svcascode.model.types import ServiceHours, format_duration, weekdays

Category = Literal[
    "added",
    "removed",
    "retired",
    "live",
    "rescoped",
    "reparented",
    "weakened",
    "strengthened",
    "edited",
]
Severity = Literal["info", "notice", "warning"]
HoursVerdict = Literal["narrowed", "widened", "changed"]

CATEGORIES: tuple[Category, ...] = (
    "added",
    "removed",
    "retired",
    "live",
    "rescoped",
    "reparented",
    "weakened",
    "strengthened",
    "edited",
)
"""Every category, in the order reports list them."""
SEVERITIES: tuple[Severity, ...] = ("warning", "notice", "info")
PHRASES: dict[Category, str] = {
    "added": "added",
    "removed": "removed",
    "retired": "retired",
    "live": "brought live",
    "rescoped": "re-scoped",
    "reparented": "re-parented",
    "weakened": "weakened",
    "strengthened": "strengthened",
    "edited": "edited",
}
"""How a category reads in a sentence."""

_PRECEDENCE: tuple[Category, ...] = (
    "retired",
    "live",
    "weakened",
    "strengthened",
    "rescoped",
    "reparented",
    "edited",
)
"""An edited entity's category: the first of these its differences argue for."""
_NOTICE: frozenset[Category] = frozenset(
    {"removed", "retired", "rescoped", "reparented", "weakened"}
)
_FULL_DAY = 24 * 60


@dataclass(frozen=True)
class Delta:
    """One difference within an entity and the category it argues for."""

    tag: Category
    text: str
    warn: bool = False
    """Something is left pointing at what changed (a dangling or retired reference)."""


_REORDERED = Delta("edited", "only the order of lists changed")


@dataclass(frozen=True)
class DiffEntry:
    """What the change means for one entity."""

    kind: str
    id: str
    title: str | None
    category: Category
    summary: str
    """One sentence: ``SLA sla-north weakened; needs the customer's consent (north)``."""
    details: tuple[str, ...]
    consent_needed: bool
    severity: Severity
    path: str
    """The file the entity is in (on the base side for a removal)."""
    customer: str | None = None
    """The SLA's customer, for an agreement with a customer."""

    @property
    def consent(self) -> str | None:
        """``needs the customer's consent (<customer id>)`` when consent is needed."""
        return consent_note(self.customer) if self.consent_needed else None


@dataclass(frozen=True)
class DiffSummary:
    """Counts of a diff's entries."""

    total: int
    by_kind: tuple[tuple[str, int], ...]
    by_category: tuple[tuple[Category, int], ...]
    by_severity: tuple[tuple[Severity, int], ...]
    consent_needed: tuple[str, ...]
    """Ids of the SLAs whose change needs the customer's consent."""


@dataclass(frozen=True)
class SemanticDiff:
    """The semantic change from ``base`` to ``head`` (``None``: the working tree)."""

    base: str
    head: str | None
    entries: tuple[DiffEntry, ...]

    @property
    def head_label(self) -> str:
        return self.head if self.head is not None else "working tree"

    @property
    def consent_entries(self) -> tuple[DiffEntry, ...]:
        return tuple(e for e in self.entries if e.consent_needed)

    def by_kind(self) -> tuple[tuple[str, tuple[DiffEntry, ...]], ...]:
        """Entries grouped by kind, kinds in the order of the entries."""
        kinds = list(dict.fromkeys(e.kind for e in self.entries))
        return tuple((k, tuple(e for e in self.entries if e.kind == k)) for k in kinds)

    def summary(self) -> DiffSummary:
        kinds = Counter(e.kind for e in self.entries)
        categories = Counter(e.category for e in self.entries)
        severities = Counter(e.severity for e in self.entries)
        return DiffSummary(
            total=len(self.entries),
            by_kind=tuple((k, kinds[k]) for k, _ in self.by_kind()),
            by_category=tuple((c, categories[c]) for c in CATEGORIES if categories[c]),
            by_severity=tuple((s, severities[s]) for s in SEVERITIES if severities[s]),
            consent_needed=tuple(e.id for e in self.consent_entries),
        )


@dataclass(frozen=True)
class _Sides:
    """One entity as it is on both sides (either may be missing), and both indexes."""

    change: EntityChange
    head: Index
    before: Entity | None
    after: Entity | None


# --------------------------------------------------------------------------- entry point


def semantic_diff(changeset: ChangeSet, base: str, head: str | None = None) -> SemanticDiff:
    """The semantic change of ``changeset``, labelled with the revisions it compares."""
    return SemanticDiff(base, head, diff_entries(changeset))


def diff_entries(changeset: ChangeSet) -> tuple[DiffEntry, ...]:
    """One entry per changed entity, in the change set's order (kind, then id)."""
    found = (entry_for(c, changeset.base, changeset.head) for c in changeset.changes)
    return tuple(entry for entry in found if entry is not None)


def entry_for(change: EntityChange, base: Index, head: Index) -> DiffEntry | None:
    """What ``change`` means, or ``None`` when the entity is on neither side."""
    before, after = base.record(change.key), head.record(change.key)
    sides = _Sides(
        change,
        head,
        before.entity if before is not None else None,
        after.entity if after is not None else None,
    )
    if sides.before is None and sides.after is None:
        return None
    if sides.before is None:
        return _entry(sides, "added", _added_deltas(sides))
    if sides.after is None:
        return _entry(sides, "removed", _removed_deltas(sides))
    deltas = _edited_deltas(sides.before, sides.after, sides.head) or [_REORDERED]
    return _entry(sides, _category(deltas), deltas)


def _category(deltas: Sequence[Delta]) -> Category:
    tags = {d.tag for d in deltas}
    return next((tag for tag in _PRECEDENCE if tag in tags), "edited")


def _entry(sides: _Sides, category: Category, deltas: Sequence[Delta]) -> DiffEntry:
    entity = sides.before if sides.before is not None else sides.after
    assert entity is not None
    customer = _customer(entity)
    consent = customer is not None and category in ("weakened", "removed")
    title = entity.metadata.title
    named = f" ({title})" if title else ""
    summary = f"{_noun(entity)} {entity.id}{named} {PHRASES[category]}"
    return DiffEntry(
        kind=sides.change.kind,
        id=sides.change.id,
        title=title,
        category=category,
        summary=f"{summary}; {consent_note(customer)}" if consent else summary,
        details=tuple(d.text for d in deltas),
        consent_needed=consent,
        severity=_severity(category, consent or any(d.warn for d in deltas)),
        path=sides.change.path,
        customer=customer,
    )


def consent_note(customer: str | None) -> str:
    return f"needs the customer's consent ({customer})"


def _severity(category: Category, warn: bool) -> Severity:
    if warn:
        return "warning"
    return "notice" if category in _NOTICE else "info"


def _customer(entity: Entity) -> str | None:
    """The customer of an SLA (on the base side: the one who agreed to it)."""
    if isinstance(entity, Agreement) and entity.spec.type == "SLA":
        return entity.spec.party
    return None


def _noun(entity: Entity) -> str:
    return entity.spec.type if isinstance(entity, Agreement) else entity.kind


# --------------------------------------------------------------------------- shared helpers


def _show(value: object) -> str:
    """A value as a detail shows it: ``none`` for a missing one, whitespace collapsed."""
    if value is None:
        return "none"
    if isinstance(value, timedelta):
        return format_duration(value)
    if isinstance(value, date):
        return value.isoformat()
    return " ".join(str(value).split())


def _ids(values: Iterable[str]) -> str:
    return ", ".join(sorted(values))


def _value_delta(
    label: str, before: object, after: object, tag: Category = "edited"
) -> list[Delta]:
    if before == after:
        return []
    return [Delta(tag, f"{label}: {_show(before)} -> {_show(after)}")]


def _set_deltas(
    label: str,
    before: Iterable[str],
    after: Iterable[str],
    added: Category = "edited",
    removed: Category = "edited",
) -> list[Delta]:
    """``<label> added: a, b`` and ``<label> removed: c``."""
    old, new = set(before), set(after)
    deltas: list[Delta] = []
    if new - old:
        deltas.append(Delta(added, f"{label} added: {_ids(new - old)}"))
    if old - new:
        deltas.append(Delta(removed, f"{label} removed: {_ids(old - new)}"))
    return deltas


def _dump(value: object) -> dict[str, Any]:
    if isinstance(value, BaseModel):
        # warnings=False: the item dependency union warns on serialising a model instance.
        return value.model_dump(mode="json", by_alias=True, warnings=False)
    return {"": value}


def changed_fields(before: Entity, after: Entity, handled: Iterable[str] = ()) -> list[str]:
    """``metadata.title``, ``spec.members``: the top-level metadata and spec fields that
    differ, leaving out the spec fields in ``handled`` (by their YAML names)."""
    skip = set(handled)
    names: list[str] = []
    for part, old, new in (
        ("metadata", _dump(before.metadata), _dump(after.metadata)),
        ("spec", _dump(before.spec), _dump(after.spec)),
    ):
        for key in sorted(set(old) | set(new)):
            if (part == "spec" and key in skip) or old.get(key) == new.get(key):
                continue
            names.append(f"{part}.{key}" if key else part)
    return names


def _other_fields(
    before: Entity, after: Entity, handled: Iterable[str] = (), label: str = "other fields"
) -> list[Delta]:
    names = changed_fields(before, after, handled)
    return [Delta("edited", f"{label} changed: {', '.join(names)}")] if names else []


def _still(label: str, ids: Iterable[str]) -> list[Delta]:
    """A warning that entities still point at something removed or retired."""
    found = sorted(set(ids))
    return [Delta("edited", f"still {label}: {', '.join(found)}", warn=True)] if found else []


def _edited_deltas(before: Entity, after: Entity, head: Index) -> list[Delta]:
    if isinstance(before, Service) and isinstance(after, Service):
        return service_deltas(before, after, head)
    if isinstance(before, Agreement) and isinstance(after, Agreement):
        return agreement_deltas(before, after)
    if isinstance(before, ConfigurationItem) and isinstance(after, ConfigurationItem):
        return item_deltas(before, after, head)
    return _other_fields(before, after, label="fields")


# --------------------------------------------------------------------------- added, removed


def _added_deltas(sides: _Sides) -> list[Delta]:
    entity = sides.after
    if isinstance(entity, Service):
        text = f"{entity.spec.type} service, lifecycle {entity.spec.lifecycle}"
        return [Delta("added", text)]
    if isinstance(entity, Agreement):
        covers = f"; covers {_ids(entity.spec.services)}" if entity.spec.services else ""
        return [Delta("added", f"{entity.spec.type} with {entity.spec.party}{covers}")]
    if isinstance(entity, ConfigurationItem):
        item = entity.spec
        text = f"{item.class_} in {item.environment}, criticality {item.criticality}"
        return [Delta("added", text)]
    return []


def _removed_deltas(sides: _Sides) -> list[Delta]:
    key, head = sides.change.key, sides.head
    deltas: list[Delta] = []
    if key in head.broken:
        deltas.append(
            Delta("removed", "still in the files but no longer valid; see svc lint", warn=True)
        )
    if key[0] == "Service":
        deltas += _still("covered by agreements", head.covered_by.get(key, ()))
        deltas += _still("needed by services", head.service_needed_by.get(key[1], ()))
    elif key[0] == CI:
        deltas += _still("needed by items", head.needed_by.get(key[1], ()))
        deltas += _still("named by services", head.ci_services.get(key[1], ()))
    return deltas


# --------------------------------------------------------------------------- services


_SERVICE_HANDLED = ("lifecycle", "cis", "depends_on", "offerings", "type", "domain", "parent")


def service_deltas(before: Service, after: Service, head: Index) -> list[Delta]:
    """Lifecycle, scope (items, dependencies, offerings, type, domain, parent), the rest."""
    old, new = before.spec, after.spec
    deltas = _service_lifecycle(old.lifecycle, new.lifecycle)
    if new.lifecycle == "retired" and old.lifecycle != "retired":
        deltas += _still("covered by agreements", head.covered_by.get(("Service", after.id), ()))
        deltas += _still("needed by services", head.service_needed_by.get(after.id, ()))
    deltas += _set_deltas("items", old.cis, new.cis, "rescoped", "rescoped")
    deltas += _set_deltas("dependencies", old.depends_on, new.depends_on, "rescoped", "rescoped")
    deltas += _offering_deltas(old.offerings, new.offerings)
    for label, was, now in (
        ("type", old.type, new.type),
        ("domain", old.domain, new.domain),
        ("parent", old.parent, new.parent),
    ):
        deltas += _value_delta(label, was, now, "rescoped")
    return deltas + _other_fields(before, after, _SERVICE_HANDLED)


def _service_lifecycle(before: str, after: str) -> list[Delta]:
    tag: Category = "retired" if after == "retired" else "live" if after == "live" else "edited"
    return _value_delta("lifecycle", before, after, tag)


def _offering_deltas(before: Sequence[Offering], after: Sequence[Offering]) -> list[Delta]:
    old = {o.id: o for o in before}
    new = {o.id: o for o in after}
    deltas = _set_deltas("offerings", old, new, "rescoped", "rescoped")
    changed = [i for i in old if i in new and old[i] != new[i]]
    if changed:
        deltas.append(Delta("rescoped", f"offerings changed: {_ids(changed)}"))
    return deltas


# --------------------------------------------------------------------------- agreements


_AGREEMENT_HANDLED = (
    "type",
    "party",
    "services",
    "cis",
    "underpinned_by",
    "maintenance_windows",
    "targets",
    "service_hours",
    "valid_from",
    "valid_until",
    "review_by",
    "priority_matrix",
    "price",
    "penalties",
)


def agreement_deltas(before: Agreement, after: Agreement) -> list[Delta]:
    """Coverage, targets, hours and validity weakened or strengthened; terms changed."""
    old, new = before.spec, after.spec
    deltas = _value_delta("type", old.type, new.type) + _value_delta("party", old.party, new.party)
    deltas += _set_deltas("services", old.services, new.services, "strengthened", "weakened")
    deltas += _set_deltas("items", old.cis, new.cis, "strengthened", "weakened")
    deltas += _set_deltas("underpinned by", old.underpinned_by, new.underpinned_by)
    deltas += _set_deltas("maintenance windows", old.maintenance_windows, new.maintenance_windows)
    deltas += target_deltas(old.targets, new.targets)
    deltas += _hours_delta(old.service_hours, new.service_hours)
    deltas += _validity_deltas(old, new)
    deltas += _terms_deltas(old, new)
    return deltas + _other_fields(before, after, _AGREEMENT_HANDLED)


def _terms_deltas(old: AgreementSpec, new: AgreementSpec) -> list[Delta]:
    deltas = _value_delta("review by", old.review_by, new.review_by)
    if old.priority_matrix != new.priority_matrix:
        deltas.append(Delta("edited", "priority matrix changed"))
    deltas += _value_delta("price", old.price, new.price)
    return deltas + _value_delta("penalties", old.penalties, new.penalties)


def target_deltas(before: Targets, after: Targets) -> list[Delta]:
    """Availability lower, a time longer or a priority dropped: weakened; the reverse:
    strengthened."""
    deltas = _availability_deltas(before.availability, after.availability)
    deltas += _time_deltas("response", before.response, after.response)
    return deltas + _time_deltas("resolution", before.resolution, after.resolution)


def _percent(value: float) -> str:
    return f"{value:g}%"


def _availability_deltas(before: float | None, after: float | None) -> list[Delta]:
    if before == after:
        return []
    if after is None:
        assert before is not None
        return [Delta("weakened", f"availability target dropped (was {_percent(before)})")]
    if before is None:
        return [Delta("strengthened", f"availability target added: {_percent(after)}")]
    change = f"{_percent(before)} -> {_percent(after)}"
    if after < before:
        return [Delta("weakened", f"availability lowered: {change}")]
    return [Delta("strengthened", f"availability raised: {change}")]


def _time_deltas(
    label: str, before: dict[str, timedelta], after: dict[str, timedelta]
) -> list[Delta]:
    deltas: list[Delta] = []
    for priority in sorted(set(before) | set(after)):
        old, new = before.get(priority), after.get(priority)
        name = f"{label} {priority}"
        if old == new:
            continue
        if new is None:
            deltas.append(Delta("weakened", f"{name} dropped (was {_show(old)})"))
        elif old is None:
            deltas.append(Delta("strengthened", f"{name} added: {_show(new)}"))
        elif new > old:
            deltas.append(Delta("weakened", f"{name} longer: {_show(old)} -> {_show(new)}"))
        else:
            deltas.append(Delta("strengthened", f"{name} shorter: {_show(old)} -> {_show(new)}"))
    return deltas


def _validity_deltas(old: AgreementSpec, new: AgreementSpec) -> list[Delta]:
    """``valid_until`` earlier or ``valid_from`` later: shortened; the reverse: extended."""
    deltas: list[Delta] = []
    until_old, until_new = old.valid_until or date.max, new.valid_until or date.max
    if until_old != until_new:
        verb = "shortened" if until_new < until_old else "extended"
        deltas.append(_validity(verb, "valid_until", old.valid_until, new.valid_until))
    from_old, from_new = old.valid_from or date.min, new.valid_from or date.min
    if from_old != from_new:
        verb = "shortened" if from_new > from_old else "extended"
        deltas.append(_validity(verb, "valid_from", old.valid_from, new.valid_from))
    return deltas


def _validity(verb: str, field: str, before: date | None, after: date | None) -> Delta:
    tag: Category = "weakened" if verb == "shortened" else "strengthened"
    return Delta(tag, f"validity {verb}: {field} {_show(before)} -> {_show(after)}")


# --------------------------------------------------------------------------- service hours


def show_hours(hours: ServiceHours | None) -> str:
    """``24x7``, ``mon-fri 07:00-17:00 Europe/Oslo`` or ``none``."""
    if hours is None or isinstance(hours, str):
        return hours or "none"
    return f"{hours.days} {hours.from_}-{hours.to} {hours.timezone}"


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _span(start: str, end: str) -> int:
    """Minutes from ``start`` to ``end``, through midnight when ``end`` is not later."""
    length = _minutes(end) - _minutes(start)
    return length if length > 0 else length + _FULL_DAY


def compare_hours(before: ServiceHours | None, after: ServiceHours | None) -> HoursVerdict:
    """``24x7`` to anything else: narrowed (and back: widened). Two windows in one time
    zone: no day added and a daily span no longer, with fewer days or a shorter span:
    narrowed; the reverse: widened. Anything else: changed."""
    if before == "24x7" or after == "24x7":
        return "narrowed" if before == "24x7" else "widened"
    if before is None or after is None or before.timezone != after.timezone:
        return "changed"
    old_days, new_days = weekdays(before.days), weekdays(after.days)
    old_span, new_span = _span(before.from_, before.to), _span(after.from_, after.to)
    if (new_days, new_span) == (old_days, old_span):
        return "changed"
    if new_days <= old_days and new_span <= old_span:
        return "narrowed"
    if new_days >= old_days and new_span >= old_span:
        return "widened"
    return "changed"


def _hours_delta(before: ServiceHours | None, after: ServiceHours | None) -> list[Delta]:
    if before == after:
        return []
    verdict = compare_hours(before, after)
    tag: Category = (
        "weakened"
        if verdict == "narrowed"
        else "strengthened"
        if verdict == "widened"
        else "edited"
    )
    return [Delta(tag, f"service hours {verdict}: {show_hours(before)} -> {show_hours(after)}")]


# --------------------------------------------------------------------------- items


_ITEM_HANDLED = ("depends_on", "lifecycle", "criticality", "supplier", "environment", "class")


@dataclass(frozen=True)
class RedundancyGroup:
    """An ``any_of`` entry, members sorted so that order alone is no change."""

    members: tuple[str, ...]
    min: int
    relation: str

    def describe(self) -> str:
        relation = "" if self.relation == "uses" else f", {self.relation}"
        return f"any of {', '.join(self.members)} (min {self.min}{relation})"


def item_deltas(before: ConfigurationItem, after: ConfigurationItem, head: Index) -> list[Delta]:
    """Dependencies (re-parented), lifecycle (retired), criticality, supplier, environment."""
    old, new = before.spec, after.spec
    deltas = dependency_deltas(old.depends_on, new.depends_on)
    lifecycle: Category = "retired" if new.lifecycle == "retired" else "edited"
    deltas += _value_delta("lifecycle", old.lifecycle, new.lifecycle, lifecycle)
    if new.lifecycle == "retired" and old.lifecycle != "retired":
        deltas += _still("needed by items", head.needed_by.get(after.id, ()))
        deltas += _still("realising services", head.ci_services.get(after.id, ()))
    for label, was, now in (
        ("criticality", old.criticality, new.criticality),
        ("supplier", old.supplier, new.supplier),
        ("environment", old.environment, new.environment),
        ("class", old.class_, new.class_),
    ):
        deltas += _value_delta(label, was, now)
    return deltas + _other_fields(before, after, _ITEM_HANDLED)


def _split(dependencies: Sequence[Dependency]) -> tuple[dict[str, str], list[RedundancyGroup]]:
    """Single dependencies (item -> relation) and redundancy groups."""
    singles: dict[str, str] = {}
    groups: list[RedundancyGroup] = []
    for dependency in dependencies:
        if isinstance(dependency, Edge):
            singles[dependency.ci] = dependency.relation
        elif isinstance(dependency, AnyOf):
            members = tuple(sorted(dependency.any_of))
            groups.append(RedundancyGroup(members, dependency.min, dependency.relation))
        else:
            singles[dependency] = "uses"
    return singles, groups


def dependency_deltas(before: Sequence[Dependency], after: Sequence[Dependency]) -> list[Delta]:
    """Dependencies added or removed, relations changed, redundancy groups changed."""
    old_singles, old_groups = _split(before)
    new_singles, new_groups = _split(after)
    deltas = _set_deltas("dependencies", old_singles, new_singles, "reparented", "reparented")
    for ci in sorted(set(old_singles) & set(new_singles)):
        deltas += _value_delta(f"relation to {ci}", old_singles[ci], new_singles[ci], "reparented")
    return deltas + _group_deltas(old_groups, new_groups)


def _group_deltas(before: list[RedundancyGroup], after: list[RedundancyGroup]) -> list[Delta]:
    """A group gone and one come that share a member: changed; else removed and added."""
    gone = [g for g in before if g not in after]
    come = [g for g in after if g not in before]
    deltas: list[Delta] = []
    for group in gone:
        match = next((g for g in come if set(g.members) & set(group.members)), None)
        if match is None:
            deltas.append(Delta("reparented", f"redundancy group removed: {group.describe()}"))
            continue
        come.remove(match)
        text = f"redundancy group changed: {group.describe()} -> {match.describe()}"
        deltas.append(Delta("reparented", text))
    deltas += [Delta("reparented", f"redundancy group added: {g.describe()}") for g in come]
    return deltas
