"""What the pages need that the index does not hold directly, computed once per build:
feasibility per service, underpinnings per SLA, who owns what, the change schedule."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from svcascode.index import Index
from svcascode.model.agreement import Agreement
from svcascode.model.change import Change, ChangeTemplate
from svcascode.model.ci import ConfigurationItem
from svcascode.model.service import Service
from svcascode.schedule import Entry, Schedule, build_schedule
from svcascode.underpinning import Feasibility, feasibility, underpinnings

HORIZON = timedelta(days=90)
"""How far ahead the schedule looks."""


@dataclass
class Facts:
    """Relations across kinds, by id."""

    now: datetime
    schedule: Schedule
    children: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Service id -> its sub-services."""
    owned: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    """``(team, kind)`` -> ids of the services, items and templates it owns."""
    agreements_of: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Party id (customer, team or supplier) -> its agreements."""
    supplied: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Supplier id -> the items it delivers."""
    changes_of: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Item id -> the changes that touch it."""
    slas_of: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    """Service id -> the SLAs that cover it."""
    resting: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    """``(sla, service)`` -> the OLAs and UCs it rests on."""
    supports: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    """OLA or UC id -> the SLAs resting on it."""
    planned: dict[str, Entry] = field(default_factory=dict)
    """Change id -> its entry on the schedule, when it falls in the horizon."""

    def feasibility(self, index: Index, service: str) -> Feasibility:
        """The availability a service's underpinnings allow (the index remembers it)."""
        return feasibility(index, service)

    def underpinnings(self, index: Index, service: str) -> list[str]:
        """The OLAs and UCs covering anything the service needs, whatever SLA covers it."""
        return underpinnings(index, "", service)  # no SLA: none's own underpinned_by


def _owners(index: Index, facts: Facts) -> None:
    for model in (Service, ConfigurationItem, ChangeTemplate):
        for record, entity in index.items(model):
            owner = entity.metadata.owner
            if owner:
                facts.owned[(owner, model.__name__)].append(record.id)


def _agreements(index: Index, facts: Facts) -> None:
    for record, agreement in index.items(Agreement):
        spec = agreement.spec
        facts.agreements_of[spec.party].append(record.id)
        if spec.type != "SLA":
            continue
        for service in spec.services:
            facts.slas_of[service].append(record.id)
            resting = underpinnings(index, record.id, service)
            facts.resting[(record.id, service)] = resting
            for ident in resting:
                facts.supports[ident].add(record.id)


def gather(index: Index, now: datetime) -> Facts:
    """Everything :class:`Facts` holds, from one pass over each kind."""
    facts = Facts(now=now, schedule=build_schedule(index, now, now + HORIZON, now=now))
    for record, service in index.items(Service):
        if service.spec.parent:
            facts.children[service.spec.parent].append(record.id)
    for record, item in index.items(ConfigurationItem):
        if item.spec.supplier:
            facts.supplied[item.spec.supplier].append(record.id)
    for record, change in index.items(Change):
        for ci in change.spec.cis:
            facts.changes_of[ci].append(record.id)
    facts.planned = {e.id: e for e in facts.schedule.entries if e.kind == "change"}
    _owners(index, facts)
    _agreements(index, facts)
    return facts
