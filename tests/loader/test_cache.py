"""The parse cache never serves a stale result: whatever happens to the files, the
settings, the tool or the cache file itself, a cached lint finds what a fresh one finds."""

from __future__ import annotations

import marshal
import os
import pickle
import random
import shutil
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from svcascode.cli.main import cli
from svcascode.lint import LintResult, lint
from svcascode.loader import cache as cache_module
from svcascode.loader import fastparse
from svcascode.loader.cache import CACHE_FILE, ParseCache, entry_name, tool_key
from svcascode.loader.load import LoadOptions
from svcascode.loader.parsefile import parse_file
from svcascode.loader.sources import WorkingTree, blob_id
from svcascode.loader.yamlparse import Limits
from tests.conftest import AS_OF, CI_DB, TEAM, write_files
from tests.loader.gitrepo import commit, git, git_repo
from tests.rules.helpers import PARTIES, agreement, item, service

DB = "cmdb/db.yaml"
FILES = {"agreements/teams.yaml": TEAM, DB: CI_DB, "cmdb/app.yaml": CI_DB.replace("db", "app")}
OWNER = ("unresolved-reference", DB, 5, 10)
"""Where the finding of ``owner: opz`` (a team that does not exist) is."""

Seen = list[tuple[str, str, int, int]]


def seen(result: LintResult) -> Seen:
    return [(f.rule, f.path, f.line, f.column) for f in result.findings]


def full(result: LintResult) -> list[tuple[object, ...]]:
    return [
        (f.rule, f.path, f.line, f.column, f.severity, f.message, f.kind, f.id)
        for f in result.findings
    ]


@dataclass
class Linter:
    """Lints one repository the way consecutive runs do: the cache is read from its
    folder at the start of each run and saved at the end."""

    root: Path
    folder: Path
    last: ParseCache | None = None

    def __call__(self, as_of: date | None = AS_OF) -> LintResult:
        self.last = ParseCache.open(self.folder)
        result = lint(WorkingTree(self.root), as_of, LoadOptions(cache=self.last))
        fresh = lint(WorkingTree(self.root), as_of, LoadOptions(fast=False))
        assert full(result) == full(fresh), "the cached lint differs from a fresh exact one"
        assert result.files == fresh.files and result.entities == fresh.entities
        return result

    @property
    def hits(self) -> int:
        assert self.last is not None
        return self.last.hits

    @property
    def misses(self) -> int:
        assert self.last is not None
        return self.last.misses


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return git_repo(tmp_path / "repo", FILES)


@pytest.fixture
def linter(repo: Path, tmp_path: Path) -> Linter:
    run = Linter(repo, tmp_path / "cache")
    assert seen(run()) == []
    assert (run.hits, run.misses) == (0, 3)
    assert seen(run()) == []
    assert (run.hits, run.misses) == (3, 0)
    return run


def edit(root: Path, path: str = DB, keep_mtime: bool = False) -> None:
    """Point the item at a team that does not exist, keeping the file's size."""
    file = root / path
    before = file.stat()
    file.write_text(file.read_text().replace("owner: ops", "owner: opz"))
    if keep_mtime:
        os.utime(file, ns=(before.st_atime_ns, before.st_mtime_ns))


# --- the working tree ------------------------------------------------------------------


@pytest.mark.parametrize("keep_mtime", [False, True], ids=["edited", "edited, mtime kept"])
def test_an_uncommitted_edit_is_seen(linter: Linter, repo: Path, keep_mtime: bool) -> None:
    edit(repo, keep_mtime=keep_mtime)
    assert seen(linter()) == [OWNER]
    assert (linter.hits, linter.misses) == (2, 1)
    assert seen(linter()) == [OWNER]  # and the edit's parse is now cached
    assert linter.hits == 3


def test_an_edit_right_after_the_commit_is_seen(repo: Path, tmp_path: Path) -> None:
    """Racy git: the file changes in the same second the index was written."""
    linter = Linter(repo, tmp_path / "cache")
    for _ in range(3):
        edit(repo)
        commit(repo)
        assert seen(linter()) == [OWNER]
        (repo / DB).write_text(CI_DB.lstrip("\n"))
        assert seen(linter()) == []


