"""Every page of the site as a typed context, built from the index before anything is
written (so a failure leaves the previous site in place)."""

from __future__ import annotations

from collections.abc import Iterator

from svcascode.index import Index
from svcascode.loader.load import Record
from svcascode.model.agreement import Agreement
from svcascode.model.change import Change
from svcascode.model.ci import ConfigurationItem
from svcascode.model.parties import Customer, Supplier, Team
from svcascode.model.service import Service
from svcascode.render import urls
from svcascode.render.context import Link, Page, SearchPage, Site
from svcascode.render.entities import agreement_page, item_page, service_page
from svcascode.render.facts import Facts
from svcascode.render.markdown import safe_url
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
    base = safe_url(config.site.base_url or "")
    if base is not None and not base.lower().startswith(("http://", "https://")):
        base = None
    if base is not None and not base.endswith("/"):
        base += "/"
    return Site(title, config.organisation, generated, base, NAV)


def entity_records(index: Index) -> list[Record]:
    """Every entity that has a page: services, items, agreements, parties, changes."""
    return [record for kind in urls.FOLDERS for record in index.records(kind)]


def entity_page(index: Index, facts: Facts, record: Record) -> Page:
    """The page of one service, item, agreement, team, customer, supplier or change."""
    entity = record.entity
    if isinstance(entity, Service):
        return service_page(index, facts, record, entity)
    if isinstance(entity, ConfigurationItem):
        return item_page(index, facts, record, entity)
    if isinstance(entity, Agreement):
        return agreement_page(index, facts, record, entity)
    if isinstance(entity, Team):
        return team_page(index, facts, record, entity)
    if isinstance(entity, Customer):
        return customer_page(index, facts, record, entity)
    if isinstance(entity, Supplier):
        return supplier_page(index, facts, record, entity)
    if isinstance(entity, Change):
        return change_page(index, facts, record, entity)
    raise ValueError(f"no page for a {record.kind}")


def fixed_pages(
    index: Index, facts: Facts, site: Site, calendar: str | None, entries: int
) -> Iterator[Page]:
    """The home page, the three views, the schedule and search."""
    yield home(index, facts, site.title)
    yield customer_view(index, facts)
    yield user_view(index)
    yield provider_view(index, facts)
    yield schedule_page(index, facts, calendar)
    yield SearchPage(
        path=urls.SEARCH, template="search.html", title="Search", nav="search", entries=entries
    )
