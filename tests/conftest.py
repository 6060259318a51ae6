"""Shared fixtures: small repositories written into a temporary folder."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from svcascode.diagnostics import Finding
from svcascode.lint import LintResult, lint, lint_loaded
from svcascode.loader.cache import ParseCache
from svcascode.loader.load import LoadOptions, Record, load
from svcascode.loader.sources import WorkingTree
from svcascode.model.ci import ConfigurationItem

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
REALDATA = SHARED / "realdata"

WriteRepo = Callable[[Mapping[str, str]], Path]
LintFiles = Callable[[Mapping[str, str]], LintResult]
LintAt = Callable[..., LintResult]

AS_OF = date(2026, 11, 22)
"""The fixed day date-dependent rule tests judge against (a Sunday)."""


def realdata(relative: str) -> Path:
    """A file of ../shared/realdata: required in CI, skipped elsewhere when missing."""
    path = REALDATA / relative
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing; CI must have ../shared beside the checkout")
        pytest.skip(f"{path} is not here")
    return path


def write_files(root: Path, files: Mapping[str, str]) -> Path:
    """Write ``files`` (path -> YAML text, dedented) below ``root``."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture
def write_repo(tmp_path: Path) -> WriteRepo:
    """Write a repository (not a git checkout) and return its root."""

    def write(files: Mapping[str, str]) -> Path:
        return write_files(tmp_path / "repo", files)

    return write


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Commands run by the tests keep their parse cache in a folder of the test run."""
    os.environ["SVCASCODE_CACHE_DIR"] = str(tmp_path_factory.mktemp("svc-cache"))


def lint_every_way(root: Path, as_of: date | None = None) -> LintResult:
    """Lint ``root`` on the exact parse path, the fast path, and from a cold and a warm
    parse cache, and check that all four give the same findings (every rule fixture so
    proves that the fast path and the cache change nothing)."""
    exact = lint(WorkingTree(root, use_git=False), as_of, LoadOptions(fast=False))
    fast = lint(WorkingTree(root, use_git=False), as_of)
    cache = ParseCache(None)
    cold = lint(WorkingTree(root, use_git=False), as_of, LoadOptions(cache=cache))
    warm = lint(WorkingTree(root, use_git=False), as_of, LoadOptions(cache=cache))
    assert cache.hits == warm.files or not warm.files
    for way, other in (("fast", fast), ("cold cache", cold), ("warm cache", warm)):
        assert other.findings == exact.findings, f"the {way} path differs from the exact one"
    # No rule reads a description, a title, labels or an item's attributes: stored lint
    # runs are reused across edits of those (svcascode.lintcache).
    loaded = load(WorkingTree(root, use_git=False))
    rewritten = replace(loaded, records=[_rewritten(record) for record in loaded.records])
    assert lint_loaded(rewritten, as_of).findings == exact.findings, (
        "a rule read a description, a title, labels or an item's attributes"
    )
    return fast


def _rewritten(record: Record) -> Record:
    """``record`` with another description, title and labels (every entity gets them) and,
    for an item, other attributes."""
    entity = record.entity
    meta = entity.metadata
    labels = {
        "rewritten": "yes",
        **{key: f"{value}, rewritten" for key, value in meta.labels.items()},
    }
    update: dict[str, object] = {
        "metadata": meta.model_copy(
            update={
                "description": f"Rewritten:\n{meta.description or ''}\nand longer.",
                "title": f"Rewritten {meta.title or meta.id}",
                "labels": labels,
            }
        )
    }
    if isinstance(entity, ConfigurationItem):
        attributes = {"version": "99.0", "rewritten": [1, {"deep": None}]}
        update["spec"] = entity.spec.model_copy(update={"attributes": attributes})
    return Record(entity.model_copy(update=update), record.where)


@pytest.fixture
def lint_files(write_repo: WriteRepo) -> LintFiles:
    """Lint a repository made of ``files`` plus nothing else."""

    def run(files: Mapping[str, str]) -> LintResult:
        return lint_every_way(write_repo(files))

    return run


@pytest.fixture
def lint_at(write_repo: WriteRepo) -> LintAt:
    """Lint a repository made of ``files`` as of a fixed day (``AS_OF`` unless given)."""

    def run(files: Mapping[str, str], as_of: date = AS_OF) -> LintResult:
        return lint_every_way(write_repo(files), as_of)

    return run


def only(result: LintResult, rule: str) -> list[Finding]:
    """The findings of one rule."""
    return [f for f in result.findings if f.rule == rule]


def where(finding: Finding) -> tuple[str, int, int]:
    return (finding.path, finding.line, finding.column)


# Minimal valid documents that rule fixtures build on.
TEAM = """
apiVersion: svcascode/v1
kind: Team
metadata:
  id: ops
spec:
  members:
    - handle: ana
"""

TEAM_OF_TWO = TEAM + "    - handle: ben\n"
"""``TEAM`` with a second member, so that its items are no single point of failure."""

CI_DB = """
apiVersion: svcascode/v1
kind: ConfigurationItem
metadata:
  id: db
  owner: ops
spec:
  class: database
"""
