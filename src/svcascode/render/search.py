"""The search index: one entry per page (and per offering and question), written as JSON
and as a script that assigns it to a global, because ``fetch()`` of a local file fails
on ``file://``. The client, ``static/search.js``, filters it in the browser.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass

from svcascode.index import CI, Index
from svcascode.model.agreement import Agreement
from svcascode.model.base import Entity
from svcascode.model.change import Change
from svcascode.model.ci import ConfigurationItem
from svcascode.model.parties import Customer, Supplier, Team
from svcascode.model.service import Service
from svcascode.render.urls import page_of

GLOBAL = "SVCASCODE_SEARCH"
SNIPPET = 160
"""Characters of description kept per entry."""
_JS_UNSAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


@dataclass(frozen=True)
class SearchEntry:
    """``t``: title, ``k``: what it is, ``u``: site-relative URL, ``d``: snippet,
    ``x``: more words that find it (id, domain, class). Short keys: the index of a large
    catalogue is megabytes."""

    t: str
    k: str
    u: str
    d: str
    x: str


def _snippet(text: str | None) -> str:
    if not text:
        return ""
    flat = " ".join(text.split())
    return flat if len(flat) <= SNIPPET else flat[: SNIPPET - 1].rstrip() + "\u2026"


def _entry(kind: str, label: str, entity: Entity, text: str | None, *extra: str) -> SearchEntry:
    return SearchEntry(
        entity.title,
        label,
        page_of(kind, entity.id) or "",
        _snippet(text or entity.metadata.description),
        " ".join((entity.id, *extra, *entity.metadata.labels.values())),
    )


def _services(index: Index) -> Iterator[SearchEntry]:
    for record, service in index.items(Service):
        spec = service.spec
        page = page_of("Service", record.id) or ""
        yield _entry(
            "Service", "service", service, spec.provision.summary, spec.domain or "", spec.type
        )
        for offering in spec.offerings:
            yield SearchEntry(
                offering.title,
                f"offering of {service.title}",
                f"{page}#offering-{record.id}--{offering.id}",
                _snippet(offering.description),
                f"{offering.id} {offering.fulfilment} request",
            )
        for number, faq in enumerate(spec.faq, start=1):
            yield SearchEntry(
                faq.question,
                f"question on {service.title}",
                f"{page}#faq-{number}",
                _snippet(faq.answer),
                "faq",
            )


def entries(index: Index) -> list[SearchEntry]:
    """Every entry, services first."""
    found = list(_services(index))
    for _record, item in index.items(ConfigurationItem):
        spec = item.spec
        found.append(_entry(CI, "item", item, None, spec.class_, spec.environment))
    for _record, agreement in index.items(Agreement):
        found.append(_entry("Agreement", agreement.spec.type, agreement, None, "agreement"))
    for model, label in ((Team, "team"), (Customer, "customer"), (Supplier, "supplier")):
        for _record, party in index.items(model):
            found.append(_entry(model.__name__, label, party, None))
    for _record, change in index.items(Change):
        found.append(_entry("Change", f"{change.spec.type} change", change, None, "change"))
    return found


def to_json(found: list[SearchEntry]) -> str:
    """The entries as JSON in which ``<``, ``>``, ``&``, U+2028 and U+2029 are escaped, so
    that it is safe inside a script and never looks like markup to a sniffing browser."""
    data = json.dumps([asdict(entry) for entry in found], ensure_ascii=True)
    for char, escaped in _JS_UNSAFE.items():
        data = data.replace(char, escaped)
    return data


def to_script(found: list[SearchEntry]) -> str:
    """``window.SVCASCODE_SEARCH = [...];``, safe to load as a script: no character in the
    data can end a string, a script element or a line early."""
    return f"window.{GLOBAL} = {to_json(found)};\n"
