"""A hostile repository's site in a real browser: every text the site shows carries
script tags, event handlers, ``javascript:`` links and attribute break-outs that would set
``window.__pwned`` (or open a dialog) if any of them ran. Every page is opened twice, with
the site's Content-Security-Policy and with it bypassed, so that the escaping is tested on
its own and not only behind the CSP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import Site, build, is_plain_link, open_tab, serving
from tests.hostile import Payloads, write_hostile_repository

PWN = "window.__pwned=1"
SCRIPT = f"<script>{PWN}</script>"
IMG = f'<img src=x onerror="{PWN}">'
JS = f"javascript:{PWN}"
SVG = f'"><svg onload={PWN}>'
ITEMS = (
    SCRIPT,
    IMG,
    JS,
    SVG,
    f"'><svg/onload={PWN}>",
    "<script>alert(1)</script>",
    '<a href="javascript:alert(1)">raw link</a>',
    f"<iframe src={JS}></iframe>",
    f"</title></textarea></style>{SCRIPT}",
)
TEXT = " ".join(ITEMS)
"""Plain text fields: shown as text, never as markup."""
MARKDOWN = (
    f"{TEXT}\n\n[click]({JS}) <{JS}> [enc](javascript&#58;{PWN}) [tab](java&#9;script:{PWN})"
    f" ![img](x){{onerror={PWN}}} [data](data:text/html,{SCRIPT}) [vb](vbscript:msgbox(1))"
    f' [quote](https://x.example/"onmouseover="{PWN})'
    f'\n\n<a href="{JS}">html link</a>\n\n{SVG}'
)
"""Markdown fields: formatted, but with HTML escaped and only safe link schemes."""
URLS = (
    JS,
    "JaVaScRiPt:alert(1)",
    f" {JS}",
    f"java\tscript:{PWN}",
    f"data:text/html,{SCRIPT}",
    f"vbscript:{PWN}",
    SVG,
    f'https://x.example/"><svg onload={PWN}>',
)
PAYLOADS = Payloads(
    text=TEXT,
    title=TEXT,
    items=ITEMS,
    markdown=MARKDOWN,
    js=JS,
    script=SCRIPT,
    breakout=SVG,
    email=f"eve@example.org{SVG}",
    urls=URLS,
    base_url=f'https://x.example/"><svg onload={PWN}>/',
)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("hostile")
    write_hostile_repository(root, PAYLOADS)
    out = build(root, root / "site", use_git=False)
    with serving(out) as served:
        yield served


INSPECT = """() => {
    const protocol = (href) => {
        try { return new URL(href, document.baseURI).protocol; } catch { return 'invalid:'; }
    };
    const link = (element, href) => [element.localName, href, protocol(href)];
    const links = [];
    for (const element of document.querySelectorAll('[href], [*|href]')) {
        links.push(link(element, element.getAttribute('href')
            ?? element.getAttributeNS('http://www.w3.org/1999/xlink', 'href')));
    }
    const handlers = [];
    for (const element of document.querySelectorAll('*')) {
        for (const attribute of element.attributes) {
            if (attribute.name.toLowerCase().startsWith('on')) {
                handlers.push(element.localName + '[' + attribute.name + ']');
            }
        }
    }
    const foreign = 'img, iframe, frame, object, embed, base, form[action^="javascript" i],'
        + ' meta[http-equiv="refresh" i], svg svg, svg script, svg foreignObject';
    return {
        pwned: typeof window.__pwned,
        page: location.protocol,
        links,
        anchors: Array.from(document.querySelectorAll('a[href], area[href]'),
            (e) => link(e, e.getAttribute('href'))),
        handlers,
        scripts: Array.from(document.scripts, (s) => s.getAttribute('src')),
        foreign: Array.from(document.querySelectorAll(foreign), (e) => e.outerHTML.slice(0, 120)),
        text: document.body.innerText,
    };
}"""
SCRIPTS = {None: set(), "search.html": {"search-index.js", "static/search.js"}}


def audit(page: Page, path: str) -> tuple[list[str], str]:
    """What is wrong with the page at ``path`` (after clicking every link that is not
    http(s), mailto or relative, of which there should be none), and its visible text."""
    found = page.evaluate(INSPECT)
    problems = []
    if found["pwned"] != "undefined":
        problems.append("window.__pwned is set")
    problems.extend(f"event handler attribute {name}" for name in found["handlers"])
    problems.extend(f"element from the data: {html}" for html in found["foreign"])
    expected = SCRIPTS.get(path, SCRIPTS[None])
    scripts = {src.removeprefix("../") if src else src for src in found["scripts"]}
    if scripts != expected:
        problems.append(f"scripts {sorted(map(str, scripts))}, expected {sorted(expected)}")
    safe = {"http:", "https:", "mailto:", found["page"]}

    def plain(href: str | None, protocol: str) -> bool:
        return is_plain_link(href or "") and protocol in safe

    for tag, href, protocol in found["links"]:
        if not plain(href, protocol):
            problems.append(f"<{tag}> links to {href!r} ({protocol})")
    anchors = page.locator("a[href], area[href]")
    odd = [
        i for i, (_tag, href, protocol) in enumerate(found["anchors"]) if not plain(href, protocol)
    ]
    for number in odd:
        before = page.url
        anchors.nth(number).click(force=True, no_wait_after=True, timeout=2_000)
        page.wait_for_timeout(200)
        if page.evaluate("typeof window.__pwned") != "undefined":
            problems.append(f"clicking {found['anchors'][number][1]!r} set window.__pwned")
        if page.url != before:
            break
    return problems, found["text"]


@pytest.mark.parametrize("csp", ["with-csp", "csp-bypassed"])
def test_no_payload_runs_on_any_page(
    browser: Browser, hostile: Site, artifacts: Path, csp: str
) -> None:
    pages = hostile.pages()
    assert len(pages) > 10
    problems: list[str] = []
    shown = ""
    with open_tab(browser, hostile, artifacts, bypass_csp=csp == "csp-bypassed") as tab:
        for path in pages:
            page = tab.open(path)
            found, text = audit(page, path)
            if path == "services/svc.html":
                shown = text
                tab.shot(f"hostile-{csp}-service")
            problems.extend(f"{path}: {problem}" for problem in found + tab.watch.take())
    assert not problems, "\n".join(problems)
    # The payloads reached the page, as text.
    for payload in (SCRIPT, IMG, SVG, JS):
        assert payload in shown


@pytest.mark.parametrize("file", [False, True], ids=["http", "file"])
def test_search_shows_hostile_entries_as_text(
    browser: Browser, hostile: Site, artifacts: Path, file: bool
) -> None:
    with open_tab(browser, hostile, artifacts, bypass_csp=True) as tab:
        page = tab.open("search.html", file=file)
        box = page.locator("#search-input")
        results = page.locator("#search-results li")
        for query in ("pwned", "script", "svg onload", "javascript", "alert"):
            box.fill("")
            box.press_sequentially(query)
            expect(results.first).to_be_visible()
            problems, _text = audit(page, "search.html")
            assert not problems, (query, problems)
        expect(results.filter(has_text=SCRIPT).first).to_be_visible()
        tab.shot(f"hostile-search-{'file' if file else 'http'}")
        page = tab.open(f"search.html?q={SCRIPT}", file=file)
        expect(page.locator("#search-input")).to_have_value(SCRIPT)
        problems, _text = audit(page, "search.html")
        assert not problems
        assert tab.watch.take() == []


def test_the_detector_sees_an_injection(browser: Browser, hostile: Site, artifacts: Path) -> None:
    """The control: markup that does get in is caught, by the CSP when it is on and by
    ``window.__pwned`` when it is bypassed, so a clean run above means something."""
    injection = f"document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=\"{PWN}\">')"
    with open_tab(browser, hostile, artifacts) as tab:
        page = tab.open("index.html")
        page.evaluate(injection)
        page.wait_for_timeout(300)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert any("Content Security Policy" in line for line in tab.watch.console)
        assert audit(page, "index.html")[0]
    with open_tab(browser, hostile, artifacts, bypass_csp=True) as tab:
        page = tab.open("index.html")
        page.evaluate(injection)
        expect(page.locator("img")).to_have_count(1)
        page.wait_for_function("window.__pwned === 1")
        page.evaluate("alert(1)")
        assert tab.watch.dialogs == ["alert: 1"]
        page = tab.open("index.html")
        link = f'<a href="{JS}">click</a>'
        page.evaluate(f"document.body.insertAdjacentHTML('beforeend', '{link}')")
        problems, _text = audit(page, "index.html")
        assert problems == [
            f"<a> links to {JS!r} (javascript:)",
            f"clicking {JS!r} set window.__pwned",
        ]


def test_every_hostile_page_was_built(hostile: Site) -> None:
    pages = set(hostile.pages())
    for path in ("services/svc.html", "items/app.html", "changes/chg.html", "teams/ops.html"):
        assert path in pages
