"""Template lookup and the Jinja environment: the user's override folder first, then the
built-in theme; autoescape always on.

Filters: ``url`` turns a site-relative path into one relative to the page being rendered
(so the site works from ``file://``); ``markdown`` and ``inline_markdown`` render the
YAML's Markdown sanitized (see :mod:`svcascode.render.markdown`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context

from svcascode.render.markdown import Markdown, is_external

BUILTIN = Path(__file__).resolve().parent
TEMPLATES = BUILTIN / "templates"
STATIC = BUILTIN / "static"


@pass_context
def _url(context: Context, path: str) -> str:
    if is_external(path) or path.startswith("#"):
        return path
    root: Any = context.get("root", "")
    return f"{root}{path}"


def environment(theme_dir: Path | None, markdown: Markdown) -> Environment:
    """Templates from ``theme_dir`` (when given) before the built-in ones."""
    folders = [theme_dir] if theme_dir is not None else []
    loader = ChoiceLoader([FileSystemLoader(folder) for folder in [*folders, TEMPLATES]])
    env = Environment(
        loader=loader,
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["url"] = _url
    env.filters["markdown"] = markdown.render
    env.filters["inline_markdown"] = markdown.inline
    return env
