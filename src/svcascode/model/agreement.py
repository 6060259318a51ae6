"""Agreements: SLAs with customers, OLAs with internal teams, UCs with suppliers."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal

from pydantic import Field

from svcascode.model.base import Entity
from svcascode.model.types import (
    AgreementRef,
    ChangeWindowRef,
    CIRef,
    Date,
    Duration,
    Percent,
    RefTo,
    ServiceHours,
    ServiceRef,
    StrictModel,
)

Priority = Annotated[str, Field(pattern=r"^P[1-9]$", description="P1 (highest) to P9.")]
Level = Literal["high", "medium", "low"]

LEVELS: tuple[Level, ...] = ("high", "medium", "low")
PARTY_KIND = {"SLA": "Customer", "OLA": "Team", "UC": "Supplier"}


class Targets(StrictModel):
    """Service level targets."""

    availability: Percent | None = None
    """Percent per calendar month, within the service hours."""
    response: dict[Priority, Duration] = Field(default_factory=dict)
    """Time to first response per priority, ``{P1: 15m, P2: 1h}``."""
    resolution: dict[Priority, Duration] = Field(default_factory=dict)
    """Time to restore service per priority, ``{P1: 4h}``."""

    def response_for(self, priority: str) -> timedelta | None:
        return self.response.get(priority)


class PriorityMatrix(StrictModel):
    """Priority as impact x urgency."""

    impact: list[Level] = Field(default_factory=lambda: list(LEVELS))
    """Impact levels, rows of ``priority``."""
    urgency: list[Level] = Field(default_factory=lambda: list(LEVELS))
    """Urgency levels, columns of ``priority``."""
    priority: list[list[Priority]]
    """``priority[i][j]`` is the priority of impact ``i`` and urgency ``j``."""


class AgreementSpec(StrictModel):
    """An agreement on services and their targets."""

    type: Literal["SLA", "OLA", "UC"]
    """``SLA`` with a Customer, ``OLA`` with a Team, ``UC`` with a Supplier."""
    party: Annotated[
        str, RefTo(kind_field="type", kind_map=tuple(PARTY_KIND.items())), Field(min_length=1)
    ]
    """The Customer (SLA), Team (OLA) or Supplier (UC) id."""
    services: list[ServiceRef] = Field(default_factory=list)
    """Services covered (SLA) or underpinned (OLA, UC)."""
    cis: list[CIRef] = Field(default_factory=list)
    """Configuration items an OLA or UC covers."""
    underpinned_by: list[AgreementRef] = Field(default_factory=list)
    """OLAs and UCs this SLA rests on (also found through services and items)."""
    valid_from: Date | None = None
    """First day the agreement applies."""
    valid_until: Date | None = None
    """Last day the agreement applies."""
    review_by: Date | None = None
    """When the agreement must next be reviewed."""
    service_hours: ServiceHours | None = None
    """``24x7`` or ``{days, from, to, timezone}``."""
    targets: Targets = Field(default_factory=Targets)
    """Availability, response and resolution targets."""
    maintenance_windows: list[ChangeWindowRef] = Field(default_factory=list)
    """Maintenance ChangeWindows agreed with the customer (SLA)."""
    priority_matrix: PriorityMatrix | None = None
    """Priority = impact x urgency (SLA)."""
    price: str | None = None
    """Free text."""
    penalties: str | None = None
    """Free text."""


class Agreement(Entity):
    """An SLA, OLA or UC."""

    kind: Literal["Agreement"]
    """Always ``Agreement``."""
    spec: AgreementSpec
    """The Agreement's kind-specific fields."""
