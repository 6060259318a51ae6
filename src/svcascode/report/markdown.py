"""Markdown helpers shared by the pull-request comments (impact, diff, CAB)."""

from __future__ import annotations


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell or list item: no pipes, no raw HTML, one
    line."""
    return (
        text.replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\n", " ")
    )


def code(text: str) -> str:
    """An id or a login as inline code, escaped like a cell."""
    return f"`{cell(text)}`"
