"""What several rules read of every entity, read in one pass over them.

Reading a field of a hundred thousand models costs about as much as a rule's own work
(each read lands in a different object in memory), and reading three fields of one model
costs little more than reading one. So the fields that rules look at across all items are
read together, once per index.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from svcascode.index import Index
from svcascode.loader.load import Record
from svcascode.model.ci import ConfigurationItem


@dataclass
class ItemFacts:
    """The entities and items some field of which a rule looks for."""

    ownerless: list[Record] = field(default_factory=list)
    """Valid entities of any kind without ``metadata.owner``, by kind, then as indexed."""
    retired: set[str] = field(default_factory=set)
    """Items whose lifecycle is ``retired``."""
    critical: set[str] = field(default_factory=set)
    """Items whose criticality is ``critical``."""
    supplied: set[str] = field(default_factory=set)
    """Items with a supplier."""
    owned: dict[str, list[str]] = field(default_factory=dict)
    """Team id -> the items it owns."""


def item_facts(index: Index) -> ItemFacts:
    """The :class:`ItemFacts` of the index (one pass, the first time asked)."""
    return index.memo("item-facts", None, lambda: _read(index))


def _read(index: Index) -> ItemFacts:
    facts = ItemFacts()
    ownerless, owned = facts.ownerless, facts.owned
    for kind, table in index.by_kind.items():
        if kind != "ConfigurationItem":
            ownerless.extend(
                record for record in table.values() if not record.entity.metadata.owner
            )
            continue
        for ident, record in table.items():
            item = record.entity
            owner = item.metadata.owner
            if not owner:
                ownerless.append(record)
            if not isinstance(item, ConfigurationItem):
                continue
            if owner:
                owned.setdefault(owner, []).append(ident)
            spec = item.spec
            if spec.lifecycle == "retired":
                facts.retired.add(ident)
            if spec.criticality == "critical":
                facts.critical.add(ident)
            if spec.supplier:
                facts.supplied.add(ident)
    return facts
