"""The example organisation's site: every page parses, every link resolves, and each
view shows what its readers need."""

from __future__ import annotations

import json
import re
from pathlib import Path

from svcascode.hours import describe
from svcascode.index import Index
from svcascode.model.agreement import Agreement
from svcascode.model.ci import ConfigurationItem
from svcascode.model.service import Service
from svcascode.model.types import format_duration
from svcascode.render import urls
from tests.render.sitecheck import ParsedPage, broken_links

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'"
)


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def section_of(html: str, marker: str, start: str, end: str) -> str:
    """The part of ``html`` from the last ``start`` before ``marker`` to the next ``end``."""
    at = html.index(marker)
    begin = html.rindex(start, 0, at)
    finish = html.find(end, at)
    return html[begin : finish if finish >= 0 else len(html)]


def sla_services(index: Index) -> dict[str, list[Agreement]]:
    found: dict[str, list[Agreement]] = {}
    for _, agreement in index.items(Agreement):
        if agreement.spec.type == "SLA":
            for service in agreement.spec.services:
                found.setdefault(service, []).append(agreement)
    return found


def test_every_stable_url_is_written(example_site: Path, example_index: Index) -> None:
    fixed = [
        urls.HOME,
        urls.CUSTOMER_VIEW,
        urls.USER_VIEW,
        urls.PROVIDER_VIEW,
        urls.SCHEDULE,
        urls.SEARCH,
        urls.SEARCH_INDEX_JS,
        urls.CALENDAR,
        "static/style.css",
        "static/search.js",
    ]
    missing = [path for path in fixed if not (example_site / path).is_file()]
    for kind, folder in urls.FOLDERS.items():
        for ident in example_index.by_kind[kind]:
            if not (example_site / folder / f"{ident}.html").is_file():
                missing.append(f"{folder}/{ident}.html")
    assert missing == []


def test_every_page_is_well_formed(example_pages: dict[str, ParsedPage]) -> None:
    assert len(example_pages) > 150
    problems = [problem for page in example_pages.values() for problem in page.problems]
    assert problems == []


def test_no_internal_link_is_broken(
    example_site: Path, example_pages: dict[str, ParsedPage]
) -> None:
    assert broken_links(example_site, example_pages) == []


def test_links_are_relative_so_file_urls_work(example_pages: dict[str, ParsedPage]) -> None:
    absolute = [
        (name, url)
        for name, page in example_pages.items()
        for url in page.links
        if url.startswith("/")
    ]
    assert absolute == []


def test_every_page_has_the_csp_and_no_inline_script_or_style(
    example_pages: dict[str, ParsedPage],
) -> None:
    for name, page in example_pages.items():
        assert page.csp == CSP, name
        assert None not in page.scripts, name
        assert page.style_attributes == 0, name


def test_search_page_loads_the_index_then_the_client(
    example_pages: dict[str, ParsedPage],
) -> None:
    assert example_pages["search.html"].scripts == ["search-index.js", "static/search.js"]


def test_customer_view_lists_every_sla_service_with_availability_and_hours(
    example_site: Path, example_index: Index
) -> None:
    html = read(example_site, urls.CUSTOMER_VIEW)
    covered = sla_services(example_index)
    assert len(covered) > 5
    for ident, agreements in covered.items():
        service = example_index.entity(Service, ident)
        assert service is not None
        if service.spec.lifecycle == "retired":
            continue
        section = section_of(html, f'href="../services/{ident}.html"', "<section", "</section>")
        if service.spec.provision.summary:
            assert service.spec.provision.summary.replace("'", "&#39;") in section
        for agreement in agreements:
            assert f'href="../agreements/{agreement.id}.html"' in section
            assert f"{agreement.spec.targets.availability:g}%" in section
            assert describe(agreement.spec.service_hours or "24x7") in section
            for priority, value in agreement.spec.targets.response.items():
                assert f"{priority}: {format_duration(value)} /" in section


def test_user_view_lists_every_offering_with_lead_time(
    example_site: Path, example_index: Index
) -> None:
    html = read(example_site, urls.USER_VIEW)
    offerings = 0
    for record, service in example_index.items(Service):
        if service.spec.lifecycle == "retired":
            continue
        for offering in service.spec.offerings:
            offerings += 1
            row = section_of(html, f'id="offering-{record.id}--{offering.id}"', "<tr", "</tr>")
            assert offering.title in row
            assert offering.fulfilment in row
            if offering.lead_time is not None:
                assert f">{format_duration(offering.lead_time)}</td>" in row
    assert offerings > 10
    assert "support open: 24x7" in html


