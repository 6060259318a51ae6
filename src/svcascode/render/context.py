"""The typed template context: one dataclass per page, built from the index before any
template runs.

Texts are the YAML's own strings: templates escape them (autoescape) and pass the
Markdown ones through the ``markdown`` filter, which sanitizes. Paths are site-relative
(``services/ehr.html``); the ``url`` filter makes them relative to the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from svcascode.render.graph import GraphLayout

T = TypeVar("T")


@dataclass(frozen=True)
class Link:
    """A link to a page of the site; plain text when ``path`` is ``None``."""

    text: str
    path: str | None = None
    note: str = ""
    """A short qualifier shown after the link (a relation, a kind)."""


@dataclass(frozen=True)
class Href:
    """A link out of the site (documentation, a support portal); ``url`` is ``None``
    when the YAML's URL has an unsafe scheme, and the text is shown without a link."""

    text: str
    url: str | None


@dataclass(frozen=True)
class Person:
    """A member or contact."""

    name: str
    handle: str
    email: Href | None = None


@dataclass(frozen=True)
class Channel:
    """A way to get help."""

    type: str
    address: Href


@dataclass(frozen=True)
class PriorityTarget:
    """Response and resolution times for one priority."""

    priority: str
    response: str | None
    resolution: str | None


@dataclass(frozen=True)
class Terms:
    """The headline of an agreement: whom it binds, its hours and targets."""

    agreement: Link
    type: str
    party: Link
    availability: str | None
    hours: str
    targets: tuple[PriorityTarget, ...]
    valid: str
    """``2026-01-01 to 2027-12-31``, or what is known of it."""


@dataclass(frozen=True)
class Site:
    """What every page shows: the site's name and navigation."""

    title: str
    organisation: str | None
    generated: str
    """When the site was built, ``YYYY-MM-DD HH:MM UTC``."""
    base_url: str | None
    """Where the site is published (http or https, ending in ``/``), for canonical links."""
    nav: tuple[Link, ...]


@dataclass(frozen=True, kw_only=True)
class Page:
    """A page: where it is written, which template draws it, its title."""

    path: str
    template: str
    title: str
    nav: str = ""
    """The navigation entry to mark as current."""


# The home page and the three views.


@dataclass(frozen=True)
class Count:
    """A figure on the home page."""

    label: str
    value: int
    path: str | None = None


@dataclass(frozen=True, kw_only=True)
class HomePage(Page):
    """Entry points to the three views, counts, search."""

    organisation: str | None
    counts: tuple[Count, ...]
    views: tuple[Link, ...]
    upcoming: int
    """Changes in the next 90 days."""


@dataclass(frozen=True)
class SlaService:
    """A service in the customer view: what it is for and what each customer is promised."""

    service: Link
    summary: str | None
    lifecycle: str
    owner: Link | None
    channels: tuple[Channel, ...]
    support_hours: str | None
    slas: tuple[Terms, ...]


@dataclass(frozen=True)
class Group(Generic[T]):
    """Entries under a heading (a domain, a resolver line)."""

    name: str
    entries: tuple[T, ...]


@dataclass(frozen=True, kw_only=True)
class CustomerView(Page):
    """What a customer needs to decide and to hold us to."""

    domains: tuple[Group[SlaService], ...]
    customers: tuple[Link, ...]


@dataclass(frozen=True)
class OfferingEntry:
    """Something a user can request."""

    anchor: str
    title: str
    service: Link
    description: str | None
    fulfilment: str
    lead_time: str | None
    eligible: tuple[Link, ...]
    """Customers whose users may request it; empty: everyone."""
    cost: str | None


@dataclass(frozen=True)
class Faq:
    """A question and its Markdown answer."""

    question: str
    answer: str


@dataclass(frozen=True)
class UserService:
    """A service in the user view: what can be requested and how to get help."""

    service: Link
    summary: str | None
    offerings: tuple[OfferingEntry, ...]
    faq: tuple[Faq, ...]
    docs: tuple[Href, ...]
    channels: tuple[Channel, ...]
    support_hours: str | None


@dataclass(frozen=True, kw_only=True)
class UserView(Page):
    """The request catalogue."""

    domains: tuple[Group[UserService], ...]
    offerings: int


@dataclass(frozen=True)
class Realisation:
    """A service in the provider view: how it is realised."""

    service: Link
    type: str
    lifecycle: str
    owner: Link | None
    items: int
    depends_on: tuple[Link, ...]
    underpinned_by: tuple[Link, ...]


@dataclass(frozen=True)
class TeamEntry:
    """A team in the provider view."""

    team: Link
    members: int
    roles: tuple[str, ...]
    services: int
    items: int


@dataclass(frozen=True)
class Underpinning:
    """An OLA or UC and what it covers."""

    terms: Terms
    services: tuple[Link, ...]
    items: tuple[Link, ...]


@dataclass(frozen=True)
class SupplierEntry:
    """A supplier in the provider view."""

    supplier: Link
    contracts: tuple[Link, ...]
    items: int


