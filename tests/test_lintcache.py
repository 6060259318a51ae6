"""Stored lint runs: reused only when every input a rule reads is the same (a description
edit outside every finding's file included), never stale otherwise."""

from __future__ import annotations

import marshal
import sys
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from svcascode import lint as lint_module
from svcascode import lintcache, scope
from svcascode.lint import LintResult
from svcascode.lintcache import ResultCache, lint_reusing
from svcascode.loader import sources
from svcascode.loader.cache import ParseCache
from svcascode.loader.git import read_blobs
from svcascode.loader.load import LoadOptions
from svcascode.loader.sources import GitRevision, WorkingTree, blob_id
from svcascode.report import sarif
from svcascode.scope import lint_changed_since
from tests.conftest import AS_OF, TEAM, write_files
from tests.loader.gitrepo import commit, git, git_repo
from tests.rules.helpers import item

DB = "cmdb/db.yaml"
APP = "cmdb/app.yaml"
DESCRIBED = "  description: The database.\n  owner: ops\n"


def described(ident: str, owner: str = "ops") -> str:
    """An item with a one-line description above its owner."""
    return item(ident, owner=owner).replace(f"  owner: {owner}\n", DESCRIBED.replace("ops", owner))


FILES = {
    "agreements/teams.yaml": TEAM,
    DB: described("db"),
    APP: described("app", owner="nobody"),  # unresolved-reference at 6:10
}


@dataclass
class Linter:
    """Lint the repository through the result cache, counting full runs."""

    root: Path
    folder: Path
    full_runs: int = 0
    results: list[LintResult] = field(default_factory=list)

    def __call__(self, as_of: date = AS_OF) -> LintResult:
        options = LoadOptions(cache=ParseCache.open(self.folder))
        result = lint_reusing(WorkingTree(self.root), ResultCache(self.folder), as_of, options)
        self.results.append(result)
        return result

    def fresh(self, as_of: date = AS_OF) -> LintResult:
        """A lint with no cache at all: what the reused run must equal."""
        return lint_module.lint(WorkingTree(self.root), as_of, LoadOptions())


def count_full_runs(monkeypatch: pytest.MonkeyPatch, run: Linter) -> None:
    """Count every full lint (a stored run reused never calls it)."""
    real = lint_module.lint

    def counted(*args: object, **kwargs: object) -> LintResult:
        run.full_runs += 1
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(lint_module, "lint", counted)


@pytest.fixture
def linter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Linter:
    run = Linter(git_repo(tmp_path / "repo", FILES), tmp_path / "cache")
    count_full_runs(monkeypatch, run)
    first = run()
    assert [(f.rule, f.path, f.line, f.column) for f in first.findings] == [
        ("unresolved-reference", APP, 6, 10)
    ]
    assert run.full_runs == 1
    run.full_runs = 0
    return run


def same(result: LintResult, other: LintResult) -> bool:
    return result.findings == other.findings and result.summary() == other.summary()


def rewrite(root: Path, path: str, old: str, new: str) -> None:
    file = root / path
    text = file.read_text()
    assert old in text
    file.write_text(text.replace(old, new))


def test_nothing_changed_reuses_the_run(linter: Linter) -> None:
    again = linter()
    assert linter.full_runs == 0
    assert same(again, linter.results[0])
    assert again.index is None  # nothing was loaded


@pytest.mark.parametrize(
    "new",
    [
        "  description: Rewritten.\n",
        "  description: >\n    Rewritten over\n    three lines.\n",
        "  description: ''\n",
    ],
    ids=["one line", "folded, lines moved", "empty"],
)
def test_a_description_edit_reuses_the_run(linter: Linter, new: str) -> None:
    rewrite(linter.root, DB, "  description: The database.\n", new)
    again = linter()
    assert linter.full_runs == 0
    assert same(again, linter.fresh())


def test_a_committed_description_edit_reuses_the_run(linter: Linter) -> None:
    rewrite(linter.root, DB, "The database.", "The main database.")
    commit(linter.root)
    again = linter()
    assert linter.full_runs == 0
    assert same(again, linter.fresh())


def test_a_description_edit_in_a_file_with_a_finding_runs_again(linter: Linter) -> None:
    rewrite(linter.root, APP, "  description: The database.\n", "  description: |\n    a\n    b\n")
    again = linter()
    assert linter.full_runs == 1
    assert [(f.path, f.line) for f in again.findings] == [(APP, 8)]  # moved down by two
    assert same(again, linter.fresh())


