"""The home page and the three views: customer (what is promised), user (what can be
requested, how to get help) and provider (how services are realised)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TypeVar

from svcascode.index import Index
from svcascode.model.agreement import Agreement
from svcascode.model.change import Change
from svcascode.model.ci import ConfigurationItem
from svcascode.model.parties import Customer, Supplier, Team
from svcascode.model.service import Service
from svcascode.render import urls
from svcascode.render.context import (
    Count,
    CustomerView,
    Faq,
    Group,
    HomePage,
    Link,
    ProviderView,
    Realisation,
    SlaService,
    SupplierEntry,
    TeamEntry,
    Underpinning,
    UserService,
    UserView,
)
from svcascode.render.facts import Facts
from svcascode.render.helpers import (
    by_title,
    channels,
    domain_of,
    hours,
    href,
    link,
    links,
    offering_entry,
    terms,
    terms_of,
)
from svcascode.render.schedule_page import schedule_rows

T = TypeVar("T")
LINE_NAMES = {1: "Line 1: service desk", 2: "Line 2: specialists", 3: "Line 3: experts"}
UPCOMING = 10
"""Changes listed in the provider view; the schedule page has them all."""


def current_services(index: Index) -> list[tuple[str, Service]]:
    """Services not retired, by title."""
    found = [(r.id, s) for r, s in index.items(Service) if s.spec.lifecycle != "retired"]
    return sorted(found, key=lambda pair: (pair[1].title.casefold(), pair[0]))


def by_domain(entries: Iterable[tuple[str, T]]) -> tuple[Group[T], ...]:
    groups: dict[str, list[T]] = defaultdict(list)
    for domain, entry in entries:
        groups[domain].append(entry)
    return tuple(Group(name, tuple(groups[name])) for name in sorted(groups))


def _count(index: Index, kind: str) -> int:
    return len(index.by_kind.get(kind, {}))


def home(index: Index, facts: Facts, title: str) -> HomePage:
    offerings = sum(len(s.spec.offerings) for _, s in current_services(index))
    changes = len(facts.schedule.of_kind("change"))
    return HomePage(
        path=urls.HOME,
        template="index.html",
        title=title,
        nav="home",
        organisation=index.load.config.organisation,
        counts=(
            Count("services", _count(index, "Service"), urls.PROVIDER_VIEW),
            Count("offerings", offerings, urls.USER_VIEW),
            Count("configuration items", _count(index, "ConfigurationItem")),
            Count("agreements", _count(index, "Agreement"), urls.PROVIDER_VIEW + "#olas"),
            Count("customers", _count(index, "Customer"), urls.CUSTOMER_VIEW + "#customers"),
            Count("suppliers", _count(index, "Supplier"), urls.PROVIDER_VIEW + "#suppliers"),
            Count("teams", _count(index, "Team"), urls.PROVIDER_VIEW + "#teams"),
            Count("changes in the next 90 days", changes, urls.SCHEDULE),
        ),
        views=(
            Link("For customers", urls.CUSTOMER_VIEW, "services and what we promise"),
            Link("For users", urls.USER_VIEW, "what you can ask for, how to get help"),
            Link("For providers", urls.PROVIDER_VIEW, "how services are realised"),
        ),
        upcoming=changes,
    )


def customer_view(index: Index, facts: Facts) -> CustomerView:
    """Services by domain, each with its purpose and every SLA's headline for it."""
    entries = []
    for ident, service in current_services(index):
        slas = facts.slas_of.get(ident, [])
        if service.spec.type != "business" and not slas:
            continue
        owner = service.metadata.owner
        entries.append(
            (
                domain_of(service),
                SlaService(
                    service=link(index, "Service", ident),
                    summary=service.spec.provision.summary,
                    lifecycle=service.spec.lifecycle,
                    owner=link(index, "Team", owner) if owner else None,
                    channels=channels(service.spec.support),
                    support_hours=hours(service.spec.support.hours),
                    slas=terms_of(index, sorted(slas)),
                ),
            )
        )
    customers = by_title(link(index, "Customer", r.id) for r, _ in index.items(Customer))
    return CustomerView(
        path=urls.CUSTOMER_VIEW,
        template="view_customer.html",
        title="Services and what we promise",
        nav="customer",
        domains=by_domain(entries),
        customers=customers,
    )


