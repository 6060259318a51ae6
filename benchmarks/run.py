"""Time ``svc lint`` and ``svc impact`` on synthetic repositories next to bare parsing.

``python benchmarks/run.py [--sizes 10000 100000] [--workdir benchmarks/.work]`` generates
the repositories it lacks (cached in the work folder), then measures, each step in a
process of its own so that its peak memory is its own: reading every byte of every file,
PyYAML's libyaml ``CSafeLoader`` loading every document, the same composing node trees
(what gives positions), the chosen parser (``rustyyaml``), ``svc lint`` without cache,
cold, warm and warm with one file changed, ``svc lint --base`` and ``svc impact --base``
on that change, one impact query on the loaded graph, ``check-jsonschema`` on the same
files and ``svc render``. It prints one Markdown table per size, with time and peak RSS
relative to the bare load, and the goals of the scale issue computed from the figures.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

ROOTS = ("catalog", "agreements", "cmdb", "changes")
LABELS = {
    "startup": "python start, import yaml",
    "read": "read all bytes",
    "load": "PyYAML CSafeLoader load_all",
    "compose": "PyYAML CSafeLoader compose_all",
    "rustyyaml": "rustyyaml load_all (the chosen parser)",
    "lint-nocache": "svc lint --no-cache",
    "lint-cold": "svc lint, cold (cache emptied)",
    "lint-warm": "svc lint, warm (nothing changed)",
    "lint-changed": "svc lint, warm, one file changed (a description: the stored run reused)",
    "lint-base": "svc lint --base HEAD, that description change",
    "impact-base": "svc impact --base HEAD, that description change",
    "lint-changed-spec": "svc lint, warm, one file changed (a criticality: every rule runs)",
    "lint-base-spec": "svc lint --base HEAD, that criticality change",
    "impact-base-spec": "svc impact --base HEAD, that criticality change",
    "query-hub": "impact query on the loaded graph, hub item (query only)",
    "query-typical": "impact query on the loaded graph, typical item (query only)",
    "jsonschema": "check-jsonschema, each kind with its schema",
    "render": "svc render (the site)",
}
STEPS = ("startup", "read", "load", "compose", "rustyyaml")
"""The bare steps: a function of this script each, run in a child process."""
BASELINE = "load"
"""The step the others are compared with."""
SKIPPABLE = ("compose", "rustyyaml", "lint", "impact", "query", "jsonschema", "render")
"""Groups of rows ``--skip`` can leave out (``lint``: every svc lint row; ``impact``: the
svc impact row; ``query``: both query rows)."""
EDITS = {
    "description": (
        "  description: ",
        ("  description: Edited by benchmarks/run.py to measure a one-file change.\n",),
    ),
    "spec": ("  criticality: ", ("  criticality: high\n", "  criticality: low\n")),
}
"""The one-file changes measured: the line (by its start) of a configuration item that
is replaced, and its replacements (the first that differs from the line is taken). A
description no rule reads (the stored run is reused); a criticality, which rules read
(every rule runs again)."""
HERE = Path(__file__).resolve().parent


# --------------------------------------------------------------------------- child steps


def yaml_files(repo: Path) -> Iterator[Path]:
    """Every ``*.yaml`` / ``*.yml`` below the content roots, in a stable order."""
    for root in ROOTS:
        for folder, dirs, files in os.walk(repo / root):
            dirs.sort()
            for name in sorted(files):
                if name.endswith((".yaml", ".yml")):
                    yield Path(folder, name)


def step_startup(repo: Path) -> str:
    return "interpreter start and import yaml only"


def step_read(repo: Path) -> str:
    count = size = 0
    for path in yaml_files(repo):
        size += len(path.read_bytes())
        count += 1
    return f"{count:,} files, {size / 1e6:.1f} MB"


def step_load(repo: Path) -> str:
    import yaml

    loader = yaml.CSafeLoader
    docs = [doc for path in yaml_files(repo) for doc in yaml.load_all(path.read_bytes(), loader)]
    return f"{len(docs):,} documents kept"


def step_compose(repo: Path) -> str:
    import yaml

    loader = yaml.CSafeLoader
    nodes = [n for path in yaml_files(repo) for n in yaml.compose_all(path.read_bytes(), loader)]
    return f"{len(nodes):,} node trees kept"


def step_rustyyaml(repo: Path) -> str:
    import rustyyaml  # here: the other steps must not pay for it

    docs = [doc for path in yaml_files(repo) for doc in rustyyaml.load_all(path.read_bytes())]
    return f"{len(docs):,} documents kept (rustyyaml {rustyyaml.__version__})"


def step_query(repo: Path) -> dict[str, Any]:
    """Load the repository as ``svc impact`` does, then time one query for the item most
    others need directly (a hub) and one for a typical item: the selection, seeds and
    assessment ``svc impact ID`` computes on the loaded graph, without printing."""
    import time

    from svcascode.assessment import assess_change
    from svcascode.changeset import head_source
    from svcascode.impact import seeds_from_keys
    from svcascode.index import Index
    from svcascode.loader.load import load
    from svcascode.selection import select

    started = time.perf_counter()
    index = Index.build(load(head_source(repo, None)))
    _ = index.required_by  # the entity graph is built on first use: part of loading
    loaded = time.perf_counter() - started
    ranked = sorted(index.needed_by, key=lambda ci: (-len(index.needed_by[ci]), ci))
    result: dict[str, Any] = {"load_seconds": loaded}
    for label, ci in (("hub", ranked[0]), ("typical", ranked[len(ranked) // 2])):
        started = time.perf_counter()
        chosen = select(index, [ci])
        assessment = assess_change(index, seeds_from_keys(index, chosen.keys))
        took = time.perf_counter() - started
        impact = assessment.impact
        result[label] = {
            "seconds": took,
            "note": (
                f"{ci} ({len(index.needed_by[ci]):,} direct dependents): "
                f"{len(impact.cis):,} items in reach, {len(impact.services):,} services, "
                f"risk {assessment.risk.level}"
            ),
        }
    return result


def run_step(name: str, repo: Path) -> int:
    """Body of a child process: run one bare step and print its result as JSON."""
    import yaml  # noqa: F401 - every child pays for it, the startup row shows how much

    steps: dict[str, Callable[[Path], str]] = {
        "startup": step_startup,
        "read": step_read,
        "load": step_load,
        "compose": step_compose,
        "rustyyaml": step_rustyyaml,
    }
    result = step_query(repo) if name == "query" else {"note": steps[name](repo)}
    print(json.dumps(result))
    return 0


# --------------------------------------------------------------------------- measuring


@dataclass(frozen=True)
class Measurement:
    """One row: wall time and peak RSS of its process, or why it failed.

    ``query`` rows time one call inside a process (shown in ms, with no ratio); their
    peak RSS is still the process's own.
    """

    step: str
    seconds: float
    max_rss_mb: float
    note: str
    failed: bool = False
    query: bool = False
    label: str = ""

    @property
    def title(self) -> str:
        return self.label or LABELS[self.step]


def skipped(step: str, why: str = "skipped (--skip)") -> Measurement:
    return Measurement(step, 0.0, 0.0, why, failed=True)


@dataclass(frozen=True)
class Finished:
    """A child process that has ended, with its own resource usage."""

    exit_code: int
    seconds: float
    max_rss_mb: float
    stdout: str
    stderr: str


def max_rss_mb(raw: int) -> float:
    # ru_maxrss is in bytes on macOS, in kilobytes elsewhere.
    return raw / (1024 * 1024 if sys.platform == "darwin" else 1024)


# Peak RSS survives exec: a child forked from this (large) process would report this
# process's peak as its own. So a tiny interpreter (no site, nothing imported but os, sys
# and time) spawns the measured command and reports that grandchild's own wait4 usage
# (on Linux its ru_maxrss covers the processes it waited for in turn, if larger).
WRAPPER = """\
import os, sys, time
result, argv = sys.argv[1], sys.argv[2:]
started = time.perf_counter()
pid = os.posix_spawn(argv[0], argv, os.environ)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - started
with open(result, "w") as f:
    f.write(f"{os.waitstatus_to_exitcode(status)} {seconds} {usage.ru_maxrss}")