@pytest.mark.parametrize("flag", ["--assume-unchanged", "--skip-worktree"])
def test_an_edit_git_is_told_to_ignore_is_seen(linter: Linter, repo: Path, flag: str) -> None:
    git(repo, "update-index", flag, DB)
    assert git(repo, "status", "--porcelain") == ""
    edit(repo)
    assert git(repo, "status", "--porcelain") == ""  # git does not see the edit
    assert seen(linter()) == [OWNER]


def test_a_staged_edit_is_seen(linter: Linter, repo: Path) -> None:
    edit(repo)
    git(repo, "add", DB)
    assert seen(linter()) == [OWNER]


@pytest.mark.parametrize("how", ["git mv", "mv"])
def test_a_renamed_file_s_findings_carry_the_new_path(linter: Linter, repo: Path, how: str) -> None:
    edit(repo)
    commit(repo)
    assert seen(linter()) == [OWNER]
    new = "cmdb/database/main.yaml"
    (repo / "cmdb/database").mkdir()
    if how == "git mv":
        git(repo, "mv", DB, new)
    else:
        (repo / DB).rename(repo / new)
    result = linter()
    assert seen(result) == [("unresolved-reference", new, 5, 10)]
    assert linter.hits == 3  # the same content: its parse is reused
    assert result.files == 3


def test_a_reverted_file_is_served_from_the_cache(linter: Linter, repo: Path) -> None:
    edit(repo)
    assert seen(linter()) == [OWNER]
    git(repo, "checkout", "--", DB)
    assert seen(linter()) == []
    assert (linter.hits, linter.misses) == (3, 0)


def test_an_untracked_file_is_linted(linter: Linter, repo: Path) -> None:
    write_files(repo, {"cmdb/new.yaml": CI_DB.replace("db", "new").replace("ops", "nobody")})
    result = linter()
    assert seen(result) == [("unresolved-reference", "cmdb/new.yaml", 5, 10)]
    assert result.files == 4
    assert (linter.hits, linter.misses) == (3, 1)


def test_a_deleted_tracked_file_is_not_linted(linter: Linter, repo: Path) -> None:
    (repo / "agreements/teams.yaml").unlink()
    result = linter()
    assert result.files == 2
    assert {f.path for f in result.findings} == {DB, "cmdb/app.yaml"}
    assert {f.rule for f in result.findings} == {"unresolved-reference"}


def test_a_file_replaced_by_a_folder_is_not_read(linter: Linter, repo: Path) -> None:
    (repo / DB).unlink()
    (repo / DB).mkdir()
    assert linter().files == 2


def test_an_edit_to_a_symlinked_file_is_seen(tmp_path: Path) -> None:
    """git tracks a symbolic link by its target's name: the blob id in the index names
    the link, not the content lint reads through it."""
    root = git_repo(tmp_path / "repo", {"agreements/teams.yaml": TEAM, "shared/db.yaml": CI_DB})
    (root / "cmdb").mkdir()
    (root / DB).symlink_to("../shared/db.yaml")
    commit(root)
    run = Linter(root, tmp_path / "cache")
    assert seen(run()) == []
    edit(root, "shared/db.yaml")
    assert git(root, "status", "--porcelain") == " M shared/db.yaml\n"
    assert seen(run()) == [OWNER]


class EditedWhileListing(WorkingTree):
    """A working tree whose ``cmdb/db.yaml`` is saved by an editor just after git listed
    it, before lint reads it."""

    def list_files(self, roots: Sequence[str]) -> list[str]:
        files = super().list_files(roots)
        edit(self.root)
        return files


