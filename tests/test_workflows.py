"""The GitHub workflows, the composite action and the pre-commit hooks.

Each workflow and ``action.yml`` is checked against SchemaStore's JSON Schema (the copy
check-jsonschema ships), then for what the schema cannot say: pinned actions, minimal
permissions, no ``${{ }}`` expression inside a ``run:`` script (untrusted values reach
scripts through ``env:`` only), and what each workflow exists to do. The scripts that
post the impact comment and run the action are executed here with a stand-in ``gh``.
"""

from __future__ import annotations

import importlib.resources
import json
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator

from svcascode.cli.main import COMMANDS
from tests.conftest import PROJECT

WORKFLOWS = PROJECT / ".github" / "workflows"
ACTION = PROJECT / "action.yml"
HOOKS = PROJECT / ".pre-commit-hooks.yaml"
WORKFLOW_FILES = sorted(WORKFLOWS.glob("*.yml")) + sorted(WORKFLOWS.glob("*.yaml"))
MARKER = "<!-- svcascode:impact -->"
PINNED = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(/[A-Za-z0-9_./-]+)?@v\d+(\.\d+){0,2}$")
EXPECTED = {"ci", "lint", "impact", "impact-comment", "cab", "pages"}
WRITES = {
    "ci": set(),
    "lint": {"security-events"},
    "impact": set(),
    "impact-comment": {"pull-requests"},
    "cab": set(),
    "pages": {"pages", "id-token"},
}
"""The only scopes each workflow may write: everything else is read or nothing."""


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML's safe loader with YAML 1.2 booleans: only true/false are booleans, so a
    workflow's ``on:`` key stays the string ``on`` (YAML 1.1 reads it as ``True``)."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def read_yaml(path: Path) -> dict[str, Any]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)
    assert isinstance(data, dict), path
    return data


def schema(name: str) -> Draft7Validator:
    """SchemaStore's schema as vendored by check-jsonschema (no network)."""
    vendor = importlib.resources.files("check_jsonschema.builtin_schemas.vendor")
    document = json.loads((vendor / name).read_text(encoding="utf-8"))
    Draft7Validator.check_schema(document)
    return Draft7Validator(document)


@dataclass(frozen=True)
class Step:
    """One step of a job or of the composite action."""

    where: str
    data: dict[str, Any]

    @property
    def run(self) -> str | None:
        value = self.data.get("run")
        return value if isinstance(value, str) else None

    @property
    def uses(self) -> str | None:
        value = self.data.get("uses")
        return value if isinstance(value, str) else None

    @property
    def env(self) -> dict[str, str]:
        return {str(k): str(v) for k, v in (self.data.get("env") or {}).items()}


@dataclass(frozen=True)
class Workflow:
    path: Path
    data: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.data["name"])

    @property
    def on(self) -> dict[str, Any]:
        trigger = self.data["on"]
        if isinstance(trigger, str):
            return {trigger: None}
        if isinstance(trigger, list):
            return dict.fromkeys(trigger)
        assert isinstance(trigger, dict)
        return trigger

    @property
    def jobs(self) -> dict[str, dict[str, Any]]:
        jobs = self.data["jobs"]
        assert isinstance(jobs, dict)
        return jobs

    def steps(self) -> Iterator[Step]:
        for job_id, job in self.jobs.items():
            for i, step in enumerate(job.get("steps") or []):
                yield Step(f"{self.path.name}: jobs.{job_id}.steps[{i}]", step)

    def runs(self) -> str:
        return "\n".join(step.run for step in self.steps() if step.run)

    def permissions(self) -> Iterator[tuple[str, Any]]:
        """Every ``permissions`` block: the workflow's and each job's."""
        if "permissions" in self.data:
            yield "workflow", self.data["permissions"]
        for job_id, job in self.jobs.items():
            if "permissions" in job:
                yield f"jobs.{job_id}", job["permissions"]

    def writes(self) -> set[str]:
        granted: set[str] = set()
        for _, block in self.permissions():
            assert block != "write-all", self.path
            if isinstance(block, dict):
                granted |= {scope for scope, level in block.items() if level == "write"}
        return granted


