"""What a lint run found (a module of its own: reporting it needs none of the models)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from svcascode.diagnostics import Finding, Severity
from svcascode.errors import ExitCode

if TYPE_CHECKING:
    from svcascode.index import Index


@dataclass(frozen=True)
class RuleDoc:
    """What a report says of a rule: its id, default severity and documentation."""

    id: str
    severity: Severity
    doc: str

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else self.id


@dataclass
class LintResult:
    """Findings of one run, sorted by file and position, with what was checked."""

    findings: list[Finding]
    files: int
    entities: int
    index: Index | None = field(default=None, repr=False)
    notes: list[str] = field(default_factory=list)
    """What the run could not check, and why (not findings: nothing is wrong in the files)."""
    reusable: bool = True
    """Whether the findings follow from the files, the settings and the day alone (not
    when a rule read the clock: a normal change not committed yet is measured from now);
    a run that is not is never stored for reuse."""
    rules: list[RuleDoc] | None = field(default=None, repr=False)
    """Every rule of the registry as the run knew it, when the result was read from a stored
    run (``None``: take them from :data:`svcascode.rules.RULES`, which imports the models)."""

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.FOUND if self.count(Severity.ERROR) else ExitCode.OK

    def summary(self) -> dict[str, object]:
        return {
            "notes": self.notes,
            "files": self.files,
            "entities": self.entities,
            "errors": self.count(Severity.ERROR),
            "warnings": self.count(Severity.WARNING),
            "infos": self.count(Severity.INFO),
        }
