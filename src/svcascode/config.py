"""``svcascode.yaml``: organisation name, content roots, rule severities, site and limits."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from svcascode.loader.yamlparse import Limits
from svcascode.model.types import StrictModel
from svcascode.repo import CONFIG_FILE as CONFIG_FILE
from svcascode.repo import find_root as find_root

ROOT_NAMES = ("catalog", "agreements", "cmdb", "changes")

RuleLevel = Literal["error", "warning", "info", "off"]


class Roots(StrictModel):
    """Folders holding the content, relative to the repository root."""

    catalog: str = "catalog"
    agreements: str = "agreements"
    cmdb: str = "cmdb"
    changes: str = "changes"

    def all(self) -> tuple[str, ...]:
        return (self.catalog, self.agreements, self.cmdb, self.changes)


class SiteOptions(StrictModel):
    """Options of the static catalogue site."""

    title: str | None = None
    """The site's title (default: the organisation's name)."""
    theme_dir: str | None = None
    """A folder of template overrides, searched before the built-in theme."""
    base_url: str | None = None
    """Where the site is published, for absolute links."""


class LimitsConfig(StrictModel):
    """Bounds on hostile or mistaken input."""

    max_file_bytes: int = Field(default=Limits.max_file_bytes, ge=1)
    """Files larger than this are reported, not parsed."""
    max_depth: int = Field(default=Limits.max_depth, ge=4)
    """Deepest nesting of mappings and lists allowed in a document."""
    max_nodes: int = Field(default=Limits.max_nodes, ge=100)
    """Most values a file may expand to, aliases included."""

    def limits(self) -> Limits:
        return Limits(self.max_file_bytes, self.max_depth, self.max_nodes)


class Config(StrictModel):
    """Project settings."""

    organisation: str | None = None
    """The provider's name, shown in reports and on the site."""
    roots: Roots = Field(default_factory=Roots)
    """Content folders."""
    rules: dict[str, RuleLevel] = Field(default_factory=dict)
    """Per-rule severity (``error``, ``warning``, ``info``) or ``off``."""
    site: SiteOptions = Field(default_factory=SiteOptions)
    """Site options."""
    limits: LimitsConfig = Field(default_factory=LimitsConfig)
    """Input bounds."""
