"""Every document must fit the model of its ``kind``.

Unknown fields (typos), missing required fields, wrong types, malformed ids, durations,
dates and timestamps without an offset are reported on the offending key or value.
Scalars are never coerced silently: ``yes`` where a boolean is expected, or ``0755``
where a number is expected, are reported. The JSON Schemas in ``schemas/`` describe the
same models for editors.
"""

from __future__ import annotations

from svcascode.diagnostics import Severity

ID = "schema"
SEVERITY = Severity.ERROR
