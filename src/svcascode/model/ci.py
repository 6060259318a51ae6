"""Configuration items of the CMDB and their dependencies."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import Discriminator, Field, Tag, model_validator

from svcascode.model.base import Entity
from svcascode.model.types import CIRef, Criticality, StrictModel, SupplierRef

CIClass = Literal[
    "application",
    "service-component",
    "database",
    "server",
    "virtual-machine",
    "container",
    "network",
    "storage",
    "saas",
    "interface",
    "facility",
    "other",
]
Relation = Literal["runs-on", "hosted-by", "connects-to", "uses", "stores-in"]


class Edge(StrictModel):
    """A dependency on one item, with the kind of relation."""

    ci: CIRef
    """The item needed."""
    relation: Relation = "uses"
    """How the item is needed."""


class AnyOf(StrictModel):
    """A redundancy group: the dependent works while at least ``min`` of these work."""

    any_of: Annotated[list[CIRef], Field(min_length=1)]
    """The redundant items."""
    min: int = Field(default=1, ge=1)
    """How many of them must work."""
    relation: Relation = "uses"
    """How the items are needed."""

    @model_validator(mode="after")
    def _min_fits(self) -> AnyOf:
        if self.min > len(self.any_of):
            raise ValueError(f"min is {self.min} but any_of lists only {len(self.any_of)} items")
        return self


def _dependency_tag(value: Any) -> str:
    # Called on raw input when validating and on model instances when serialising.
    if isinstance(value, dict):
        return "group" if "any_of" in value else "edge"
    if isinstance(value, AnyOf):
        return "group"
    if isinstance(value, Edge):
        return "edge"
    return "id"


Dependency = Annotated[
    Annotated[CIRef, Tag("id")] | Annotated[Edge, Tag("edge")] | Annotated[AnyOf, Tag("group")],
    Discriminator(_dependency_tag),
]
"""``ci-id``, ``{ci, relation}`` or ``{any_of: [...], min: 1}``."""


class ConfigurationItemSpec(StrictModel):
    """A configuration item."""

    class_: CIClass = Field(alias="class")
    """What sort of item it is."""
    environment: Literal["development", "test", "acceptance", "production"] = "production"
    """The environment it belongs to."""
    lifecycle: Literal["planned", "live", "retired"] = "live"
    """Whether it is planned, in use or retired."""
    criticality: Criticality = "medium"
    """How much depends on it working."""
    depends_on: list[Dependency] = Field(default_factory=list)
    """What the item needs (edges point from the dependent to what it needs)."""
    supplier: SupplierRef | None = None
    """The Supplier that delivers it, if any."""
    attributes: dict[str, Any] = Field(default_factory=dict)
    """Free mapping: version, vendor, location, ..."""


class ConfigurationItem(Entity):
    """A configuration item of the CMDB."""

    requires_owner: ClassVar[bool] = True
    kind: Literal["ConfigurationItem"]
    """Always ``ConfigurationItem``."""
    spec: ConfigurationItemSpec
    """The ConfigurationItem's kind-specific fields."""
