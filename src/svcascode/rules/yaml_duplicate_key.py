"""A mapping must not repeat a key.

YAML parsers silently keep one of two equal keys, so a duplicated ``owner`` or
``availability`` hides an edit. The second occurrence is reported, naming the line of
the first.
"""

from __future__ import annotations

from svcascode.diagnostics import Severity

ID = "yaml-duplicate-key"
SEVERITY = Severity.ERROR
