"""The pages of teams, customers and suppliers."""

from __future__ import annotations

from svcascode.index import CI, Index
from svcascode.loader.load import Record
from svcascode.model.agreement import Agreement
from svcascode.model.parties import Customer, Supplier, Team
from svcascode.render import urls
from svcascode.render.context import Attribute, PartyPage
from svcascode.render.entities import labels
from svcascode.render.facts import Facts
from svcascode.render.helpers import by_title, links, person, terms_of


def _services_of(index: Index, agreements: list[str]) -> list[str]:
    found: set[str] = set()
    for ident in agreements:
        agreement = index.entity(Agreement, ident)
        if agreement is not None:
            found.update(agreement.spec.services)
    return sorted(found)


def team_page(index: Index, facts: Facts, record: Record, team: Team) -> PartyPage:
    ident = record.id
    spec = team.spec
    details = []
    if spec.line is not None:
        details.append(Attribute("resolver line", str(spec.line)))
    if spec.roles:
        details.append(Attribute("roles", ", ".join(spec.roles)))
    return PartyPage(
        path=urls.page_of("Team", ident) or "",
        template="party.html",
        title=team.title,
        ident=ident,
        kind="Team",
        description=team.metadata.description,
        owner=None,
        labels=labels(team),
        source=record.where.path,
        people=tuple(person(p) for p in spec.members),
        people_heading="Members",
        facts=tuple(details),
        agreements=terms_of(index, sorted(facts.agreements_of.get(ident, ()))),
        services=by_title(links(index, "Service", facts.owned.get((ident, "Service"), ()))),
        items=by_title(links(index, CI, facts.owned.get((ident, CI), ()))),
        extra=by_title(
            links(index, "ChangeTemplate", facts.owned.get((ident, "ChangeTemplate"), ()))
        ),
    )


def customer_page(index: Index, facts: Facts, record: Record, customer: Customer) -> PartyPage:
    ident = record.id
    agreements = sorted(facts.agreements_of.get(ident, ()))
    users = customer.spec.users
    return PartyPage(
        path=urls.page_of("Customer", ident) or "",
        template="party.html",
        title=customer.title,
        ident=ident,
        kind="Customer",
        description=customer.metadata.description,
        owner=None,
        labels=labels(customer),
        source=record.where.path,
        people=tuple(person(p) for p in customer.spec.contacts),
        people_heading="Contacts",
        facts=(Attribute("users", f"about {users}"),) if users is not None else (),
        agreements=terms_of(index, agreements),
        services=by_title(links(index, "Service", _services_of(index, agreements))),
        items=(),
    )


def supplier_page(index: Index, facts: Facts, record: Record, supplier: Supplier) -> PartyPage:
    ident = record.id
    agreements = sorted(facts.agreements_of.get(ident, ()))
    return PartyPage(
        path=urls.page_of("Supplier", ident) or "",
        template="party.html",
        title=supplier.title,
        ident=ident,
        kind="Supplier",
        description=supplier.metadata.description,
        owner=None,
        labels=labels(supplier),
        source=record.where.path,
        people=tuple(person(p) for p in supplier.spec.contacts),
        people_heading="Contacts",
        facts=(),
        agreements=terms_of(index, agreements),
        services=by_title(links(index, "Service", _services_of(index, agreements))),
        items=by_title(links(index, CI, facts.supplied.get(ident, ()))),
    )
