"""The example organisation's site as a person uses it: the home page, the three views,
search (typed, over http and from ``file://``), a service page with its dependency graph,
a phone-width page, and every page loaded with nothing going wrong on the console or the
network. Expected content comes from the index, so the tests follow the example's data."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, Locator, Page, expect

from svcascode.index import Index
from svcascode.model.agreement import Agreement
from svcascode.model.service import Offering, Service
from svcascode.render.helpers import duration, percent
from tests.browser.conftest import PHONE, Site, Tab, open_tab

SERVICE = "ehr"
"""The service the walk-throughs look at."""
OFFERING = "ehr-training-account"
"""An offering of it that search should find by its title."""
DEPENDENCY = "database-platform"
"""A service it needs: a node of its graph that links to that service's page."""


def service(index: Index, ident: str = SERVICE) -> Service:
    found = index.entity(Service, ident)
    assert found is not None, ident
    return found


def offering(index: Index) -> Offering:
    return next(o for o in service(index).spec.offerings if o.id == OFFERING)


def agreements(index: Index, kind: str, ident: str = SERVICE) -> list[Agreement]:
    """The agreements of ``kind`` (SLA, OLA, UC) that name the service, with an
    availability target."""
    found = [
        agreement
        for _record, agreement in index.items(Agreement)
        if agreement.spec.type == kind
        and ident in agreement.spec.services
        and agreement.spec.targets.availability is not None
    ]
    assert found, f"no {kind} names {ident}"
    return found


def service_section(page: Page, title: str) -> Locator:
    """The ``<section class="service">`` of a view whose heading is ``title``."""
    heading = page.get_by_role("heading", name=title, exact=True)
    return page.locator("section.service").filter(has=heading)


def nav(page: Page, text: str) -> None:
    page.locator("nav.main").get_by_role("link", name=text, exact=True).click()


def test_home_page(tab: Tab, example_index: Index) -> None:
    page = tab.open("index.html")
    title = example_index.load.config.site.title
    assert title
    expect(page).to_have_title(title)
    expect(page.locator("h1")).to_have_text(title)
    links = page.locator("nav.main a")
    expect(links).to_have_text(["Home", "Customers", "Users", "Providers", "Schedule", "Search"])
    expect(links.first).to_have_attribute("aria-current", "page")
    expect(page.locator(".cards .card")).to_have_count(4)
    services = len(list(example_index.items(Service)))
    expect(page.locator("ul.counts li").first).to_have_text(re.compile(rf"^{services}\s*services$"))
    tab.shot("01-home")


def test_switching_views(tab: Tab, example_index: Index) -> None:
    ehr = service(example_index)
    page = tab.open("index.html")

    nav(page, "Customers")
    expect(page).to_have_url(re.compile(r"/views/customer\.html$"))
    expect(page.locator('nav.main a[aria-current="page"]')).to_have_text("Customers")
    section = service_section(page, ehr.title)
    expect(section).to_have_count(1)
    for sla in agreements(example_index, "SLA"):
        row = section.locator("tbody tr").filter(has_text=sla.title)
        expect(row).to_have_count(1)
        availability = percent(sla.spec.targets.availability)
        expect(row.locator('td[data-label="Availability"]')).to_have_text(availability or "")
    section.scroll_into_view_if_needed()
    tab.shot("02-view-customer", full_page=False)

    nav(page, "Users")
    expect(page).to_have_url(re.compile(r"/views/user\.html$"))
    wanted = offering(example_index)
    row = service_section(page, ehr.title).locator(f"#offering-{SERVICE}--{OFFERING}")
    expect(row).to_be_visible()
    expect(row.locator("strong")).to_have_text(wanted.title)
    expect(row.locator('td[data-label="Lead time"]')).to_have_text(
        duration(wanted.lead_time) or "\u2013"
    )
    row.scroll_into_view_if_needed()
    tab.shot("03-view-user", full_page=False)

    nav(page, "Providers")
    expect(page).to_have_url(re.compile(r"/views/provider\.html$"))
    olas = page.locator("h2#olas + .table-wrap table")
    expect(olas).to_be_visible()
    for ola in agreements(example_index, "OLA"):
        row = olas.locator("tbody tr").filter(has_text=ola.title)
        expect(row).to_have_count(1)
        expect(row.locator("td").nth(2)).to_have_text(percent(ola.spec.targets.availability) or "")
        expect(row.get_by_role("link", name=ehr.title, exact=True)).to_be_visible()
    olas.scroll_into_view_if_needed()
    tab.shot("04-view-provider", full_page=False)

    nav(page, "Home")
    expect(page).to_have_url(re.compile(r"/index\.html$"))


