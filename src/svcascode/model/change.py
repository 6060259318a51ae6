"""Change enablement: changes, standard-change templates, change windows and the policy."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any, ClassVar, Literal

from dateutil.rrule import rrulestr
from pydantic import AfterValidator, Discriminator, Field, Tag, model_validator

from svcascode.model.base import Entity
from svcascode.model.ci import CIClass
from svcascode.model.types import (
    ChangeTemplateRef,
    CIRef,
    Date,
    Duration,
    Handle,
    Risk,
    ServiceRef,
    StrictModel,
    TeamRef,
    Timestamp,
    TimeZoneName,
)


class Window(StrictModel):
    """When a change is carried out."""

    start: Timestamp
    """When work begins (RFC 3339 with offset)."""
    end: Timestamp
    """When the work, including verification, is over."""

    @property
    def duration(self) -> timedelta:
        return self.end - self.start


class Release(StrictModel):
    """The release a change deploys."""

    kind: Literal["release", "upgrade", "fix"]
    """A new release, an upgrade of a bought product, or a fix."""
    version: str
    """The version deployed (quote it: ``"24.2"``)."""


class Review(StrictModel):
    """The post-implementation review."""

    date: Date
    """When the review was held."""
    outcome: Literal["successful", "failed", "backed-out"]
    """How the change went."""
    notes: str | None = None
    """Findings and follow-up actions."""


class ChangeSpec(StrictModel):
    """A request for change."""

    type: Literal["standard", "normal", "emergency"]
    """``standard`` (pre-approved, from a template), ``normal`` or ``emergency``."""
    template: ChangeTemplateRef | None = None
    """The ChangeTemplate of a standard change."""
    cis: Annotated[list[CIRef], Field(min_length=1)]
    """The configuration items the change touches."""
    window: Window
    """When it will be carried out."""
    risk: Risk = "medium"
    """The risk as the requester assesses it."""
    requester: Handle
    """The requester's git host login."""
    implementation: str | None = None
    """The implementation plan."""
    backout: str | None = None
    """How to back the change out (required unless standard)."""
    test: str | None = None
    """How success is verified."""
    release: Release | None = None
    """The release it deploys, if any."""
    review: Review | None = None
    """The post-implementation review, added after the window."""


class Change(Entity):
    """A request for change; its pull request is where it is decided."""

    kind: Literal["Change"]
    """Always ``Change``."""
    spec: ChangeSpec
    """The Change's kind-specific fields."""


class ChangeTemplateSpec(StrictModel):
    """A pre-approved standard change."""

    classes: Annotated[list[CIClass], Field(min_length=1)]
    """The item classes it may touch."""
    max_duration: Duration
    """The longest window it may take."""
    risk: Literal["low"] = "low"
    """Always ``low``: a standard change is low risk by definition."""
    procedure: str | None = None
    """The pre-approved procedure (Markdown)."""


class ChangeTemplate(Entity):
    """A standard-change template."""

    requires_owner: ClassVar[bool] = True
    kind: Literal["ChangeTemplate"]
    """Always ``ChangeTemplate``."""
    spec: ChangeTemplateSpec
    """The ChangeTemplate's kind-specific fields."""


def _check_rrule(text: str) -> str:
    try:
        rrulestr(text, dtstart=datetime(2000, 1, 1))
    except (ValueError, TypeError) as error:
        raise ValueError(f"not an RFC 5545 recurrence rule ({error})") from None
    return text


class Scope(StrictModel):
    """What a change window applies to; both empty means everything."""

    services: list[ServiceRef] = Field(default_factory=list)
    """Services the window applies to."""
    cis: list[CIRef] = Field(default_factory=list)
    """Configuration items the window applies to."""


