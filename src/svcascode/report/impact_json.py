"""``svc impact --format json``: the contract of the spec plus states, risk and approvers."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from svcascode.assessment import Assessment


def document(assessment: Assessment) -> dict[str, Any]:
    impact, risk = assessment.impact, assessment.risk
    return {
        "changed": [
            {"kind": c.kind, "id": c.id, "status": c.status, "path": c.path} for c in impact.changed
        ],
        "changes": impact.changes,
        "cis": sorted(impact.cis),
        "services": sorted(impact.services),
        "agreements": sorted(impact.agreements),
        "customers": sorted(c.id for c in impact.customers),
        "risk": risk.level,
        "declared_risk": risk.declared,
        "risk_understated": risk.understated,
        "reasons": [asdict(r) for r in risk.reasons],
        "interrupted": impact.interrupted,
        "degraded": impact.degraded,
        "states": {
            "cis": impact.cis,
            "services": impact.services,
            "agreements": impact.agreements,
        },
        "users": impact.users,
        "users_degraded": impact.users_degraded,
        "customer_details": [asdict(c) for c in impact.customers],
        "approvers": [asdict(a) for a in assessment.approvers],
        "overlaps": [asdict(o) for o in assessment.overlaps],
    }


def render(assessment: Assessment) -> str:
    return json.dumps(document(assessment), indent=2, ensure_ascii=False) + "\n"