def workflows() -> dict[str, Workflow]:
    found = {}
    for path in WORKFLOW_FILES:
        workflow = Workflow(path, read_yaml(path))
        found[workflow.name] = workflow
    return found


def action_steps() -> list[Step]:
    steps = read_yaml(ACTION)["runs"]["steps"]
    return [Step(f"action.yml: runs.steps[{i}]", s) for i, s in enumerate(steps)]


def all_steps() -> Iterator[Step]:
    for workflow in workflows().values():
        yield from workflow.steps()
    yield from action_steps()


@pytest.fixture(scope="module")
def flows() -> dict[str, Workflow]:
    return workflows()


# --- parsing and schemas ----------------------------------------------------------------


def test_the_expected_workflows_exist(flows: dict[str, Workflow]) -> None:
    assert set(flows) == EXPECTED
    assert {w.path.stem for w in flows.values()} == EXPECTED


def test_pyyaml_reads_on_as_true_and_the_loader_here_does_not() -> None:
    """YAML 1.1 (PyYAML's default) turns the ``on`` key into ``True``."""
    text = (WORKFLOWS / "lint.yml").read_text(encoding="utf-8")
    assert True in yaml.safe_load(text)
    assert "on" in yaml.load(text, Loader=Yaml12Loader)


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_workflow_matches_the_github_workflow_schema(path: Path) -> None:
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in schema("github-workflows.json").iter_errors(read_yaml(path))
    ]
    assert errors == []


def test_action_matches_the_github_action_schema() -> None:
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in schema("github-actions.json").iter_errors(read_yaml(ACTION))
    ]
    assert errors == []


def test_the_schema_would_catch_a_broken_workflow() -> None:
    broken = {"on": "push", "jobs": {"x": {"steps": [{"run": "true"}]}}}
    assert list(schema("github-workflows.json").iter_errors(broken))


# --- what every workflow must do ---------------------------------------------------------


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_every_job_has_runs_on_and_steps(path: Path) -> None:
    workflow = Workflow(path, read_yaml(path))
    assert workflow.jobs
    for job_id, job in workflow.jobs.items():
        assert job.get("runs-on"), f"{job_id} has no runs-on"
        assert job.get("steps"), f"{job_id} has no steps"
        for step in job["steps"]:
            assert ("run" in step) != ("uses" in step), f"{job_id}: {step}"


def test_every_action_is_pinned_to_a_version_tag() -> None:
    for step in all_steps():
        if step.uses is not None:
            assert PINNED.match(step.uses), f"{step.where}: {step.uses}"


def test_no_expression_is_interpolated_into_a_script() -> None:
    """``${{ github.event.pull_request.title }}`` in a script is code injection; values
    go through ``env:`` and are quoted as shell variables."""
    for step in all_steps():
        if step.run is not None:
            assert "${{" not in step.run, f"{step.where}: {step.run}"


def test_composite_run_steps_name_their_shell() -> None:
    for step in action_steps():
        if step.run is not None:
            assert step.data.get("shell") == "bash", step.where


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_permissions_are_declared_and_minimal(path: Path) -> None:
    workflow = Workflow(path, read_yaml(path))
    top = workflow.data.get("permissions")
    assert isinstance(top, dict), "the workflow sets no default permissions"
    assert "write" not in top.values(), "writes belong to the job that needs them"
    assert workflow.writes() == WRITES[workflow.name]


def test_no_workflow_runs_untrusted_code_with_a_writing_token(flows: dict[str, Workflow]) -> None:
    """pull_request_target runs with secrets in the base repository's context."""
    for workflow in flows.values():
        assert "pull_request_target" not in workflow.on, workflow.path.name


def test_workflow_run_names_existing_workflows(flows: dict[str, Workflow]) -> None:
    for workflow in flows.values():
        trigger = workflow.on.get("workflow_run")
        if trigger is not None:
            assert set(trigger["workflows"]) <= set(flows), workflow.path.name


# --- each workflow's purpose ------------------------------------------------------------


def uses_of(workflow: Workflow) -> list[str]:
    return [step.uses.split("@")[0] for step in workflow.steps() if step.uses]


def checkouts(workflow: Workflow) -> list[dict[str, Any]]:
    return [
        step.data.get("with") or {}
        for step in workflow.steps()
        if step.uses and step.uses.startswith("actions/checkout@")
    ]


