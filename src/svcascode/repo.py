"""Where a repository is: its settings file and its root (no models needed to find them)."""

from __future__ import annotations

from pathlib import Path

CONFIG_FILE = "svcascode.yaml"

__all__ = ["CONFIG_FILE", "find_root"]


def find_root(start: Path) -> Path:
    """The repository root for ``start``: the nearest folder with ``svcascode.yaml``,
    else the enclosing git work tree, else ``start`` itself."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start
