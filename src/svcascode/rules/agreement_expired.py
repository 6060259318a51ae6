"""An SLA covering services must still be valid.

An SLA whose ``valid_until`` lies before today (or ``svc lint --as-of DATE``) promises
nothing any more while its services (those not retired) are still delivered: renew it
(a new ``valid_until``) or retire the services it covers. The finding is on
``valid_until``.
"""

from __future__ import annotations

from collections.abc import Iterator

from svcascode.diagnostics import Problem, Severity
from svcascode.index import Index
from svcascode.model.agreement import Agreement
from svcascode.model.service import Service

ID = "agreement-expired"
SEVERITY = Severity.ERROR


def check(index: Index) -> Iterator[Problem]:
    for record, agreement in index.items(Agreement):
        spec = agreement.spec
        if spec.type != "SLA" or not spec.services or spec.valid_until is None:
            continue
        live = [
            s
            for s in spec.services
            if (service := index.entity(Service, s)) is None or service.spec.lifecycle != "retired"
        ]
        if live and spec.valid_until < index.as_of:
            yield Problem(
                record.where.locate(("spec", "valid_until")),
                f"SLA {record.id} expired on {spec.valid_until.isoformat()} (today is "
                f"{index.as_of.isoformat()}) but still covers {', '.join(live)}; "
                "renew it or retire the services",
                record.kind,
                record.id,
            )
