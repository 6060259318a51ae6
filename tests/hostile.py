"""A hostile repository, shared by tests/render/test_safety.py and
tests/browser/test_hostile.py: every text field of every kind carries a payload. Each test
module chooses the payloads; this module puts them in every field the site shows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Payloads:
    """What goes into the hostile repository's fields, by kind of field."""

    text: str
    """Plain text fields: shown as text, never as markup."""
    title: str
    """Titles of documents and of the site."""
    items: tuple[str, ...]
    """List fields (features, roles), and one offering and one question per item."""
    markdown: str
    """Markdown fields: formatted, but with HTML escaped and only safe link schemes."""
    js: str
    """A ``javascript:`` link, where a field holds a link or a value."""
    script: str
    """A script element, where a field holds something short (an address, a value)."""
    breakout: str
    """An attribute break-out: label and attribute keys, a phone number."""
    email: str
    """A person's email address."""
    urls: tuple[str, ...]
    """Link fields: documentation links; the support portal is ``urls[1]``, the web
    channel ``urls[-1]``."""
    base_url: str
    """The site's ``base_url`` in svcascode.yaml."""


HOURS = {"days": "mon-fri", "from": "07:00", "to": "17:00", "timezone": "Europe/Oslo"}


def _meta(p: Payloads, ident: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": ident,
        "title": p.title,
        "description": p.markdown,
        "labels": {"domain": p.text, p.breakout: p.js},
        **extra,
    }


def _doc(p: Payloads, kind: str, ident: str, spec: dict[str, Any], **extra: Any) -> dict[str, Any]:
    envelope = {"apiVersion": "svcascode/v1", "kind": kind}
    return {**envelope, "metadata": _meta(p, ident, **extra), "spec": spec}


def _service(p: Payloads, ident: str, **spec: Any) -> dict[str, Any]:
    return _doc(
        p,
        "Service",
        ident,
        {
            "type": "business",
            "domain": p.text,
            "provision": {"summary": p.text, "features": list(p.items)},
            "support": {
                "channels": [
                    {"type": p.text, "address": p.js},
                    {"type": "portal", "address": p.urls[1]},
                    {"type": "web", "address": p.urls[-1]},
                    {"type": "email", "address": f"{p.script}@example.org"},
                    {"type": "phone", "address": p.breakout},
                ],
                "hours": HOURS,
            },
            **spec,
        },
        owner="ops",
    )


def hostile_documents(p: Payloads) -> dict[str, list[dict[str, Any]]]:
    """The repository's YAML files (relative path to documents), every kind of document
    with every text field filled from ``p``."""
    person = {"handle": "eve", "name": p.text, "email": p.email}
    return {
        "agreements/parties.yaml": [
            _doc(p, "Team", "ops", {"members": [person], "line": 1, "roles": list(p.items)}),
            _doc(p, "Customer", "acme", {"contacts": [person], "users": 10}),
            _doc(p, "Supplier", "vendor", {"contacts": [person]}),
        ],
        "catalog/services.yaml": [
            _service(
                p,
                "svc",
                cis=["app", "db"],
                depends_on=["base"],
                offerings=[
                    {
                        "id": f"thing-{number}",
                        "title": item,
                        "description": p.markdown,
                        "fulfilment": "manual",
                        "lead_time": "1d",
                        "eligible": ["acme"],
                        "cost": p.text,
                    }
                    for number, item in enumerate(p.items)
                ],
                faq=[{"question": item, "answer": p.markdown} for item in p.items],
                docs=[{"title": p.text, "url": url} for url in p.urls],
            ),
            _service(p, "base", cis=["db"]),
        ],
        "cmdb/items.yaml": [
            _doc(
                p,
                "ConfigurationItem",
                "app",
                {
                    "class": "application",
                    "depends_on": [{"any_of": ["db"], "min": 1}],
                    "supplier": "vendor",
                    "attributes": {
                        "vendor": p.text,
                        "link": p.js,
                        "nested": {p.breakout: [p.js, p.script]},
                    },
                },
                owner="ops",
            ),
            _doc(p, "ConfigurationItem", "db", {"class": "database"}, owner="ops"),
        ],
        "agreements/agreements.yaml": [
            _doc(
                p,
                "Agreement",
                "sla",
                {
                    "type": "SLA",
                    "party": "acme",
                    "services": ["svc"],
                    "service_hours": "24x7",
                    "targets": {"availability": 99.5, "response": {"P1": "15m"}},
                    "price": p.text,
                    "penalties": p.js,
                },
            ),
            _doc(
                p,
                "Agreement",
                "ola",
                {
                    "type": "OLA",
                    "party": "ops",
                    "services": ["svc"],
                    "targets": {"availability": 99.9},
                },
            ),
            _doc(
                p,
                "Agreement",
                "uc",
                {"type": "UC", "party": "vendor", "cis": ["db"], "targets": {"availability": 99.9}},
            ),
        ],
        "changes/changes.yaml": [
            _doc(
                p,
                "Change",
                "chg",
                {
                    "type": "normal",
                    "cis": ["db"],
                    "window": {
                        "start": "2026-11-25T22:00:00+01:00",
                        "end": "2026-11-25T23:00:00+01:00",
                    },
                    "requester": "eve",
                    "implementation": p.markdown,
                    "backout": p.markdown,
                },
            ),
            _doc(
                p,
                "ChangeWindow",
                "freeze",
                {
                    "type": "blackout",
                    "start": "2026-11-25T00:00:00+01:00",
                    "end": "2026-11-27T00:00:00+01:00",
                    "reason": p.text,
                },
            ),
        ],
    }


def hostile_settings(p: Payloads) -> dict[str, Any]:
    """svcascode.yaml."""
    return {"organisation": p.text, "site": {"title": p.title, "base_url": p.base_url}}


def write_hostile_repository(root: Path, p: Payloads) -> None:
    """Write svcascode.yaml and every document of :func:`hostile_documents` under ``root``."""
    (root / "svcascode.yaml").write_text(yaml.safe_dump(hostile_settings(p)), encoding="utf-8")
    for name, documents in hostile_documents(p).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump_all(documents, sort_keys=False), encoding="utf-8")