def user_view(index: Index) -> UserView:
    """The request catalogue: offerings, FAQ, documentation and help, per service."""
    entries = []
    count = 0
    for ident, service in current_services(index):
        spec = service.spec
        if not (spec.offerings or spec.faq or spec.docs or spec.support.channels):
            continue
        count += len(spec.offerings)
        entries.append(
            (
                domain_of(service),
                UserService(
                    service=link(index, "Service", ident),
                    summary=spec.provision.summary,
                    offerings=tuple(offering_entry(index, ident, o) for o in spec.offerings),
                    faq=tuple(Faq(f.question, f.answer) for f in spec.faq),
                    docs=tuple(href(d.title, d.url) for d in spec.docs),
                    channels=channels(spec.support),
                    support_hours=hours(spec.support.hours),
                ),
            )
        )
    return UserView(
        path=urls.USER_VIEW,
        template="view_user.html",
        title="What you can ask for",
        nav="user",
        domains=by_domain(entries),
        offerings=count,
    )


def _realisations(index: Index, facts: Facts) -> tuple[Realisation, ...]:
    found = []
    services = sorted(index.items(Service), key=lambda p: (p[1].title.casefold(), p[0].id))
    for record, service in services:
        owner = service.metadata.owner
        found.append(
            Realisation(
                service=link(index, "Service", record.id),
                type=service.spec.type,
                lifecycle=service.spec.lifecycle,
                owner=link(index, "Team", owner) if owner else None,
                items=len(service.spec.cis),
                depends_on=links(index, "Service", service.spec.depends_on),
                underpinned_by=links(index, "Agreement", facts.underpinnings(index, record.id)),
            )
        )
    return tuple(found)


def _teams(index: Index, facts: Facts) -> tuple[Group[TeamEntry], ...]:
    entries = []
    for record, team in sorted(index.items(Team), key=lambda p: p[1].title.casefold()):
        line = team.spec.line
        entry = TeamEntry(
            team=link(index, "Team", record.id),
            members=len(team.spec.members),
            roles=tuple(team.spec.roles),
            services=len(facts.owned.get((record.id, "Service"), ())),
            items=len(facts.owned.get((record.id, "ConfigurationItem"), ())),
        )
        entries.append((LINE_NAMES[line] if line else "Other teams", entry))
    return by_domain(entries)


def _underpinning(index: Index, ident: str, agreement: Agreement) -> Underpinning:
    return Underpinning(
        terms=terms(index, ident, agreement),
        services=links(index, "Service", agreement.spec.services),
        items=links(index, "ConfigurationItem", agreement.spec.cis),
    )


def provider_view(index: Index, facts: Facts) -> ProviderView:
    """Services and their realisation, teams by resolver line, OLAs, UCs, suppliers and
    the next changes."""
    agreements = sorted(index.items(Agreement), key=lambda p: p[0].id)
    olas = [_underpinning(index, r.id, a) for r, a in agreements if a.spec.type == "OLA"]
    ucs = [_underpinning(index, r.id, a) for r, a in agreements if a.spec.type == "UC"]
    suppliers = [
        SupplierEntry(
            supplier=link(index, "Supplier", record.id),
            contracts=links(index, "Agreement", facts.agreements_of.get(record.id, ())),
            items=len(facts.supplied.get(record.id, ())),
        )
        for record, _ in sorted(index.items(Supplier), key=lambda p: p[1].title.casefold())
    ]
    changes = [e for e in facts.schedule.entries if e.kind == "change"][:UPCOMING]
    return ProviderView(
        path=urls.PROVIDER_VIEW,
        template="view_provider.html",
        title="How services are realised",
        nav="provider",
        services=_realisations(index, facts),
        lines=_teams(index, facts),
        olas=tuple(olas),
        ucs=tuple(ucs),
        suppliers=tuple(suppliers),
        upcoming=schedule_rows(index, changes),
    )


def counts_of(index: Index) -> dict[str, int]:
    """Entities per kind with pages, for the build report."""
    return {
        model.__name__: _count(index, model.__name__)
        for model in (Service, ConfigurationItem, Agreement, Team, Customer, Supplier, Change)
    }
