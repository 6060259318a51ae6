"""One change assessed: its impact, risk, overlaps with other changes and approvers."""

from __future__ import annotations

from dataclasses import dataclass

from svcascode.approvers import Approver, approvers
from svcascode.impact import Impact, Seeds, analyse
from svcascode.index import Index
from svcascode.risk import Overlap, Risk, assess, overlaps


@dataclass
class Assessment:
    """Everything ``svc impact`` reports about a change."""

    impact: Impact
    risk: Risk
    overlaps: list[Overlap]
    approvers: list[Approver]
    index: Index
    """The head revision's index, for titles and owners."""


def assess_change(index: Index, seeds: Seeds, base: Index | None = None) -> Assessment:
    """Assess ``seeds`` on ``index``; policy and teams come from ``base`` when given."""
    impact = analyse(index, seeds, base)
    found = overlaps(index, impact)
    risk = assess(index, impact, found)
    who = approvers(base if base is not None else index, index, impact, risk.level)
    return Assessment(impact, risk, found, who, index)
