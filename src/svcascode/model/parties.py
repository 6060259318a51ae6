"""Parties: internal Teams, Customers who agree services with us, external Suppliers."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from svcascode.model.base import Entity
from svcascode.model.types import Handle, StrictModel


class Person(StrictModel):
    """A member of a team or a contact of a customer or supplier."""

    handle: Handle
    """The person's git host login: what approvals and CODEOWNERS are matched on."""
    name: str | None = None
    """Full name."""
    email: str | None = None
    """E-mail address."""


class TeamSpec(StrictModel):
    """An internal group: a resolver group, an owner of items and services, or the CAB."""

    members: list[Person] = Field(default_factory=list)
    """The people in the team."""
    line: Literal[1, 2, 3] | None = None
    """Resolver line for support groups: 1 is the service desk, 2 and 3 specialists."""
    roles: list[str] = Field(default_factory=list)
    """Free list of roles the team plays (for RACI), e.g. ``service-owner``, ``cab``."""


class Team(Entity):
    """An internal group of people."""

    kind: Literal["Team"]
    """Always ``Team``."""
    spec: TeamSpec = Field(default_factory=TeamSpec)
    """The Team's kind-specific fields."""


class CustomerSpec(StrictModel):
    """A party that agrees services with us."""

    contacts: list[Person] = Field(default_factory=list)
    """People who speak for the customer (and approve changes affecting it)."""
    users: int | None = Field(default=None, ge=0)
    """Approximate number of users, used to weigh impact."""


class Customer(Entity):
    """A party that agrees services with us in an SLA."""

    kind: Literal["Customer"]
    """Always ``Customer``."""
    spec: CustomerSpec = Field(default_factory=CustomerSpec)
    """The Customer's kind-specific fields."""


class SupplierSpec(StrictModel):
    """An external party that delivers items or services to us."""

    contacts: list[Person] = Field(default_factory=list)
    """People to reach at the supplier."""


class Supplier(Entity):
    """An external party, bound by underpinning contracts (UC)."""

    kind: Literal["Supplier"]
    """Always ``Supplier``."""
    spec: SupplierSpec = Field(default_factory=SupplierSpec)
    """The Supplier's kind-specific fields."""