def test_user_view_shows_faq_docs_and_help(example_site: Path, example_index: Index) -> None:
    html = read(example_site, urls.USER_VIEW)
    ehr = example_index.entity(Service, "ehr")
    assert ehr is not None
    for doc in ehr.spec.docs:
        assert f'href="{doc.url}"' in html
    assert ehr.spec.faq[0].question.replace("'", "&#39;") in html
    assert 'href="mailto:servicedesk@fjordvikikt.example"' in html


def test_provider_view_lists_olas_and_ucs_with_targets(
    example_site: Path, example_index: Index
) -> None:
    html = read(example_site, urls.PROVIDER_VIEW)
    agreements = html[html.index('id="olas"') : html.index('id="suppliers"')]
    count = 0
    for record, agreement in example_index.items(Agreement):
        if agreement.spec.type == "SLA":
            continue
        count += 1
        row = section_of(agreements, f'href="../agreements/{record.id}.html"', "<tr", "</tr>")
        if agreement.spec.targets.availability is not None:
            assert f"{agreement.spec.targets.availability:g}%" in row
        assert describe(agreement.spec.service_hours or "24x7") in row
    assert count > 5
    for heading in ("Line 1: service desk", 'id="olas"', 'id="ucs"', 'id="suppliers"'):
        assert heading in html
    assert 'href="../schedule.html"' in html


def test_every_service_and_item_page_has_an_inline_svg_graph(
    example_site: Path, example_index: Index
) -> None:
    for kind in (Service, ConfigurationItem):
        folder = urls.FOLDERS[kind.__name__]
        for record, _ in example_index.items(kind):
            html = read(example_site, f"{folder}/{record.id}.html")
            assert '<div class="graph">\n<svg' in html, record.id
            assert 'class="node service focus"' in html or 'class="node item focus"' in html


def test_service_page_shows_provision_support_and_feasibility(example_site: Path) -> None:
    html = read(example_site, "services/ehr.html")
    for text in (
        "Provision: what it does (utility)",
        "Support: how well it is delivered (warranty)",
        'class="feasibility"',
        "allowed by OLAs and UCs",
        'href="../items/ehr-db-prod.html"',
        'id="offering-ehr--ehr-access"',
        'href="../services/ehr-mobile.html"',  # a sub-service
    ):
        assert text in html


def test_item_page_shows_needs_dependents_and_changes(example_site: Path) -> None:
    html = read(example_site, "items/core-sw-b.html")
    assert 'href="../changes/chg-0156-core-sw-b-firmware.html"' in html
    assert 'id="needs"' in html and 'id="needed-by"' in html
    assert "+" in html and "more</text>" in html  # the core switch is a hub: folded


def test_agreement_pages_link_underpinnings_both_ways(
    example_site: Path, example_index: Index
) -> None:
    sla = read(example_site, "agreements/sla-dalen-sykehus.html")
    assert "What it rests on" in sla
    under = re.findall(r'href="\.\./agreements/((?:ola|uc)-[a-z0-9-]+)\.html"', sla)
    assert under
    ola = read(example_site, f"agreements/{under[0]}.html")
    assert 'href="../agreements/sla-dalen-sykehus.html"' in ola


def test_schedule_page_lists_changes_windows_and_the_calendar(example_site: Path) -> None:
    html = read(example_site, urls.SCHEDULE)
    assert 'href="schedule.ics"' in html
    assert 'href="changes/chg-0153-ehr-upgrade-24-2.html"' in html
    assert 'class="maintenance"' in html and 'class="blackout"' in html
    assert (example_site / urls.CALENDAR).read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_search_index_covers_every_page_and_resolves(
    example_site: Path, example_index: Index
) -> None:
    script = read(example_site, urls.SEARCH_INDEX_JS)
    prefix = "window.SVCASCODE_SEARCH = "
    assert script.startswith(prefix) and script.endswith(";\n")
    entries = json.loads(script[len(prefix) : -2])
    assert entries == json.loads(read(example_site, urls.SEARCH_INDEX_JSON))
    paths = {entry["u"].partition("#")[0] for entry in entries}
    for kind, folder in urls.FOLDERS.items():
        for ident in example_index.by_kind[kind]:
            assert f"{folder}/{ident}.html" in paths
    assert all((example_site / path).is_file() for path in paths)
    assert any(entry["k"].startswith("offering of") for entry in entries)


def test_home_page_leads_to_the_three_views(example_site: Path) -> None:
    html = read(example_site, urls.HOME)
    for path in (urls.CUSTOMER_VIEW, urls.USER_VIEW, urls.PROVIDER_VIEW, urls.SCHEDULE):
        assert f'href="{path}"' in html
    assert 'action="search.html"' in html
    assert "<strong>19</strong>" in html  # services
