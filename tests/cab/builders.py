"""Real git repositories, webhook payloads and review lists for the CAB tests."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from svcascode.cli.main import cli
from tests.conftest import write_files

TEAMS = """
apiVersion: svcascode/v1
kind: Team
metadata: {id: ops}
spec: {members: [{handle: ana}, {handle: bo}]}
---
apiVersion: svcascode/v1
kind: Team
metadata: {id: cab}
spec: {members: [{handle: cy}, {handle: di}, {handle: ed}, {handle: deploy-bot}]}
"""

ITEMS = """
apiVersion: svcascode/v1
kind: ConfigurationItem
metadata: {id: printer, owner: ops}
spec: {class: other, criticality: low}
"""

POLICY = """
apiVersion: svcascode/v1
kind: ChangePolicy
metadata: {id: policy}
spec:
  cab: cab
  emergency_review_within: 2d
  count_stale_approvals: false
  approvals:
    normal: {cab: 2, owners: true}
    emergency: {cab: 1, owners: false}
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

BASE = {
    "agreements/parties/teams.yaml": TEAMS,
    "cmdb/items.yaml": ITEMS,
    "changes/policy.yaml": POLICY,
    "README.md": "# service management\n",
}
ADD_CHANGE = {"changes/chg-7.yaml": CHANGE}
AUTHOR = "ana"


@dataclass(frozen=True)
class Repo:
    """A repository with a base commit on ``main`` and a pull request branch."""

    root: Path
    base: str
    head: str


def git(root: Path, *args: str) -> str:
    out = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip()


def commit(root: Path, files: Mapping[str, str], message: str) -> str:
    write_files(root, files)
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)
    return git(root, "rev-parse", "HEAD")


def build(
    tmp_path: Path,
    head: Mapping[str, str] = ADD_CHANGE,
    base: Mapping[str, str] = BASE,
) -> Repo:
    """``base`` committed on ``main``; ``head`` (files written over it) on branch ``pr``."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    base_sha = commit(root, base, "base")
    git(root, "checkout", "-qb", "pr")
    head_sha = commit(root, head, "pull request")
    return Repo(root, base_sha, head_sha)


def review(
    login: str,
    state: str,
    commit_id: str,
    minute: int = 0,
    user_type: str = "User",
) -> dict[str, Any]:
    """A review as GitHub sends it (``state`` verbatim: REST upper, webhook lower case)."""
    return {
        "id": 1000 + minute,
        "user": {"login": login, "type": user_type},
        "body": "",
        "state": state,
        "commit_id": commit_id,
        "submitted_at": f"2027-01-05T10:{minute:02d}:00Z",
        "author_association": "MEMBER",
    }


def event(
    repo: Repo,
    author: str = AUTHOR,
    one_review: dict[str, Any] | None = None,
    base: str | None = None,
) -> dict[str, Any]:
    """A ``pull_request`` payload, or a ``pull_request_review`` one with ``one_review``."""
    payload: dict[str, Any] = {
        "action": "submitted" if one_review else "synchronize",
        "number": 7,
        "pull_request": {
            "number": 7,
            "state": "open",
            "user": {"login": author, "type": "User"},
            "base": {"ref": "main", "sha": base or repo.base},
            "head": {"ref": "pr", "sha": repo.head},
        },
        "repository": {"full_name": "example/itsm"},
        "sender": {"login": author},
    }
    if one_review is not None:
        payload["review"] = one_review
    return payload


def approvals(repo: Repo, *logins: str) -> list[dict[str, Any]]:
    """REST reviews: each login approves the head, a minute apart."""
    return [review(login, "APPROVED", repo.head, i) for i, login in enumerate(logins)]


def write_json(folder: Path, name: str, value: Any) -> Path:
    path = folder / name
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


def run(
    repo: Repo,
    payload: Any,
    reviews: Any = None,
    *extra: str,
    fmt: str = "json",
) -> Result:
    """``svc cab check`` through click's runner on the top-level command."""
    folder = repo.root.parent
    args = ["cab", "check", "--repo", str(repo.root), "--format", fmt]
    args += ["--event", str(write_json(folder, "event.json", payload))]
    if reviews is not None:
        args += ["--reviews", str(write_json(folder, "reviews.json", reviews))]
    return CliRunner().invoke(cli, [*args, *extra])


def report(result: Result) -> dict[str, Any]:
    """The JSON report of a run."""
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def requirement(document: dict[str, Any], role: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [r for r in document["requirements"] if r["role"] == role]
    assert len(found) == 1, document["requirements"]
    return found[0]


def note_kinds(document: dict[str, Any]) -> set[tuple[str, str]]:
    return {(n["login"], n["kind"]) for n in document["notes"]}
