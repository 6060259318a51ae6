"""Run the command line as ``python -m svcascode``."""

from __future__ import annotations

from svcascode.cli.main import main

raise SystemExit(main())
