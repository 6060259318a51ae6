"""Run every rule over a loaded repository and stamp rule ids and severities."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Iterator, Mapping
from datetime import date

from svcascode.config import CONFIG_FILE, Config
from svcascode.diagnostics import Finding, Location, Problem, Reported, Severity
from svcascode.forked import in_child
from svcascode.gcpause import gc_paused
from svcascode.index import Index
from svcascode.lintresult import LintResult as LintResult
from svcascode.loader.load import LoadedConfig, LoadOptions, LoadResult, load
from svcascode.loader.parallel import cores
from svcascode.loader.progress import Progress, Silent
from svcascode.loader.sources import Source
from svcascode.model.base import SUPPRESS
from svcascode.model.change import Change
from svcascode.rules import RULES, Rule


def rule_levels(
    config: Config, settings: LoadedConfig | None = None
) -> tuple[dict[str, Severity | None], list[Reported]]:
    """Each rule's effective severity (``None``: off), and problems with the settings."""
    levels: dict[str, Severity | None] = {rule.id: rule.severity for rule in RULES.values()}
    problems: list[Reported] = []
    for rule_id, level in config.rules.items():
        if rule_id not in RULES:
            close = difflib.get_close_matches(rule_id, list(RULES), n=1)
            hint = f"did you mean {close[0]!r}?" if close else "see `svc rules` for the ids"
            problems.append(
                Reported(
                    "config",
                    Problem(
                        settings.locate(("rules", rule_id)) if settings else Location(CONFIG_FILE),
                        f"unknown rule {rule_id!r} in rules; {hint}",
                    ),
                )
            )
            continue
        levels[rule_id] = None if level == "off" else Severity(level)
    return levels, problems


FORK_FROM = 20_000
"""Entities from which the rules run on two cores (below, they take well under a second)."""
APART = ("sla-availability",)
"""The rules run in the forked child: alone, ``sla-availability`` takes about as long as
every other rule together (at 100k, 1.9 s in the child beside 1.8 s here; with the other
agreement rules, which share its memo of SLA scopes, the child took 2.4 s)."""


def run_rules(
    index: Index, rules: Iterable[Rule], progress: Progress | None = None, workers: int = 0
) -> list[Reported]:
    """Problems of every rule that checks the index; a crashing rule is a finding too.

    On a large index with more than one core (``workers`` 0: as many as there are; 1:
    one process), the rules of :data:`APART` run in a forked child while this process runs
    the others; the findings are the same, in the same order."""
    chosen = [rule for rule in rules if rule.check is not None]
    if workers == 1 or cores() < 2 or len(index.load.records) < FORK_FROM:
        return _run_rules(index, chosen, progress)
    apart = [rule for rule in chosen if rule.id in APART]
    here = [rule for rule in chosen if rule not in apart]
    if not apart or not here:
        return _run_rules(index, chosen, progress)
    join = in_child(lambda: _located_too(index, apart))
    found = _run_rules(index, here, progress)
    found_apart, located = join()
    if located:  # positions the child looked up: mark them here too (see SourceText)
        for record in index.load.records:
            if record.where.path in located:
                record.where.source.located = True
    if progress is not None:
        progress.advance(len(apart))
    by_rule = {rule.id: [r for r in [*found, *found_apart] if r.rule == rule.id] for rule in chosen}
    return [item for rule in chosen for item in by_rule[rule.id]]


def _located_too(index: Index, rules: list[Rule]) -> tuple[list[Reported], set[str]]:
    """The rules' problems, and the files whose positions they looked up."""
    found = _run_rules(index, rules, None)
    return found, {r.where.path for r in index.load.records if r.where.source.located}


def _run_rules(index: Index, rules: Iterable[Rule], progress: Progress | None) -> list[Reported]:
    reported: list[Reported] = []
    for rule in rules:
        if progress is not None:
            progress.advance(1)
        if rule.check is None:
            continue
        try:
            reported.extend(Reported(rule.id, problem) for problem in rule.check(index))
        except Exception as error:
            reported.append(
                Reported(
                    rule.id,
                    Problem(
                        Location(CONFIG_FILE),
                        f"internal error in rule {rule.id}: {type(error).__name__}: {error}; "
                        "please report it (disable the rule in svcascode.yaml meanwhile)",
                    ),
                )
            )
    return reported