@dataclass(frozen=True)
class ScheduleRow:
    """One change or window occurrence on the schedule."""

    kind: str
    """``change``, ``blackout`` or ``maintenance``."""
    link: Link
    day: str
    """``Tue 2026-11-24``."""
    start: str
    end: str
    """``2026-11-24 22:00 +01:00``."""
    detail: str
    change_type: str | None = None
    risk: str | None = None
    marks: tuple[str, ...] = ()
    """Warnings: conflicts, blackouts."""
    items: tuple[Link, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ProviderView(Page):
    """How services are realised."""

    services: tuple[Realisation, ...]
    lines: tuple[Group[TeamEntry], ...]
    olas: tuple[Underpinning, ...]
    ucs: tuple[Underpinning, ...]
    suppliers: tuple[SupplierEntry, ...]
    upcoming: tuple[ScheduleRow, ...]


# Entity pages.


@dataclass(frozen=True)
class Figure:
    """The availability a service's underpinnings allow, against what SLAs promise."""

    allowed: str
    """Percent, ``99.412``."""
    bars: tuple[Bar, ...]
    weakest: tuple[Link, ...]
    unknown: tuple[Link, ...]
    """Items no OLA or UC covers (counted as 100%)."""
    floor: str
    """The lowest percentage on the scale."""
    width: int
    """Of the longest bar."""
    canvas: int
    """Of the drawing, labels included."""


@dataclass(frozen=True)
class Bar:
    """One bar of the feasibility figure."""

    label: str
    value: str
    length: float
    y: int
    kind: str
    """``allowed``, ``met`` (a promise the underpinnings allow) or ``unmet``."""


@dataclass(frozen=True)
class Attribute:
    """A name and a value, as text."""

    name: str
    value: str


@dataclass(frozen=True, kw_only=True)
class EntityPage(Page):
    """What every entity page has."""

    ident: str
    kind: str
    description: str | None
    owner: Link | None
    labels: tuple[Attribute, ...]
    source: str
    """The YAML file it is defined in, relative to the repository root."""


@dataclass(frozen=True, kw_only=True)
class ServicePage(EntityPage):
    """One service."""

    facts: tuple[Attribute, ...]
    parent: Link | None
    summary: str | None
    features: tuple[str, ...]
    channels: tuple[Channel, ...]
    support_hours: str | None
    sub_services: tuple[Link, ...]
    depends_on: tuple[Link, ...]
    needed_by: tuple[Link, ...]
    items: tuple[ItemRow, ...]
    offerings: tuple[OfferingEntry, ...]
    faq: tuple[Faq, ...]
    docs: tuple[Href, ...]
    slas: tuple[Terms, ...]
    underpinned_by: tuple[Terms, ...]
    graph: GraphLayout
    figure: Figure


@dataclass(frozen=True)
class ItemRow:
    """An item in a list."""

    item: Link
    class_: str
    environment: str
    criticality: str
    relation: str = ""


@dataclass(frozen=True)
class NeedEntry:
    """Something an item needs: one item, or at least ``min`` of a group."""

    items: tuple[Link, ...]
    relation: str
    min: int
    redundant: bool


@dataclass(frozen=True, kw_only=True)
class ItemPage(EntityPage):
    """One configuration item."""

    facts: tuple[Attribute, ...]
    attributes: tuple[Attribute, ...]
    supplier: Link | None
    needs: tuple[NeedEntry, ...]
    needed_by: tuple[ItemRow, ...]
    services: tuple[Link, ...]
    agreements: tuple[Terms, ...]
    changes: tuple[ScheduleRow, ...]
    graph: GraphLayout


@dataclass(frozen=True)
class ServiceChain:
    """For one service of an SLA: what the underpinnings allow and which they are."""

    service: Link
    allowed: str
    feasible: bool
    underpinnings: tuple[Terms, ...]
    unknown: int


@dataclass(frozen=True, kw_only=True)
class AgreementPage(EntityPage):
    """One SLA, OLA or UC."""

    terms: Terms
    dates: tuple[Attribute, ...]
    services: tuple[Link, ...]
    items: tuple[Link, ...]
    maintenance: tuple[Link, ...]
    matrix: tuple[tuple[str, ...], ...]
    """Rows of the priority matrix, the first row the header."""
    price: str | None
    penalties: str | None
    chains: tuple[ServiceChain, ...]
    """SLA: per service, the OLAs and UCs it rests on."""
    supports: tuple[Link, ...]
    """OLA or UC: the SLAs that rest on it."""


@dataclass(frozen=True, kw_only=True)
class PartyPage(EntityPage):
    """A team, customer or supplier."""

    people: tuple[Person, ...]
    people_heading: str
    facts: tuple[Attribute, ...]
    agreements: tuple[Terms, ...]
    services: tuple[Link, ...]
    items: tuple[Link, ...]
    extra: tuple[Link, ...] = ()
    """A team: the change templates it owns."""


@dataclass(frozen=True, kw_only=True)
class ChangePage(EntityPage):
    """One change request."""

    facts: tuple[Attribute, ...]
    items: tuple[Link, ...]
    plans: tuple[Attribute, ...]
    """Implementation, back-out and test plans (Markdown)."""
    review: tuple[Attribute, ...]
    marks: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class SchedulePage(Page):
    """The change schedule for the coming days."""

    start: str
    end: str
    days: int
    weeks: tuple[Group[ScheduleRow], ...]
    calendar: str | None
    """The path of ``schedule.ics`` when it was written."""
    conflicts: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class SearchPage(Page):
    """The search page; the index is loaded by script."""

    entries: int
