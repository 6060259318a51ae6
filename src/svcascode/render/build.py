"""The site build, the way mkdocs does it: read everything first, then clean, copy the
static files and render.

Pages are rendered into a staging folder beside the output folder, which is only emptied
and filled from it once every page is written: a build that fails leaves the previous
site as it was. The output folder is only ever emptied when it is empty already or holds
a site this command built (it carries a marker file), and never when it is, or holds, the
repository. Entries whose names start with a dot (``.git`` of a Pages checkout) are kept.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Template

from svcascode.errors import SvcError
from svcascode.index import Index
from svcascode.render import search, urls
from svcascode.render.facts import gather
from svcascode.render.markdown import Markdown
from svcascode.render.pages import entity_records, fixed_pages, site_of
from svcascode.render.theme import STATIC, environment
from svcascode.render.workers import Job, render_all, write_page
from svcascode.schedule import Schedule

MARKER = ".svcascode-site"
"""Written into every built site: the build may empty a folder that has it."""


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


def _visible(folder: Path) -> list[Path]:
    return [child for child in folder.iterdir() if not child.name.startswith(".")]


def check_out(out: Path, root: Path) -> Path:
    """``out`` resolved, if the build may empty and fill it."""
    out = out.resolve()
    root = root.resolve()
    if out == root or out in root.parents:
        raise SiteError(f"refusing to build the site into {out}: it holds the repository")
    if out.exists() and not out.is_dir():
        raise SiteError(f"{out} exists and is not a folder")
    if out.exists() and _visible(out) and not (out / MARKER).exists():
        raise SiteError(
            f"{out} is not empty and was not built by svc render; "
            "choose another --out or empty it first"
        )
    return out


def replace_site(out: Path, staged: Path) -> None:
    """Empty ``out`` (dot entries kept) and move the staged site into it."""
    out.mkdir(parents=True, exist_ok=True)
    for child in _visible(out):
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    for child in staged.iterdir():
        os.replace(child, out / child.name)


def copy_static(out: Path, theme: Path | None) -> None:
    """The built-in static files, then the theme's ``static/`` over them."""
    shutil.copytree(STATIC, out / "static", dirs_exist_ok=True)
    if theme is not None and (theme / "static").is_dir():
        shutil.copytree(theme / "static", out / "static", dirs_exist_ok=True)


def build_site(
    index: Index,
    root: Path,
    out: Path,
    *,
    now: datetime | None = None,
    jobs: int | None = None,
) -> BuildReport:
    """Build the site of ``index`` (the repository at ``root``) into ``out``; ``jobs``
    processes render the entity pages (default: one per CPU on a large catalogue)."""
    started = time.perf_counter()
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    out = check_out(out, root)
    theme = theme_folder(root, index)
    env = environment(theme, Markdown())
    facts = gather(index, moment)
    calendar = _calendar(facts.schedule)
    found = search.entries(index)
    site = site_of(index, f"{moment:%Y-%m-%d %H:%M} UTC")
    calendar_path = urls.CALENDAR if calendar else None
    pages = list(fixed_pages(index, facts, site, calendar_path, len(found)))
    records = entity_records(index)
    out.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=".svc-render-", dir=out.parent))
    try:
        copy_static(staged, theme)
        job = Job(env, site, index, facts, staged)
        templates: dict[str, Template] = {}
        for page in pages:
            write_page(job, templates, page)
        render_all(job, records, jobs)
        (staged / urls.SEARCH_INDEX_JS).write_text(search.to_script(found), encoding="utf-8")
        (staged / urls.SEARCH_INDEX_JSON).write_text(search.to_json(found), encoding="utf-8")
        if calendar is not None:
            (staged / urls.CALENDAR).write_bytes(calendar)
        (staged / MARKER).write_text("Built by svc render; the next build empties this folder.\n")
        replace_site(out, staged)
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    seconds = time.perf_counter() - started
    return BuildReport(out, len(pages) + len(records), len(found), calendar is not None, seconds)
