"""``svc impact --format text``: the blast radius as a tree, then risk and approvers."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from rich.tree import Tree

from svcascode.assessment import Assessment
from svcascode.index import Index

MAX_TREE_NODES = 150
_STYLE = {"interrupted": "bold red", "degraded": "yellow", "changed": "cyan"}


def _label(kind: str, ident: str, state: str | None) -> Text:
    text = Text(f"{kind} ", style="dim")
    text.append(ident, style="bold")
    if state:
        text.append(f"  {state}", style=_STYLE.get(state, ""))
    return text


def _blast_tree(assessment: Assessment) -> Tree:
    impact, index = assessment.impact, assessment.index
    title = Text("Blast radius", style="bold")
    root = Tree(title)
    seeds = sorted(
        {c.id for c in impact.changed if c.kind == "ConfigurationItem"}
        | {ci for ci in impact.cis if ci in _change_cis(assessment)}
    )
    shown: set[str] = set()
    budget = [MAX_TREE_NODES]
    for seed in seeds:
        _grow(root, index, impact.cis, seed, shown, budget)
    if budget[0] <= 0:
        root.add(Text(f"… more not shown ({len(impact.cis)} items in all)", style="dim"))
    return root


def _change_cis(assessment: Assessment) -> set[str]:
    from svcascode.model.change import Change

    found: set[str] = set()
    for ident in assessment.impact.changes:
        change = assessment.index.entity(Change, ident)
        if change is not None:
            found.update(change.spec.cis)
    return found


def _grow(
    parent: Tree, index: Index, states: dict[str, str], ci: str, shown: set[str], budget: list[int]
) -> None:
    if budget[0] <= 0:
        return
    budget[0] -= 1
    if ci in shown:
        parent.add(_label("ConfigurationItem", ci, states.get(ci)).append(" (above)", "dim"))
        return
    shown.add(ci)
    node = parent.add(_label("ConfigurationItem", ci, states.get(ci)))
    for service in sorted(index.ci_services.get(ci, ())):
        node.add(Text("realises service ", style="dim").append(service, style="bold"))
    for dependent in sorted(d for d in index.needed_by.get(ci, ()) if d in states):
        _grow(node, index, states, dependent, shown, budget)


def _section(title: str, rows: dict[str, str]) -> Tree:
    counts = {s: sum(1 for v in rows.values() if v == s) for s in _STYLE}
    summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "none"
    tree = Tree(Text(f"{title}: ", style="bold").append(summary))
    for ident, state in rows.items():
        tree.add(Text(ident).append(f"  {state}", style=_STYLE.get(state, "")))
    return tree


def render(assessment: Assessment) -> RenderableType:
    impact, risk = assessment.impact, assessment.risk
    parts: list[RenderableType] = []
    changed = ", ".join(f"{c.kind}/{c.id} ({c.status})" for c in impact.changed)
    head = Text("Impact of ", style="bold").append(changed or ", ".join(impact.changes) or "—")
    parts.append(head)
    parts.append(_blast_tree(assessment))
    parts.append(_section("Services", impact.services))
    parts.append(_section("Agreements", impact.agreements))
    customers = Tree(
        Text("Customers: ", style="bold").append(
            f"{len(impact.customers)} ({impact.users:,} users lose a service)"
        )
    )
    for customer in impact.customers:
        customers.add(
            Text(f"{customer.id} ({customer.title}), {customer.users:,} users  ").append(
                customer.state, style=_STYLE.get(customer.state, "")
            )
        )
    parts.append(customers)
    level_style = {"high": "bold red", "medium": "bold yellow", "low": "bold green"}
    risk_tree = Tree(Text("Risk: ", style="bold").append(risk.level, style=level_style[risk.level]))
    if risk.understated:
        risk_tree.add(
            Text(f"declared {risk.declared}, lower than computed {risk.level}", style="bold red")
        )
    for reason in risk.reasons:
        risk_tree.add(
            Text(f"{reason.level}: ", style=level_style[reason.level]).append(reason.text)
        )
    parts.append(risk_tree)
    who = Tree(Text("Approvals needed", style="bold"))
    for approver in assessment.approvers:
        handles = ", ".join(f"@{h}" for h in approver.handles) or "(no members)"
        who.add(
            Text(f"{approver.needed} of {approver.party_kind} {approver.party}: ", style="bold")
            .append(handles)
            .append(f"  ({approver.reason})", style="dim")
        )
    parts.append(who)
    return Group(*parts)