def expect_offering_page(page: Page, index: Index) -> None:
    """The landing page of the offering: the service's page, scrolled to its row."""
    expect(page).to_have_url(
        re.compile(rf"/services/{SERVICE}\.html#offering-{SERVICE}--{OFFERING}$")
    )
    expect(page.locator("h1")).to_have_text(service(index).title)
    row = page.locator(f"#offering-{SERVICE}--{OFFERING}")
    expect(row).to_be_in_viewport()
    expect(row.locator("strong")).to_have_text(offering(index).title)


def test_search_for_an_offering_and_follow_the_result(tab: Tab, example_index: Index) -> None:
    wanted = offering(example_index)
    page = tab.open("index.html")
    box = page.locator("header form.search input")
    box.press_sequentially(wanted.title.lower(), delay=10)
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search\.html\?q="))
    expect(page.locator("#search-input")).to_have_value(wanted.title.lower())
    first = page.locator("#search-results li").first
    expect(first.locator("a")).to_have_text(wanted.title)
    expect(first.locator(".kind")).to_have_text(f"offering of {service(example_index).title}")
    tab.shot("05-search-results")
    first.locator("a").click()
    expect_offering_page(page, example_index)
    tab.shot("06-search-landing", full_page=False)


def test_search_filters_as_you_type(tab: Tab, example_index: Index) -> None:
    page = tab.open("search.html")
    status = page.locator("#search-status")
    expect(status).to_have_text(re.compile(r"^\d+ entries to search\.$"))
    box = page.locator("#search-input")
    expect(box).to_be_focused()
    wanted = offering(example_index)
    words = wanted.title.lower().split()
    box.press_sequentially(words[0], delay=10)
    results = page.locator("#search-results li a")
    expect(results.filter(has_text=wanted.title)).to_have_count(1)
    box.press_sequentially(" " + " ".join(words[1:]), delay=10)
    expect(results.first).to_have_text(wanted.title)
    box.fill("zzzz-no-such-thing")
    expect(status).to_have_text("Nothing found.")
    expect(results).to_have_count(0)
    box.fill("")
    expect(status).to_have_text(re.compile(r"entries to search"))


def test_search_works_from_file_url(tab: Tab, example_index: Index) -> None:
    wanted = offering(example_index)
    page = tab.open("index.html", file=True)
    assert page.url.startswith("file://")
    box = page.locator("main form.search input")
    box.press_sequentially(wanted.title, delay=10)
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"^file://.*/search\.html\?q="))
    link = page.locator("#search-results li a").first
    expect(link).to_have_text(wanted.title)
    tab.shot("07-search-file-url")
    link.click()
    assert page.url.startswith("file://")
    expect_offering_page(page, example_index)

    page = tab.open(f"search.html?q={OFFERING}", file=True)
    expect(page.locator("#search-results li a").first).to_have_text(wanted.title)


