"""Findings: what a rule or the loader reports, pinned to a file, line and column."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How serious a finding is; ``error`` fails ``svc lint``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True, order=True)
class Location:
    """A 1-based position in a file, relative to the repository root."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """What a rule reports: the runner stamps rule id and severity onto it."""

    location: Location
    message: str
    kind: str | None = None
    id: str | None = None
    severity: Severity | None = None
    """A milder severity for this problem than the rule's (never a harsher one)."""


@dataclass(frozen=True)
class Finding:
    """A reported problem with its rule and effective severity."""

    rule: str
    severity: Severity
    message: str
    location: Location
    kind: str | None = None
    id: str | None = None

    @property
    def path(self) -> str:
        return self.location.path

    @property
    def line(self) -> int:
        return self.location.line

    @property
    def column(self) -> int:
        return self.location.column

    def sort_key(self) -> tuple[str, int, int, int, str, str]:
        return (
            self.path,
            self.line,
            self.column,
            self.severity.rank,
            self.rule,
            self.message,
        )

    def to_json(self) -> dict[str, object]:
        """The finding as the JSON contract of ``svc lint --format json`` spells it."""
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "kind": self.kind,
            "id": self.id,
        }


@dataclass(frozen=True)
class Reported:
    """A problem reported by the loader under one of the loader's rule ids."""

    rule: str
    problem: Problem
