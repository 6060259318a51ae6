"""Files must stay within the size, nesting and expansion limits.

Oversized files, nesting deeper than ``limits.max_depth`` and documents whose aliases
expand beyond ``limits.max_nodes`` values ("billion laughs") are stopped quickly, in
bounded memory, and reported instead of being parsed. The limits are set under
``limits:`` in ``svcascode.yaml``.
"""

from __future__ import annotations

from svcascode.diagnostics import Severity

ID = "yaml-limits"
SEVERITY = Severity.ERROR
