"""How to load a repository (a module of its own: deciding it needs none of the models)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from svcascode.loader.cache import ParseCache
from svcascode.loader.progress import Progress

if TYPE_CHECKING:
    from svcascode.loader.load import LoadResult


@dataclass(frozen=True)
class LoadOptions:
    """How to load: which parse path, which cache, how many processes, what to tell."""

    fast: bool = True
    """Use the fast parser where it reads exactly like the exact one."""
    cache: ParseCache | None = None
    workers: int = 0
    """Parse processes for large cold loads (0: one per available core)."""
    progress: Progress | None = None
    reuse: LoadResult | None = None
    """An earlier load (the other side of a diff): a file with the same path and content
    takes its documents from there instead of being parsed and validated again."""
