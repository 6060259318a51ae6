"""Markdown from YAML, rendered safely: no raw HTML, no images, links with safe schemes only.

Descriptions, offering descriptions, FAQ answers and procedures are Markdown written by
anyone who can open a pull request, so the site treats them as untrusted: markdown-it-py
with ``html=False`` escapes any HTML in them, and :func:`safe_url` decides every link
(Markdown links, autolinks, documentation links, support channels).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markupsafe import Markup

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_EDGES = "".join(chr(code) for code in range(0x21))
"""C0 controls and space: what a browser strips from both ends of a URL."""
_INSIDE = re.compile(r"[\t\n\r]")
_FIRST_SEGMENT = re.compile(r"[/?#]")
"""What a browser removes anywhere in a URL (so ``java\\tscript:`` is ``javascript:``)."""


_NOT_A_PATH = frozenset(' "<>`{}|^\\')


def safe_url(url: str) -> str | None:
    """``url`` as a browser would read it if it is http, https, mailto or relative;
    ``None`` for any other scheme (``javascript:``, ``data:``, ``vbscript:``, ...) and for
    protocol-relative ``//host`` links, which leave the site like an absolute URL."""
    cleaned = _INSIDE.sub("", url.strip(_EDGES))
    if not cleaned:
        return None
    scheme = _SCHEME.match(cleaned)
    if scheme is not None:
        return cleaned if scheme.group(1).lower() in SAFE_SCHEMES else None
    if cleaned[:2] in ("//", "\\\\", "/\\", "\\/"):
        return None
    if ":" in _FIRST_SEGMENT.split(cleaned, maxsplit=1)[0]:
        return None  # "java%09script:..." is no scheme to a browser, but no page either
    if any(c in cleaned for c in _NOT_A_PATH):
        return None  # text such as '"><svg onload=...>' is no relative link: show it as text
    return cleaned


def is_external(url: str) -> bool:
    """Whether a (safe) URL leaves the site."""
    return _SCHEME.match(url) is not None


class Markdown:
    """A CommonMark renderer (with tables) that never emits raw HTML or unsafe links."""

    def __init__(self) -> None:
        self._md = MarkdownIt("commonmark", {"html": False, "linkify": False})
        self._md.enable("table")
        # An image would load from anywhere; the site loads nothing from outside.
        self._md.disable("image")
        self._md.validateLink = _valid_link  # type: ignore[method-assign]

    def render(self, text: str | None) -> Markup:
        """The HTML of ``text``; empty for ``None``."""
        if not text:
            return Markup("")
        return Markup(self._md.render(text))

    def inline(self, text: str | None) -> Markup:
        """The HTML of one line of ``text`` without a surrounding paragraph."""
        if not text:
            return Markup("")
        return Markup(self._md.renderInline(text))


def _valid_link(url: str) -> bool:
    return safe_url(url) is not None
