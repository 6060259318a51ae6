"""``svc change new``: write a new change request with the next free id.

Change ids look like ``chg-0157-print-server-patch``: ``chg-``, a number one above the
highest in the repository (valid or not, and file names too), zero-padded to four
digits, and a slug of the title. The file goes to ``changes/requests/<year>/<id>.yaml``
(the year of the window's start) with the editor's schema comment, the spec filled in
and the plans left as ``TODO`` text for the requester; an existing file is never
overwritten.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal

import yaml

from svcascode.errors import SvcError
from svcascode.index import Index
from svcascode.model.change import ChangeTemplate
from svcascode.model.ci import ConfigurationItem
from svcascode.model.types import format_duration

ChangeType = Literal["standard", "normal", "emergency"]
RiskLevel = Literal["low", "medium", "high"]

PREFIX = "chg"
MAX_ID = 63
_NUMBERED = re.compile(rf"^{PREFIX}-(\d+)(?:-|$)")
_HANDLE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\[bot\])?$")
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "ß": "ss", "þ": "th", "đ": "d", "ł": "l"})


class ChangeRequestError(SvcError):
    """The new change cannot be written as asked."""


@dataclass(frozen=True)
class ChangeRequest:
    """What the requester asks for."""

    type: ChangeType
    cis: tuple[str, ...]
    title: str
    start: datetime
    duration: timedelta
    requester: str
    template: str | None = None
    risk: RiskLevel | None = None
    """Default: ``low`` for a standard change, ``medium`` otherwise."""

    @property
    def end(self) -> datetime:
        return self.start + self.duration

    @property
    def effective_risk(self) -> RiskLevel:
        if self.risk is not None:
            return self.risk
        return "low" if self.type == "standard" else "medium"


@dataclass(frozen=True)
class NewChange:
    """The change written: its id, file and text, and what the requester should know."""

    id: str
    path: Path
    text: str
    warnings: tuple[str, ...] = ()


def slugify(title: str, room: int) -> str:
    """Lower-case ASCII words of ``title`` joined by hyphens, at most ``room`` long,
    cut at a word boundary."""
    folded = unicodedata.normalize("NFKD", title.lower().translate(_FOLD))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > room:
        cut = slug[: room + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:room]
    return slug[:room].strip("-")


def _existing_numbers(index: Index, folder: Path) -> Iterable[int]:
    ids = list(index.by_kind.get("Change", {}))
    ids += [ident for kind, ident in index.broken if kind == "Change"]
    if folder.is_dir():
        ids += [path.stem for path in folder.rglob(f"{PREFIX}-*") if path.is_file()]
    for ident in ids:
        match = _NUMBERED.match(ident)
        if match:
            yield int(match.group(1))


def next_id(index: Index, changes_folder: Path, title: str) -> str:
    """``chg-NNNN-slug`` with the number after the highest in use."""
    number = max(_existing_numbers(index, changes_folder), default=0) + 1
    stem = f"{PREFIX}-{number:04d}"
    slug = slugify(title, MAX_ID - len(stem) - 1)
    return f"{stem}-{slug}" if slug else stem


def _unknown_cis(index: Index, cis: Iterable[str]) -> list[str]:
    known = set(index.by_kind.get("ConfigurationItem", {}))
    known |= {ident for kind, ident in index.broken if kind == "ConfigurationItem"}
    problems = []
    for ci in cis:
        if ci in known:
            continue
        close = difflib.get_close_matches(ci, sorted(known), n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        problems.append(f"unknown configuration item {ci!r}{hint}")
    return problems


def _template_problems(index: Index, request: ChangeRequest) -> list[str]:
    if request.type != "standard":
        if request.template is not None:
            return [
                f"only a standard change follows a template; drop --template or use "
                f"--type standard (this is a {request.type} change)"
            ]
        return []
    if request.template is None:
        return ["a standard change needs --template: the id of the ChangeTemplate it follows"]
    known = set(index.by_kind.get("ChangeTemplate", {}))
    known |= {ident for kind, ident in index.broken if kind == "ChangeTemplate"}
    problems = []
    if request.template not in known:
        close = difflib.get_close_matches(request.template, sorted(known), n=3)
        hint = (
            f"did you mean {', '.join(close)}?"
            if close
            else f"known: {', '.join(sorted(known)) or 'none'}"
        )
        problems.append(f"unknown change template {request.template!r}; {hint}")
    if request.risk not in (None, "low"):
        problems.append("a standard change is low risk by definition; use --type normal")
    return problems


def _fit_warnings(index: Index, request: ChangeRequest, now: datetime) -> list[str]:
    warnings = []
    if request.start < now:
        warnings.append(f"the window starts in the past ({request.start.isoformat()})")
    template = index.entity(ChangeTemplate, request.template) if request.template else None
    if template is None:
        return warnings
    allowed = set(template.spec.classes)
    for ci in request.cis:
        item = index.entity(ConfigurationItem, ci)
        if item is not None and item.spec.class_ not in allowed:
            warnings.append(
                f"{ci} is a {item.spec.class_}, which template {request.template} does not "
                "cover; this needs to be a normal change"
            )
    if request.duration > template.spec.max_duration:
        warnings.append(
            f"the window lasts {format_duration(request.duration)}, longer than template "
            f"{request.template} allows ({format_duration(template.spec.max_duration)})"
        )
    return warnings


def check_request(index: Index, request: ChangeRequest) -> None:
    """Raise :class:`ChangeRequestError` with every reason the request cannot be written."""
    problems = []
    if not request.title.strip():
        problems.append("the title is empty")
    if not request.cis:
        problems.append("name at least one configuration item with --ci")
    if request.start.tzinfo is None or request.start.utcoffset() is None:
        problems.append("the start needs an offset (RFC 3339): 2026-12-05T22:00:00+01:00")
    if request.duration <= timedelta(0):
        problems.append("the duration must be longer than zero")
    if not _HANDLE.match(request.requester):
        problems.append(f"{request.requester!r} is not a git host login")
    problems += _unknown_cis(index, request.cis)
    problems += _template_problems(index, request)
    if problems:
        raise ChangeRequestError("\n".join(problems))


def _scalar(value: str) -> str:
    """A YAML scalar for ``value``, quoted only when plain text would be misread."""
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**6)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


def _block(text: str) -> str:
    return "|\n" + "".join(f"    {line}\n" for line in text.splitlines())


def render_change(change_id: str, request: ChangeRequest, schema_ref: str) -> str:
    """The YAML text of the new change."""
    cis = ", ".join(_scalar(ci) for ci in request.cis)
    lines = [
        f"# yaml-language-server: $schema={schema_ref}",
        "apiVersion: svcascode/v1",
        "kind: Change",
        "metadata:",
        f"  id: {change_id}",
        f"  title: {_scalar(request.title.strip())}",
        "  description: "
        + _block("TODO: why the change is needed and what it achieves.").rstrip("\n"),
        "spec:",
        f"  type: {request.type}",
    ]
    if request.template:
        lines.append(f"  template: {_scalar(request.template)}")
    lines += [
        f"  cis: [{cis}]",
        "  window:",
        f"    start: {request.start.isoformat()}",
        f"    end: {request.end.isoformat()}",
        f"  risk: {request.effective_risk}",
        f"  requester: {_scalar(request.requester)}",
        '  # release: {kind: upgrade, version: "1.2.3"}',
    ]
    if request.type == "standard":
        implementation = (
            f"As in template {request.template}.\n"
            "TODO: anything specific to this change (what users notice, who is told)."
        )
        backout = None
    else:
        implementation = "TODO: the steps, in order, with who does what and when."
        backout = "TODO: how the change is undone if it fails, and until when that is possible."
    lines.append("  implementation: " + _block(implementation).rstrip("\n"))
    if backout is not None:
        lines.append("  backout: " + _block(backout).rstrip("\n"))
    else:
        lines.append(
            "  # backout: optional for a standard change; the template's procedure covers it"
        )
    lines.append("  test: " + _block("TODO: how success is verified, and by whom.").rstrip("\n"))
    return "\n".join(lines) + "\n"


def target_folder(root: Path, index: Index, request: ChangeRequest) -> Path:
    """``<changes root>/requests/<year of the start>``."""
    return root / index.load.config.roots.changes / "requests" / f"{request.start.year:04d}"


def create_change(
    root: Path,
    index: Index,
    request: ChangeRequest,
    out: Path | None = None,
    now: datetime | None = None,
) -> NewChange:
    """Check the request, write the change file (never over an existing one), return it."""
    check_request(index, request)
    folder = out if out is not None else target_folder(root, index, request)
    change_id = next_id(index, root / index.load.config.roots.changes, request.title)
    path = folder / f"{change_id}.yaml"
    schema = os.path.relpath(root / "schemas" / "change.json", folder.resolve())
    text = render_change(change_id, request, Path(schema).as_posix())
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise ChangeRequestError(f"{path} exists already; it is not overwritten") from None
    moment = now or datetime.now(request.start.tzinfo)
    return NewChange(change_id, path, text, tuple(_fit_warnings(index, request, moment)))
