"""A hostile repository: script tags and javascript: links in every text the site shows
come out escaped or dropped, never as markup or a live link."""

from __future__ import annotations

from pathlib import Path

import pytest

from svcascode.render.markdown import Markdown, safe_url
from svcascode.render.search import SearchEntry, to_script
from tests.hostile import Payloads, write_hostile_repository
from tests.render.conftest import build
from tests.render.sitecheck import parse_site

X = "<script>alert(1)</script>"
J = "javascript:alert(1)"
EVIL_MD = (
    f"{X} <img src=x onerror=alert(1)> [click]({J}) <{J}> "
    "[enc](javascript&#58;alert(1)) [tab](java&#9;script:alert(1)) "
    "[data](data:text/html;base64,PHNjcmlwdD4=) [vb](vbscript:msgbox(1)) "
    '<a href="javascript:alert(1)">raw</a> ![img](javascript:alert(1))'
)
EMITTED = frozenset(
    [
        "html",
        "head",
        "meta",
        "title",
        "link",
        "body",
        "header",
        "div",
        "a",
        "nav",
        "ul",
        "li",
        "form",
        "input",
        "button",
        "main",
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "dl",
        "dt",
        "dd",
        "span",
        "code",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "strong",
        "ol",
        "br",
        "section",
        "footer",
        "script",
        "svg",
        "defs",
        "marker",
        "path",
        "polyline",
        "g",
        "rect",
        "text",
        "figure",
        "figcaption",
        "em",
    ]
)
"""Every element the built-in theme emits; anything else came from the data."""
UNSAFE_SCHEMES = ("javascript:", "data:", "vbscript:")
BREAKOUT = f'">{X}'
"""Closes a quoted attribute and opens markup."""
PAYLOADS = Payloads(
    text=X,
    title=f"{X} {J}",
    items=(X, J),
    markdown=EVIL_MD,
    js=J,
    script=X,
    breakout=BREAKOUT,
    email=f"eve@example.org{BREAKOUT}",
    urls=(
        J,
        "JAVASCRIPT:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "java\tscript:alert(1)",
        " javascript:alert(1)",
    ),
    base_url=f"https://x.example/{BREAKOUT}/",
)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    write_hostile_repository(root, PAYLOADS)
    out = root / "site"
    report = build(root, out)
    assert report.pages > 10
    return out


def test_hostile_repository_loads_everything(hostile_site: Path) -> None:
    for page in ("services/svc.html", "items/app.html", "changes/chg.html", "teams/ops.html"):
        assert (hostile_site / page).is_file()


def test_no_script_tag_from_the_data_anywhere(hostile_site: Path) -> None:
    for path in hostile_site.rglob("*"):
        # The calendar is RFC 5545 plain text: a title is the title, as svc schedule
        # writes it; calendar programs do not read it as HTML.
        if path.is_file() and path.suffix != ".ics":
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "<script>alert" not in text, path
            assert "<img" not in text, path


def test_hostile_text_is_shown_escaped(hostile_site: Path) -> None:
    html = (hostile_site / "services/svc.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_no_unsafe_scheme_in_any_link(hostile_site: Path) -> None:
    pages = parse_site(hostile_site)
    assert len(pages) > 10
    for name, page in pages.items():
        for url in page.links:
            cleaned = "".join(url.split()).lower()
            assert not cleaned.startswith(UNSAFE_SCHEMES), (name, url)
            assert "script:" not in cleaned, (name, url)
    for path in hostile_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8").lower()
        assert 'href="javascript:' not in text and "href='javascript:" not in text


def test_only_the_themes_own_elements_and_attributes(hostile_site: Path) -> None:
    pages = parse_site(hostile_site)
    for name, page in pages.items():
        assert page.problems == [], name
        assert page.tags <= EMITTED, (name, page.tags - EMITTED)
        assert not {a for a in page.attributes if a.startswith("on")}, name
        assert None not in page.scripts, name


def test_safe_links_still_work(tmp_path: Path) -> None:
    html = str(Markdown().render("[a](https://x.example/a) [m](mailto:a@b.example) [r](x.html)"))
    assert 'href="https://x.example/a"' in html
    assert 'href="mailto:a@b.example"' in html
    assert 'href="x.html"' in html


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x.example/", "https://x.example/"),
        ("HTTP://x.example/", "HTTP://x.example/"),
        ("mailto:a@b.example", "mailto:a@b.example"),
        ("docs/page.html#part", "docs/page.html#part"),
        ("  https://x.example/  ", "https://x.example/"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        (" \x01javascript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("java\nscript:alert(1)", None),
        ("data:text/html,x", None),
        ("vbscript:msgbox(1)", None),
        ("tel:+4755001200", None),
        ("//evil.example/x", None),
        ("\\\\evil.example/x", None),
        ("java%09script:alert(1)", None),
        ("", None),
    ],
)
def test_safe_url(url: str, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_markdown_never_emits_raw_html() -> None:
    html = str(Markdown().render(EVIL_MD))
    assert "<script" not in html and "<img" not in html and '<a href="javascript' not in html
    assert "&lt;script&gt;" in html


def test_search_script_cannot_break_out() -> None:
    entry = SearchEntry(f"</script>{X}\u2028\u2029", "k", "u.html", "&<>", "")
    script = to_script([entry])
    assert "<" not in script and ">" not in script and "&" not in script
    assert "\u2028" not in script and "\u2029" not in script
    assert "\\u003c/script\\u003e" in script
