"""``svcascode.yaml`` must be valid: known settings, known rule ids, valid levels.

An unusable setting is reported and the defaults are used in its place, so the rest of
the repository is still checked.
"""

from __future__ import annotations

from svcascode.diagnostics import Severity

ID = "config"
SEVERITY = Severity.ERROR
