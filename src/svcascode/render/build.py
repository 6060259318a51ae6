"""The site build, the way mkdocs does it: read everything and build every page's
context first, then clean the output folder, copy the static files, render the pages.

The output folder is only ever emptied when it is empty already or holds a site this
command built (it carries a marker file), and never when it is, or holds, the repository.
Entries whose names start with a dot (``.git`` of a Pages checkout) are left alone.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, Template

from svcascode.errors import SvcError
from svcascode.index import Index
from svcascode.render import search, urls
from svcascode.render.context import Page, Site
from svcascode.render.facts import gather
from svcascode.render.markdown import Markdown
from svcascode.render.pages import all_pages, site_of
from svcascode.render.theme import STATIC, environment
from svcascode.schedule import Schedule

MARKER = ".svcascode-site"
"""Written into every built site: the build may clean a folder that has it."""


class SiteError(SvcError):
    """The site cannot be written where it was asked to be."""


@dataclass(frozen=True)
class BuildReport:
    """What a build wrote."""

    out: Path
    pages: int
    search_entries: int
    calendar: bool
    seconds: float


def theme_folder(root: Path, index: Index) -> Path | None:
    """The user's template overrides, when ``site.theme_dir`` names one."""
    name = index.load.config.site.theme_dir
    if not name:
        return None
    folder = (root / name).resolve()
    if not folder.is_dir():
        raise SiteError(f"site.theme_dir {name!r} is not a folder under {root}")
    return folder


def _calendar(schedule: Schedule) -> bytes | None:
    """The schedule as ICS, when the calendar writer (and its icalendar) is installed."""
    try:
        from svcascode.report.schedule_report import render_ics
    except ImportError:
        return None
    return render_ics(schedule)


def prepare(out: Path, root: Path) -> Path:
    """An empty output folder (dot entries kept), refusing any that is not safe to empty."""
    out = out.resolve()
    root = root.resolve()
    if out == root or out in root.parents:
        raise SiteError(f"refusing to build the site into {out}: it holds the repository")
    if out.exists() and not out.is_dir():
        raise SiteError(f"{out} exists and is not a folder")
    if out.exists():
        visible = [child for child in out.iterdir() if not child.name.startswith(".")]
        if visible and not (out / MARKER).exists():
            raise SiteError(
                f"{out} is not empty and was not built by svc render; "
                "choose another --out or empty it first"
            )
        for child in visible:
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("Built by svc render; the next build empties this folder.\n")
    return out


def copy_static(out: Path, theme: Path | None) -> None:
    """The built-in static files, then the theme's ``static/`` over them."""
    shutil.copytree(STATIC, out / "static", dirs_exist_ok=True)
    if theme is not None and (theme / "static").is_dir():
        shutil.copytree(theme / "static", out / "static", dirs_exist_ok=True)


def render_pages(env: Environment, site: Site, pages: list[Page], out: Path) -> None:
    templates: dict[str, Template] = {}
    folders: set[Path] = set()
    for page in pages:
        template = templates.get(page.template)
        if template is None:
            template = templates[page.template] = env.get_template(page.template)
        target = out / page.path
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        html = template.render(site=site, page=page, root=urls.root_of(page.path))
        target.write_text(html, encoding="utf-8")


def build_site(index: Index, root: Path, out: Path, *, now: datetime | None = None) -> BuildReport:
    """Build the site of ``index`` (the repository at ``root``) into ``out``."""
    started = time.perf_counter()
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    theme = theme_folder(root, index)
    env = environment(theme, Markdown())
    facts = gather(index, moment)
    calendar = _calendar(facts.schedule)
    found = search.entries(index)
    site = site_of(index, f"{moment:%Y-%m-%d %H:%M} UTC")
    pages = list(all_pages(index, facts, site, urls.CALENDAR if calendar else None, len(found)))
    out = prepare(out, root)
    copy_static(out, theme)
    render_pages(env, site, pages, out)
    (out / urls.SEARCH_INDEX_JS).write_text(search.to_script(found), encoding="utf-8")
    (out / urls.SEARCH_INDEX_JSON).write_text(search.to_json(found), encoding="utf-8")
    if calendar is not None:
        (out / urls.CALENDAR).write_bytes(calendar)
    return BuildReport(
        out, len(pages), len(found), calendar is not None, time.perf_counter() - started
    )
