"""The pages of services, configuration items and agreements."""

from __future__ import annotations

import json
import math
from typing import Any

from svcascode.index import CI, Index
from svcascode.loader.load import Record
from svcascode.model.agreement import Agreement
from svcascode.model.base import Entity
from svcascode.model.change import Change
from svcascode.model.ci import ConfigurationItem
from svcascode.model.service import Service
from svcascode.render import urls
from svcascode.render.context import (
    AgreementPage,
    Attribute,
    Bar,
    Faq,
    Figure,
    ItemPage,
    ItemRow,
    Link,
    NeedEntry,
    ServiceChain,
    ServicePage,
)
from svcascode.render.facts import Facts
from svcascode.render.graph import layout
from svcascode.render.helpers import (
    by_title,
    channels,
    domain_of,
    hours,
    href,
    link,
    links,
    offering_entry,
    terms,
    terms_of,
)
from svcascode.render.schedule_page import change_row
from svcascode.underpinning import Feasibility, covering

FIGURE_WIDTH = 320
BAR_HEIGHT = 22
LABEL_CHAR = 7
"""Room per character of a bar's label (12px system font, generously)."""
LISTED = 50
"""Most unknown items named in a feasibility figure."""


def labels(entity: Entity) -> tuple[Attribute, ...]:
    return tuple(Attribute(k, v) for k, v in sorted(entity.metadata.labels.items()))


def owner_of(index: Index, entity: Entity) -> Link | None:
    owner = entity.metadata.owner
    return link(index, "Team", owner) if owner else None


def item_row(index: Index, ident: str, relation: str = "") -> ItemRow:
    item = index.entity(ConfigurationItem, ident)
    if item is None:
        return ItemRow(Link(ident), "", "", "", relation)
    spec = item.spec
    return ItemRow(
        link(index, CI, ident), spec.class_, spec.environment, spec.criticality, relation
    )


def figure(index: Index, result: Feasibility, promises: list[tuple[str, float]]) -> Figure:
    """Bars for the allowed availability and each SLA's promise, on a scale that starts a
    little below the lowest of them, so that tenths of a percent show."""
    allowed = result.percent
    values = [allowed] + [value for _, value in promises]
    floor = max(0.0, math.floor(min(values)) - 1.0)
    scale = FIGURE_WIDTH / (100.0 - floor)
    bars = [
        Bar("allowed by OLAs and UCs", f"{allowed:.3f}%", (allowed - floor) * scale, 0, "allowed")
    ]
    for i, (name, value) in enumerate(promises, start=1):
        kind = "met" if value <= allowed + 1e-9 else "unmet"
        bars.append(Bar(name, f"{value:g}%", (value - floor) * scale, i * BAR_HEIGHT, kind))
    return Figure(
        allowed=f"{allowed:.3f}",
        bars=tuple(Bar(b.label, b.value, round(max(b.length, 1.0), 1), b.y, b.kind) for b in bars),
        weakest=tuple(
            link(index, "Agreement", ident, f"{value * 100:g}%")
            for ident, value in result.weakest()
        ),
        unknown=links(index, CI, result.unknown[:LISTED]),
        floor=f"{floor:g}%",
        width=FIGURE_WIDTH,
        canvas=FIGURE_WIDTH + 16 + LABEL_CHAR * max(len(f"{b.value} {b.label}") for b in bars),
    )


def service_page(index: Index, facts: Facts, record: Record, service: Service) -> ServicePage:
    ident = record.id
    spec = service.spec
    slas = sorted(facts.slas_of.get(ident, []))
    promises = []
    for sla in slas:
        agreement = index.entity(Agreement, sla)
        if agreement is not None and agreement.spec.targets.availability is not None:
            promises.append((agreement.title, agreement.spec.targets.availability))
    return ServicePage(
        path=urls.page_of("Service", ident) or "",
        template="service.html",
        title=service.title,
        ident=ident,
        kind="Service",
        description=service.metadata.description,
        owner=owner_of(index, service),
        labels=labels(service),
        source=record.where.path,
        facts=(
            Attribute("type", spec.type),
            Attribute("lifecycle", spec.lifecycle),
            Attribute("domain", domain_of(service)),
        ),
        parent=link(index, "Service", spec.parent) if spec.parent else None,
        summary=spec.provision.summary,
        features=tuple(spec.provision.features),
        channels=channels(spec.support),
        support_hours=hours(spec.support.hours),
        sub_services=by_title(links(index, "Service", facts.children.get(ident, ()))),
        depends_on=links(index, "Service", spec.depends_on),
        needed_by=by_title(links(index, "Service", index.service_needed_by.get(ident, ()))),
        items=tuple(item_row(index, ci) for ci in spec.cis),
        offerings=tuple(offering_entry(index, ident, o) for o in spec.offerings),
        faq=tuple(Faq(f.question, f.answer) for f in spec.faq),
        docs=tuple(href(d.title, d.url) for d in spec.docs),
        slas=terms_of(index, slas),
        underpinned_by=terms_of(index, facts.underpinnings(index, ident)),
        graph=layout(index, ("Service", ident)),
        figure=figure(index, facts.feasibility(index, ident), promises),
    )


