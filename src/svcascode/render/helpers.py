"""Small conversions from models to context values, shared by the page builders."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from svcascode.hours import describe
from svcascode.index import Index
from svcascode.model.agreement import PARTY_KIND, Agreement
from svcascode.model.parties import Person as PersonModel
from svcascode.model.service import Offering, Service, Support
from svcascode.model.types import ServiceHours, format_duration
from svcascode.render.context import (
    Channel,
    Href,
    Link,
    OfferingEntry,
    Person,
    PriorityTarget,
    Terms,
)
from svcascode.render.markdown import safe_url
from svcascode.render.urls import page_of

OTHER_DOMAIN = "other"


def link(index: Index, kind: str, ident: str, note: str = "") -> Link:
    """A link to an entity's page, titled; plain text when it has no page (or is missing)."""
    entity = index.entity_of(kind, ident)
    if entity is None:
        return Link(ident, None, note)
    return Link(entity.title, page_of(kind, ident), note)


def links(index: Index, kind: str, idents: Iterable[str]) -> tuple[Link, ...]:
    return tuple(link(index, kind, ident) for ident in idents)


def by_title(items: Iterable[Link]) -> tuple[Link, ...]:
    return tuple(sorted(items, key=lambda item: (item.text.casefold(), item.path or "")))


def href(text: str, url: str) -> Href:
    return Href(text, safe_url(url))


def percent(value: float | None) -> str | None:
    return None if value is None else f"{value:g}%"


def hours(value: ServiceHours | None) -> str | None:
    return None if value is None else describe(value)


def duration(value: timedelta | None) -> str | None:
    return None if value is None else format_duration(value)


def moment(value: datetime) -> str:
    """``2026-11-24 22:00 +01:00``: in the offset it was written in."""
    text = value.strftime("%Y-%m-%d %H:%M %z")
    return f"{text[:-2]}:{text[-2:]}" if text[-5:-4] in "+-" else text


def person(model: PersonModel) -> Person:
    email = Href(model.email, safe_url(f"mailto:{model.email}")) if model.email else None
    return Person(model.name or model.handle, model.handle, email)


def channel_address(kind: str, address: str) -> Href:
    """A support address as a link where it is one: a web address, or an e-mail."""
    text = address.strip()
    if text.lower().startswith(("http://", "https://", "mailto:")):
        return href(text, text)
    if "@" in text and " " not in text and ":" not in text:
        return Href(text, safe_url(f"mailto:{text}"))
    return Href(text, None)


def channels(support: Support) -> tuple[Channel, ...]:
    return tuple(Channel(c.type, channel_address(c.type, c.address)) for c in support.channels)


def domain_of(service: Service) -> str:
    return service.spec.domain or service.metadata.labels.get("domain") or OTHER_DOMAIN


def _targets(agreement: Agreement) -> tuple[PriorityTarget, ...]:
    targets = agreement.spec.targets
    priorities = sorted(set(targets.response) | set(targets.resolution))
    return tuple(
        PriorityTarget(p, duration(targets.response.get(p)), duration(targets.resolution.get(p)))
        for p in priorities
    )


def validity(agreement: Agreement) -> str:
    spec = agreement.spec
    start = spec.valid_from.isoformat() if spec.valid_from else None
    end = spec.valid_until.isoformat() if spec.valid_until else None
    if start and end:
        return f"{start} to {end}"
    if start:
        return f"from {start}"
    if end:
        return f"until {end}"
    return "open-ended"


def terms(index: Index, ident: str, agreement: Agreement) -> Terms:
    """An agreement's headline: party, availability, hours, times per priority."""
    spec = agreement.spec
    return Terms(
        agreement=Link(agreement.title, page_of("Agreement", ident), spec.type),
        type=spec.type,
        party=link(index, PARTY_KIND[spec.type], spec.party),
        availability=percent(spec.targets.availability),
        hours=describe(spec.service_hours or "24x7"),
        targets=_targets(agreement),
        valid=validity(agreement),
    )


def terms_of(index: Index, idents: Iterable[str]) -> tuple[Terms, ...]:
    found = []
    for ident in idents:
        agreement = index.entity(Agreement, ident)
        if agreement is not None:
            found.append(terms(index, ident, agreement))
    return tuple(found)


def offering_entry(index: Index, service: str, offering: Offering) -> OfferingEntry:
    cost = offering.cost
    return OfferingEntry(
        anchor=f"{service}--{offering.id}",
        title=offering.title,
        service=link(index, "Service", service),
        description=offering.description,
        fulfilment=offering.fulfilment,
        lead_time=duration(offering.lead_time),
        eligible=links(index, "Customer", offering.eligible),
        cost=None if cost is None else f"{cost:g}" if isinstance(cost, float) else str(cost),
    )
