"""Small helpers shared by the rule tests (the fixtures themselves live in conftest)."""

from __future__ import annotations

from svcascode.diagnostics import Finding, Severity
from svcascode.lint import LintResult


def rules_fired(result: LintResult) -> set[str]:
    """The ids of every rule that reported something."""
    return {finding.rule for finding in result.findings}


def errors(result: LintResult) -> list[Finding]:
    """The findings of error severity."""
    return [finding for finding in result.findings if finding.severity is Severity.ERROR]


# Builders for the agreement rules' fixtures. Every document has the same layout, so a
# finding's line is easy to count: ``id`` is at line 4, column 7, and the ``spec`` lines
# given follow from line 8 (line 9 for an item with annotations), each indented by two
# spaces under ``spec:``.


def lines(*spec: str) -> str:
    return "".join(f"  {line}\n" for line in spec)


def team(ident: str, *handles: str) -> str:
    members = "".join(f"    - handle: {handle}\n" for handle in handles)
    return (
        f"apiVersion: svcascode/v1\nkind: Team\nmetadata:\n  id: {ident}\n"
        f"spec:\n  members:\n{members}"
    )


def party(kind: str, ident: str) -> str:
    """A Customer or Supplier."""
    return f"apiVersion: svcascode/v1\nkind: {kind}\nmetadata:\n  id: {ident}\n"


def item(ident: str, *spec: str, owner: str = "ops", annotations: str = "") -> str:
    """A ConfigurationItem: ``id`` at 4:7, ``owner`` at 5:10, then ``annotations`` (one
    line when given), ``spec:`` and ``class: application``; ``spec`` lines follow."""
    notes = f"  annotations: {annotations}\n" if annotations else ""
    return (
        f"apiVersion: svcascode/v1\nkind: ConfigurationItem\nmetadata:\n  id: {ident}\n"
        f"  owner: {owner}\n{notes}spec:\n  class: application\n{lines(*spec)}"
    )


def service(ident: str, *spec: str, owner: str = "ops") -> str:
    """A Service: ``id`` at 4:7; ``spec`` lines from line 8."""
    return (
        f"apiVersion: svcascode/v1\nkind: Service\nmetadata:\n  id: {ident}\n"
        f"  owner: {owner}\nspec:\n  type: business\n{lines(*spec)}"
    )


def agreement(ident: str, type_: str, party_: str, *spec: str) -> str:
    """An Agreement: ``id`` at 4:7, ``type`` at 6, ``party`` at 7; ``spec`` lines from
    line 8."""
    return (
        f"apiVersion: svcascode/v1\nkind: Agreement\nmetadata:\n  id: {ident}\n"
        f"spec:\n  type: {type_}\n  party: {party_}\n{lines(*spec)}"
    )


def documents(*texts: str) -> str:
    """Several documents in one file."""
    return "---\n".join(texts)


PARTIES = documents(team("ops", "ana", "ben"), party("Customer", "acme"))
"""A team of two (so no single point of failure) and the customer acme."""
