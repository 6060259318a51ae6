"""Rendering the entity pages, in several processes on a large catalogue.

Each worker is a forked copy of the build, index and template environment included (no
pickling), that renders every n-th page straight into the staging folder. Fork is used
only on Linux; elsewhere, and for small catalogues, the pages are rendered in-process.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, Template

from svcascode.errors import SvcError
from svcascode.index import Index
from svcascode.loader.load import Record
from svcascode.render import urls
from svcascode.render.context import Page, Site
from svcascode.render.facts import Facts
from svcascode.render.pages import entity_page

PARALLEL_FROM = 1000
"""Fewer entity pages than this are rendered in-process: a fork costs more than it saves."""


class WorkerError(SvcError):
    """A rendering worker failed (its traceback is on stderr)."""


@dataclass
class Job:
    """Everything a worker needs to render pages into ``out``."""

    env: Environment
    site: Site
    index: Index
    facts: Facts
    out: Path


def write_page(job: Job, templates: dict[str, Template], page: Page) -> None:
    template = templates.get(page.template)
    if template is None:
        template = templates[page.template] = job.env.get_template(page.template)
    target = job.out / page.path
    target.parent.mkdir(parents=True, exist_ok=True)
    html = template.render(site=job.site, page=page, root=urls.root_of(page.path))
    target.write_text(html, encoding="utf-8")


def render_records(job: Job, records: list[Record]) -> None:
    templates: dict[str, Template] = {}
    for record in records:
        write_page(job, templates, entity_page(job.index, job.facts, record))


def default_jobs(pages: int) -> int:
    """One process per CPU on a large catalogue on Linux, else one."""
    if pages < PARALLEL_FROM or sys.platform != "linux":
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), 16))


def render_all(job: Job, records: list[Record], jobs: int | None = None) -> None:
    """Render the pages of ``records``, in ``jobs`` processes (default: by size)."""
    count = default_jobs(len(records)) if jobs is None else max(1, jobs)
    if count == 1 or sys.platform != "linux":
        render_records(job, records)
        return
    context = multiprocessing.get_context("fork")
    workers = [
        context.Process(target=render_records, args=(job, records[i::count]), daemon=True)
        for i in range(count)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    failed = [worker.exitcode for worker in workers if worker.exitcode != 0]
    if failed:
        raise WorkerError(f"{len(failed)} of {count} rendering processes failed")
