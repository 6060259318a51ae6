"""A standard change must stay within its template, or be a normal change.

A standard change is pre-approved only for what its ChangeTemplate allows: every item it
touches must be of one of the template's ``classes``, and its window may last no longer
than ``max_duration``. Otherwise it needs the normal change process (CAB approval).
"""

from __future__ import annotations

from collections.abc import Iterator

from svcascode.diagnostics import Problem, Severity
from svcascode.index import Index
from svcascode.model.change import Change, ChangeTemplate
from svcascode.model.ci import ConfigurationItem
from svcascode.model.types import format_duration

ID = "standard-change-fit"
SEVERITY = Severity.ERROR


def check(index: Index) -> Iterator[Problem]:
    for record, change in index.items(Change):
        spec = change.spec
        if spec.type != "standard" or spec.template is None:
            continue
        template = index.entity(ChangeTemplate, spec.template)
        if template is None:
            continue
        allowed = set(template.spec.classes)
        for position, ci in enumerate(spec.cis):
            item = index.entity(ConfigurationItem, ci)
            if item is not None and item.spec.class_ not in allowed:
                yield Problem(
                    record.where.locate(("spec", "cis", position)),
                    f"{ci} is of class {item.spec.class_}, which template {spec.template} does not "
                    f"cover ({', '.join(sorted(allowed))}); this needs to be a normal change",
                    record.kind,
                    record.id,
                )
        duration = spec.window.duration
        if duration > template.spec.max_duration:
            yield Problem(
                record.where.locate(("spec", "window", "end")),
                f"the window lasts {format_duration(duration)}, longer than template "
                f"{spec.template} allows ({format_duration(template.spec.max_duration)}); "
                "this needs to be a normal change",
                record.kind,
                record.id,
            )
