"""A small estate and builders for change and window documents used by the schedule tests.

``app`` stores in ``db`` and realises the service ``web``; ``cache`` stands alone behind
``shop``; ``vol`` needs at least one of ``san-a`` and ``san-b``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from svcascode.index import Index
from svcascode.loader.load import load
from svcascode.loader.sources import WorkingTree
from tests.conftest import TEAM, write_files

ORGANISATION = "Fjordvik IT"

ESTATE = """
apiVersion: svcascode/v1
kind: ConfigurationItem
metadata: {id: db, owner: ops}
spec: {class: database}
---
apiVersion: svcascode/v1
kind: ConfigurationItem
metadata: {id: app, owner: ops}
spec:
  class: application
  depends_on:
    - {ci: db, relation: stores-in}
---
apiVersion: svcascode/v1
kind: ConfigurationItem
metadata: {id: cache, owner: ops}
spec: {class: service-component}
---
apiVersion: svcascode/v1
kind: ConfigurationItem
metadata: {id: san-a, owner: ops}
spec: {class: storage}
---
apiVersion: svcascode/v1
kind: ConfigurationItem
metadata: {id: san-b, owner: ops}
spec: {class: storage}
---
apiVersion: svcascode/v1
kind: ConfigurationItem
metadata: {id: vol, owner: ops}
spec:
  class: storage
  depends_on:
    - {any_of: [san-a, san-b], min: 1}
---
apiVersion: svcascode/v1
kind: Service
metadata: {id: web, owner: ops}
spec: {type: business, cis: [app]}
---
apiVersion: svcascode/v1
kind: Service
metadata: {id: shop, owner: ops}
spec: {type: business, cis: [cache]}
"""

BASE: dict[str, str] = {
    "svcascode.yaml": f"organisation: {ORGANISATION}\n",
    "agreements/teams.yaml": TEAM,
    "cmdb/estate.yaml": ESTATE,
}


def change(ident: str, cis: str, start: str, end: str, kind: str = "normal") -> str:
    """A change document touching ``cis`` (a YAML flow list body, e.g. ``db, app``)."""
    return f"""
apiVersion: svcascode/v1
kind: Change
metadata:
  id: {ident}
  title: Change {ident}
spec:
  type: {kind}
  cis: [{cis}]
  window:
    start: {start}
    end: {end}
  risk: medium
  requester: ana
  backout: Restore the snapshot.
"""


def window(ident: str, kind: str, *spec: str) -> str:
    """A ChangeWindow document with the given ``spec`` lines (besides ``type``)."""
    lines = "".join(f"  {line}\n" for line in spec)
    return (
        "apiVersion: svcascode/v1\n"
        "kind: ChangeWindow\n"
        "metadata:\n"
        f"  id: {ident}\n"
        f"  title: Window {ident}\n"
        "spec:\n"
        f"  type: {kind}\n"
        f"{lines}"
    )


def documents(*texts: str) -> str:
    return "\n---\n".join(text.strip("\n") for text in texts) + "\n"


def repo(root: Path, changes: Mapping[str, str] | None = None) -> Path:
    """Write the estate plus ``changes`` (path below ``changes/`` -> text) into ``root``."""
    files = dict(BASE)
    files.update({f"changes/{name}": text for name, text in (changes or {}).items()})
    return write_files(root, files)


def index_of(root: Path) -> Index:
    return Index.build(load(WorkingTree(root, use_git=False)))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)