"""

# Runs the commands of a JSON plan one after the other (check-jsonschema once a kind),
# exit status the first nonzero one.
SEQUENCE = """\
import json, os, sys
with open(sys.argv[1]) as f:
    plan = json.load(f)
worst = 0
for argv in plan:
    _, status = os.waitpid(os.posix_spawn(argv[0], argv, os.environ), 0)
    worst = worst or os.waitstatus_to_exitcode(status)
sys.exit(worst)
"""


def run_child(
    argv: Sequence[str],
    outdir: Path,
    tag: str,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> Finished:
    """Run ``argv`` (``argv[0]`` a path) to completion, with its own time and peak RSS."""
    out_path, err_path = outdir / f"{tag}.stdout", outdir / f"{tag}.stderr"
    result = outdir / f"{tag}.rusage"
    result.unlink(missing_ok=True)
    wrapper = [sys.executable, "-S", "-c", WRAPPER, str(result), *argv]
    with out_path.open("wb") as out, err_path.open("wb") as err:
        subprocess.run(
            wrapper, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env, cwd=cwd, check=False
        )
    stdout, stderr = out_path.read_text(errors="replace"), err_path.read_text(errors="replace")
    if not result.is_file():  # the wrapper itself failed, e.g. argv[0] does not exist
        return Finished(-1, 0.0, 0.0, stdout, stderr or f"cannot run {argv[0]}")
    code, seconds, raw = result.read_text().split()
    return Finished(int(code), float(seconds), max_rss_mb(int(raw)), stdout, stderr)


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no output"


def measure_step(name: str, repo: Path, outdir: Path) -> Measurement:
    argv = [sys.executable, str(Path(__file__).resolve()), "--step", name, "--repo", str(repo)]
    done = run_child(argv, outdir, name)
    if done.exit_code != 0:
        return Measurement(name, done.seconds, done.max_rss_mb, last_line(done.stderr), True)
    note = str(json.loads(done.stdout)["note"])
    return Measurement(name, done.seconds, done.max_rss_mb, note)


def measure_query(repo: Path, outdir: Path, env: dict[str, str]) -> list[Measurement]:
    """Two rows from one process: the hub query and the typical query, in ms."""
    argv = [sys.executable, str(Path(__file__).resolve()), "--step", "query", "--repo", str(repo)]
    done = run_child(argv, outdir, "query", env)
    if done.exit_code != 0:
        why = last_line(done.stderr)
        return [Measurement(s, 0.0, 0.0, why, True) for s in ("query-hub", "query-typical")]
    result = json.loads(done.stdout)
    process = f"process {done.seconds:.2f} s, of which load + index {result['load_seconds']:.2f} s"
    return [
        Measurement(
            f"query-{label}",
            result[label]["seconds"],
            done.max_rss_mb,
            f"{result[label]['note']}; {process}",
            query=True,
        )
        for label in ("hub", "typical")
    ]


def find_tool(name: str, explicit: str | None = None) -> str | None:
    """An executable beside this interpreter first (no version-manager shim in between)."""
    if explicit:
        return shutil.which(explicit) or str(Path(explicit).resolve())
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which(name)


def summarise_lint(done: Finished) -> tuple[str, bool]:
    """The table cell for a lint run, and whether it counts as a failure."""
    if done.exit_code not in (0, 1):
        return f"exit {done.exit_code}: {last_line(done.stderr or done.stdout)}", True
    try:
        findings = json.loads(done.stdout)["findings"]
    except (ValueError, KeyError, TypeError):
        return f"exit {done.exit_code}, no JSON report: {last_line(done.stderr)}", True
    counts: dict[str, int] = {}
    for finding in findings:
        severity = str(finding.get("severity", "?"))
        counts[severity] = counts.get(severity, 0) + 1
    spelled = ", ".join(f"{n:,} {sev}" for sev, n in sorted(counts.items())) or "no findings"
    if done.exit_code == 1 and findings:
        first = findings[0]
        spelled += f"; first: {first.get('rule')} {first.get('path')}:{first.get('line')}"
    return f"exit {done.exit_code}, {spelled}", done.exit_code != 0


def summarise_impact(done: Finished) -> tuple[str, bool]:
    """The table cell for an ``svc impact --format json`` run."""
    if done.exit_code != 0:
        return f"exit {done.exit_code}: {last_line(done.stderr or done.stdout)}", True
    try:
        report = json.loads(done.stdout)
        changed = ", ".join(f"{c['kind']}/{c['id']} {c['status']}" for c in report["changed"])
        spelled = (
            f"changed: {changed or 'nothing'}; {len(report['cis']):,} items in reach, "
            f"{len(report['services']):,} services, risk {report['risk']}"
        )
    except (ValueError, KeyError, TypeError):
        return f"exit 0, no JSON report: {last_line(done.stderr)}", True
    return f"exit 0, {spelled}", False


def measure_render(svc: str | None, repo: Path, outdir: Path, env: dict[str, str]) -> Measurement:
    """``svc render`` into the output folder: time, peak RSS, pages and size."""
    if svc is None:
        return Measurement("render", 0.0, 0.0, "svc is not installed (pip install -e .)", True)
    site = outdir / "site"
    shutil.rmtree(site, ignore_errors=True)
    argv = [svc, "render", "--repo", str(repo), "--out", str(site)]
    done = run_child(argv, outdir, "render", env)
    if done.exit_code != 0:
        note = f"exit {done.exit_code}: {last_line(done.stderr or done.stdout)}"
        return Measurement("render", done.seconds, done.max_rss_mb, note, True)
    pages = sum(1 for _ in site.rglob("*.html"))
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    note = f"{pages:,} pages, {size / 1e6:.0f} MB"
    return Measurement("render", done.seconds, done.max_rss_mb, note)


def run_svc(
    step: str, svc: str | None, args: Sequence[str], outdir: Path, env: dict[str, str]
) -> Measurement:
    """One ``svc`` command as a row; lint and impact reports are summarised."""
    if svc is None:
        return Measurement(step, 0.0, 0.0, "svc is not installed (pip install -e .)", True)
    done = run_child([svc, *args], outdir, step, env)
    summarise = summarise_impact if args[0] == "impact" else summarise_lint
    note, failed = summarise(done)
    return Measurement(step, done.seconds, done.max_rss_mb, note, failed)


def edit_one_file(repo: Path, edit: str) -> tuple[Path, bytes]:
    """Change one line of a configuration item (the middle one in path order) as
    :data:`EDITS` says; returns the file and its original bytes."""
    mark, replacements = EDITS[edit]
    items = sorted(path for path in yaml_files(repo) if path.relative_to(repo).parts[0] == "cmdb")
    if not items:
        raise ValueError("no configuration item file to edit")
    path = items[len(items) // 2]
    original = path.read_bytes()
    lines = original.decode().splitlines(keepends=True)
    at = next((i for i, line in enumerate(lines) if line.startswith(mark)), None)
    if at is None:
        raise ValueError(f"{path.relative_to(repo)} has no line starting {mark.strip()!r}")
    lines[at] = next(line for line in replacements if line != lines[at])
    path.write_bytes("".join(lines).encode())
    return path, original


def restore(repo: Path, path: Path, original: bytes) -> None:
    """Put the edited file back: ``git checkout`` in a git repository, else its bytes."""
    if (repo / ".git").exists():
        relative = str(path.relative_to(repo))
        subprocess.run(["git", "checkout", "--", relative], cwd=repo, check=True)
    if path.read_bytes() != original:
        path.write_bytes(original)


CHANGED_STEPS = {
    "description": ("lint-changed", "lint-base", "impact-base"),
    "spec": ("lint-changed-spec", "lint-base-spec", "impact-base-spec"),
}
SVC_STEPS = (
    "lint-nocache",
    "lint-cold",
    "lint-warm",
    *(step for steps in CHANGED_STEPS.values() for step in steps),
)


def restore_runs(cache: Path, stored: dict[Path, bytes]) -> None:
    """Put the cache's stored lint runs back as they were in ``stored``."""
    for path in cache.rglob("lint-*.bin"):
        path.unlink()
    for path, data in stored.items():
        path.write_bytes(data)


