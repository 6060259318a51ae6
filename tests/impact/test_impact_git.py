"""``svc impact --base``: entity-level changes read from a real git repository."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from svcascode.changeset import changes_between
from tests.conftest import write_files

PARTIES = """
apiVersion: svcascode/v1
kind: Team
metadata: {id: ops}
spec: {members: [{handle: ana}, {handle: bo}]}
---
apiVersion: svcascode/v1
kind: Team
metadata: {id: cab}
spec: {members: [{handle: cy}, {handle: di}, {handle: ed}]}
---
apiVersion: svcascode/v1
kind: Customer
metadata: {id: north}
spec: {users: 1200, contacts: [{handle: nora}]}
"""

ITEMS = """
apiVersion: svcascode/v1
kind: ConfigurationItem
metadata: {id: db, owner: ops}
spec: {class: database, criticality: high}
---
apiVersion: svcascode/v1
kind: ConfigurationItem
metadata: {id: app, owner: ops}
spec: {class: application, depends_on: [db]}
---
apiVersion: svcascode/v1
kind: ConfigurationItem
metadata: {id: printer, owner: ops}
spec: {class: other}
"""

SERVICE = """
apiVersion: svcascode/v1
kind: Service
metadata: {id: ehr, owner: ops}
spec: {type: business, cis: [app]}
"""

SLA = """
apiVersion: svcascode/v1
kind: Agreement
metadata: {id: sla-north}
spec: {type: SLA, party: north, services: [ehr], targets: {availability: 99.5}}
"""

CHANGE = """
apiVersion: svcascode/v1
kind: Change
metadata: {id: chg-7}
spec:
  type: normal
  risk: low
  cis: [printer]
  window: {start: 2027-02-02T22:00:00+01:00, end: 2027-02-02T23:00:00+01:00}
  requester: ana
  backout: put the old toner back
"""


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = write_files(
        tmp_path / "repo",
        {
            "agreements/parties.yaml": PARTIES,
            "agreements/sla.yaml": SLA,
            "cmdb/items.yaml": ITEMS,
            "catalog/ehr.yaml": SERVICE,
        },
    )
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "base")
    # The pull request: one document of a multi-document file edited, a change added.
    items = (root / "cmdb/items.yaml").read_text()
    (root / "cmdb/items.yaml").write_text(
        items.replace("criticality: high", "criticality: critical")
    )
    write_files(root, {"changes/chg-7.yaml": CHANGE})
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "change")
    return root


def test_changed_entities_are_entity_level(repo: Path) -> None:
    changeset = changes_between(repo, "HEAD~1", "HEAD")
    assert [(c.kind, c.id, c.status) for c in changeset.changes] == [
        ("ConfigurationItem", "db", "edited"),
        ("Change", "chg-7", "added"),
    ]


def test_svc_impact_base_through_the_installed_executable(repo: Path) -> None:
    svc = shutil.which("svc")
    assert svc, "the svc executable is not installed: pip install -e '.[dev]'"
    out = subprocess.run(
        [svc, "impact", "--base", "HEAD~1", "--format", "json"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["changed"] == [
        {"kind": "ConfigurationItem", "id": "db", "status": "edited", "path": "cmdb/items.yaml"},
        {"kind": "Change", "id": "chg-7", "status": "added", "path": "changes/chg-7.yaml"},
    ]
    assert report["changes"] == ["chg-7"]
    assert report["cis"] == ["app", "db", "printer"]
    assert report["services"] == ["ehr"]
    assert report["agreements"] == ["sla-north"]
    assert report["customers"] == ["north"]
    assert report["users"] == 1200
    # A critical item now goes down with a change declared low: flagged.
    assert report["risk"] == "high" and report["declared_risk"] == "low"
    assert report["risk_understated"] is True
    roles = {(a["role"], a["party"]) for a in report["approvers"]}
    assert ("cab", "cab") in roles and ("item-owner", "ops") in roles


def test_working_tree_is_the_default_head(repo: Path) -> None:
    (repo / "cmdb/items.yaml").write_text((repo / "cmdb/items.yaml").read_text() + "\n")
    write_files(repo, {"cmdb/new.yaml": ITEMS.split("---")[2].replace("printer", "scanner")})
    changeset = changes_between(repo, "HEAD")
    assert [(c.id, c.status) for c in changeset.changes] == [("scanner", "added")]


def test_markdown_has_the_marker_table_and_a_mermaid_graph(repo: Path) -> None:
    svc = shutil.which("svc")
    assert svc
    out = subprocess.run(
        [svc, "impact", "--base", "HEAD~1", "--format", "markdown"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    text = out.stdout
    assert text.startswith("<!-- svcascode:impact -->")
    assert "```mermaid" in text and "ConfigurationItem_db --> ConfigurationItem_app" in text
    assert "| 2 | Team `cab` |" in text  # the default policy: two CAB members
    assert "> [!WARNING]" in text


def test_unknown_base_revision_exits_2(repo: Path) -> None:
    svc = shutil.which("svc")
    assert svc
    out = subprocess.run(
        [svc, "impact", "--base", "nope"], cwd=repo, capture_output=True, text=True, check=False
    )
    assert out.returncode == 2
    assert "not a commit" in out.stderr and "Traceback" not in out.stderr
