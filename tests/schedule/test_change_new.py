"""``svc change new``: the next id, a file that lints clean, and refusals with exit 2."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from svcascode.change_new import slugify
from svcascode.cli.main import cli
from svcascode.lint import lint
from svcascode.loader.sources import WorkingTree
from svcascode.model.types import ID_PATTERN
from tests.schedule.estate import change, repo

TEMPLATE = """
apiVersion: svcascode/v1
kind: ChangeTemplate
metadata: {id: db-patch, owner: ops}
spec:
  classes: [database]
  max_duration: 2h
"""
START = "2026-12-08T22:00:00+01:00"
CHECKED = {"schema", "change-template", "change-backout", "unresolved-reference"}
"""Rules a freshly written change must never trip (others judge the estate and dates)."""


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("GITHUB_ACTOR", raising=False)
    return repo(
        tmp_path,
        {
            "templates.yaml": TEMPLATE,
            "requests/2026/chg-0041-old.yaml": change(
                "chg-0041-old", "db", "2026-11-01T22:00:00+01:00", "2026-11-01T23:00:00+01:00"
            ),
        },
    )


def new(root: Path, *args: str, title: str = "Patch the database") -> Result:
    base = ["change", "new", "--repo", str(root), "--title", title, "--start", START]
    if "--type" not in args:
        base += ["--type", "normal"]
    if "--ci" not in args:
        base += ["--ci", "db"]
    if "--duration" not in args:
        base += ["--duration", "1h30m"]
    return CliRunner().invoke(cli, [*base, *args], prog_name="svc")


def findings_for(root: Path, path: Path) -> list[str]:
    result = lint(WorkingTree(root, use_git=False))
    rel = path.relative_to(root).as_posix()
    return [f"{f.rule}: {f.message}" for f in result.findings if f.path == rel]


def written(root: Path, result: Result) -> Path:
    assert result.exit_code == 0, result.output
    path = Path(result.stdout.strip())
    return path if path.is_absolute() else Path.cwd() / path


def test_writes_a_change_that_lints_clean(root: Path) -> None:
    result = new(root, "--requester", "ana", "--ci", "db", "--ci", "app", "--risk", "high")
    path = written(root, result)
    assert path == root / "changes/requests/2026/chg-0042-patch-the-database.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schemas/change.json\n")
    for line in (
        "  id: chg-0042-patch-the-database",
        "  type: normal",
        "  cis: [db, app]",
        "    start: 2026-12-08T22:00:00+01:00",
        "    end: 2026-12-08T23:30:00+01:00",
        "  risk: high",
        "  requester: ana",
    ):
        assert line in text.splitlines()
    assert "TODO" in text
    found = findings_for(root, path)
    assert [f for f in found if f.split(":")[0] in CHECKED] == []


def test_standard_change_with_its_template_lints_clean(root: Path) -> None:
    path = written(
        root, new(root, "--type", "standard", "--template", "db-patch", "--requester", "ana")
    )
    text = path.read_text(encoding="utf-8")
    assert "  template: db-patch" in text.splitlines()
    assert "  risk: low" in text.splitlines()
    assert [f for f in findings_for(root, path) if f.split(":")[0] in CHECKED] == []


def test_the_next_id_increments(root: Path) -> None:
    first = written(root, new(root, "--requester", "ana"))
    second = written(root, new(root, "--requester", "ana", title="Patch it again"))
    assert first.name == "chg-0042-patch-the-database.yaml"
    assert second.name == "chg-0043-patch-it-again.yaml"


def test_first_change_of_a_repository_is_0001(tmp_path: Path) -> None:
    root = repo(tmp_path)
    path = written(root, new(root, "--requester", "ana", title="Første endring"))
    assert path.name == "chg-0001-forste-endring.yaml"


def test_requester_from_github_actor(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTOR", "octo-cat")
    path = written(root, new(root))
    assert "  requester: octo-cat" in path.read_text(encoding="utf-8").splitlines()


def test_out_folder_and_never_overwriting(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "elsewhere"
    out.mkdir()
    existing = out / "chg-0042-patch-the-database.yaml"
    existing.write_text("mine\n", encoding="utf-8")
    result = new(root, "--requester", "ana", "--out", str(out))
    assert result.exit_code == 2
    assert "not overwritten" in result.output
    assert existing.read_text(encoding="utf-8") == "mine\n"
    path = written(root, new(root, "--requester", "ana", "--out", str(out), title="Other"))
    assert path.parent == out
    assert "$schema=../schemas/change.json" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--type", "standard"), "needs --template"),
        (("--type", "standard", "--template", "db-pach"), "did you mean db-patch"),
        (("--type", "standard", "--template", "db-patch", "--risk", "high"), "low risk"),
        (("--template", "db-patch"), "only a standard change"),
        (("--ci", "dbb"), "unknown configuration item 'dbb'; did you mean db"),
        (("--ci", "db", "--ci", "nothing-like-it"), "unknown configuration item 'nothing"),
        (("--start", "2026-12-08T22:00:00"), "offset"),
        (("--start", "next tuesday"), "offset"),
        (("--duration", "soon"), "not a duration"),
        (("--duration", "0m"), "longer than zero"),
        (("--type", "minor"), "Invalid value for '--type'"),
    ],
)
def test_refusals_exit_2_and_write_nothing(root: Path, args: tuple[str, ...], message: str) -> None:
    before = sorted(root.rglob("*.yaml"))
    result = new(root, "--requester", "ana", *args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert sorted(root.rglob("*.yaml")) == before


def test_requester_is_required_without_github_actor(root: Path) -> None:
    result = new(root)
    assert result.exit_code == 2
    assert "--requester" in result.output


def test_bad_requester_handle(root: Path) -> None:
    result = new(root, "--requester", "not a login")
    assert result.exit_code == 2
    assert "git host login" in result.output


def test_template_fit_is_warned_about(root: Path) -> None:
    result = new(
        root,
        "--type",
        "standard",
        "--template",
        "db-patch",
        "--ci",
        "app",
        "--duration",
        "3h",
        "--requester",
        "ana",
    )
    assert result.exit_code == 0
    assert "app is a application, which template db-patch does not cover" in result.stderr
    assert "longer than template db-patch allows (2h)" in result.stderr


def test_group_repo_option(root: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "change",
            "--repo",
            str(root),
            "new",
            "--type",
            "normal",
            "--ci",
            "db",
            "--title",
            "X",
            "--start",
            START,
            "--duration",
            "1h",
            "--requester",
            "ana",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (root / "changes/requests/2026/chg-0042-x.yaml").is_file()


@pytest.mark.parametrize(
    ("title", "room", "slug"),
    [
        ("Patch the database", 54, "patch-the-database"),
        ("Bytt sertifikat på portalen: «æøå»!", 54, "bytt-sertifikat-pa-portalen-aeoa"),
        ("  --  ", 54, ""),
        ("one two three", 9, "one-two"),
        ("abcdefghijkl", 5, "abcde"),
    ],
)
def test_slugify(title: str, room: int, slug: str) -> None:
    assert slugify(title, room) == slug


def test_long_titles_still_make_a_valid_id(root: Path) -> None:
    path = written(root, new(root, "--requester", "ana", title="word " * 40))
    ident = path.stem
    assert len(ident) <= 63 and re.match(ID_PATTERN, ident)
