"""Entity-level differences between two revisions: what was added, edited or deleted."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from svcascode.index import EntityKey, Index
from svcascode.loader.git import changed_files
from svcascode.loader.load import LoadOptions, Record, load
from svcascode.loader.sources import GitRevision, Source, WorkingTree
from svcascode.model.kinds import KINDS

Status = Literal["added", "edited", "deleted", "named"]
"""``named``: given by id on the command line rather than found in a diff."""
_KIND_ORDER = {kind: i for i, kind in enumerate(KINDS)}


@dataclass(frozen=True)
class EntityChange:
    """One entity that differs between the two revisions."""

    kind: str
    id: str
    status: Status
    path: str
    """The file it is in (on the head side; on the base side for a deletion)."""

    @property
    def key(self) -> EntityKey:
        return (self.kind, self.id)


@dataclass
class ChangeSet:
    """Two revisions' indexes and the entities that differ between them."""

    base: Index
    head: Index
    changes: list[EntityChange]
    files: set[str]


def diff_indexes(
    base: Index, head: Index, paths: Collection[str] | None = None
) -> list[EntityChange]:
    """Entities that differ, looking only at those in ``paths`` on either side (all when
    ``None``). An entity moved to another file unchanged is not a change."""
    keys: set[EntityKey] = set()
    for index in (base, head):
        if paths is None:
            keys.update(key for key in index.entity_keys() if index.record(key) is not None)
            continue
        # Only the records in those files can be indexed there (not every key is looked up).
        for record in index.load.records:
            if record.where.path in paths:
                key = (record.kind, record.id)
                indexed = index.record(key)
                if indexed is not None and indexed.where.path in paths:
                    keys.add(key)
    found: list[EntityChange] = []
    for key in keys:
        before, after = base.record(key), head.record(key)
        if before is None and after is not None:
            found.append(EntityChange(key[0], key[1], "added", after.where.path))
        elif after is None and before is not None:
            found.append(EntityChange(key[0], key[1], "deleted", before.where.path))
        elif after is not None and before is not None and _differ(before, after):
            found.append(EntityChange(key[0], key[1], "edited", after.where.path))
    return sorted(found, key=lambda c: (_KIND_ORDER.get(c.kind, 99), c.id))


def _differ(before: Record, after: Record) -> bool:
    return before.entity.model_dump() != after.entity.model_dump()


def head_source(root: Path, head: str | None) -> Source:
    return WorkingTree(root) if head is None else GitRevision(root, head)


def changes_between(
    root: Path, base: str, head: str | None = None, options: LoadOptions | None = None
) -> ChangeSet:
    """Load both revisions (``head`` ``None``: the working tree) and diff their entities."""
    files = changed_files(root, base, head)
    options = options or LoadOptions()
    after_loaded = load(head_source(root, head), options=options)
    before_loaded = load(GitRevision(root, base), options=replace(options, reuse=after_loaded))
    # Graphs are built when asked for: the base's serve deletions only.
    before = Index.build(before_loaded, graphs=False)
    after = Index.build(after_loaded, graphs=False)
    return ChangeSet(before, after, diff_indexes(before, after, files), files)
