"""The site's stable URLs, and the relative paths that make it work from ``file://``.

Every page path is relative to the site root (``services/ehr.html``); templates turn it
into a link relative to the page they are on, so the site works wherever it is put.
Ids are ``[a-z0-9-]`` by the format contract, so they need no escaping in a path.
"""

from __future__ import annotations

HOME = "index.html"
CUSTOMER_VIEW = "views/customer.html"
USER_VIEW = "views/user.html"
PROVIDER_VIEW = "views/provider.html"
SCHEDULE = "schedule.html"
SEARCH = "search.html"
CALENDAR = "schedule.ics"
SEARCH_INDEX_JS = "search-index.js"
SEARCH_INDEX_JSON = "search-index.json"

FOLDERS = {
    "Service": "services",
    "ConfigurationItem": "items",
    "Agreement": "agreements",
    "Team": "teams",
    "Customer": "customers",
    "Supplier": "suppliers",
    "Change": "changes",
}
"""Kinds that have a page of their own, and the folder their pages live in."""


def page_of(kind: str, ident: str) -> str | None:
    """The path of an entity's page, or ``None`` for kinds without pages."""
    folder = FOLDERS.get(kind)
    return f"{folder}/{ident}.html" if folder is not None else None


def root_of(path: str) -> str:
    """The way back to the site root from the page at ``path``: ``""`` or ``"../"``."""
    return "../" * path.count("/")