def test_an_edit_during_a_run_does_not_poison_the_cache(repo: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    during = lint(EditedWhileListing(repo), AS_OF, LoadOptions(cache=ParseCache.open(folder)))
    assert seen(during) == [OWNER]  # this run read the edited file: fine
    git(repo, "checkout", "--", DB)  # the edit is undone
    run = Linter(repo, folder)
    assert seen(run()) == []


# --- what decides a parse besides the content ------------------------------------------


def poisoned(root: Path, folder: Path, key: str) -> None:
    """A cache under ``key`` whose entries say every file is empty."""
    cache = ParseCache(folder, key=key)
    tree = WorkingTree(root)
    for path in tree.list_files(["agreements", "cmdb"]):
        data = (root / path).read_bytes()
        cache.put(blob_id(data), Limits(), marshal.dumps(([], [], True)))
    cache.save()
    assert (folder / CACHE_FILE).is_file()


def test_a_cache_of_another_tool_version_is_ignored(repo: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    poisoned(repo, folder, key="svcascode 0.0.1 with another parser")
    run = Linter(repo, folder)
    result = run()
    assert (run.hits, run.misses) == (0, 3)
    assert result.entities == 3
    run()
    assert run.hits == 3  # and the file now holds this version's entries


def test_the_same_key_serves_its_entries(repo: Path, tmp_path: Path) -> None:
    """The counterpart of the test above: a poisoned cache of this very version is
    served, so that ignoring another version's cache is what the key achieves."""
    folder = tmp_path / "cache"
    poisoned(repo, folder, key=tool_key())
    cache = ParseCache.open(folder)
    assert lint(WorkingTree(repo), AS_OF, LoadOptions(cache=cache)).entities == 0
    assert cache.hits == 3


@pytest.fixture
def fresh_key(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """``tool_key`` computed afresh in the test, and again for the tests after it."""
    tool_key.cache_clear()
    yield
    monkeypatch.undo()
    tool_key.cache_clear()


def test_the_tool_key_names_the_fast_parser(
    fresh_key: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = tool_key()
    assert ParseCache(None).key == key
    monkeypatch.setattr(fastparse, "PARSER", "rustyyaml 9.9.9")
    tool_key.cache_clear()
    assert tool_key() != key


def test_the_tool_key_names_the_exact_parser(
    fresh_key: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PyYAML decides the exact path's readings and its messages: another version in
    another environment must not be served this one's syntax errors."""
    key = tool_key()
    monkeypatch.setattr(yaml, "__version__", "5.4.1")
    tool_key.cache_clear()
    assert tool_key() != key


def test_limits_and_the_parse_path_are_part_of_an_entry_s_name() -> None:
    def name(limits: Limits, fast: bool = True) -> str:
        return entry_name("b" * 40, limits, fast)

    assert len({name(Limits(10, 5, 200)), name(Limits(10, 6, 200))}) == 2
    assert len({name(Limits(10, 5, 200)), name(Limits(11, 5, 200))}) == 2
    assert len({name(Limits(10, 5, 200)), name(Limits(10, 5, 201))}) == 2
    assert len({name(Limits(10, 5, 200)), name(Limits(10, 5, 200), fast=False)}) == 2


def estate(valid_until: str) -> dict[str, str]:
    return {
        "agreements/parties.yaml": PARTIES,
        "agreements/sla.yaml": agreement(
            "web-sla", "SLA", "acme", "services: [web]", f"valid_until: {valid_until}"
        ),
        "catalog/services.yaml": service("web", "cis: [app]"),
        "cmdb/app.yaml": item("app"),
    }


def test_findings_follow_the_day_judged_against(tmp_path: Path) -> None:
    root = git_repo(tmp_path / "repo", estate("2026-11-22"))
    run = Linter(root, tmp_path / "cache")
    assert "agreement-expired" not in {f.rule for f in run().findings}
    later = run(as_of=date(2027, 1, 15))
    assert run.misses == 0
    assert [f.rule for f in later.findings if f.rule == "agreement-expired"] == [
        "agreement-expired"
    ]


def test_findings_follow_the_rule_settings(linter: Linter, repo: Path) -> None:
    edit(repo)
    (error,) = linter().findings
    assert error.severity.value == "error"
    (repo / "svcascode.yaml").write_text("rules:\n  unresolved-reference: warning\n")
    (warning,) = linter().findings
    assert warning.severity.value == "warning"
    assert linter.misses == 0
    (repo / "svcascode.yaml").write_text("rules:\n  unresolved-reference: 'off'\n")
    assert linter().findings == []


INVALID = CI_DB.replace("class: database", "class: database\n  criticality: extreme").lstrip("\n")


def test_a_cached_fast_parse_that_no_longer_validates_is_parsed_again(
    repo: Path, tmp_path: Path
) -> None:
    """A schema change: an entry cached while the document was valid (a fast parse) now
    fails validation, so the file is parsed again exactly, for exact positions."""
    (repo / DB).write_text(INVALID)
    data = INVALID.encode()
    stale = parse_file(DB, data, Limits())
    assert stale[2] is False  # parsing does not validate: the fast path read it
    folder = tmp_path / "cache"
    planted = ParseCache(folder)
    planted.put(blob_id(data), Limits(), marshal.dumps(stale))
    planted.save()

    run = Linter(repo, folder)
    result = run()
    assert run.hits == 1
    assert [(f.rule, f.path, f.line, f.column) for f in result.findings] == [("schema", DB, 8, 16)]
    again = ParseCache.open(folder).get(blob_id(data), Limits())
    assert again is not None
    assert marshal.loads(again)[2] is True  # the exact parse replaced the fast one


DEEP = CI_DB.lstrip("\n") + "  attributes:\n    a: " + "{k: " * 6 + "x" + "}" * 6 + "\n"


def test_different_limits_use_different_entries(repo: Path, tmp_path: Path) -> None:
    (repo / DB).write_text(DEEP)
    commit(repo)
    run = Linter(repo, tmp_path / "cache")
    assert seen(run()) == []
    (repo / "svcascode.yaml").write_text("limits:\n  max_depth: 6\n")
    assert seen(run()) == [("yaml-limits", DB, 9, 21)]
    assert run.misses == 3
    (repo / "svcascode.yaml").write_text("limits:\n  max_nodes: 1000\n")
    assert seen(run()) == []
    assert run.misses == 3
    (repo / "svcascode.yaml").unlink()
    assert seen(run()) == []
    assert run.misses == 0  # both readings are kept


def test_a_file_over_a_lowered_size_limit_is_reported(linter: Linter, repo: Path) -> None:
    (repo / "svcascode.yaml").write_text("limits:\n  max_file_bytes: 100\n")
    assert {f.rule for f in linter().findings} == {"yaml-limits"}


# --- the cache file itself -------------------------------------------------------------


def damaged(good: bytes) -> Iterator[tuple[str, bytes]]:
    yield "empty", b""
    yield "one zero byte", b"\0"
    yield "random bytes", random.Random(7).randbytes(500)
    yield "json", b'{"key": "value", "entries": {}}'
    yield "pickle", pickle.dumps({"a": 1})
    yield "a marshalled list", marshal.dumps([1, 2, 3])
    yield "a tuple of three", marshal.dumps((tool_key(), {}, 1))
    yield "entries not a dict", marshal.dumps((tool_key(), [1, 2]))
    for cut in (1, 5, len(good) // 3, len(good) // 2, len(good) - 20, len(good) - 1):
        yield f"cut at {cut}", good[:cut]


@pytest.fixture
def good_cache(repo: Path, tmp_path: Path) -> tuple[Path, bytes]:
    folder = tmp_path / "cache"
    Linter(repo, folder)()
    return folder, (folder / CACHE_FILE).read_bytes()


def test_a_damaged_or_foreign_cache_file_is_an_empty_cache(
    repo: Path, good_cache: tuple[Path, bytes]
) -> None:
    folder, good = good_cache
    for name, data in damaged(good):
        (folder / CACHE_FILE).write_bytes(data)
        run = Linter(repo, folder)
        result = run()  # no error, and the findings of a fresh lint
        assert run.hits == 0, name
        assert result.entities == 3, name


def _rewrite_entries(folder: Path, change: Callable[[bytes], object]) -> None:
    with open(folder / CACHE_FILE, "rb") as handle:
        key, entries = marshal.load(handle)
    assert key == tool_key() and entries
    entries = {name: change(packed) for name, packed in entries.items()}
    with open(folder / CACHE_FILE, "wb") as handle:
        marshal.dump((key, entries), handle)


@pytest.mark.parametrize(
    "change",
    [
        lambda packed: packed[: len(packed) // 2],
        lambda packed: b"\xff" + packed[1:],
        lambda packed: packed[:-1],
        lambda packed: marshal.dumps("not an entry"),
        lambda packed: "not bytes",
    ],
    ids=["half an entry", "a bad type code", "last byte lost", "a string", "not bytes"],
)
def test_damaged_entries_are_an_empty_cache(
    repo: Path, good_cache: tuple[Path, bytes], change: Callable[[bytes], object]
) -> None:
    """Damage inside the file (a disk error, an interrupted copy of the cache folder)
    must not stop lint either."""
    folder, _ = good_cache
    _rewrite_entries(folder, change)
    result = Linter(repo, folder)()
    assert result.entities == 3


@pytest.mark.parametrize("layout", ["file in the way", "below a file", "folder as the cache file"])
def test_an_unusable_cache_folder_still_lints(repo: Path, tmp_path: Path, layout: str) -> None:
    folder = tmp_path / "cache"
    if layout == "file in the way":
        folder.write_text("not a folder")
    elif layout == "below a file":
        (tmp_path / "file").write_text("x")
        folder = tmp_path / "file" / "cache"
    else:
        (folder / CACHE_FILE).mkdir(parents=True)
    run = Linter(repo, folder)
    assert run().entities == 3
    assert run().entities == 3
    assert run.hits == 0


def test_the_folder_is_git_ignored_and_holds_no_temporary_file(repo: Path) -> None:
    folder = repo / ".svcascode" / "cache"  # inside the checkout
    run = Linter(repo, folder)
    run()
    edit(repo)
    run()  # a second save replaces the file
    assert sorted(p.name for p in folder.iterdir()) == [".gitignore", CACHE_FILE]
    assert "*" in (folder / ".gitignore").read_text().splitlines()
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == f" M {DB}\n"


def test_a_failed_write_keeps_the_previous_file(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cache"
    run = Linter(repo, folder)
    run()
    before = (folder / CACHE_FILE).read_bytes()

    def disk_full(source: str, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache_module.os, "replace", disk_full)
    edit(repo)
    assert seen(run()) == [OWNER]
    assert (folder / CACHE_FILE).read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == [".gitignore", CACHE_FILE]


def test_nothing_is_written_when_nothing_was_added(linter: Linter) -> None:
    file = linter.folder / CACHE_FILE
    before = file.stat().st_mtime_ns
    shutil.copy(file, linter.folder.parent / "copy")
    linter()
    assert file.stat().st_mtime_ns == before
    assert file.read_bytes() == (linter.folder.parent / "copy").read_bytes()


# --- the command line ------------------------------------------------------------------


@dataclass
class Svc:
    monkeypatch: pytest.MonkeyPatch
    opened: list[ParseCache]

    def __call__(self, *args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(cli, list(args), prog_name="svc")
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def svc(monkeypatch: pytest.MonkeyPatch) -> Svc:
    """``svc ARGS``, recording every cache a command opens."""
    for name in ("GITHUB_ACTIONS", "CI", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    opened: list[ParseCache] = []
    real = ParseCache.open.__func__  # type: ignore[attr-defined]

    def spy(cls: type[ParseCache], folder: Path) -> ParseCache:
        cache: ParseCache = real(cls, folder)
        opened.append(cache)
        return cache

    monkeypatch.setattr(ParseCache, "open", classmethod(spy))
    return Svc(monkeypatch, opened)


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob(CACHE_FILE)) if folder.exists() else []


def test_lint_twice_gives_the_same_output_from_the_cache(
    svc: Svc, repo: Path, tmp_path: Path
) -> None:
    edit(repo)
    folder = tmp_path / "svc-cache"
    first = svc("lint", "--repo", str(repo), "--cache-dir", str(folder))
    assert first[0] == 1 and "opz" in first[1]
    (file,) = cache_files(folder)
    before = file.stat().st_mtime_ns
    second = svc("lint", "--repo", str(repo), "--cache-dir", str(folder))
    assert second == first  # the whole run reused: the parse cache is not even read
    (stored,) = file.parent.glob("lint-*.bin")
    stored.unlink()
    third = svc("lint", "--repo", str(repo), "--cache-dir", str(folder))
    assert third == first  # checked again, every file parsed from the cache
    assert file.stat().st_mtime_ns == before
    assert [(c.hits, c.misses) for c in svc.opened] == [(0, 3), (0, 0), (3, 0)]
    assert git(repo, "status", "--porcelain") == f" M {DB}\n"  # nothing in the checkout


def test_no_cache_reads_and_writes_nothing(svc: Svc, repo: Path, tmp_path: Path) -> None:
    folder = tmp_path / "env-cache"
    svc.monkeypatch.setenv("SVCASCODE_CACHE_DIR", str(folder))
    code, out, _ = svc("lint", "--repo", str(repo), "--no-cache")
    assert code == 0 and "3 files" in out
    assert not folder.exists()
    assert svc.opened == []


def test_the_cache_dir_comes_from_the_environment(svc: Svc, repo: Path, tmp_path: Path) -> None:
    folder = tmp_path / "env-cache"
    svc.monkeypatch.setenv("SVCASCODE_CACHE_DIR", str(folder))
    svc("lint", "--repo", str(repo))
    (file,) = cache_files(folder)
    assert file.parent.parent == folder
    assert file.parent.name.startswith("repo-")
    for stored in file.parent.glob("lint-*.bin"):
        stored.unlink()
    svc("lint", "--repo", str(repo), "--format", "json")
    assert svc.opened[-1].hits == 3


def test_the_default_cache_dir_is_the_user_cache(svc: Svc, repo: Path, tmp_path: Path) -> None:
    svc.monkeypatch.delenv("SVCASCODE_CACHE_DIR", raising=False)
    svc.monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    svc("lint", "--repo", str(repo))
    (file,) = cache_files(tmp_path / "xdg")
    assert file.parent.parent == tmp_path / "xdg" / "svcascode"


def test_two_repositories_do_not_share_a_cache_folder(svc: Svc, repo: Path, tmp_path: Path) -> None:
    other = git_repo(tmp_path / "other" / "repo", FILES)
    folder = tmp_path / "svc-cache"
    svc("lint", "--repo", str(repo), "--cache-dir", str(folder))
    svc("lint", "--repo", str(other), "--cache-dir", str(folder))
    assert len(cache_files(folder)) == 2


# --- when the cache file is read and written ---------------------------------------------


def filled(folder: Path, count: int) -> ParseCache:
    cache = ParseCache(folder)
    for number in range(count):
        cache.put(blob_id(b"%d" % number), Limits(), marshal.dumps(([], [], True)))
    cache.save()
    return ParseCache.open(folder)


def test_a_few_new_entries_do_not_rewrite_a_large_file(tmp_path: Path) -> None:
    """Writing the whole file for one edited file costs more than parsing it next time."""
    cache = filled(tmp_path, 300)
    file = tmp_path / CACHE_FILE
    before = file.read_bytes()
    cache.put(blob_id(b"new"), Limits(), marshal.dumps(([], [], True)))
    cache.save()
    assert file.read_bytes() == before
    assert ParseCache.open(tmp_path).get(blob_id(b"new"), Limits()) is None
    for number in range(4):  # over 1 % of the entries: worth a write
        cache.put(blob_id(b"more %d" % number), Limits(), marshal.dumps(([], [], True)))
    cache.save()
    assert ParseCache.open(tmp_path).get(blob_id(b"more 3"), Limits()) is not None


def test_a_large_file_is_not_read_for_a_handful_of_files(tmp_path: Path) -> None:
    cache = filled(tmp_path, 3000)
    size = (tmp_path / CACHE_FILE).stat().st_size
    needed = -(-size // cache_module.READ_BYTES_PER_FILE)
    assert needed > 1
    assert not cache.worth_reading(needed - 1)
    assert cache.worth_reading(needed)
    cache.get(blob_id(b"1"), Limits())
    assert cache.worth_reading(1)  # read already: nothing more to pay


def test_a_load_of_a_few_files_leaves_a_large_cache_unread(tmp_path: Path) -> None:
    root = git_repo(tmp_path / "repo", FILES)
    filled(tmp_path / "cache", 20_000)
    cache = ParseCache.open(tmp_path / "cache")
    result = lint(WorkingTree(root), AS_OF, LoadOptions(cache=cache))
    assert seen(result) == []
    assert (cache.hits, cache.misses) == (0, 0)
