"""How commands load a repository: the parse cache, parse workers and the progress bar.

The cache lives in the user's cache directory (``$SVCASCODE_CACHE_DIR``, else
``$XDG_CACHE_HOME/svcascode``, else ``~/.cache/svcascode``), one folder per repository,
never inside the checkout: a pull request cannot plant cache entries for CI to trust.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from svcascode.cli.common import console
from svcascode.lintcache import ResultCache
from svcascode.loader.cache import ParseCache
from svcascode.loader.options import LoadOptions

if TYPE_CHECKING:
    from rich.progress import Progress as RichProgress
    from rich.progress import TaskID

F = TypeVar("F", bound=Callable[..., Any])

_KEY = "svcascode.loading"


def _remember(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    ctx.meta.setdefault(_KEY, {})[param.name] = value
    return value


def loading_options(command: F) -> F:
    """``--no-cache``, ``--cache-dir DIR`` and ``--jobs N`` for a command that loads."""
    command = click.option(
        "--jobs",
        "jobs",
        type=click.IntRange(min=0),
        default=0,
        expose_value=False,
        callback=_remember,
        help="Parse processes for a large cold load (default 0: one per core).",
    )(command)
    command = click.option(
        "--cache-dir",
        "cache_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        envvar="SVCASCODE_CACHE_DIR",
        expose_value=False,
        callback=_remember,
        help="Where to keep the parse cache (env SVCASCODE_CACHE_DIR; default: the user "
        "cache directory, one folder per repository).",
    )(command)
    return click.option(
        "--no-cache",
        "no_cache",
        is_flag=True,
        default=False,
        expose_value=False,
        callback=_remember,
        help="Parse and check every file afresh; neither read nor write the cache.",
    )(command)


def cache_folder(root: Path, cache_dir: Path | None) -> Path:
    """The cache folder of the repository at ``root``."""
    if cache_dir is None:
        home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        cache_dir = Path(home) / "svcascode"
    name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    return cache_dir / f"{root.resolve().name}-{name}"


def load_options(root: Path, show_progress: bool = True) -> LoadOptions:
    """The load options the current command's flags ask for; a progress bar, if one is
    wanted, is closed by :func:`finish` (or when the command ends)."""
    context = click.get_current_context(silent=True)
    flags: dict[str, Any] = context.meta.get(_KEY, {}) if context is not None else {}
    cache = None
    if not flags.get("no_cache", False):
        cache = ParseCache.open(cache_folder(root, flags.get("cache_dir")))
    progress = None
    if show_progress and ProgressBar.wanted():
        progress = ProgressBar()
        if context is not None:
            context.call_on_close(progress.close)
    return LoadOptions(cache=cache, workers=int(flags.get("jobs", 0) or 0), progress=progress)


def result_cache(root: Path) -> ResultCache | None:
    """Where the current command keeps whole lint runs (``None`` with ``--no-cache``)."""
    context = click.get_current_context(silent=True)
    flags: dict[str, Any] = context.meta.get(_KEY, {}) if context is not None else {}
    if flags.get("no_cache", False):
        return None
    return ResultCache(cache_folder(root, flags.get("cache_dir")))


def finish(options: LoadOptions) -> None:
    """Remove the progress bar before the command writes its output."""
    if isinstance(options.progress, ProgressBar):
        options.progress.close()


class ProgressBar:
    """A progress bar on stderr, shown once a run has taken a second (a short run never
    flickers one) and removed when done. Only on a terminal, never in CI."""

    DELAY = 1.0
    REFRESH = 0.05

    def __init__(self) -> None:
        self._started = time.monotonic()
        self._shown = 0.0
        self._bar: RichProgress | None = None
        self._task: TaskID | None = None
        self._name = "loading"
        self._total = 0
        self._done = 0
        self._closed = False

    @staticmethod
    def wanted() -> bool:
        return sys.stderr.isatty() and not os.environ.get("CI")

    def phase(self, name: str, total: int) -> None:
        self._name, self._total, self._done = name, total, 0
        self._show(force=True)

    def advance(self, steps: int) -> None:
        self._done += steps
        self._show(force=False)

    def _show(self, force: bool) -> None:
        now = time.monotonic()
        if self._closed or now - self._started < self.DELAY:
            return
        if not force and now - self._shown < self.REFRESH:
            return
        self._shown = now
        if self._bar is None:
            from rich.progress import (  # a bar is rare: only then is rich's progress loaded
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
            )
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console(stderr=True),
                transient=True,
            )
            self._bar.start()
        if self._task is None or force:
            if self._task is not None:
                self._bar.remove_task(self._task)
            self._task = self._bar.add_task(self._name, total=self._total or None)
        self._bar.update(self._task, completed=self._done)

    def close(self) -> None:
        self._closed = True
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
