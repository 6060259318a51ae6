"""Read and parse many files, on every core when there are enough of them to pay.

Parsing is CPU-bound Python work, so it scales with processes, not threads. Workers are
forked (nothing to import or pickle but the file names) and each reads and parses a
chunk of files itself; what comes back is every file's parse marshalled on its own, the
very bytes the cache stores, so the parent unpacks one file at a time as it validates
and never holds the plain data of the whole repository at once. A small load, a git
revision (read through one ``cat-file`` process), or a platform without ``fork`` parses
in the calling process.
"""

from __future__ import annotations

import marshal
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from svcascode.gcpause import gc_paused
from svcascode.loader.parsefile import Entry, parse_file
from svcascode.loader.progress import Progress
from svcascode.loader.sources import Source, WorkingTree, blob_id
from svcascode.loader.yamlparse import Limits

MIN_PARALLEL = 3000
"""Below this many files to parse, starting processes costs more than it saves."""
CHUNK = 1000

Parsed = tuple[str | None, Entry | bytes]
"""A file's blob id and its parse (marshalled when it came from a worker)."""


def cores() -> int:
    """How many cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def parse_one(
    source: Source, path: str, limits: Limits, fast: bool, data: bytes | None = None
) -> tuple[str, Entry] | None:
    """Read (unless ``data`` are its bytes) and parse one file: its blob id and parse
    (``None``: it does not exist)."""
    data = source.read(path) if data is None else data
    if data is None:
        return None
    # Keyed by the bytes parsed, not the listing's id: the file may have changed since.
    return blob_id(data), parse_file(path, data, limits, fast)


def _parse_chunk(
    root: str, paths: list[str], limits: Limits, fast: bool
) -> list[tuple[str, str, bytes]]:
    """Worker: read and parse ``paths`` below ``root``, each parse marshalled."""
    tree = WorkingTree(Path(root), use_git=False)
    out = []
    with gc_paused():
        for path in paths:
            data = tree.read(path)
            if data is None:
                continue
            entry = parse_file(path, data, limits, fast)
            out.append((path, blob_id(data), marshal.dumps(entry)))
    return out


def parse_files(
    source: Source,
    paths: Sequence[str],
    limits: Limits,
    fast: bool,
    workers: int,
    progress: Progress,
    read: dict[str, bytes] | None = None,
) -> Iterator[tuple[str, Parsed | None]]:
    """Each file of ``paths``, in order, with its parse (``None``: it does not exist);
    ``workers`` 0 means one per core; ``read`` holds bytes already read, which a parse in
    this process takes instead of reading the file again. Results are yielded as soon as
    their chunk is done, so the caller validates while the workers go on parsing."""
    read = read if read is not None else {}
    count = min(workers or cores(), max(1, len(paths) // CHUNK))
    if (
        count < 2
        or len(paths) < MIN_PARALLEL
        or not isinstance(source, WorkingTree)
        or "fork" not in multiprocessing.get_all_start_methods()
    ):
        for path in paths:
            yield path, parse_one(source, path, limits, fast, read.pop(path, None))
            progress.advance(1)
        return
    read.clear()  # the workers read for themselves
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        futures: list[tuple[list[str], Future[list[tuple[str, str, bytes]]]]] = []
        for start in range(0, len(paths), CHUNK):
            chunk = list(paths[start : start + CHUNK])
            future = pool.submit(_parse_chunk, str(source.root), chunk, limits, fast)
            futures.append((chunk, future))
        for chunk, future in futures:
            done = {path: (blob, packed) for path, blob, packed in future.result()}
            for path in chunk:
                parsed: Parsed | None = done.get(path)
                yield path, parsed
                progress.advance(1)
