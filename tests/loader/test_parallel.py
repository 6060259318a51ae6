"""Parse workers: a load split over processes gives exactly what one process gives."""

from __future__ import annotations

import marshal
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from svcascode.lint import lint
from svcascode.loader import parallel
from svcascode.loader.cache import ParseCache
from svcascode.loader.load import LoadOptions, LoadResult, load
from svcascode.loader.sources import WorkingTree
from tests.conftest import AS_OF, write_files
from tests.loader.gitrepo import git_repo
from tests.rules.helpers import item, team


def _files() -> dict[str, str]:
    files = {"agreements/teams.yaml": team("ops", "ana", "ben") + "---\n" + team("dba", "cy")}
    for number in range(12):
        files[f"cmdb/app-{number:02}.yaml"] = item(
            f"app-{number:02}", f"depends_on: [app-{(number + 1) % 12:02}]"
        )
    files |= {
        "cmdb/broken-syntax.yaml": "apiVersion: svcascode/v1\nkind: [ConfigurationItem\n",
        "cmdb/duplicate-key.yaml": item("dup") + "  class: database\n",
        "cmdb/schema-error.yaml": item("bad", "criticality: extreme"),
        "cmdb/unknown-owner.yaml": item("orphan", owner="nobody"),
        "cmdb/two-documents.yaml": item("one") + "---\n" + item("two", "lifecycle: gone"),
        "cmdb/not-utf8.yaml": "",
        "cmdb/empty.yaml": "",
        "cmdb/odd-number.yaml": item("odd", "attributes: {serial: 0b101, tier: 007.5}"),
    }
    return files


FILES = _files()


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Parallel parsing for any load of more than one chunk of 3 files; the sizes of the
    chunks handed to workers are recorded."""
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 1)
    monkeypatch.setattr(parallel, "CHUNK", 3)
    submitted: list[int] = []

    class Recording(ProcessPoolExecutor):
        def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
            submitted.append(len(args[1]))
            return super().submit(fn, *args, **kwargs)

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", Recording)
    return submitted


def write_repo(root: Path, use_git: bool) -> Path:
    if use_git:
        git_repo(root, FILES)
    else:
        write_files(root, FILES)
    (root / "cmdb/not-utf8.yaml").write_bytes(b"metadata:\n  title: caf\xe9\n")
    return root


def summary(result: LoadResult) -> dict[str, list[tuple[Any, ...]]]:
    return {
        "records": [(r.kind, r.id, r.where.path, r.where.line) for r in result.records],
        "broken": [(b.kind, b.id, b.where.path, b.where.line) for b in result.broken],
        "problems": [
            (p.rule, where.path, where.line, where.column, p.problem.message)
            for p in result.problems
            if (where := p.problem.location)
        ],
        "files": [(path,) for path in result.files],
    }


@pytest.mark.parametrize("use_git", [True, False], ids=["git", "no git"])
def test_two_workers_load_what_one_loads(
    small_chunks: list[int], tmp_path: Path, use_git: bool
) -> None:
    root = write_repo(tmp_path / "repo", use_git)
    one = load(WorkingTree(root, use_git), options=LoadOptions(workers=1))
    assert small_chunks == []
    two = load(WorkingTree(root, use_git), options=LoadOptions(workers=2))
    assert sum(small_chunks) == len(FILES) and max(small_chunks) == 3  # really in workers
    assert summary(two) == summary(one)
    rules = {problem[0] for problem in summary(one)["problems"]}
    assert {"yaml-syntax", "yaml-duplicate-key", "schema"} <= rules
    assert len(one.records) == 2 + 12 + 4  # teams, apps, dup, orphan, one and odd


def test_two_workers_find_what_one_finds(small_chunks: list[int], tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", use_git=True)
    exact = lint(WorkingTree(root), AS_OF, LoadOptions(workers=1, fast=False))
    for fast in (True, False):
        result = lint(WorkingTree(root), AS_OF, LoadOptions(workers=2, fast=fast))
        assert result.findings == exact.findings
    assert small_chunks


def _entries(cache: ParseCache) -> dict[str, Any]:
    return {name: marshal.loads(packed) for name, packed in cache._entries.items()}


def test_workers_fill_the_cache_as_one_process_does(
    small_chunks: list[int], tmp_path: Path
) -> None:
    root = write_repo(tmp_path / "repo", use_git=True)
    serial, workers = ParseCache(None), ParseCache(None)
    load(WorkingTree(root), options=LoadOptions(workers=1, cache=serial))
    load(WorkingTree(root), options=LoadOptions(workers=2, cache=workers))
    assert small_chunks
    assert len(serial._entries) == len(FILES)  # one entry per content
    assert repr(_entries(workers)) == repr(_entries(serial))
    warm = load(WorkingTree(root), options=LoadOptions(workers=2, cache=workers))
    assert workers.hits == len(FILES)
    cold = load(WorkingTree(root), options=LoadOptions(workers=1))
    assert summary(warm) == summary(cold)


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("use_git", [True, False], ids=["git", "no git"])
def test_files_that_vanish_after_listing_are_skipped(
    small_chunks: list[int], tmp_path: Path, workers: int, use_git: bool
) -> None:
    root = write_repo(tmp_path / "repo", use_git)
    before = summary(load(WorkingTree(root, use_git), options=LoadOptions(workers=1)))
    tree = WorkingTree(root, use_git)
    files = tree.list_files(["agreements", "cmdb"])
    gone = ["cmdb/app-03.yaml", "cmdb/broken-syntax.yaml", "cmdb/two-documents.yaml"]
    for path in gone:
        (root / path).unlink()
    after = summary(load(tree, files, LoadOptions(workers=workers)))
    for part, at in (("records", 2), ("broken", 2), ("problems", 1)):
        assert after[part] == [row for row in before[part] if row[at] not in gone], part
    assert after["files"] == before["files"]  # listed, then skipped without a finding
    if workers == 2:
        assert small_chunks


class Recorder:
    """Progress that remembers every phase and every step."""

    def __init__(self) -> None:
        self.phases: list[tuple[str, int]] = []
        self.steps: dict[str, list[int]] = {}

    def phase(self, name: str, total: int) -> None:
        self.phases.append((name, total))
        self.steps.setdefault(name, [])

    def advance(self, steps: int) -> None:
        assert self.phases, "advance before any phase"
        self.steps[self.phases[-1][0]].append(steps)


@pytest.mark.parametrize("workers", [1, 2])
def test_progress_counts_every_file_once(
    small_chunks: list[int], tmp_path: Path, workers: int
) -> None:
    root = write_repo(tmp_path / "repo", use_git=True)
    cache = ParseCache(None)
    for run in ("cold", "warm"):
        progress = Recorder()
        result = lint(
            WorkingTree(root), AS_OF, LoadOptions(workers=workers, cache=cache, progress=progress)
        )
        names = [name for name, _ in progress.phases]
        assert names == ["listing files", "loading", "indexing", "checking rules"], run
        totals = dict(progress.phases)
        assert totals["loading"] == result.files == len(FILES)
        assert sum(progress.steps["loading"]) == len(FILES), run
        assert sum(progress.steps["checking rules"]) == totals["checking rules"] > 0
        assert all(step > 0 for steps in progress.steps.values() for step in steps)
    assert cache.hits == len(FILES)
