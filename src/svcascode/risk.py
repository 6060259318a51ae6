"""A computed risk for a change, with the reasons that decide it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from svcascode.impact import Impact
from svcascode.index import Index
from svcascode.model.agreement import Agreement
from svcascode.model.change import Change
from svcascode.model.ci import ConfigurationItem
from svcascode.propagation import spread

Level = Literal["low", "medium", "high"]
ORDER: dict[Level, int] = {"low": 0, "medium": 1, "high": 2}

# Thresholds, each a documented step of the assessment.
USERS_HIGH = 5000
USERS_MEDIUM = 500
SERVICES_HIGH = 5
SERVICES_MEDIUM = 2
CUSTOMERS_HIGH = 3
STRICT_AVAILABILITY = 99.9


@dataclass(frozen=True)
class Reason:
    """One factor of the assessment and the level it calls for."""

    level: Level
    text: str


@dataclass(frozen=True)
class Overlap:
    """Another change whose window overlaps and whose blast radius meets this one's."""

    change: str
    other: str
    shared: tuple[str, ...]


@dataclass(frozen=True)
class Risk:
    """The computed level, why, and the level the requester declared."""

    level: Level
    reasons: tuple[Reason, ...]
    declared: Level | None

    @property
    def understated(self) -> bool:
        return self.declared is not None and ORDER[self.declared] < ORDER[self.level]


def _windows(index: Index, ids: list[str]) -> list[tuple[str, datetime, datetime]]:
    found = []
    for ident in ids:
        change = index.entity(Change, ident)
        if change is not None:
            found.append((ident, change.spec.window.start, change.spec.window.end))
    return found


def overlaps(index: Index, impact: Impact) -> list[Overlap]:
    """Other changes in the schedule that overlap in time and in what they touch."""
    mine = _windows(index, impact.changes)
    if not mine:
        return []
    reached = set(impact.cis)
    found = []
    for record, other in index.items(Change):
        if record.id in impact.changes:
            continue
        window = other.spec.window
        for ident, start, end in mine:
            if not (window.start < end and start < window.end):
                continue
            theirs = set(other.spec.cis) | set(spread(index, other.spec.cis).cis)
            shared = tuple(sorted(reached & theirs))
            if shared:
                found.append(Overlap(ident, record.id, shared))
    return found


_CRITICALITY_STEPS: tuple[tuple[str, str, Level], ...] = (
    ("interrupted", "critical", "high"),
    ("interrupted", "high", "medium"),
    ("degraded", "critical", "medium"),
    ("degraded", "high", "low"),
)


def _criticality(index: Index, impact: Impact) -> list[Reason]:
    hits: dict[tuple[str, str], list[str]] = {}
    for ci, state in impact.cis.items():
        item = index.entity(ConfigurationItem, ci)
        if item is not None and item.spec.criticality in ("critical", "high"):
            hits.setdefault((state, item.spec.criticality), []).append(ci)
    reasons = []
    for state, criticality, level in _CRITICALITY_STEPS:
        hit = sorted(hits.get((state, criticality), ()))
        if hit:
            shown = ", ".join(hit[:5]) + (f" and {len(hit) - 5} more" if len(hit) > 5 else "")
            reasons.append(Reason(level, f"{state} {criticality} items: {shown}"))
    return reasons


def _scale(impact: Impact) -> list[Reason]:
    reasons = []
    users = impact.users
    if users:
        level: Level = (
            "high" if users >= USERS_HIGH else "medium" if users >= USERS_MEDIUM else "low"
        )
        reasons.append(Reason(level, f"{users:,} users lose a service"))
    services = impact.interrupted["services"]
    if len(services) >= SERVICES_MEDIUM:
        level = "high" if len(services) >= SERVICES_HIGH else "medium"
        reasons.append(Reason(level, f"{len(services)} services interrupted"))
    customers = [c for c in impact.customers if c.state == "interrupted"]
    if len(customers) >= 2:
        level = "high" if len(customers) >= CUSTOMERS_HIGH else "medium"
        reasons.append(Reason(level, f"{len(customers)} customers affected"))
    return reasons


def _agreements(index: Index, impact: Impact) -> list[Reason]:
    reasons = []
    for ident, state in impact.agreements.items():
        agreement = index.entity(Agreement, ident)
        if agreement is None or agreement.spec.type != "SLA" or state != "interrupted":
            continue
        availability = agreement.spec.targets.availability
        if availability is not None and availability >= STRICT_AVAILABILITY:
            reasons.append(Reason("high", f"{ident} promises {availability:g}% availability"))
        elif agreement.spec.service_hours == "24x7":
            reasons.append(Reason("medium", f"{ident} covers a 24x7 service"))
    return reasons


def _change_types(index: Index, impact: Impact) -> tuple[list[Reason], Level | None]:
    reasons: list[Reason] = []
    declared: Level | None = None
    for ident in impact.changes:
        change = index.entity(Change, ident)
        if change is None:
            continue
        if declared is None or ORDER[change.spec.risk] > ORDER[declared]:
            declared = change.spec.risk
        if change.spec.type == "emergency":
            reasons.append(Reason("medium", f"{ident} is an emergency change"))
    return reasons, declared


def assess(index: Index, impact: Impact, found_overlaps: list[Overlap]) -> Risk:
    """The computed risk: the highest level any factor calls for."""
    reasons = _criticality(index, impact) + _scale(impact) + _agreements(index, impact)
    type_reasons, declared = _change_types(index, impact)
    reasons += type_reasons
    for overlap in found_overlaps:
        reasons.append(
            Reason(
                "medium",
                f"{overlap.change} overlaps {overlap.other} in time, both touching "
                f"{', '.join(overlap.shared[:5])}",
            )
        )
    if not reasons:
        reasons.append(Reason("low", "no critical item, SLA'd service or customer is interrupted"))
    level = max((r.level for r in reasons), key=ORDER.__getitem__)
    ordered = sorted(reasons, key=lambda r: -ORDER[r.level])
    return Risk(level, tuple(ordered), declared)