def _unsuppressed(index: Index, reported: list[Reported]) -> Iterator[Reported]:
    """Drop findings an entity's ``svcascode/suppress`` annotation accepts."""
    for item in reported:
        problem = item.problem
        record = index.get(problem.kind, problem.id) if problem.kind and problem.id else None
        if record is not None and item.rule in record.entity.suppressed:
            continue
        yield item


def _unknown_suppressions(index: Index) -> Iterator[Reported]:
    known = set(RULES)
    for kind in index.by_kind:
        for record in index.records(kind):
            if SUPPRESS not in record.entity.metadata.annotations:
                continue  # most entities: nothing to parse
            for rule_id in sorted(record.entity.suppressed - known):
                close = difflib.get_close_matches(rule_id, list(RULES), n=1)
                hint = f"did you mean {close[0]!r}?" if close else "see `svc rules`"
                yield Reported(
                    "config",
                    Problem(
                        record.where.locate(("metadata", "annotations", SUPPRESS)),
                        f"{SUPPRESS} names unknown rule {rule_id!r}; {hint}",
                        record.kind,
                        record.id,
                    ),
                )


def stamp(reported: Iterable[Reported], levels: Mapping[str, Severity | None]) -> list[Finding]:
    """Findings from problems: the rule's configured severity, ``off`` rules dropped."""
    findings = set()
    for item in reported:
        severity = levels.get(item.rule, Severity.ERROR)
        if severity is None:
            continue
        p = item.problem
        if p.severity is not None and p.severity.rank > severity.rank:
            severity = p.severity
        findings.add(Finding(item.rule, severity, p.message, p.location, p.kind, p.id))
    return sorted(findings, key=Finding.sort_key)


def lint_loaded(
    loaded: LoadResult,
    as_of: date | None = None,
    progress: Progress | None = None,
    only: Collection[str] | None = None,
    workers: int = 0,
) -> LintResult:
    """Lint what :func:`load` read, judging dates as of ``as_of`` (default: today); with
    ``only``, run just those rules (what the loader found is reported all the same);
    ``workers``: processes for the rules (0: one per core, at most two used)."""
    with gc_paused():
        return _lint_loaded(loaded, as_of, progress or Silent(), only, workers)


def _lint_loaded(
    loaded: LoadResult,
    as_of: date | None,
    progress: Progress,
    only: Collection[str] | None,
    workers: int,
) -> LintResult:
    progress.phase("indexing", 0)
    index = Index.build(loaded, as_of)
    levels, config_problems = rule_levels(loaded.config, loaded.settings)
    active = [
        rule
        for rule in RULES.values()
        if levels.get(rule.id) is not None and (only is None or rule.id in only)
    ]
    progress.phase("checking rules", sum(1 for rule in active if rule.check is not None))
    found = run_rules(index, active, progress, workers)
    reported = [*loaded.problems, *config_problems, *found]
    reported = [*_unsuppressed(index, reported), *_unknown_suppressions(index)]
    return LintResult(
        findings=stamp(reported, levels),
        files=len(loaded.files),
        entities=len(loaded.records),
        index=index,
        notes=_notes(index, levels),
        reusable=not any(rule.volatile(index) for rule in active if rule.volatile is not None),
    )


def _notes(index: Index, levels: Mapping[str, Severity | None]) -> list[str]:
    notes = []
    normal = any(c.spec.type == "normal" for _, c in index.items(Change))
    if normal and index.load.history is None and levels.get("change-lead-time") is not None:
        notes.append(
            "change lead times were not checked: not a git checkout, so when each change "
            "was first committed is unknown"
        )
    return notes


def lint(
    source: Source,
    as_of: date | None = None,
    options: LoadOptions | None = None,
    only: Collection[str] | None = None,
) -> LintResult:
    """Load and lint every content file of ``source`` (with ``only``: just those rules)."""
    options = options or LoadOptions()
    loaded = load(source, options=options)
    return lint_loaded(loaded, as_of, options.progress, only, options.workers)
