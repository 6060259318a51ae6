"""``svc impact --format markdown``: a sticky pull-request comment with a Mermaid graph."""

from __future__ import annotations

import re

from svcascode.assessment import Assessment
from svcascode.index import CI, EntityKey
from svcascode.report.markdown import cell

MARKER = "<!-- svcascode:impact -->"
MAX_GRAPH_NODES = 40
_CLASS = {"interrupted": "interrupted", "degraded": "degraded", "changed": "changed"}
_BADGE = {"high": "🔴 **high**", "medium": "🟠 **medium**", "low": "🟢 **low**"}


def _ids(ids: list[str], limit: int = 8) -> str:
    shown = ", ".join(f"`{cell(i)}`" for i in ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def _summary(assessment: Assessment) -> list[str]:
    impact = assessment.impact

    def states(table: dict[str, str]) -> str:
        counts = {s: sum(1 for v in table.values() if v == s) for s in _CLASS}
        return ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "none"

    changed = [f"{c.kind}/{c.id} ({c.status})" for c in impact.changed]
    rows = [
        ("Changed", str(len(impact.changed)), _ids(changed)),
        ("Change requests", str(len(impact.changes)), _ids(impact.changes)),
        ("Items", states(impact.cis), _ids(impact.with_state(impact.cis, "interrupted"))),
        (
            "Services",
            states(impact.services),
            _ids(sorted(impact.services)),
        ),
        ("Agreements", states(impact.agreements), _ids(sorted(impact.agreements))),
        (
            "Customers",
            f"{len(impact.customers)} ({impact.users:,} users lose a service)",
            _ids([c.id for c in impact.customers]),
        ),
    ]
    lines = ["| | count | which |", "| --- | --- | --- |"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return lines


def _node_id(key: EntityKey) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", f"{key[0]}_{key[1]}")


def _graph(assessment: Assessment) -> list[str]:
    impact, index = assessment.impact, assessment.index
    seeds: list[EntityKey] = [(CI, c.id) for c in impact.changed if c.kind == CI]
    for ident in impact.changes:
        seeds.append(("Change", ident))
        seeds += sorted(index.requires.get(("Change", ident), set()))
    others: list[EntityKey] = [("Service", s) for s in impact.services] + [
        ("Agreement", a) for a in impact.agreements if _is_sla(assessment, a)
    ]
    others += [("Customer", c.id) for c in impact.customers]
    items = sorted(
        ((CI, ci) for ci in impact.cis if (CI, ci) not in seeds),
        key=lambda k: (impact.cis[k[1]] != "interrupted", k[1]),
    )
    chosen: list[EntityKey] = list(dict.fromkeys(seeds + others))
    room = max(0, MAX_GRAPH_NODES - len(chosen))
    chosen += items[:room]
    folded = len(items) - min(room, len(items))
    if len(chosen) > MAX_GRAPH_NODES:
        folded += len(chosen) - MAX_GRAPH_NODES
        chosen = chosen[:MAX_GRAPH_NODES]
    keep = set(chosen)
    state_of = {
        CI: impact.cis,
        "Service": impact.services,
        "Agreement": impact.agreements,
        "Customer": {c.id: c.state for c in impact.customers},
    }
    lines = ["```mermaid", "graph LR"]
    for key in chosen:
        label = f"{key[0]}<br/>{key[1]}".replace('"', "#quot;")
        lines.append(f'  {_node_id(key)}["{label}"]')
        state = state_of.get(key[0], {}).get(key[1]) or ("changed" if key in seeds else None)
        if state in _CLASS:
            lines.append(f"  class {_node_id(key)} {_CLASS[state]}")
    for dependent in chosen:
        for needed in sorted(index.requires.get(dependent, ())):
            if needed in keep:
                lines.append(f"  {_node_id(needed)} --> {_node_id(dependent)}")
    if folded:
        lines.append(f'  folded["… {folded} more items folded"]')
    lines += [
        "  classDef interrupted fill:#fdd,stroke:#c00",
        "  classDef degraded fill:#ffe9b3,stroke:#b80",
        "  classDef changed fill:#dde9ff,stroke:#36c",
        "```",
    ]
    return lines


def _is_sla(assessment: Assessment, ident: str) -> bool:
    from svcascode.model.agreement import Agreement

    agreement = assessment.index.entity(Agreement, ident)
    return agreement is not None and agreement.spec.type == "SLA"


def render(assessment: Assessment) -> str:
    risk = assessment.risk
    lines = [MARKER, f"## svcascode impact: {_BADGE[risk.level]} risk", ""]
    if risk.understated:
        lines += [
            f"> [!WARNING]\n> The declared risk **{risk.declared}** is lower than the computed "
            f"**{risk.level}**.",
            "",
        ]
    lines += _summary(assessment)
    lines += ["", "### Why this risk", ""]
    lines += [f"- **{r.level}**: {cell(r.text)}" for r in risk.reasons]
    lines += ["", "### Approvals needed", ""]
    if assessment.approvers:
        lines += ["| needed | from | who | why |", "| --- | --- | --- | --- |"]
        for a in assessment.approvers:
            who = ", ".join(f"@{h}" for h in a.handles) or "(no members)"
            lines.append(
                f"| {a.needed} | {a.party_kind} `{cell(a.party)}` | {cell(who)} | "
                f"{cell(a.reason)} |"
            )
    else:
        lines.append("None beyond the usual review.")
    lines += ["", "### Blast radius", ""]
    lines += _graph(assessment)
    return "\n".join(lines) + "\n"
