"""Small hand-drawn repositories for the impact, risk, approver and output tests.

Each helper returns one YAML document (starting with ``---``); :func:`build` writes them
into a fresh folder, lints it and returns the index, failing on any error finding so that
a typo in a fixture never passes silently as "no impact".
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from pathlib import Path

from svcascode.impact import Impact, Seeds, analyse, seeds_from_keys
from svcascode.index import Index
from svcascode.lint import lint
from svcascode.loader.sources import WorkingTree
from tests.conftest import write_files

START = "2027-03-02T22:00:00+01:00"
END = "2027-03-02T23:00:00+01:00"

_folders = itertools.count()


def _list(values: Iterable[str]) -> str:
    return "[" + ", ".join(values) + "]"


def team(ident: str, *handles: str) -> str:
    members = ", ".join(f"{{handle: {h}}}" for h in handles)
    return f"""---
apiVersion: svcascode/v1
kind: Team
metadata: {{id: {ident}}}
spec: {{members: [{members}]}}
"""


def customer(ident: str, users: int | None = None, contacts: Iterable[str] = ()) -> str:
    people = ", ".join(f"{{handle: {h}}}" for h in contacts)
    count = f", users: {users}" if users is not None else ""
    return f"""---
apiVersion: svcascode/v1
kind: Customer
metadata: {{id: {ident}, title: Customer {ident}}}
spec: {{contacts: [{people}]{count}}}
"""


def ci(
    ident: str,
    *needs: str,
    criticality: str = "medium",
    owner: str = "ops",
    labels: dict[str, str] | None = None,
    any_of: Iterable[str] = (),
    min_: int = 1,
) -> str:
    entries = list(needs)
    group = list(any_of)
    if group:
        entries.append(f"{{any_of: {_list(group)}, min: {min_}}}")
    depends = f"\n  depends_on: {_list(entries)}" if entries else ""
    label = ""
    if labels:
        label = ", labels: {" + ", ".join(f"{k}: {v}" for k, v in labels.items()) + "}"
    return f"""---
apiVersion: svcascode/v1
kind: ConfigurationItem
metadata: {{id: {ident}, owner: {owner}{label}}}
spec:
  class: server
  criticality: {criticality}{depends}
"""


def service(
    ident: str, cis: Iterable[str], owner: str = "ops", depends_on: Iterable[str] = ()
) -> str:
    needed = list(depends_on)
    depends = f"\n  depends_on: {_list(needed)}" if needed else ""
    return f"""---
apiVersion: svcascode/v1
kind: Service
metadata: {{id: {ident}, owner: {owner}}}
spec:
  type: business
  cis: {_list(cis)}{depends}
"""


def sla(
    ident: str,
    party: str,
    services: Iterable[str],
    availability: float | None = None,
    hours_24x7: bool = False,
) -> str:
    targets = f"\n  targets: {{availability: {availability}}}" if availability is not None else ""
    hours = "\n  service_hours: 24x7" if hours_24x7 else ""
    return f"""---
apiVersion: svcascode/v1
kind: Agreement
metadata: {{id: {ident}}}
spec:
  type: SLA
  party: {party}
  services: {_list(services)}{targets}{hours}
"""


def change(
    ident: str,
    cis: Iterable[str],
    type_: str = "normal",
    risk: str = "low",
    start: str = START,
    end: str = END,
) -> str:
    template = "\n  template: tpl-reboot" if type_ == "standard" else ""
    return f"""---
apiVersion: svcascode/v1
kind: Change
metadata: {{id: {ident}}}
spec:
  type: {type_}{template}
  risk: {risk}
  cis: {_list(cis)}
  window: {{start: "{start}", end: "{end}"}}
  requester: ana
  backout: undo it
"""


TEMPLATE = """---
apiVersion: svcascode/v1
kind: ChangeTemplate
metadata: {id: tpl-reboot, owner: ops}
spec: {classes: [server], max_duration: 2h, procedure: reboot}
"""

OPS = team("ops", "ana", "bo")


def build(root: Path, *documents: str) -> Index:
    """Write ``documents`` (plus the ``ops`` team unless given) below a fresh folder of
    ``root`` and return the index; no finding of severity error is tolerated."""
    text = "".join(documents)
    if "metadata: {id: ops}" not in text:
        text = OPS + text
    folder = root / f"repo-{next(_folders)}"
    write_files(folder, {"cmdb/all.yaml": text})
    result = lint(WorkingTree(folder, use_git=False))
    errors = [str(f) for f in result.findings if f.severity == "error"]
    assert errors == [], errors
    assert result.index is not None
    return result.index


def impact_of(index: Index, *cis: str, changes: Iterable[str] = ()) -> Impact:
    """The impact of taking ``cis`` down and of the change documents ``changes``."""
    seeds = seeds_from_keys(index, [("Change", c) for c in changes])
    seeds.cis |= set(cis)
    return analyse(index, seeds)


def seeds_of(*cis: str) -> Seeds:
    return Seeds(cis=set(cis))
