"""``svc impact`` and ``svc select`` through click's test runner."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from svcascode.cli.main import cli
from tests.conftest import PROJECT, write_files
from tests.impact.scenarios import OPS, change, ci, customer, service, sla, team


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    documents = [
        OPS,
        team("cab", "c1", "c2"),
        customer("north", users=600, contacts=["nora"]),
        ci("db", labels={"site": "x"}),
        ci("app", "db", labels={"site": "y"}),
        ci("printer", labels={"site": "x"}),
        ci("scanner", labels={"site": "y"}),
        service("ehr", ["app"]),
        sla("sla-north", "north", ["ehr"]),
        change("chg-1", ["scanner"], risk="low"),
    ]
    return write_files(tmp_path / "repo", {"cmdb/all.yaml": "".join(documents)})


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def report(result: Result) -> dict[str, Any]:
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


# --------------------------------------------------------------------------- help and usage


def test_impact_help() -> None:
    result = run("impact", "--help")
    assert result.exit_code == 0
    for option in ("--base", "--head", "--exclude", "--format", "--repo"):
        assert option in result.stdout
    assert "text|json|markdown" in result.stdout


def test_select_help() -> None:
    result = run("select", "--help")
    assert result.exit_code == 0
    assert "--exclude" in result.stdout and "--repo" in result.stdout
    assert "db-lab+" in result.stdout  # the examples are shown


def test_impact_without_ids_or_base_exits_2(repo: Path) -> None:
    result = run("impact", "--repo", str(repo))
    assert result.exit_code == 2
    assert "give ids or selectors, or --base REF" in result.stderr
    assert result.stdout == ""


def test_head_without_base_exits_2(repo: Path) -> None:
    result = run("impact", "db", "--head", "HEAD", "--repo", str(repo))
    assert result.exit_code == 2
    assert "--head needs --base" in result.stderr


def test_select_needs_a_selector(repo: Path) -> None:
    result = run("select", "--repo", str(repo))
    assert result.exit_code == 2


# --------------------------------------------------------------------------- impact


def test_impact_of_an_id_as_json(repo: Path) -> None:
    document = report(run("impact", "db", "--format", "json", "--repo", str(repo)))
    assert document["changed"] == [
        {"kind": "ConfigurationItem", "id": "db", "status": "named", "path": "cmdb/all.yaml"}
    ]
    assert document["cis"] == ["app", "db"]
    assert document["services"] == ["ehr"]
    assert document["agreements"] == ["sla-north"]
    assert document["customers"] == ["north"]
    assert document["users"] == 600
    assert document["risk"] == "medium"  # 600 users lose a service
    assert [a["party"] for a in document["approvers"]] == ["cab", "ops"]


def test_impact_of_a_change_document(repo: Path) -> None:
    document = report(run("impact", "Change/chg-1", "--format", "json", "--repo", str(repo)))
    assert document["changes"] == ["chg-1"]
    assert document["cis"] == ["scanner"]
    assert document["services"] == [] and document["customers"] == []
    assert document["risk"] == "low" and document["declared_risk"] == "low"


def test_a_selector_seeds_the_impact(repo: Path) -> None:
    document = report(
        run(
            "impact",
            "kind:ConfigurationItem,label:site=x",
            "--format",
            "json",
            "--repo",
            str(repo),
        )
    )
    assert [(c["kind"], c["id"]) for c in document["changed"]] == [
        ("ConfigurationItem", "db"),
        ("ConfigurationItem", "printer"),
    ]
    assert document["interrupted"]["cis"] == ["app", "db", "printer"]
    assert "scanner" not in document["cis"]


def test_exclude_leaves_seeds_out(repo: Path) -> None:
    document = report(
        run(
            "impact",
            "label:site=x",
            "--exclude",
            "db",
            "--format",
            "json",
            "--repo",
            str(repo),
        )
    )
    assert [c["id"] for c in document["changed"]] == ["printer"]
    assert document["cis"] == ["printer"]
    assert document["services"] == []


def test_an_unmatched_id_warns_and_still_succeeds(repo: Path) -> None:
    result = run("impact", "nope", "db", "--format", "json", "--repo", str(repo))
    assert result.exit_code == 0
    assert "warning: 'nope' matches nothing" in result.stderr
    assert "nope" not in result.stdout
    assert json.loads(result.stdout)["cis"] == ["app", "db"]


def test_impact_as_markdown_and_text(repo: Path) -> None:
    markdown = run("impact", "db", "--format", "markdown", "--repo", str(repo))
    assert markdown.exit_code == 0
    assert markdown.stdout.startswith("<!-- svcascode:impact -->\n")
    assert "```mermaid" in markdown.stdout
    text = run("impact", "db", "--repo", str(repo))
    assert text.exit_code == 0
    assert "Risk: medium" in text.stdout and "@c1, @c2" in text.stdout


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


def test_exclude_leaves_changed_entities_out_with_base(repo: Path) -> None:
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "base")
    items = repo / "cmdb/all.yaml"
    text = items.read_text()
    for ident in ("db", "printer"):
        before = f"metadata: {{id: {ident}, owner: ops, labels: {{site: x}}}}"
        assert before in text
        text = text.replace(before, before.replace("labels: {site: x}", "labels: {site: z}"))
    items.write_text(text)
    everything = report(run("impact", "--base", "HEAD", "--format", "json", "--repo", str(repo)))
    assert [c["id"] for c in everything["changed"]] == ["db", "printer"]
    # --exclude: "Leave these out of the seeds"; with --base the diff is the seeds.
    document = report(
        run(
            "impact",
            "--base",
            "HEAD",
            "--exclude",
            "printer",
            "--format",
            "json",
            "--repo",
            str(repo),
        )
    )
    assert [c["id"] for c in document["changed"]] == ["db"]
    assert "printer" not in document["cis"]


# --------------------------------------------------------------------------- select


def test_select_lists_kind_and_id_lines(repo: Path) -> None:
    result = run("select", "db+", "--repo", str(repo))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Customer/north",
        "Service/ehr",
        "ConfigurationItem/app",
        "ConfigurationItem/db",
        "Agreement/sla-north",
    ]


def test_select_with_exclude_and_json(repo: Path) -> None:
    result = run(
        "select", "db+", "--exclude", "kind:Agreement kind:Customer", "--format", "json",
        "--repo", str(repo),
    )  # fmt: skip
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {"kind": "Service", "id": "ehr"},
        {"kind": "ConfigurationItem", "id": "app"},
        {"kind": "ConfigurationItem", "id": "db"},
    ]


@pytest.mark.parametrize(
    ("selector", "message"),
    [
        ("kind:", "'kind:' needs a value after ':'"),
        ("kind:Servise", "did you mean 'kind:Service'?"),
        ("Db", "is not an id"),
    ],
)
def test_a_malformed_selector_exits_2_with_the_message(
    repo: Path, selector: str, message: str
) -> None:
    result = run("select", selector, "--repo", str(repo))
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_a_malformed_selector_in_impact_exits_2(repo: Path) -> None:
    result = run("impact", "kind:", "--repo", str(repo))
    assert result.exit_code == 2
    assert "needs a value after ':'" in result.stderr


def test_select_warns_about_what_matches_nothing(repo: Path) -> None:
    result = run("select", "nope", "db", "--repo", str(repo))
    assert result.exit_code == 0
    assert result.stdout == "ConfigurationItem/db\n"
    assert "warning: 'nope' matches nothing" in result.stderr


# --------------------------------------------------------------------------- the example


def test_the_example_organisation_ehr_upgrade(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(PROJECT)
    document = report(run("impact", "chg-0153-ehr-upgrade-24-2", "--format", "json"))
    assert document["changes"] == ["chg-0153-ehr-upgrade-24-2"]
    assert document["risk"] == "high"
    assert "ehr" in document["interrupted"]["services"]
    assert document["states"]["services"]["ehr"] == "interrupted"
    assert "ehr" in document["services"]
    assert any(a["role"] == "cab" for a in document["approvers"])