def measure_svc(
    svc: str | None, repo: Path, outdir: Path, env: dict[str, str], skip: set[str]
) -> list[Measurement]:
    """The ``svc lint`` rows (no cache, cold, warm) and, for each one-file change of
    :data:`EDITS`, a warm ``svc lint``, ``svc lint --base HEAD`` and ``svc impact --base
    HEAD``."""
    if "lint" in skip and "impact" in skip:
        return [skipped(step) for step in SVC_STEPS]
    cache = outdir / "cache"
    lint = ["lint", "--repo", str(repo), "--format", "json"]
    cached = [*lint, "--cache-dir", str(cache)]
    rows: dict[str, Measurement] = {}
    if "lint" not in skip:
        rows["lint-nocache"] = run_svc("lint-nocache", svc, [*lint, "--no-cache"], outdir, env)
        shutil.rmtree(cache, ignore_errors=True)
        cache.mkdir()
        rows["lint-cold"] = run_svc("lint-cold", svc, cached, outdir, env)
        rows["lint-warm"] = run_svc("lint-warm", svc, cached, outdir, env)
    stored = {path: path.read_bytes() for path in cache.rglob("lint-*.bin")}
    for edit, (changed, base, impact) in CHANGED_STEPS.items():
        try:
            path, original = edit_one_file(repo, edit)
        except (OSError, ValueError) as error:
            failed = {s: Measurement(s, 0.0, 0.0, str(error), True) for s in CHANGED_STEPS[edit]}
            rows.update(failed)
            continue
        try:
            if "lint" not in skip:
                # Each from the stored runs of the unchanged repository (as a pull request's
                # CI job finds them), not from the one the row before stored.
                restore_runs(cache, stored)
                rows[changed] = run_svc(changed, svc, cached, outdir, env)
                restore_runs(cache, stored)
                rows[base] = run_svc(base, svc, [*cached, "--base", "HEAD"], outdir, env)
            if "impact" not in skip:
                args = ["impact", "--repo", str(repo), "--base", "HEAD", "--format", "json"]
                rows[impact] = run_svc(impact, svc, [*args, "--cache-dir", str(cache)], outdir, env)
        finally:
            restore(repo, path, original)
        edited = f"{path.relative_to(repo)} edited; "
        for step in CHANGED_STEPS[edit]:
            if step in rows:
                r = rows[step]
                rows[step] = Measurement(step, r.seconds, r.max_rss_mb, edited + r.note, r.failed)
    return [rows.get(step) or skipped(step) for step in SVC_STEPS]