TITLE, LABELS = "  title: Main DB\n", "  labels: {tier: '1'}\n"


@pytest.mark.parametrize(
    ("old", "new", "outcome"),
    [
        (TITLE, "  title: Main database (Oslo)\n", "reused"),
        (TITLE, "  title: >\n    Main database,\n    Oslo\n", "reused"),
        (LABELS, "  labels: {tier: '2', site: oslo}\n", "reused"),
        (LABELS, "  labels: {}\n", "reused"),
        (LABELS, "  labels: {tier: 2}\n", "invalid"),  # not text: compared as written
        (TITLE, "  title: 2024\n", "invalid"),
        (TITLE, "", "full run"),  # a field removed is a difference
    ],
    ids=[
        "title",
        "title folded",
        "labels",
        "labels emptied",
        "label not text",
        "title not text",
        "title removed",
    ],
)
def test_a_title_or_labels_edit_reuses_the_run(
    linter: Linter, old: str, new: str, outcome: str
) -> None:
    """No rule reads a title or labels (renaming and relabelling are common edits)."""
    rewrite(linter.root, DB, "  owner: ops\n", f"  owner: ops\n{old}")
    commit(linter.root)
    linter()
    assert linter.full_runs == 1
    rewrite(linter.root, DB, old, new)
    again = linter()
    assert linter.full_runs == (1 if outcome == "reused" else 2)
    assert same(again, linter.fresh())
    schema = [f for f in again.findings if f.rule == "schema" and f.path == DB]
    assert bool(schema) == (outcome == "invalid")


