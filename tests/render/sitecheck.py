"""Reading a built site back: every page parsed, tags balanced, links resolved."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
LINKING = ("href", "src", "action")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


@dataclass
class ParsedPage:
    """What a page holds: its problems, links, ids and script elements."""

    path: str
    problems: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    scripts: list[str | None] = field(default_factory=list)
    """The ``src`` of every script element (``None``: an inline script)."""
    style_attributes: int = 0
    csp: str | None = None
    tags: set[str] = field(default_factory=set)
    attributes: set[str] = field(default_factory=set)


class _Parser(HTMLParser):
    def __init__(self, page: ParsedPage) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.stack: list[str] = []

    def _attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.page.tags.add(tag)
        self.page.attributes.update(name for name, _ in attrs)
        for name in LINKING:
            value = values.get(name)
            if value is not None:
                self.page.links.append(value)
        if values.get("id"):
            self.page.ids.add(str(values["id"]))
        if "style" in values:
            self.page.style_attributes += 1
        if tag == "script":
            self.page.scripts.append(values.get("src"))
        if tag == "meta" and values.get("http-equiv") == "Content-Security-Policy":
            self.page.csp = values.get("content")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attributes(tag, attrs)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attributes(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            line, column = self.getpos()
            open_tag = self.stack[-1] if self.stack else "nothing"
            where = f"{self.page.path}:{line}:{column}"
            self.page.problems.append(f"{where}: </{tag}> closes {open_tag}")
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()


def parse_page(site: Path, path: Path) -> ParsedPage:
    page = ParsedPage(path.relative_to(site).as_posix())
    parser = _Parser(page)
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    if parser.stack:
        page.problems.append(f"{page.path}: unclosed {parser.stack}")
    return page


def parse_site(site: Path) -> dict[str, ParsedPage]:
    return {
        path.relative_to(site).as_posix(): parse_page(site, path)
        for path in sorted(site.rglob("*.html"))
    }


def is_internal(url: str) -> bool:
    return not SCHEME.match(url) and not url.startswith("//")


def target_of(page: str, url: str) -> tuple[str, str]:
    """The site-relative file and fragment a relative link on ``page`` points at."""
    parts = urlsplit(url)
    if not parts.path:
        return page, parts.fragment
    joined = PurePosixPath(page).parent / unquote(parts.path)
    resolved: list[str] = []
    for part in joined.parts:
        if part == "..":
            if not resolved:
                return "../" + url, parts.fragment  # leaves the site
            resolved.pop()
        elif part != ".":
            resolved.append(part)
    return "/".join(resolved), parts.fragment


def broken_links(site: Path, pages: dict[str, ParsedPage]) -> list[str]:
    """Every internal link whose file, or fragment on an HTML page, does not exist."""
    broken = []
    for name, page in pages.items():
        for url in page.links:
            if not is_internal(url):
                continue
            target, fragment = target_of(name, url)
            if not (site / target).is_file():
                broken.append(f"{name}: {url} -> {target} does not exist")
            elif fragment and target in pages and fragment not in pages[target].ids:
                broken.append(f"{name}: {url} -> no id {fragment!r} in {target}")
    return broken
