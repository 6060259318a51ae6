"""The document envelope every kind shares: apiVersion, kind, metadata, spec."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from svcascode.model.types import EntityId, StrictModel, TeamRef

API_VERSION = "svcascode/v1"
SUPPRESS = "svcascode/suppress"
"""Annotation naming rules (comma-separated) whose findings on this entity are accepted."""


class Metadata(StrictModel):
    """Who and what an entity is."""

    id: EntityId
    """Unique within its kind."""
    title: str | None = None
    """A short human name."""
    description: str | None = None
    """Markdown text."""
    owner: TeamRef | None = None
    """The Team that owns it (required for Service, ConfigurationItem and ChangeTemplate)."""
    labels: dict[str, str] = Field(default_factory=dict)
    """Key/value labels for grouping and selection, e.g. ``{domain: clinical}``."""
    annotations: dict[str, str | int | float | bool | None] = Field(default_factory=dict)
    """Free-form keys for integrations."""


class Entity(StrictModel):
    """A document: one entity of one kind."""

    requires_owner: ClassVar[bool] = False

    api_version: Literal["svcascode/v1"] = Field(alias="apiVersion")
    """Always ``svcascode/v1``."""
    kind: str
    """The kind of entity; decides the model of ``spec``."""
    metadata: Metadata
    """Id, title, description, owner, labels and annotations."""
    spec: Any
    """Kind-specific fields."""

    @property
    def id(self) -> str:
        return self.metadata.id

    @property
    def title(self) -> str:
        return self.metadata.title or self.metadata.id

    @property
    def suppressed(self) -> frozenset[str]:
        """Rule ids the ``svcascode/suppress`` annotation accepts for this entity."""
        value = self.metadata.annotations.get(SUPPRESS)
        if not isinstance(value, str):
            return frozenset()
        return frozenset(part.strip() for part in value.split(",") if part.strip())
