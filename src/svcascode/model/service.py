"""Services: the service catalogue, sub-services and request offerings."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from svcascode.model.base import Entity
from svcascode.model.types import (
    CIRef,
    CustomerRef,
    Duration,
    EntityId,
    ServiceHours,
    ServiceRef,
    StrictModel,
)


class Provision(StrictModel):
    """What the service makes available: its utility, its functionality."""

    summary: str | None = None
    """One paragraph on what users get."""
    features: list[str] = Field(default_factory=list)
    """The functions the service offers."""


class Channel(StrictModel):
    """One way to get help."""

    type: str
    """``phone``, ``email``, ``portal``, ``chat``, ``walk-in``, ..."""
    address: str
    """Number, address or URL of the channel."""


class Support(StrictModel):
    """How users are helped."""

    channels: list[Channel] = Field(default_factory=list)
    """Where to ask for help."""
    hours: ServiceHours | None = None
    """When support is open: ``24x7`` or ``{days, from, to, timezone}``."""


class Offering(StrictModel):
    """Something a user can request from the service."""

    id: EntityId
    """Unique within the service."""
    title: str
    """What the user asks for."""
    description: str | None = None
    """Markdown text."""
    fulfilment: Literal["self-service", "automated", "manual"]
    """How it is fulfilled."""
    lead_time: Duration | None = None
    """How long fulfilment takes."""
    eligible: list[CustomerRef] = Field(default_factory=list)
    """Customers whose users may request it (empty: all)."""
    cost: str | float | None = None
    """Price per request or per month, as text or a number."""


class FaqEntry(StrictModel):
    """A frequently asked question and its answer."""

    question: str
    """The question as users ask it."""
    answer: str
    """Markdown text."""


class DocLink(StrictModel):
    """A link to documentation."""

    title: str
    """Link text."""
    url: str
    """An http(s) or mailto URL."""


class ServiceSpec(StrictModel):
    """A service: provision (utility) plus support (warranty)."""

    type: Literal["business", "technical"]
    """``business``: a customer sees it; ``technical``: it supports other services."""
    lifecycle: Literal["pipeline", "live", "retired"] = "live"
    """Where the service stands in the portfolio."""
    domain: str | None = None
    """The task area that orders the catalogue, e.g. ``clinical``."""
    parent: ServiceRef | None = None
    """The service this one is a sub-service of."""
    provision: Provision = Field(default_factory=Provision)
    """What is made available."""
    support: Support = Field(default_factory=Support)
    """How users are helped."""
    cis: list[CIRef] = Field(default_factory=list)
    """The configuration items that realise the service."""
    depends_on: list[ServiceRef] = Field(default_factory=list)
    """Services this service needs."""
    offerings: list[Offering] = Field(default_factory=list)
    """What a user can request."""
    faq: list[FaqEntry] = Field(default_factory=list)
    """Frequently asked questions."""
    docs: list[DocLink] = Field(default_factory=list)
    """Documentation links."""


class Service(Entity):
    """A service of the catalogue."""

    requires_owner: ClassVar[bool] = True
    kind: Literal["Service"]
    """Always ``Service``."""
    spec: ServiceSpec
    """The Service's kind-specific fields."""