def attribute_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def item_page(index: Index, facts: Facts, record: Record, item: ConfigurationItem) -> ItemPage:
    ident = record.id
    spec = item.spec
    needs = tuple(
        NeedEntry(links(index, CI, need.members), need.relation, need.min, need.redundant)
        for need in index.needs.get(ident, ())
    )
    changes = []
    for change_id in facts.changes_of.get(ident, ()):
        change = index.entity(Change, change_id)
        if change is not None:
            changes.append((change.spec.window.start, change_row(index, facts, change_id, change)))
    changes.sort(key=lambda pair: pair[0])
    return ItemPage(
        path=urls.page_of(CI, ident) or "",
        template="item.html",
        title=item.title,
        ident=ident,
        kind=CI,
        description=item.metadata.description,
        owner=owner_of(index, item),
        labels=labels(item),
        source=record.where.path,
        facts=(
            Attribute("class", spec.class_),
            Attribute("environment", spec.environment),
            Attribute("lifecycle", spec.lifecycle),
            Attribute("criticality", spec.criticality),
        ),
        attributes=tuple(
            Attribute(str(k), attribute_text(v)) for k, v in sorted(spec.attributes.items())
        ),
        supplier=link(index, "Supplier", spec.supplier) if spec.supplier else None,
        needs=needs,
        needed_by=tuple(item_row(index, ci) for ci in sorted(index.needed_by.get(ident, ()))),
        services=by_title(links(index, "Service", index.ci_services.get(ident, ()))),
        agreements=terms_of(index, covering(index, ident)),
        changes=tuple(row for _, row in changes),
        graph=layout(index, (CI, ident)),
    )


def _matrix(agreement: Agreement) -> tuple[tuple[str, ...], ...]:
    matrix = agreement.spec.priority_matrix
    if matrix is None:
        return ()
    header = ("impact \\ urgency", *matrix.urgency)
    rows = [
        (impact, *(matrix.priority[i] if i < len(matrix.priority) else []))
        for i, impact in enumerate(matrix.impact)
    ]
    return (header, *rows)


def _chains(index: Index, facts: Facts, ident: str, agreement: Agreement) -> list[ServiceChain]:
    promised = agreement.spec.targets.availability
    chains = []
    for service in agreement.spec.services:
        result = facts.feasibility(index, service)
        chains.append(
            ServiceChain(
                service=link(index, "Service", service),
                allowed=f"{result.percent:.3f}%",
                feasible=promised is None or promised <= result.percent + 1e-9,
                underpinnings=terms_of(index, facts.resting.get((ident, service), [])),
                unknown=len(result.unknown),
            )
        )
    return chains


def agreement_page(
    index: Index, facts: Facts, record: Record, agreement: Agreement
) -> AgreementPage:
    ident = record.id
    spec = agreement.spec
    dates = [
        Attribute(name, value.isoformat())
        for name, value in (
            ("valid from", spec.valid_from),
            ("valid until", spec.valid_until),
            ("review by", spec.review_by),
        )
        if value is not None
    ]
    return AgreementPage(
        path=urls.page_of("Agreement", ident) or "",
        template="agreement.html",
        title=agreement.title,
        ident=ident,
        kind="Agreement",
        description=agreement.metadata.description,
        owner=owner_of(index, agreement),
        labels=labels(agreement),
        source=record.where.path,
        terms=terms(index, ident, agreement),
        dates=tuple(dates),
        services=links(index, "Service", spec.services),
        items=links(index, CI, spec.cis),
        maintenance=links(index, "ChangeWindow", spec.maintenance_windows),
        matrix=_matrix(agreement),
        price=spec.price,
        penalties=spec.penalties,
        chains=tuple(_chains(index, facts, ident, agreement)) if spec.type == "SLA" else (),
        supports=by_title(links(index, "Agreement", sorted(facts.supports.get(ident, ())))),
    )