def test_ci_runs_the_test_suite(flows: dict[str, Workflow]) -> None:
    ci = flows["ci"]
    assert "test" in ci.jobs
    assert "bash .ci/run" in ci.runs()


def test_lint_annotates_the_pull_request_and_uploads_sarif(flows: dict[str, Workflow]) -> None:
    lint = flows["lint"]
    assert "pull_request" in lint.on
    assert any(c.get("fetch-depth") == 0 for c in checkouts(lint))
    annotate = next(s for s in lint.steps() if s.run and "--format github --base" in s.run)
    assert 'svc lint --format github --base "origin/$BASE_REF"' in (annotate.run or "")
    assert annotate.env["BASE_REF"] == "${{ github.base_ref }}"
    assert "svc lint --format sarif" in lint.runs()
    assert "github/codeql-action/upload-sarif" in uses_of(lint)
    assert "security-events" in lint.writes()


def test_pull_requests_restore_the_parse_cache_and_never_save_it(
    flows: dict[str, Workflow],
) -> None:
    """A cache a pull request could write would be trusted by the next run on main."""
    caching = [s for s in flows["lint"].steps() if s.uses and s.uses.startswith("actions/cache")]
    assert caching, "the lint workflow keeps the parse cache"
    for step in caching:
        assert step.data["with"]["path"] == "~/.cache/svcascode"
        if step.data["if"] == "github.event_name == 'pull_request'":
            assert step.uses.startswith("actions/cache/restore@")
        else:
            assert step.data["if"] == "github.event_name != 'pull_request'"


def test_main_is_linted_nightly_and_its_cache_kept_per_day(flows: dict[str, Workflow]) -> None:
    """Stored runs are kept per day judged: a nightly run on main finds what the date
    alone changed and saves that day's run under a key of its own (a key already saved is
    never saved again, so a key without the day would keep yesterday's run)."""
    lint = flows["lint"]
    assert [entry["cron"] for entry in lint.on["schedule"]]
    day = next(s for s in lint.steps() if s.data.get("id") == "day")
    assert "date -u +%Y-%m-%d" in (day.run or "")
    caching = [s for s in lint.steps() if s.uses and s.uses.startswith("actions/cache")]
    assert caching
    for step in caching:
        assert step.data["with"]["key"].endswith("${{ steps.day.outputs.day }}")


def test_impact_makes_an_artifact_and_writes_nothing(flows: dict[str, Workflow]) -> None:
    impact = flows["impact"]
    assert "pull_request" in impact.on
    assert any(c.get("fetch-depth") == 0 for c in checkouts(impact))
    assert "svc impact --base" in impact.runs()
    assert "--format markdown" in impact.runs()
    assert "actions/upload-artifact" in uses_of(impact)
    assert impact.writes() == set()


def test_impact_comment_runs_on_workflow_run_and_never_checks_out(
    flows: dict[str, Workflow],
) -> None:
    comment = flows["impact-comment"]
    assert set(comment.on) == {"workflow_run"}
    assert comment.on["workflow_run"]["workflows"] == ["impact"]
    assert checkouts(comment) == [], "it must never run the pull request's code"
    assert "actions/download-artifact" in uses_of(comment)
    script = next(s for s in comment.steps() if s.run)
    assert script.env["MARKER"] == MARKER
    assert script.env["GH_TOKEN"] == "${{ secrets.GITHUB_TOKEN }}"
    assert int(script.env["LIMIT"]) == 65000
    assert "gh api" in (script.run or "")


def test_cab_is_a_check_on_reviews_and_pushes(flows: dict[str, Workflow]) -> None:
    cab = flows["cab"]
    assert "pull_request_review" in cab.on
    assert {"opened", "synchronize", "reopened"} <= set(cab.on["pull_request"]["types"])
    assert any(c.get("fetch-depth") == 0 for c in checkouts(cab))
    runs = cab.runs()
    assert 'gh api "repos/$REPO/pulls/$PR/reviews" --paginate' in runs
    assert 'svc cab check --repo pr --event "$GITHUB_EVENT_PATH" --reviews reviews.json' in runs
    assert cab.writes() == set()


