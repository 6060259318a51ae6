"""Time ``svc lint`` on synthetic repositories next to bare reading and YAML parsing.

``python benchmarks/run.py [--sizes 10000 100000] [--workdir benchmarks/.work]`` generates
the repositories it lacks (cached in the work folder), then measures, each step in a
process of its own so that its peak memory is its own: reading every byte of every file,
PyYAML's libyaml ``CSafeLoader`` loading every document, the same composing node trees
(what gives positions), and the installed ``svc lint --format json``. It prints one
Markdown table per size, with time and peak RSS relative to the bare load.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOTS = ("catalog", "agreements", "cmdb", "changes")
LABELS = {
    "startup": "python start, import yaml",
    "read": "read all bytes",
    "load": "PyYAML CSafeLoader load_all",
    "compose": "PyYAML CSafeLoader compose_all",
    "lint": "svc lint --format json",
    "impact": "impact query (library; load excluded in note)",
    "render": "svc render (the site)",
}
STEPS = ("startup", "read", "load", "compose")
BASELINE = "load"
"""The step the others are compared with."""
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
    loader = yaml.CSafeLoader
    docs = [doc for path in yaml_files(repo) for doc in yaml.load_all(path.read_bytes(), loader)]
    return f"{len(docs):,} documents kept"


def step_compose(repo: Path) -> str:
    loader = yaml.CSafeLoader
    nodes = [n for path in yaml_files(repo) for n in yaml.compose_all(path.read_bytes(), loader)]
    return f"{len(nodes):,} node trees kept"


def step_impact(repo: Path) -> str:
    """Load once (timed apart), then time whole impact assessments on the loaded graph:
    the item most others need directly (a hub) and a typical one."""
    import time

    from svcascode.assessment import assess_change
    from svcascode.impact import seeds_from_keys
    from svcascode.index import Index
    from svcascode.loader.load import load
    from svcascode.loader.sources import WorkingTree

    started = time.perf_counter()
    index = Index.build(load(WorkingTree(repo, use_git=False)))
    loaded = time.perf_counter() - started
    ranked = sorted(index.needed_by, key=lambda ci: (-len(index.needed_by[ci]), ci))
    notes = [f"load+index {loaded:.1f} s"]
    for label, ci in (("hub", ranked[0]), ("typical", ranked[len(ranked) // 2])):
        started = time.perf_counter()
        result = assess_change(index, seeds_from_keys(index, [("ConfigurationItem", ci)]))
        took = (time.perf_counter() - started) * 1000
        impact = result.impact
        notes.append(
            f"{label} {ci}: {took:.0f} ms ({len(impact.cis):,} items, "
            f"{len(impact.services):,} services, risk {result.risk.level})"
        )
    return "; ".join(notes)


def run_step(name: str, repo: Path) -> int:
    """Body of a child process: run one bare step and print its note as JSON."""
    steps: dict[str, Callable[[Path], str]] = {
        "startup": step_startup,
        "read": step_read,
        "load": step_load,
        "compose": step_compose,
        "impact": step_impact,
    }
    print(json.dumps({"note": steps[name](repo)}))
    return 0


# --------------------------------------------------------------------------- measuring


@dataclass(frozen=True)
class Measurement:
    """One step: wall time and peak RSS of its process, or why it failed."""

    step: str
    seconds: float
    max_rss_mb: float
    note: str
    failed: bool = False


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
# and time) spawns the measured command and reports that grandchild's own wait4 usage.
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


def run_child(argv: Sequence[str], outdir: Path, tag: str) -> Finished:
    """Run ``argv`` (``argv[0]`` a path) to completion, with its own time and peak RSS."""
    out_path, err_path = outdir / f"{tag}.stdout", outdir / f"{tag}.stderr"
    result = outdir / f"{tag}.rusage"
    result.unlink(missing_ok=True)
    wrapper = [sys.executable, "-S", "-c", WRAPPER, str(result), *argv]
    with out_path.open("wb") as out, err_path.open("wb") as err:
        subprocess.run(wrapper, stdout=out, stderr=err, stdin=subprocess.DEVNULL, check=False)
    stdout, stderr = out_path.read_text(errors="replace"), err_path.read_text(errors="replace")
    if not result.is_file():  # the wrapper itself failed, e.g. argv[0] does not exist
        return Finished(-1, 0.0, 0.0, stdout, stderr)
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


def find_svc(explicit: str | None) -> str | None:
    """The ``svc`` beside this interpreter first (no version-manager shim in between)."""
    if explicit:
        return shutil.which(explicit) or str(Path(explicit).resolve())
    beside = Path(sys.executable).parent / "svc"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("svc")


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


def measure_render(svc: str | None, repo: Path, outdir: Path) -> Measurement:
    """``svc render`` into the output folder: time, peak RSS, pages and size."""
    if svc is None:
        return Measurement("render", 0.0, 0.0, "svc is not installed (pip install -e .)", True)
    site = outdir / "site"
    shutil.rmtree(site, ignore_errors=True)
    done = run_child([svc, "render", "--repo", str(repo), "--out", str(site)], outdir, "render")
    if done.exit_code != 0:
        note = f"exit {done.exit_code}: {last_line(done.stderr or done.stdout)}"
        return Measurement("render", done.seconds, done.max_rss_mb, note, True)
    pages = sum(1 for _ in site.rglob("*.html"))
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    note = f"{pages:,} pages, {size / 1e6:.0f} MB"
    return Measurement("render", done.seconds, done.max_rss_mb, note)


def measure_lint(svc: str | None, repo: Path, outdir: Path) -> Measurement:
    if svc is None:
        return Measurement("lint", 0.0, 0.0, "svc is not installed (pip install -e .)", True)
    done = run_child([svc, "lint", "--repo", str(repo), "--format", "json"], outdir, "lint")
    note, failed = summarise_lint(done)
    return Measurement("lint", done.seconds, done.max_rss_mb, note, failed)


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
    label = LABELS[r.step]
    if r.failed and r.seconds == 0:
        return f"| {label} | - | - | - | - | {cell(r.note)} |"
    if r.failed:
        base_s = base_mb = 0.0
    return (
        f"| {label} | {r.seconds:.2f} s | {ratio(r.seconds, base_s)} "
        f"| {r.max_rss_mb:,.0f} MB | {ratio(r.max_rss_mb, base_mb)} | {cell(r.note)} |"
    )


def cell(text: str) -> str:
    """Text made safe for one Markdown table cell."""
    flat = " ".join(text.split()).replace("|", "\\|")
    return flat if len(flat) <= 300 else flat[:297] + "..."


def libyaml_version() -> str:
    if not getattr(yaml, "__with_libyaml__", False):
        return "absent (PyYAML falls back to pure Python)"
    try:
        from yaml import _yaml

        return f"present ({_yaml.get_version_string()})"
    except ImportError:  # pragma: no cover - __with_libyaml__ says it imports
        return "present"


def svc_version(svc: str | None) -> str:
    if svc is None:
        return "not installed"
    try:
        done = subprocess.run([svc, "--version"], capture_output=True, text=True, timeout=60)
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


def machine(svc: str | None) -> str:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return "\n".join(
        [
            "## Machine",
            "",
            f"- nproc: {usable} (of {os.cpu_count()}), {cpu_model()}",
            f"- {platform.system()} {platform.release()} {platform.machine()}",
            f"- Python {platform.python_version()} ({sys.executable})",
            f"- PyYAML {yaml.__version__}, libyaml: {libyaml_version()}",
            f"- svc: {svc or '-'} {svc_version(svc)}",
        ]
    )


# --------------------------------------------------------------------------- driver


def ensure_repo(items: int, workdir: Path, seed: int, git: bool) -> Repo:
    """The cached repository of ``items`` items, generated (atomically) when missing."""
    path = workdir / f"items-{items}-seed-{seed}"
    if not path.is_dir():
        from generate import generate  # here, so that the measured children never import it

        workdir.mkdir(parents=True, exist_ok=True)
        partial = Path(tempfile.mkdtemp(prefix=f".partial-{items}-", dir=workdir))
        result = generate(items, partial, seed, git)
        partial.rename(path)
        print(f"generated {path}: {result.files:,} files in {result.seconds:.1f} s", flush=True)
    files = list(yaml_files(path))
    size = sum(p.stat().st_size for p in files)
    return Repo(items, path, len(files), size / 1e6)


def benchmark(repo: Repo, svc: str | None) -> list[Measurement]:
    outdir = repo.path.parent / f"out-{repo.path.name}"
    outdir.mkdir(exist_ok=True)
    step_read(repo.path)  # warm the page cache: every step reads from memory
    rows = [measure_step(name, repo.path, outdir) for name in STEPS]
    rows.append(measure_lint(svc, repo.path, outdir))
    rows.append(measure_step("impact", repo.path, outdir))
    rows.append(measure_render(svc, repo.path, outdir))
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
    parser.add_argument("--step", choices=[*STEPS, "impact"], help=argparse.SUPPRESS)
    parser.add_argument("--repo", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.step:
        return run_step(args.step, args.repo)
    repos = [ensure_repo(n, args.workdir, args.seed, not args.no_git) for n in args.sizes]
    if args.only_generate:
        return 0
    svc = find_svc(args.svc)
    print(machine(svc), flush=True)
    for repo in repos:
        print("\n" + table(repo, benchmark(repo, svc)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
