"""Every page of the site as a typed context, built from the index before anything is
written (so a failure leaves the previous site in place)."""

from __future__ import annotations

from collections.abc import Iterator

from svcascode.index import Index
from svcascode.model.agreement import Agreement
from svcascode.model.change import Change
from svcascode.model.ci import ConfigurationItem
from svcascode.model.parties import Customer, Supplier, Team
from svcascode.model.service import Service
from svcascode.render import urls
from svcascode.render.context import Link, Page, SearchPage, Site
from svcascode.render.entities import agreement_page, item_page, service_page
from svcascode.render.facts import Facts
from svcascode.render.parties import customer_page, supplier_page, team_page
from svcascode.render.schedule_page import change_page, schedule_page
from svcascode.render.views import customer_view, home, provider_view, user_view

NAV = (
    Link("Home", urls.HOME, "home"),
    Link("Customers", urls.CUSTOMER_VIEW, "customer"),
    Link("Users", urls.USER_VIEW, "user"),
    Link("Providers", urls.PROVIDER_VIEW, "provider"),
    Link("Schedule", urls.SCHEDULE, "schedule"),
    Link("Search", urls.SEARCH, "search"),
)
"""The navigation; ``note`` is the key a page's ``nav`` marks as current."""


def site_of(index: Index, generated: str) -> Site:
    config = index.load.config
    title = config.site.title or config.organisation or "Service catalogue"
    return Site(title, config.organisation, generated, config.site.base_url, NAV)


def entity_pages(index: Index, facts: Facts) -> Iterator[Page]:
    """One page per service, item, agreement, team, customer, supplier and change."""
    for record, service in index.items(Service):
        yield service_page(index, facts, record, service)
    for record, item in index.items(ConfigurationItem):
        yield item_page(index, facts, record, item)
    for record, agreement in index.items(Agreement):
        yield agreement_page(index, facts, record, agreement)
    for record, team in index.items(Team):
        yield team_page(index, facts, record, team)
    for record, customer in index.items(Customer):
        yield customer_page(index, facts, record, customer)
    for record, supplier in index.items(Supplier):
        yield supplier_page(index, facts, record, supplier)
    for record, change in index.items(Change):
        yield change_page(index, facts, record, change)


def all_pages(
    index: Index, facts: Facts, site: Site, calendar: str | None, entries: int
) -> Iterator[Page]:
    """The home page, the views, the schedule, search, then every entity's page."""
    yield home(index, facts, site.title)
    yield customer_view(index, facts)
    yield user_view(index)
    yield provider_view(index, facts)
    yield schedule_page(index, facts, calendar)
    yield SearchPage(
        path=urls.SEARCH, template="search.html", title="Search", nav="search", entries=entries
    )
    yield from entity_pages(index, facts)
