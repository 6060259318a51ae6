"""A file must be well-formed UTF-8 YAML without unsupported tags.

A file that does not parse is reported at the position libyaml gives, and the other
files are still checked. Tags other than the standard ones (``!!str``, ``!!int``, ...)
are reported because no svcascode field can hold what they construct. A file whose name
is not UTF-8 is reported too (and not read): findings and reports name files in UTF-8.
"""

from __future__ import annotations

from svcascode.diagnostics import Severity

ID = "yaml-syntax"
SEVERITY = Severity.ERROR
