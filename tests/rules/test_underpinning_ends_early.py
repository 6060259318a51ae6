"""underpinning-ends-early: an OLA or UC does not end before an SLA resting on it."""

from __future__ import annotations

import pytest

from svcascode.diagnostics import Severity
from tests.conftest import LintAt, only, where
from tests.rules.helpers import (
    PARTIES,
    agreement,
    documents,
    item,
    party,
    rules_fired,
    service,
)

RULE = "underpinning-ends-early"


def estate(sla_until: str | None, ola_until: str | None, uc_until: str | None) -> dict[str, str]:
    """web-sla over web-ola (through web) and mail-uc (through the items mail and mail-spare); each
    underpinning's valid_until value is at line 9, column 16 of its file."""

    def until(value: str | None) -> list[str]:
        return [f"valid_until: {value}"] if value else []

    return {
        "agreements/parties.yaml": documents(PARTIES, party("Supplier", "cloudco")),
        "agreements/sla.yaml": agreement(
            "web-sla", "SLA", "acme", "services: [web]", *until(sla_until)
        ),
        "agreements/web-ola.yaml": agreement(
            "web-ola", "OLA", "ops", "services: [web]", *until(ola_until)
        ),
        "agreements/mail-uc.yaml": agreement(
            "mail-uc", "UC", "cloudco", "cis: [mail, mail-spare]", *until(uc_until)
        ),
        "catalog/web.yaml": service("web", "cis: [app]"),
        "cmdb/app.yaml": item("app", "depends_on:", "  - {any_of: [mail, mail-spare]}"),
        "cmdb/mail.yaml": documents(
            item("mail", "supplier: cloudco"), item("mail-spare", "supplier: cloudco")
        ),
        # A shorter OLA under another service is no concern of web-sla.
        "agreements/shop-ola.yaml": agreement(
            "shop-ola", "OLA", "ops", "services: [shop]", "valid_until: 2026-12-31"
        ),
        "catalog/shop.yaml": service("shop", "cis: [cache]"),
        "cmdb/cache.yaml": item("cache"),
    }


def test_underpinnings_ending_first_are_reported_on_their_valid_until(lint_at: LintAt) -> None:
    result = lint_at(estate("2027-12-31", "2027-06-30", "2027-12-30"))
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [
        ("agreements/mail-uc.yaml", 9, 16),
        ("agreements/web-ola.yaml", 9, 16),
    ]
    assert all(f.severity is Severity.WARNING for f in findings)
    assert [(f.kind, f.id) for f in findings] == [
        ("Agreement", "mail-uc"),
        ("Agreement", "web-ola"),
    ]
    assert findings[0].message.startswith(
        "mail-uc ends on 2027-12-30, before web-sla which rests on it (2027-12-31)"
    )
    assert findings[1].message.startswith(
        "web-ola ends on 2027-06-30, before web-sla which rests on it (2027-12-31)"
    )
    assert "extend web-ola to at least the SLA's end" in findings[1].message
    assert rules_fired(result) == {RULE}


def test_an_sla_without_an_end_outlasts_every_dated_underpinning(lint_at: LintAt) -> None:
    result = lint_at(estate(None, "2027-06-30", None))
    findings = only(result, RULE)
    assert [where(f) for f in findings] == [("agreements/web-ola.yaml", 9, 16)]
    assert findings[0].message.startswith(
        "web-ola ends on 2027-06-30, before web-sla which rests on it (no end date)"
    )


@pytest.mark.parametrize(
    ("sla", "ola", "uc"),
    [
        ("2027-12-31", "2027-12-31", "2028-06-30"),
        ("2027-12-31", None, None),
        (None, None, None),
    ],
)
def test_underpinnings_lasting_as_long_or_undated_pass(
    lint_at: LintAt, sla: str | None, ola: str | None, uc: str | None
) -> None:
    assert lint_at(estate(sla, ola, uc)).findings == []