class ChangeWindowSpec(StrictModel):
    """A blackout (no changes) or maintenance (agreed downtime) window."""

    type: Literal["blackout", "maintenance"]
    """``blackout``: no changes; ``maintenance``: agreed time for interrupting changes."""
    start: Timestamp | None = None
    """Start of a one-off window, or the first occurrence of a recurring one."""
    end: Timestamp | None = None
    """End of a one-off window."""
    rrule: Annotated[str, AfterValidator(_check_rrule)] | None = None
    """RFC 5545 recurrence rule, e.g. ``FREQ=WEEKLY;BYDAY=TU;BYHOUR=22``."""
    duration: Duration | None = None
    """Length of each occurrence of a recurring window."""
    timezone: TimeZoneName | None = None
    """IANA time zone the recurrence is computed in (default: the offset of ``start``)."""
    scope: Scope = Field(default_factory=Scope)
    """Services and items it applies to; empty: everything."""
    reason: str | None = None
    """Why the window exists."""

    @model_validator(mode="after")
    def _one_form(self) -> ChangeWindowSpec:
        if self.rrule is not None:
            if self.duration is None:
                raise ValueError("a recurring window (rrule) needs a duration")
            if self.end is not None:
                raise ValueError("a recurring window has a duration, not an end")
        elif self.start is None or self.end is None:
            raise ValueError("a window needs either start and end, or rrule and duration")
        return self


class ChangeWindow(Entity):
    """A change window."""

    kind: Literal["ChangeWindow"]
    """Always ``ChangeWindow``."""
    spec: ChangeWindowSpec
    """The ChangeWindow's kind-specific fields."""


class Requirement(StrictModel):
    """Approvals a change needs."""

    cab: int = Field(default=0, ge=0)
    """How many distinct CAB members must approve."""
    owners: bool = False
    """One member of every team that owns a touched item."""
    service_owners: bool = False
    """One member of every team that owns an interrupted service."""
    customers: bool = False
    """One contact of every affected customer."""


class ByRisk(StrictModel):
    """Requirements of normal changes split by risk."""

    low: Requirement = Field(default_factory=lambda: Requirement(cab=2, owners=True))
    """Low-risk normal changes."""
    medium: Requirement = Field(default_factory=lambda: Requirement(cab=2, owners=True))
    """Medium-risk normal changes."""
    high: Requirement = Field(default_factory=lambda: Requirement(cab=2, owners=True))
    """High-risk normal changes."""


def _requirement_tag(value: Any) -> str:
    # Called on raw input when validating and on model instances when serialising.
    if isinstance(value, ByRisk):
        return "by-risk"
    split = isinstance(value, dict) and bool({"low", "medium", "high"} & set(value))
    return "by-risk" if split else "one"


NormalRequirement = Annotated[
    Annotated[Requirement, Tag("one")] | Annotated[ByRisk, Tag("by-risk")],
    Discriminator(_requirement_tag),
]


class Approvals(StrictModel):
    """Required approvals per change type."""

    standard: Requirement = Field(default_factory=lambda: Requirement(cab=0, owners=True))
    """Standard changes (default: no CAB member, one owner of every touched item)."""
    normal: NormalRequirement = Field(default_factory=lambda: Requirement(cab=2, owners=True))
    """Normal changes: one requirement, or ``{low, medium, high}`` split by risk."""
    emergency: Requirement = Field(default_factory=lambda: Requirement(cab=1, owners=False))
    """Emergency changes (default: one CAB member)."""


class ChangePolicySpec(StrictModel):
    """How changes are authorised."""

    cab: TeamRef
    """The Team that is the change advisory board."""
    lead_time: Duration = Field(default_factory=lambda: timedelta(days=5))
    """Normal changes: window start minus first commit of the change."""
    emergency_review_within: Duration = Field(default_factory=lambda: timedelta(days=2))
    """When the post-implementation review of an emergency change is due."""
    count_stale_approvals: bool = False
    """Whether an approval given on an older head commit counts."""
    approvals: Approvals = Field(default_factory=Approvals)
    """Required approvals per change type (normal may be split by risk)."""


class ChangePolicy(Entity):
    """The change policy (at most one)."""

    kind: Literal["ChangePolicy"]
    """Always ``ChangePolicy``."""
    spec: ChangePolicySpec
    """The ChangePolicy's kind-specific fields."""
