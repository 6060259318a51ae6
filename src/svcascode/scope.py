"""``svc lint --base REF``: findings in the files a change touched, and those it caused."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from svcascode.lint import LintResult, lint
from svcascode.loader.git import changed_files
from svcascode.loader.load import LoadOptions
from svcascode.loader.sources import GitRevision, WorkingTree


def lint_changed_since(
    source: WorkingTree, base: str, as_of: date | None = None, options: LoadOptions | None = None
) -> LintResult:
    """Lint the working tree, keeping findings in files changed since ``base`` plus the
    findings elsewhere that the base revision did not have (broken references, cycles,
    duplicates the change introduced in other files).

    The base is judged only for what it takes: when every finding is in a changed file,
    not at all; otherwise by the rules of the findings outside the changed files alone,
    on a base load that shares every unchanged file with the working tree's."""
    changed = changed_files(source.root, base)
    options = options or LoadOptions()
    current = lint(source, as_of, options)
    outside = {f.rule for f in current.findings if f.path not in changed}
    if not outside:
        return current
    reuse = current.index.load if current.index is not None else None
    current.index = None  # its graphs and rule memos are not needed: free them first
    options = replace(options, reuse=reuse)
    before = lint(GitRevision(source.root, base), as_of, options, only=outside)
    known = {(f.rule, f.path, f.message) for f in before.findings}
    current.findings = [
        f for f in current.findings if f.path in changed or (f.rule, f.path, f.message) not in known
    ]
    return current