def test_cab_installs_the_checker_from_the_base_commit(flows: dict[str, Workflow]) -> None:
    cab = flows["cab"]
    tool = next(c for c in checkouts(cab) if c.get("path") == "tool")
    assert tool["ref"] == "${{ github.event.pull_request.base.sha }}"
    assert "pip install ./tool" in cab.runs()


def test_pages_renders_and_deploys(flows: dict[str, Workflow]) -> None:
    pages = flows["pages"]
    assert pages.on["push"]["branches"] == ["main"]
    assert "svc render --out site" in pages.runs()
    assert {"actions/upload-pages-artifact", "actions/deploy-pages"} <= set(uses_of(pages))
    deploy = next(j for j in pages.jobs.values() if "permissions" in j)
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}


# --- the impact comment script, run with a stand-in gh -----------------------------------

FAKE_GH = """\
#!{python}
import json, os, sys
from pathlib import Path

state = Path(os.environ["FAKE_STATE"])
args = sys.argv[1:]
with (state / "calls.jsonl").open("a") as log:
    log.write(json.dumps(args) + "\\n")
if "--input" in args:
    body = Path(args[args.index("--input") + 1]).read_text()
    (state / "sent.json").write_text(body)
elif any(arg.endswith("/comments") for arg in args):
    print((state / "existing").read_text())
else:
    print(os.environ["FAKE_HEAD"])
"""


@dataclass(frozen=True)
class Posted:
    code: int
    calls: list[list[str]]
    body: str | None
    out: str