def test_service_page_shows_its_dependency_graph(tab: Tab, example_index: Index) -> None:
    ehr = service(example_index)
    page = tab.open(f"services/{SERVICE}.html")
    expect(page.locator("h1")).to_have_text(ehr.title)
    svg = page.locator("#dependencies + .graph svg")
    expect(svg).to_be_visible()
    box = svg.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 100, box
    nodes = svg.locator("g.node")
    expected = 1 + len(ehr.spec.depends_on) + len(ehr.spec.cis)
    assert nodes.count() >= expected
    for index in range(nodes.count()):
        rect = nodes.nth(index).locator("rect").bounding_box()
        assert rect is not None and rect["width"] > 10 and rect["height"] > 10
    focus = svg.locator("g.node.focus")
    expect(focus).to_have_count(1)
    expect(focus.locator("title")).to_have_text(re.compile(re.escape(ehr.title)))
    expect(svg.locator("polyline.edge").first).to_be_attached()
    graph = page.locator("#dependencies + .graph")
    graph.scroll_into_view_if_needed()
    graph.screenshot(path=str(tab.shots / "08-service-graph.png"))
    tab.shot("09-service-page")

    node = svg.locator(f'g.node.service a[href$="/{DEPENDENCY}.html"]')
    expect(node).to_have_count(1)
    node.click()
    expect(page).to_have_url(re.compile(rf"/services/{DEPENDENCY}\.html$"))
    expect(page.locator("h1")).to_have_text(service(example_index, DEPENDENCY).title)


PHONE_PAGES = (
    f"services/{SERVICE}.html",
    "index.html",
    "views/customer.html",
    "views/user.html",
    "views/provider.html",
    "schedule.html",
    "agreements/ola-ehr-team.html",
    "items/ehr-app-prod.html",
)


def test_phone_width(browser: Browser, site: Site, artifacts: Path) -> None:
    with open_tab(browser, site, artifacts, viewport=PHONE, is_mobile=True) as tab:
        for path in PHONE_PAGES:
            page = tab.open(path)
            width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert width[0] <= width[1], f"{path} scrolls sideways on a phone: {width}"
        page = tab.open(f"services/{SERVICE}.html")
        # Wide tables become one labelled block per row.
        expect(page.locator("table.terms.stack thead").first).to_be_hidden()
        graph = page.locator(".graph")
        expect(graph).to_be_visible()
        box = graph.bounding_box()
        assert box is not None and box["width"] <= PHONE["width"]
        tab.shot("10-phone-service-page")
        graph.scroll_into_view_if_needed()
        tab.shot("11-phone-service-graph", full_page=False)
        tab.open("views/user.html")
        tab.shot("12-phone-view-user", full_page=False)
        tab.assert_clean()


def test_every_page_loads_cleanly(tab: Tab, site: Site) -> None:
    """Each of the site's pages over http: it shows a heading, its stylesheet applies, its
    service graph has nodes, and nothing failed, was refused or went off the site."""
    problems: list[str] = []
    pages = site.pages()
    assert len(pages) > 100
    for path in pages:
        page = tab.open(path)
        found = page.evaluate(
            """() => ({
                h1: document.querySelectorAll('main h1').length,
                styled: getComputedStyle(document.body).marginTop === '0px',
                nodes: document.querySelectorAll('.graph svg g.node').length,
                wide: document.documentElement.scrollWidth > window.innerWidth,
            })"""
        )
        if found["h1"] != 1:
            problems.append(f"{path}: {found['h1']} h1 elements")
        if not found["styled"]:
            problems.append(f"{path}: the stylesheet did not apply")
        if path.startswith("services/") and found["nodes"] < 1:
            problems.append(f"{path}: the dependency graph has no nodes")
        if found["wide"]:
            problems.append(f"{path}: scrolls sideways at {page.viewport_size}")
        problems.extend(f"{path}: {problem}" for problem in tab.watch.take())
    refused = [(path, code) for path, code in site.server.requests if code >= 400]
    problems.extend(
        f"server answered {code} for {path}" for path, code in refused if path != "/favicon.ico"
    )
    assert not problems, "\n".join(problems)


def test_pages_declare_an_icon(tab: Tab) -> None:
    for path in ("index.html", f"services/{SERVICE}.html", "search.html"):
        page = tab.open(path)
        expect(page.locator('head link[rel~="icon"]')).to_have_count(1, timeout=1_000)