# ------------------------------------------------------------------ check-jsonschema


KIND_LINE = re.compile(rb"^kind:[ \t]*([A-Za-z]+)[ \t]*\r?$", re.MULTILINE)
ARGV_BUDGET = 100_000
"""Bytes of file names per check-jsonschema command (well under the system's limit)."""


@dataclass
class Kinds:
    """The single-document files of a repository by kind (paths relative to it), and
    the files left out (multi-document, or with no top-level kind)."""

    files: dict[str, list[str]] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(paths) for paths in self.files.values())


def kinds_of(repo: Path) -> Kinds:
    found = Kinds()
    for path in yaml_files(repo):
        kinds = KIND_LINE.findall(path.read_bytes())
        relative = str(path.relative_to(repo))
        if len(kinds) == 1:
            found.files.setdefault(kinds[0].decode(), []).append(relative)
        else:
            found.left_out.append(relative)
    return found


def schema_file(kind: str) -> str:
    """``ConfigurationItem`` -> ``configuration-item.json``, as ``svc schema`` names them."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", kind).lower() + ".json"


def sample(kinds: Kinds, size: int) -> dict[str, list[str]]:
    """About ``size`` files spread evenly over each kind in proportion, at least one a
    kind (every file when ``size`` is 0 or not smaller than the count)."""
    if size <= 0 or size >= kinds.count:
        return kinds.files
    chosen = {}
    for kind, paths in kinds.files.items():
        take = max(1, round(size * len(paths) / kinds.count))
        chosen[kind] = [paths[i * len(paths) // take] for i in range(take)]
    return chosen


def plan(tool: str, schemas: Path, files: dict[str, list[str]]) -> list[list[str]]:
    """check-jsonschema commands: each kind's files with its schema, in chunks."""
    commands = []
    for kind in sorted(files):
        head = [tool, "--schemafile", str(schemas / schema_file(kind))]
        chunk: list[str] = []
        used = 0
        for path in files[kind]:
            if chunk and used + len(path) + 1 > ARGV_BUDGET:
                commands.append([*head, *chunk])
                chunk, used = [], 0
            chunk.append(path)
            used += len(path) + 1
        if chunk:
            commands.append([*head, *chunk])
    return commands


