"""``svc lint --base REF``: findings in the files a change touched, and those it caused."""

from __future__ import annotations

from collections.abc import Collection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date

from svcascode.lintcache import ResultCache, lint_reusing
from svcascode.lintresult import LintResult
from svcascode.loader.git import changed_files, verify_revision
from svcascode.loader.options import LoadOptions
from svcascode.loader.sources import GitRevision, Source, WorkingTree


def lint_changed_since(
    source: WorkingTree,
    base: str,
    as_of: date | None = None,
    options: LoadOptions | None = None,
    results: ResultCache | None = None,
) -> LintResult:
    """Lint the working tree, keeping findings in files changed since ``base`` plus the
    findings elsewhere that the base revision did not have (broken references, cycles,
    duplicates the change introduced in other files).

    The base is judged only for what it takes: when every finding is in a changed file,
    not at all; otherwise by the rules of the findings outside the changed files alone,
    on a base load that shares every unchanged file with the working tree's. With
    ``results``, the working tree's findings may come from a stored run (see
    :mod:`svcascode.lintcache`); the base is then loaded on its own, when it is needed."""
    options = options or LoadOptions()
    day = as_of or date.today()
    if results is not None:
        # git checks REF while the stored runs are looked up; a wrong REF still fails
        # before any lint runs or any result is given, and the thread is gone before a
        # full run forks its workers.
        pool = ThreadPoolExecutor(max_workers=1)
        verified = pool.submit(verify_revision, source.root, base)

        def ready() -> None:
            try:
                verified.result()
            finally:
                pool.shutdown()

        current = lint_reusing(source, results, day, options, ready=ready)
    else:
        verify_revision(source.root, base)  # a wrong REF fails before anything is linted
        current = _lint(source, day, options)
    if not current.findings:
        return current  # nothing to sort into changed files or not: no diff needed
    changed = changed_files(source.root, base)
    outside = {f.rule for f in current.findings if f.path not in changed}
    if not outside:
        return current
    reuse = current.index.load if current.index is not None else None
    current.index = None  # its graphs and rule memos are not needed: free them first
    options = replace(options, reuse=reuse)
    before = _lint(GitRevision(source.root, base), day, options, only=outside)
    known = {(f.rule, f.path, f.message) for f in before.findings}
    current.findings = [
        f for f in current.findings if f.path in changed or (f.rule, f.path, f.message) not in known
    ]
    return current


def _lint(
    source: Source,
    as_of: date | None,
    options: LoadOptions,
    only: Collection[str] | None = None,
) -> LintResult:
    """:func:`svcascode.lint.lint`, imported when called: it brings the models and every
    rule, which a run that reuses stored findings never loads."""
    from svcascode.lint import lint

    return lint(source, as_of, options, only)
