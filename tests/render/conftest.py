"""The example organisation's site, built once for the tests that read it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from svcascode.index import Index
from svcascode.loader.load import load
from svcascode.loader.sources import WorkingTree
from svcascode.render.build import BuildReport, build_site
from tests.conftest import PROJECT
from tests.render.sitecheck import ParsedPage, parse_site

NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
"""The fixed moment the example is built at: its changes fall in the next 90 days."""


def build(root: Path, out: Path, use_git: bool = False) -> BuildReport:
    index = Index.build(load(WorkingTree(root, use_git=use_git)))
    return build_site(index, root, out, now=NOW)


@pytest.fixture(scope="session")
def example_index() -> Index:
    return Index.build(load(WorkingTree(PROJECT)))


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory, example_index: Index) -> Path:
    out = tmp_path_factory.mktemp("example") / "site"
    build_site(example_index, PROJECT, out, now=NOW)
    return out


@pytest.fixture(scope="session")
def example_pages(example_site: Path) -> dict[str, ParsedPage]:
    return parse_site(example_site)
