"""``svc explain``: the chain behind every SLA of the example, and its edges."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from svcascode.cli.main import cli
from svcascode.explain import UnknownAgreement, explain
from svcascode.index import Index
from svcascode.lint import lint
from svcascode.loader.sources import WorkingTree
from svcascode.model.agreement import Agreement
from tests.conftest import PROJECT


@pytest.fixture(scope="module")
def index() -> Index:
    result = lint(WorkingTree(PROJECT))
    assert result.index is not None
    return result.index


def test_every_sla_of_the_example_has_a_meaningful_chain(index: Index) -> None:
    slas = [(r.id, a) for r, a in index.items(Agreement) if a.spec.type == "SLA"]
    assert len(slas) >= 3
    for ident, sla in slas:
        explanation = explain(index, ident)
        assert [c.service for c in explanation.services] == sla.spec.services
        for chain in explanation.services:
            assert chain.items, f"{ident}/{chain.service} has no items"
            assert chain.underpinnings, f"{ident}/{chain.service} rests on nothing"
            assert chain.feasible and chain.promised is not None
            assert chain.promised <= chain.allowed < 100
            assert chain.weakest and chain.unknown == []
            # Every item counted has its covering agreement among the underpinnings.
            named = {t.agreement for t in chain.underpinnings}
            assert {row.agreement for row in chain.items if row.agreement} <= named


def test_an_ola_shows_the_slas_resting_on_it(index: Index) -> None:
    explanation = explain(index, "ola-dba-team")
    assert explanation.terms.type == "OLA"
    assert explanation.services == []
    assert set(explanation.supports) >= {"sla-fjordvik-usk", "sla-dalen-sykehus"}


def test_unknown_agreements_are_refused_with_the_known_ones(index: Index) -> None:
    with pytest.raises(UnknownAgreement, match="no agreement 'sla-nowhere'; known: "):
        explain(index, "sla-nowhere")


def test_the_command_prints_tables_and_json() -> None:
    runner = CliRunner()
    text = runner.invoke(cli, ["explain", "sla-dalen-sykehus", "--repo", str(PROJECT)])
    assert text.exit_code == 0, text.output
    assert "Service ehr (Electronic health record): promised 99.3%" in text.output
    assert "holds" in text.output and "ola-dba-team" in text.output
    as_json = runner.invoke(
        cli, ["explain", "sla-dalen-sykehus", "--format", "json", "--repo", str(PROJECT)]
    )
    document = json.loads(as_json.output)
    assert document["terms"]["agreement"] == "sla-dalen-sykehus"
    assert document["terms"]["response"]["P1"] == "15m"
    first = document["services"][0]
    assert set(first) >= {"service", "promised", "allowed", "feasible", "items", "underpinnings"}
    missing = runner.invoke(cli, ["explain", "nope", "--repo", str(PROJECT)])
    assert missing.exit_code == 2
    assert "no agreement 'nope'" in missing.output