def run_comment_script(
    tmp_path: Path, markdown: str, pr: str, existing: str = "", pr_head: str = "abc123"
) -> Posted:
    """Run the comment step for an artifact of ``markdown`` naming pull request ``pr``,
    whose head is ``pr_head``; ``existing``: the ids of earlier comments with the marker."""
    step = next(s for s in workflows()["impact-comment"].steps() if s.run)
    state, bin_dir, data = tmp_path / "state", tmp_path / "bin", tmp_path / "impact"
    for folder in (state, bin_dir, data):
        folder.mkdir()
    (state / "existing").write_text(existing)
    gh = bin_dir / "gh"
    gh.write_text(FAKE_GH.format(python=sys.executable))
    gh.chmod(0o755)
    (data / "comment.md").write_text(markdown, encoding="utf-8")
    (data / "pr-number").write_text(pr + "\n")
    env = dict(os.environ, **step.env)
    env.update(
        GH_TOKEN="token",
        REPO="org/repo",
        HEAD_SHA="abc123",
        DIR=str(data),
        FAKE_STATE=str(state),
        FAKE_HEAD=pr_head,
        PATH=f"{bin_dir}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    )
    out = subprocess.run(
        ["bash", "-e", "-c", step.run or ""],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    calls_file = state / "calls.jsonl"
    logged = calls_file.read_text().splitlines() if calls_file.exists() else []
    calls = [json.loads(line) for line in logged]
    sent = state / "sent.json"
    body = json.loads(sent.read_text())["body"] if sent.exists() else None
    return Posted(out.returncode, calls, body, out.stdout + out.stderr)


def test_the_comment_is_created_when_there_is_none(tmp_path: Path) -> None:
    posted = run_comment_script(tmp_path, f"{MARKER}\n## Impact\n", "7")
    assert posted.code == 0, posted.out
    assert posted.calls[-1][:4] == ["api", "--method", "POST", "repos/org/repo/issues/7/comments"]
    assert posted.body == f"{MARKER}\n## Impact\n"


def test_the_sticky_comment_is_updated(tmp_path: Path) -> None:
    posted = run_comment_script(tmp_path, f"{MARKER}\nnew\n", "7", existing="991\n992")
    assert posted.code == 0, posted.out
    assert posted.calls[-1][:4] == [
        "api",
        "--method",
        "PATCH",
        "repos/org/repo/issues/comments/991",
    ]
    listing = next(c for c in posted.calls if "--method" not in c and c[2].endswith("/comments"))
    assert "--paginate" in listing


def test_a_long_report_is_truncated_and_keeps_its_marker(tmp_path: Path) -> None:
    posted = run_comment_script(tmp_path, "x" * 70_000, "7")
    assert posted.code == 0, posted.out
    assert posted.body is not None
    assert len(posted.body) <= 65_000
    assert posted.body.startswith(MARKER)
    assert "Truncated" in posted.body


def test_an_artifact_naming_no_pull_request_is_refused(tmp_path: Path) -> None:
    posted = run_comment_script(tmp_path, MARKER, "7; rm -rf /")
    assert posted.code != 0
    assert all("--method" not in call for call in posted.calls)


def test_a_pull_request_whose_head_moved_gets_no_comment(tmp_path: Path) -> None:
    """A report made for another commit (or naming another pull request) is not posted."""
    posted = run_comment_script(tmp_path, MARKER, "8", pr_head="def456")
    assert posted.code == 0, posted.out
    assert all("--method" not in call for call in posted.calls)


# --- the composite action ---------------------------------------------------------------


def test_the_action_has_its_inputs_with_defaults() -> None:
    action = read_yaml(ACTION)
    assert action["runs"]["using"] == "composite"
    inputs = action["inputs"]
    assert set(inputs) == {"command", "args", "python-version", "version"}
    assert inputs["command"]["default"] == "lint"
    assert "actions/setup-python" in {(s.uses or "").split("@")[0] for s in action_steps()}
    install = next(s for s in action_steps() if s.run and "pip install" in s.run)
    assert 'pip install "$GITHUB_ACTION_PATH"' in (install.run or "")
    assert install.env == {"VERSION": "${{ inputs.version }}"}


def run_action_step(command: str, args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    step = next(s for s in action_steps() if s.run and "svc" in s.run and "pip" not in s.run)
    assert step.env == {"COMMAND": "${{ inputs.command }}", "ARGS": "${{ inputs.args }}"}
    env = dict(os.environ, COMMAND=command, ARGS=args)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    return subprocess.run(
        ["bash", "-e", "-c", step.run or ""],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_action_runs_svc_with_the_command_and_args(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "cmdb").mkdir(parents=True)
    (repo / "cmdb" / "team.yaml").write_text(
        textwrap.dedent(
            """\
            apiVersion: svcascode/v1
            kind: Team
            metadata: {id: cab}
            spec: {members: [{handle: ana}]}
            """
        )
    )
    out = run_action_step("codeowners", f"--repo {repo} --out -", tmp_path)
    assert out.returncode == 0, out.stderr
    assert "/cmdb/team.yaml @ana" in out.stdout


def test_the_actions_args_are_words_not_shell(tmp_path: Path) -> None:
    out = run_action_step("rules", "$(touch pwned) `touch pwned2`", tmp_path)
    assert out.returncode != 0
    assert not (tmp_path / "pwned").exists()
    assert not (tmp_path / "pwned2").exists()


# --- the pre-commit hooks ---------------------------------------------------------------


def hooks() -> dict[str, dict[str, Any]]:
    listed = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert isinstance(listed, list)
    return {hook["id"]: hook for hook in listed}


def test_the_hooks_run_svc_once_per_commit() -> None:
    found = hooks()
    assert set(found) == {"svc-lint", "svc-codeowners"}
    assert found["svc-lint"]["entry"] == "svc lint"
    assert found["svc-codeowners"]["entry"] == "svc codeowners --check"
    for hook in found.values():
        assert hook["language"] == "python"
        assert hook["pass_filenames"] is False
        assert hook["name"]
        assert hook["entry"].split()[1] in COMMANDS


@pytest.mark.parametrize(
    ("path", "lint", "codeowners"),
    [
        ("catalog/clinical/ehr.yaml", True, True),
        ("cmdb/network/core.yml", True, True),
        ("agreements/parties/teams.yaml", True, True),
        ("changes/policy.yaml", True, True),
        ("svcascode.yaml", True, True),
        (".github/CODEOWNERS", False, True),
        ("CODEOWNERS", False, True),
        ("README.md", False, False),
        ("catalog/README.md", False, False),
        ("src/svcascode/config.yaml", False, False),
        ("schemas/team.json", False, False),
    ],
)
def test_the_hooks_run_on_the_files_they_concern(path: str, lint: bool, codeowners: bool) -> None:
    found = hooks()
    assert bool(re.search(found["svc-lint"]["files"], path)) is lint
    assert bool(re.search(found["svc-codeowners"]["files"], path)) is codeowners
