"""The rule registry: every rule by its stable id, with default severity and doc.

A rule is a module with ``ID``, ``SEVERITY``, a docstring (its user documentation) and
``check(index) -> Iterable[Problem]``. Rules whose problems the loader finds while
reading files (syntax, duplicate keys, limits, schema, config) have ``check = None``. A
rule whose findings can depend on more than the files, the settings and the day judged
(the clock) also has ``volatile(index) -> bool``, true when they do on that index: such
a run is never stored for reuse.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType, ModuleType

from svcascode.diagnostics import Problem
from svcascode.index import Index
from svcascode.lintresult import RuleDoc
from svcascode.rules import (
    agreement_expired,
    agreement_review_due,
    change_backout,
    change_conflict,
    change_in_blackout,
    change_lead_time,
    change_template,
    change_window_order,
    config,
    dependency_cycle,
    duplicate_id,
    emergency_review,
    live_service_without_items,
    maintenance_window,
    owner_required,
    priority_matrix,
    retired_dependency,
    schema,
    single_point_of_failure,
    single_policy,
    sla_availability,
    sla_response_times,
    sla_service_hours,
    standard_change_fit,
    uc_coverage,
    uncovered_item,
    underpinning_ends_early,
    unresolved_reference,
    wrong_kind_reference,
    yaml_duplicate_key,
    yaml_limits,
    yaml_syntax,
)

Check = Callable[[Index], Iterable[Problem]]


@dataclass(frozen=True)
class Rule(RuleDoc):
    """A rule as the registry holds it: its documentation and its check."""

    check: Check | None
    volatile: Callable[[Index], bool] | None = None
    """Whether its findings on an index depend on the moment of the run (``None``: never)."""


def _rule(module: ModuleType) -> Rule:
    return Rule(
        id=module.ID,
        severity=module.SEVERITY,
        doc=(module.__doc__ or "").strip(),
        check=getattr(module, "check", None),
        volatile=getattr(module, "volatile", None),
    )


RULES: Mapping[str, Rule] = MappingProxyType(
    {
        rule.id: rule
        for rule in map(
            _rule,
            (
                yaml_syntax,
                yaml_duplicate_key,
                yaml_limits,
                config,
                schema,
                duplicate_id,
                emergency_review,
                unresolved_reference,
                wrong_kind_reference,
                dependency_cycle,
                owner_required,
                live_service_without_items,
                retired_dependency,
                single_policy,
                change_template,
                change_backout,
                change_window_order,
                change_in_blackout,
                standard_change_fit,
                change_conflict,
                change_lead_time,
                emergency_review,
                maintenance_window,
                sla_availability,
                sla_response_times,
                sla_service_hours,
                uc_coverage,
                uncovered_item,
                agreement_expired,
                agreement_review_due,
                underpinning_ends_early,
                priority_matrix,
                single_point_of_failure,
            ),
        )
    }
)
