"""The example organisation is what every command runs on by default: it must be clean
and realistic enough to exercise every feature."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from svcascode.index import Index
from svcascode.lint import LintResult, lint
from svcascode.loader.sources import WorkingTree
from svcascode.model.agreement import Agreement
from svcascode.model.change import Change, ChangeWindow
from svcascode.model.ci import AnyOf, ConfigurationItem
from svcascode.model.parties import Customer, Supplier, Team
from svcascode.model.service import Service
from tests.conftest import PROJECT

# The example's dates (reviews, validity, change windows) are judged on a fixed day so
# that the suite does not change verdict as the calendar moves on.
AS_OF = date(2026, 11, 22)


@pytest.fixture(scope="module")
def result() -> LintResult:
    return lint(WorkingTree(PROJECT), as_of=AS_OF)


@pytest.fixture(scope="module")
def index(result: LintResult) -> Index:
    assert result.index is not None
    return result.index


def test_example_lints_clean(result: LintResult) -> None:
    assert [f"{f.location} {f.rule} {f.message}" for f in result.findings] == []


def test_example_has_the_breadth_the_tool_needs(index: Index) -> None:
    services = [s for _, s in index.items(Service)]
    items = [c for _, c in index.items(ConfigurationItem)]
    assert len(services) >= 12
    assert {s.spec.type for s in services} == {"business", "technical"}
    assert any(s.spec.parent for s in services)
    assert any(s.spec.offerings for s in services)
    assert len(items) >= 80
    assert {c.spec.environment for c in items} == {
        "development",
        "test",
        "acceptance",
        "production",
    }
    assert len({c.spec.class_ for c in items}) >= 8
    assert any(isinstance(d, AnyOf) for c in items for d in c.spec.depends_on)


def test_example_has_parties_and_agreements_for_each(index: Index) -> None:
    customers = [r.id for r, _ in index.items(Customer)]
    teams = {r.id: t for r, t in index.items(Team)}
    suppliers = [r.id for r, _ in index.items(Supplier)]
    agreements = [a for _, a in index.items(Agreement)]
    assert len(customers) >= 3
    assert {t.spec.line for t in teams.values()} >= {1, 2, 3}
    by_type = Counter(a.spec.type for a in agreements)
    assert {a.spec.party for a in agreements if a.spec.type == "SLA"} == set(customers)
    assert {a.spec.party for a in agreements if a.spec.type == "UC"} == set(suppliers)
    resolver_teams = {ident for ident, t in teams.items() if t.spec.line in (2, 3)}
    assert resolver_teams <= {a.spec.party for a in agreements if a.spec.type == "OLA"}
    assert by_type["SLA"] and by_type["OLA"] and by_type["UC"]


def test_example_has_change_enablement(index: Index) -> None:
    windows = [w for _, w in index.items(ChangeWindow)]
    changes = [c for _, c in index.items(Change)]
    assert {w.spec.type for w in windows} == {"blackout", "maintenance"}
    assert any(w.spec.rrule for w in windows)
    assert {c.spec.type for c in changes} == {"standard", "normal", "emergency"}
    assert index.records("ChangeTemplate")
    assert len(index.records("ChangePolicy")) == 1