def run_plan(commands: list[list[str]], repo: Path, outdir: Path, tag: str) -> Finished:
    """The commands one after the other in one measured process (cwd: the repository)."""
    plan_file = outdir / f"{tag}.plan.json"
    plan_file.write_text(json.dumps(commands))
    argv = [sys.executable, "-S", "-c", SEQUENCE, str(plan_file)]
    return run_child(argv, outdir, tag, cwd=repo)


def first_problem(done: Finished) -> str:
    lines = [line.strip() for line in (done.stdout + "\n" + done.stderr).splitlines()]
    useful = [line for line in lines if line and line != "ok -- validation done"]
    text = " ".join(useful[:3]) or "no output"
    return f"exit {done.exit_code}: {text}"


def measure_jsonschema(
    tool: str | None, svc: str | None, repo: Path, outdir: Path, kinds: Kinds, size: int
) -> Measurement:
    """check-jsonschema on the same files, each kind with the schema ``svc schema``
    exports for it; on a sample when ``size`` is below the file count, extrapolated."""
    if tool is None:
        return Measurement("jsonschema", 0.0, 0.0, "check-jsonschema is not installed", True)
    if svc is None:
        return Measurement("jsonschema", 0.0, 0.0, "svc is not installed (for the schemas)", True)
    schemas = outdir / "schemas"
    shutil.rmtree(schemas, ignore_errors=True)
    exported = subprocess.run(
        [svc, "schema", "--repo", str(repo), "--out", str(schemas)],
        capture_output=True,
        text=True,
        check=False,
    )
    if exported.returncode != 0:
        why = f"svc schema: exit {exported.returncode}: {last_line(exported.stderr)}"
        return Measurement("jsonschema", 0.0, 0.0, why, True)
    missing = sorted(k for k in kinds.files if not (schemas / schema_file(k)).is_file())
    if missing:
        why = f"svc schema exported no schema for {', '.join(missing)}"
        return Measurement("jsonschema", 0.0, 0.0, why, True)
    chosen = sample(kinds, size)
    count = sum(len(paths) for paths in chosen.values())
    left_out = f"{len(kinds.left_out)} multi-document files left out" + (
        f" ({', '.join(kinds.left_out)})" if len(kinds.left_out) <= 6 else ""
    )
    of_kinds = f"{len(chosen)} kinds"
    done = run_plan(plan(tool, schemas, chosen), repo, outdir, "jsonschema")
    if done.exit_code != 0:
        note = f"{first_problem(done)}; {count:,} files"
        return Measurement("jsonschema", done.seconds, done.max_rss_mb, note, True)
    if count == kinds.count:
        note = f"ok, {count:,} files of {of_kinds}; {left_out}"
        return Measurement("jsonschema", done.seconds, done.max_rss_mb, note)
    # Extrapolate linearly, fixed cost apart: the same commands with one file a kind
    # give the cost that does not grow with the files (interpreter, imports, schemas).
    single = {kind: paths[:1] for kind, paths in chosen.items()}
    fixed = run_plan(plan(tool, schemas, single), repo, outdir, "jsonschema-fixed")
    if fixed.exit_code != 0:
        note = f"one file a kind: {first_problem(fixed)}"
        return Measurement("jsonschema", done.seconds, done.max_rss_mb, note, True)
    k = len(single)
    per_file = max(0.0, done.seconds - fixed.seconds) / max(1, count - k)
    total = fixed.seconds + per_file * (kinds.count - k)
    note = (
        f"ok; measured {count:,} of {kinds.count:,} files ({of_kinds}) in {done.seconds:.2f} s, "
        f"of which fixed cost (one file a kind) {fixed.seconds:.2f} s, then "
        f"{per_file * 1000:.2f} ms a file; peak RSS of the sample run; {left_out}"
    )
    label = f"{LABELS['jsonschema']} (sample of {count:,} files, extrapolated)"
    return Measurement("jsonschema", total, done.max_rss_mb, note, label=label)


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class Repo:
    """A generated repository and its size on disk."""

    items: int
    path: Path
    files: int
    megabytes: float


def ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}x" if base > 0 and value > 0 else "-"


def table(repo: Repo, rows: Sequence[Measurement]) -> str:
    base = next((r for r in rows if r.step == BASELINE and not r.failed), None)
    base_s, base_mb = (base.seconds, base.max_rss_mb) if base else (0.0, 0.0)
    lines = [
        f"### {repo.items:,} items: {repo.files:,} files, {repo.megabytes:.1f} MB",
        "",
        "| step | wall time | vs load | peak RSS | vs load | result |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    lines.extend(row(r, base_s, base_mb) for r in rows)
    return "\n".join(lines)


def row(r: Measurement, base_s: float, base_mb: float) -> str:
    """One table row; a failed step keeps its measured time but gets no ratios."""
    if r.failed and r.seconds == 0:
        return f"| {r.title} | - | - | - | - | {cell(r.note)} |"
    if r.failed:
        base_s = base_mb = 0.0
    wall = f"{r.seconds * 1000:.1f} ms" if r.query else f"{r.seconds:.2f} s"
    versus = "-" if r.query else ratio(r.seconds, base_s)
    return (
        f"| {r.title} | {wall} | {versus} "
        f"| {r.max_rss_mb:,.0f} MB | {ratio(r.max_rss_mb, base_mb)} | {cell(r.note)} |"
    )


def cell(text: str) -> str:
    """Text made safe for one Markdown table cell."""
    flat = " ".join(text.split()).replace("|", "\\|")
    return flat if len(flat) <= 400 else flat[:397] + "..."


QUERY_TARGET_MS = 50.0
""""Well under 100 ms", taken as at most half of it."""
MEMORY_TARGET_MB = 1024.0
MEMORY_STEPS = (
    "lint-nocache",
    "lint-cold",
    "lint-warm",
    "lint-changed",
    "lint-base",
    "impact-base",
    "lint-changed-spec",
    "lint-base-spec",
    "impact-base-spec",
    "query-hub",
)
"""The svcascode processes of the scale issue (the query process loads the repository)."""


def goals(repo: Repo, rows: Sequence[Measurement]) -> str:
    """The goals of the scale issue, each computed from this run's figures."""
    got = {r.step: r for r in rows if not r.failed}

    def need(*steps: str) -> str | None:
        absent = [LABELS[s] for s in steps if s not in got]
        return f"not measured: {' and '.join(absent)} failed or skipped" if absent else None

    lines = [
        f"Goals of the scale issue, {repo.items:,} items (this run's figures):",
        "",
        "| goal | measured | verdict |",
        "| --- | --- | --- |",
    ]

    def verdict(goal: str, steps: Sequence[str], judge: Callable[[], tuple[str, bool]]) -> None:
        missing = need(*steps)
        measured, ok = (missing, False) if missing else judge()
        lines.append(f"| {goal} | {measured} | {'PASS' if ok else 'MISS'} |")

    def times(a: str, b: str) -> float:
        return got[a].seconds / got[b].seconds if got[b].seconds > 0 else math.inf

    def share(a: str, b: str, limit: float, spelled: str) -> tuple[str, bool]:
        x = times(a, b)
        return f"{got[a].seconds:.2f} s / {got[b].seconds:.2f} s = {x:.3f} ({spelled})", x <= limit

    verdict(
        "cold lint ≤ 1/4 of the CSafeLoader load",
        ("lint-cold", "load"),
        lambda: share("lint-cold", "load", 0.25, "target ≤ 0.25"),
    )
    verdict(
        "cold lint ≥ 50x faster than check-jsonschema",
        ("jsonschema", "lint-cold"),
        lambda: (
            f"{got['jsonschema'].seconds:.2f} s / {got['lint-cold'].seconds:.2f} s = "
            f"{times('jsonschema', 'lint-cold'):.1f}x (target ≥ 50x)",
            times("jsonschema", "lint-cold") >= 50,
        ),
    )

    def within(step: str, changed: str) -> tuple[str, bool]:
        spelled = f"{got[step].seconds:.2f} s vs {got[changed].seconds:.2f} s"
        return f"{spelled} = {times(step, changed):.2f}x (target ≤ 1)", times(step, changed) <= 1

    for edit, (changed, base, impact) in CHANGED_STEPS.items():
        verdict(
            f"warm lint, one file changed ({edit} edit) ≤ 1/20 of cold lint",
            (changed, "lint-cold"),
            partial(share, changed, "lint-cold", 0.05, "target ≤ 0.05"),
        )
        for step, name in ((base, "svc lint --base HEAD"), (impact, "svc impact --base")):
            verdict(
                f"{name}, one file changed ({edit} edit), within the warm lint with that change",
                (step, changed),
                partial(within, step, changed),
            )
    # The "warm-lint time" is its warm full lint (every rule on the full index); a
    # description edit's lint reuses the stored run instead, so judge that edit's impact
    # against the warm full lint of the other edit too.
    verdict(
        "svc impact --base, one file changed (description edit), within a warm full lint "
        "with one file changed (every rule run: the criticality edit)",
        ("impact-base", "lint-changed-spec"),
        partial(within, "impact-base", "lint-changed-spec"),
    )
    verdict(
        f"one impact query well under 100 ms (≤ {QUERY_TARGET_MS:.0f} ms)",
        ("query-hub", "query-typical"),
        lambda: (
            f"hub {got['query-hub'].seconds * 1000:.1f} ms, "
            f"typical {got['query-typical'].seconds * 1000:.1f} ms",
            max(got["query-hub"].seconds, got["query-typical"].seconds) * 1000 <= QUERY_TARGET_MS,
        ),
    )
    measured = [got[s] for s in MEMORY_STEPS if s in got]
    if measured:
        top = max(measured, key=lambda r: r.max_rss_mb)
        spelled = (
            f"{top.max_rss_mb:,.0f} MB ({top.title}), the most of {len(measured)} svcascode rows"
        )
        lints = [r.max_rss_mb for r in measured if r.step.startswith("lint-")]
        if lints and top.step.startswith(("impact", "query")):
            spelled += f"; the svc lint rows at most {max(lints):,.0f} MB"
        lines.append(
            f"| peak memory < 1 GB ({MEMORY_TARGET_MB:,.0f} MB) | {spelled} "
            f"| {'PASS' if top.max_rss_mb < MEMORY_TARGET_MB else 'MISS'} |"
        )
    else:
        lines.append("| peak memory < 1 GB | not measured: every svcascode row failed | MISS |")
    return "\n".join(lines)


VERSIONS = """\
try:
    import yaml
except ImportError:
    print("PyYAML not installed")
else:
    if getattr(yaml, "__with_libyaml__", False):
        from yaml import _yaml
        libyaml = f"present ({_yaml.get_version_string()})"
    else:
        libyaml = "absent (PyYAML falls back to pure Python)"
    print(f"PyYAML {yaml.__version__}, libyaml: {libyaml}")
try:
    import rustyyaml
except ImportError:
    print("rustyyaml not installed")
else:
    print(f"rustyyaml {rustyyaml.__version__}")
"""


def library_versions() -> list[str]:
    """PyYAML, libyaml and rustyyaml as the measured children see them (asked of a child,
    so that this script itself imports nothing beyond the standard library)."""
    done = subprocess.run([sys.executable, "-c", VERSIONS], capture_output=True, text=True)
    return done.stdout.splitlines() if done.returncode == 0 else [last_line(done.stderr)]


def tool_version(tool: str | None) -> str:
    if tool is None:
        return "not installed"
    try:
        done = subprocess.run([tool, "--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"unknown ({error})"
    return last_line(done.stdout or done.stderr) if done.returncode == 0 else "unknown"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine(svc: str | None, jsonschema: str | None) -> str:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return "\n".join(
        [
            "## Machine",
            "",
            f"- nproc: {usable} (of {os.cpu_count()}), {cpu_model()}",
            f"- {platform.system()} {platform.release()} {platform.machine()}",
            f"- Python {platform.python_version()} ({sys.executable})",
            *(f"- {line}" for line in library_versions()),
            f"- svc: {svc or '-'} {tool_version(svc)}",
            f"- check-jsonschema: {jsonschema or '-'} {tool_version(jsonschema)}",
        ]
    )


# --------------------------------------------------------------------------- driver


def ensure_repo(items: int, workdir: Path, seed: int, git: bool) -> Repo:
    """The cached repository of ``items`` items, generated (atomically) when missing."""
    path = workdir.resolve() / f"items-{items}-seed-{seed}"
    if not path.is_dir():
        from generate import generate  # here, so that the measured children never import it

        path.parent.mkdir(parents=True, exist_ok=True)
        partial = Path(tempfile.mkdtemp(prefix=f".partial-{items}-", dir=path.parent))
        result = generate(items, partial, seed, git)
        partial.rename(path)
        print(f"generated {path}: {result.files:,} files in {result.seconds:.1f} s", flush=True)
    files = list(yaml_files(path))
    size = sum(p.stat().st_size for p in files)
    return Repo(items, path, len(files), size / 1e6)


@dataclass(frozen=True)
class Tools:
    svc: str | None
    jsonschema: str | None


def benchmark(repo: Repo, tools: Tools, skip: set[str], sample_size: int) -> list[Measurement]:
    outdir = repo.path.parent / f"out-{repo.path.name}"
    outdir.mkdir(exist_ok=True)
    # Every svc process caches (if it does) in the output folder, never in the repository.
    env = {**os.environ, "SVCASCODE_CACHE_DIR": str(outdir / "cache")}
    kinds = kinds_of(repo.path)  # reads every file: the page cache is warm from here on
    if (repo.path / ".git").exists():
        dirty = subprocess.run(
            ["git", "status", "--porcelain"], cwd=repo.path, capture_output=True, text=True
        ).stdout
        if dirty.strip():
            print(f"warning: {repo.path} has uncommitted changes:\n{dirty}", file=sys.stderr)
    rows = [
        skipped(name) if name in skip else measure_step(name, repo.path, outdir) for name in STEPS
    ]
    rows += measure_svc(tools.svc, repo.path, outdir, env, skip)
    if "query" in skip:
        rows += [skipped("query-hub"), skipped("query-typical")]
    else:
        rows += measure_query(repo.path, outdir, env)
    if "jsonschema" in skip:
        rows.append(skipped("jsonschema"))
    else:
        rows.append(
            measure_jsonschema(tools.jsonschema, tools.svc, repo.path, outdir, kinds, sample_size)
        )
    rows.append(
        skipped("render") if "render" in skip else measure_render(tools.svc, repo.path, outdir, env)
    )
    return rows


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[10_000, 100_000],
        help="numbers of configuration items (default: 10000 100000)",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=HERE / ".work",
        help="where generated repositories are cached (default: benchmarks/.work)",
    )
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default: 1)")
    parser.add_argument("--no-git", action="store_true", help="do not git init the repositories")
    parser.add_argument("--only-generate", action="store_true", help="generate, do not measure")
    parser.add_argument("--svc", help="the svc executable (default: the installed one)")
    parser.add_argument(
        "--check-jsonschema",
        dest="jsonschema",
        metavar="PATH",
        help="the check-jsonschema executable (default: the installed one)",
    )
    parser.add_argument(
        "--jsonschema-sample",
        type=int,
        default=5000,
        metavar="N",
        help="run check-jsonschema on about N files and extrapolate when a repository has "
        "more (default: 5000; 0: every file)",
    )
    parser.add_argument(
        "--skip",
        nargs="+",
        default=[],
        choices=SKIPPABLE,
        help="leave these rows out (lint: every svc lint row; query: both query rows)",
    )
    parser.add_argument("--step", choices=[*STEPS, "query"], help=argparse.SUPPRESS)
    parser.add_argument("--repo", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.step:
        return run_step(args.step, args.repo)
    repos = [ensure_repo(n, args.workdir, args.seed, not args.no_git) for n in args.sizes]
    if args.only_generate:
        return 0
    tools = Tools(find_tool("svc", args.svc), find_tool("check-jsonschema", args.jsonschema))
    print(machine(tools.svc, tools.jsonschema), flush=True)
    for repo in repos:
        rows = benchmark(repo, tools, set(args.skip), args.jsonschema_sample)
        print("\n" + table(repo, rows), flush=True)
        print("\n" + goals(repo, rows), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