EDITS: dict[str, Callable[[Path], object]] = {
    "owner": lambda root: rewrite(root, DB, "owner: ops", "owner: nobody"),
    "title added": lambda root: rewrite(root, DB, "  owner: ops", "  title: DB\n  owner: ops"),
    "description not text": lambda root: rewrite(root, DB, "The database.", "[1, 2]"),
    "description removed": lambda root: rewrite(root, DB, "  description: The database.\n", ""),
    "syntax error": lambda root: rewrite(root, DB, "owner: ops", "owner: [ops"),
    "file added": lambda root: (root / "cmdb/new.yaml").write_text(item("new", owner="x")),
    "file removed": lambda root: (root / DB).unlink(),
    "file renamed": lambda root: (root / DB).rename(root / "cmdb/db2.yaml"),
    "settings": lambda root: (root / "svcascode.yaml").write_text(
        "rules:\n  unresolved-reference: off\n"
    ),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_any_other_edit_runs_again(linter: Linter, edit: str) -> None:
    EDITS[edit](linter.root)
    again = linter()
    assert linter.full_runs == 1
    assert same(again, linter.fresh())


def test_another_day_runs_again(linter: Linter) -> None:
    linter(AS_OF + timedelta(days=1))
    assert linter.full_runs == 1


def test_a_newly_committed_file_runs_again(linter: Linter) -> None:
    """First-commit times are an input (change lead times): committing a file that was
    untracked changes no bytes, but the history."""
    (linter.root / "changes").mkdir()
    (linter.root / "changes/team.yaml").write_text(TEAM.replace("id: ops", "id: ops2"))
    linter()
    assert linter.full_runs == 1
    commit(linter.root)
    linter()
    assert linter.full_runs == 2
    linter()
    assert linter.full_runs == 2


def test_other_code_runs_again(linter: Linter, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lintcache, "package_digest", lambda: "another svcascode")
    linter()
    assert linter.full_runs == 1


@pytest.mark.parametrize("damage", ["truncated", "flipped", "empty", "foreign"])
def test_a_damaged_stored_run_is_a_full_run(linter: Linter, damage: str) -> None:
    (stored,) = linter.folder.glob("lint-*.bin")
    data = stored.read_bytes()
    damaged = {
        "truncated": data[: len(data) // 2],
        "flipped": data[:10] + bytes([data[10] ^ 1]) + data[11:],
        "empty": b"",
        "foreign": b"\x00" * 64,
    }[damage]
    stored.write_bytes(damaged)
    assert same(linter(), linter.results[0])
    assert linter.full_runs == 1


def test_an_untracked_file_edited_runs_again(linter: Linter) -> None:
    """Its earlier content is in no object store, so it cannot be compared."""
    (linter.root / "cmdb/new.yaml").write_text(described("new"))
    linter()
    rewrite(linter.root, "cmdb/new.yaml", "The database.", "Another text.")
    linter()
    assert linter.full_runs == 2


def test_no_more_than_keep_runs_are_kept(linter: Linter) -> None:
    for day in range(lintcache.KEEP + 3):
        linter(AS_OF + timedelta(days=day + 1))
    assert len(list(linter.folder.glob("lint-*.bin"))) == lintcache.KEEP


def test_a_revision_is_never_stored(linter: Linter) -> None:
    """Only the working tree: a revision's files are listed and compared differently."""
    cache = ResultCache(linter.folder / "revisions")
    revision = GitRevision(linter.root, "HEAD")
    cache.store(revision, AS_OF, None, lint_module.lint(revision, AS_OF))
    assert cache.lookup(revision, AS_OF) is None
    assert not cache.folder.exists()


def test_read_blobs_skips_missing_objects(linter: Linter) -> None:
    data = (linter.root / DB).read_bytes()
    known = git(linter.root, "rev-parse", f"HEAD:{DB}").strip()
    tree = git(linter.root, "rev-parse", "HEAD^{tree}").strip()
    missing = blob_id(b"never committed")
    found = read_blobs(linter.root, [missing, tree, known])
    assert found == {known: data}


def test_the_command_line_reuses_the_run_and_no_cache_does_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from svcascode.cli.main import cli

    root = git_repo(tmp_path / "repo", FILES)
    monkeypatch.setenv("SVCASCODE_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("GITHUB_ACTIONS", "CI"):
        monkeypatch.delenv(name, raising=False)
    calls = Linter(root, tmp_path / "cache")  # only counts here: the CLI lints
    count_full_runs(monkeypatch, calls)
    args = ["lint", "--repo", str(root), "--as-of", "2026-11-22", "--format", "json"]
    outputs = [CliRunner().invoke(cli, args).stdout for _ in range(2)]
    assert calls.full_runs == 1 and outputs[0] == outputs[1]
    assert '"unresolved-reference"' in outputs[0]
    rewrite(root, DB, "The database.", "Edited.")
    assert CliRunner().invoke(cli, args).stdout == outputs[0]
    assert calls.full_runs == 1
    assert CliRunner().invoke(cli, [*args, "--no-cache"]).stdout == outputs[0]
    assert calls.full_runs == 2


def test_a_reused_runs_sarif_log_describes_every_rule_without_the_registry(
    linter: Linter, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = sarif.render(linter.results[0])
    assert '"ruleId": "unresolved-reference"' in full
    reused = linter()
    assert linter.full_runs == 0 and reused.rules is not None
    # Importing the registry (and with it every model) now fails: the log must come from
    # what the stored run kept, and be the very log of the full run.
    monkeypatch.setitem(sys.modules, "svcascode.rules", None)
    assert sarif.render(reused) == full


FIRST = "cmdb/db-again.yaml"  # loaded before cmdb/db.yaml: the first of two "db" items
DESCRIBED_FIRST = item("db").replace("metadata:\n", "metadata:\n  description: First.\n")


def test_a_file_named_in_a_message_is_pinned_too(linter: Linter) -> None:
    """duplicate-id reports the second item and names where the first one is: editing the
    first one's description moves that position, so the run is not reused."""
    (linter.root / FIRST).write_text(DESCRIBED_FIRST)
    commit(linter.root)
    before = linter()
    (duplicate,) = [f for f in before.findings if f.rule == "duplicate-id"]
    assert duplicate.path == DB and f"{FIRST}:5:7" in duplicate.message
    rewrite(linter.root, FIRST, "description: First.", "description: |\n    First,\n    really.")
    again = linter()
    assert linter.full_runs == 2
    assert same(again, linter.fresh())
    (moved,) = [f for f in again.findings if f.rule == "duplicate-id"]
    assert f"{FIRST}:7:7" in moved.message


def test_positions_looked_up_in_a_forked_child_are_pinned(
    linter: Linter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Some rules may run in a child process; what it located counts too."""
    monkeypatch.setattr(lint_module, "FORK_FROM", 0)
    monkeypatch.setattr(lint_module, "cores", lambda: 2)
    seen: list[str] = []

    def locating(index: object) -> list[object]:
        for record in index.load.records:  # type: ignore[attr-defined]
            if record.where.path == DB:
                record.where.locate(("metadata", "id"))
                seen.append(record.where.path)
        return []

    rules = dict(lint_module.RULES)
    (apart,) = lint_module.APART
    rules[apart] = replace(rules[apart], check=locating)
    monkeypatch.setattr(lint_module, "RULES", rules)
    rewrite(linter.root, "agreements/teams.yaml", "id: ops", "id: ops\n  description: Ops.")
    linter()  # a full run: the team file changed beyond its description
    assert linter.full_runs == 1 and seen == []  # located in the child, not here
    rewrite(linter.root, DB, "The database.", "Edited.")
    linter()
    assert linter.full_runs == 2


def test_lint_base_reuses_the_working_trees_run(linter: Linter) -> None:
    """``svc lint --base``: the working tree's findings come from the stored run; the base
    is still judged for a finding outside the changed files (app's, here)."""
    rewrite(linter.root, DB, "The database.", "Edited.")
    source = WorkingTree(linter.root)
    options = LoadOptions(cache=ParseCache.open(linter.folder))
    scoped = lint_changed_since(source, "HEAD", AS_OF, options, ResultCache(linter.folder))
    assert linter.full_runs == 1  # the base, for the rule of app's finding; not the tree
    plain = lint_changed_since(source, "HEAD", AS_OF, LoadOptions())
    assert scoped.findings == plain.findings == []  # app's finding was there before
    rewrite(linter.root, APP, "The database.", "Edited.")  # now in a changed file
    again = lint_changed_since(source, "HEAD", AS_OF, options, ResultCache(linter.folder))
    assert [f.path for f in again.findings] == [APP]


def test_a_deleted_file_restored_runs_again(linter: Linter) -> None:
    """git's index is the same before and after (the shortcut applies), yet the file is
    back: the run that did not have it cannot be reused."""
    (linter.root / DB).unlink()
    linter()
    assert linter.full_runs == 1
    git(linter.root, "checkout", "--", DB)
    again = linter()
    assert linter.full_runs == 2
    assert same(again, linter.fresh())


@pytest.mark.parametrize("flag", ["--assume-unchanged", "--skip-worktree"])
def test_a_file_git_is_told_to_ignore_is_still_compared(linter: Linter, flag: str) -> None:
    git(linter.root, "update-index", flag, DB)
    linter()
    assert linter.full_runs == 0  # the index changed, the files did not
    rewrite(linter.root, DB, "owner: ops", "owner: nobody")  # git does not see this
    again = linter()
    assert linter.full_runs == 1
    assert [f.path for f in again.findings] == [APP, DB]
    rewrite(linter.root, DB, "owner: nobody", "owner: ops")  # nor this
    back = linter()
    assert linter.full_runs == 2
    assert [f.path for f in back.findings] == [APP]


def test_outside_git_every_file_is_hashed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without git the run is still reused when no byte changed; a changed file cannot be
    compared with its earlier content (no object store), so that is a full run."""
    root = tmp_path / "plain"
    write_files(root, FILES)
    run = Linter(root, tmp_path / "cache")
    count_full_runs(monkeypatch, run)
    first = run()
    assert run().findings == first.findings
    assert run.full_runs == 1
    rewrite(root, DB, "The database.", "Edited.")
    assert same(run(), first)
    assert run.full_runs == 2


@pytest.mark.parametrize(
    ("new", "reused"),
    [
        ('{version: "2.0", vendor: Acme}', True),
        ("{version: 2.0, notes: [a, {b: c}], empty: null}", True),
        ("{}", True),
        ("{1: one}", False),  # not text keys: compared as written (and invalid)
        ("[version]", False),  # not a mapping
    ],
)
def test_an_items_attributes_edit_reuses_the_run(linter: Linter, new: str, reused: bool) -> None:
    """No rule reads an item's free-form attributes (a version bump is the commonest
    CMDB edit)."""
    rewrite(
        linter.root,
        DB,
        "  class: application\n",
        '  class: application\n  attributes: {version: "1.0"}\n',
    )
    commit(linter.root)
    linter()
    assert linter.full_runs == 1
    rewrite(linter.root, DB, '{version: "1.0"}', new)
    again = linter()
    assert linter.full_runs == (1 if reused else 2)
    assert same(again, linter.fresh())


def test_lint_base_needs_no_diff_when_a_reused_run_found_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean = {name: text for name, text in FILES.items() if name != APP}
    run = Linter(git_repo(tmp_path / "repo", clean), tmp_path / "cache")
    assert run().findings == []
    rewrite(run.root, DB, "The database.", "Edited.")

    def no_diff(*args: object) -> set[str]:
        raise AssertionError("git diff was not needed")

    monkeypatch.setattr(scope, "changed_files", no_diff)
    options = LoadOptions(cache=ParseCache.open(run.folder))
    results = ResultCache(run.folder)
    assert lint_changed_since(WorkingTree(run.root), "HEAD", AS_OF, options, results).findings == []
    rewrite(run.root, DB, "class: application", "class: database")  # a full run, clean too
    assert lint_changed_since(WorkingTree(run.root), "HEAD", AS_OF, options, results).findings == []
    with pytest.raises(Exception, match="is not a commit"):  # a stored run would serve
        lint_changed_since(WorkingTree(run.root), "no-such-ref", AS_OF, options, results)
    rewrite(run.root, DB, "class: database", "class: server")  # stored by no run

    def no_lint(*args: object, **kwargs: object) -> LintResult:
        raise AssertionError("a wrong REF must fail before a full run")

    monkeypatch.setattr(lint_module, "lint", no_lint)
    with pytest.raises(Exception, match="is not a commit"):  # no stored run serves
        lint_changed_since(WorkingTree(run.root), "no-such-ref", AS_OF, options, results)


def test_a_foreign_stored_run_with_a_valid_checksum_is_a_full_run(linter: Linter) -> None:
    (stored,) = linter.folder.glob("lint-*.bin")
    payload = marshal.dumps((lintcache._FORMAT, tuple(range(1, 13))))
    stored.write_bytes(payload + zlib.crc32(payload).to_bytes(4, "little"))
    assert same(linter(), linter.results[0])
    assert linter.full_runs == 1


@pytest.mark.parametrize("field", ["finding", "listing", "rule"])
def test_a_stored_run_with_one_odd_field_is_a_full_run(linter: Linter, field: str) -> None:
    (stored,) = linter.folder.glob("lint-*.bin")
    run = lintcache.StoredRun.unpack(stored.read_bytes())
    assert run is not None
    odd = {
        "finding": replace(run, findings=[("rule", "fatal", "m", "p", 1, 1, None, None)]),
        "listing": replace(run, listing=("digest", [1], [])),  # type: ignore[list-item]
        "rule": replace(run, rules=[("schema", "fatal", "doc")]),
    }[field]
    stored.write_bytes(odd.pack())
    assert same(linter(), linter.results[0])
    assert linter.full_runs == 1


@pytest.mark.parametrize("committed", [False, True], ids=["edited", "edited and committed"])
def test_a_miss_asks_git_about_the_files_once(
    linter: Linter, monkeypatch: pytest.MonkeyPatch, committed: bool
) -> None:
    """The lookup's answers from git serve the full run that follows a miss (edited: the
    shortcut applies and misses; committed: every file is listed and compared)."""
    asked: list[tuple[str, ...]] = []
    real = sources._listing_answers

    def counted(root: Path, roots: Sequence[str]) -> list[bytes | None]:
        asked.append(tuple(roots))
        return real(root, roots)

    monkeypatch.setattr(sources, "_listing_answers", counted)
    rewrite(linter.root, DB, "owner: ops", "owner: nobody")
    if committed:
        commit(linter.root)
    again = linter()
    assert linter.full_runs == 1
    assert len(asked) == 1
    assert same(again, linter.fresh())


def test_held_answers_serve_one_listing_only(linter: Linter) -> None:
    source = WorkingTree(linter.root)
    roots = ["cmdb"]
    before = source.list_files(roots)
    source.hold(roots)
    (linter.root / "cmdb/new.yaml").write_text(described("new"))
    assert source.list_files(roots) == before  # git's answers from before the new file
    assert source.list_files(roots) == sorted([*before, "cmdb/new.yaml"])


def test_settings_edited_during_a_run_are_not_taken_for_its_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run is stored under the settings its load read, not those on disk by the
    time it is stored."""
    run = Linter(git_repo(tmp_path / "repo", FILES), tmp_path / "cache")
    real = lint_module.lint

    def settings_edited_meanwhile(*args: object, **kwargs: object) -> LintResult:
        result = real(*args, **kwargs)  # type: ignore[arg-type]
        (run.root / "svcascode.yaml").write_text("rules:\n  unresolved-reference: off\n")
        return result

    monkeypatch.setattr(lint_module, "lint", settings_edited_meanwhile)
    assert [f.rule for f in run().findings] == ["unresolved-reference"]
    monkeypatch.setattr(lint_module, "lint", real)
    assert run().findings == []  # a full run under the new settings, not the stored one
