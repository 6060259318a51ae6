"""``svc render`` and ``svc serve`` from the command line."""

from __future__ import annotations

import gc
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from svcascode.cli.main import cli
from svcascode.render.build import MARKER
from svcascode.render.serve import SiteServer
from tests.conftest import CI_DB, PROJECT, TEAM, write_files

FILES = {"agreements/teams.yaml": TEAM, "cmdb/db.yaml": CI_DB}


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), prog_name="svc")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_render_the_example(tmp_path: Path) -> None:
    code, out, err = invoke("render", "--repo", str(PROJECT), "--out", str(tmp_path / "site"))
    assert code == 0, err
    assert out == ""
    assert err.startswith("wrote ") and " pages to " in err
    assert (tmp_path / "site/index.html").is_file()
    assert (tmp_path / "site/services/ehr.html").is_file()


def test_render_collects_garbage_cycles_though_the_executable_turns_the_collector_off(
    tmp_path: Path,
) -> None:
    """Rendering makes reference cycles (template contexts); with the collector off, as
    ``svc`` starts every command, a 100k-item site took 4.9 GB instead of ~1.6 GB."""
    collections: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "stop":
            collections.append(info["generation"])

    gc.disable()
    gc.callbacks.append(count)
    try:
        code, _, err = invoke("render", "--repo", str(PROJECT), "--out", str(tmp_path / "site"))
    finally:
        gc.callbacks.remove(count)
        gc.unfreeze()
        gc.enable()
    assert code == 0, err
    assert collections, "the collector never ran while the site was rendered"


def test_render_defaults_to_site_in_the_repository(tmp_path: Path) -> None:
    root = write_files(tmp_path / "repo", FILES)
    code, _, err = invoke("render", "--repo", str(root))
    assert code == 0, err
    assert (root / "site/items/db.html").is_file()
    assert (root / "site" / MARKER).is_file()


def test_render_again_replaces_the_previous_build(tmp_path: Path) -> None:
    root = write_files(tmp_path / "repo", FILES)
    out = tmp_path / "site"
    assert invoke("render", "--repo", str(root), "--out", str(out))[0] == 0
    (out / "items/stale.html").write_text("old")
    (out / ".git").mkdir()
    assert invoke("render", "--repo", str(root), "--out", str(out))[0] == 0
    assert not (out / "items/stale.html").exists()
    assert (out / ".git").is_dir()  # a Pages checkout keeps its git folder


def test_render_refuses_a_folder_it_did_not_build(tmp_path: Path) -> None:
    root = write_files(tmp_path / "repo", FILES)
    out = write_files(tmp_path / "mine", {"notes.txt": "keep me"})
    code, _, err = invoke("render", "--repo", str(root), "--out", str(out))
    assert code == 2
    assert "not empty and was not built by svc render" in err
    assert (out / "notes.txt").read_text() == "keep me"


def test_render_refuses_the_repository_itself(tmp_path: Path) -> None:
    root = write_files(tmp_path / "repo", FILES)
    (root / MARKER).write_text("")
    code, _, err = invoke("render", "--repo", str(root), "--out", str(root))
    assert code == 2
    assert "holds the repository" in err
    assert (root / "cmdb/db.yaml").is_file()


@pytest.mark.parametrize("command", ["render", "serve"])
def test_help(command: str) -> None:
    code, out, _ = invoke(command, "--help")
    assert code == 0
    assert out.startswith(f"Usage: svc {command} [OPTIONS]")
    assert "--repo" in out


def test_render_through_the_installed_executable(tmp_path: Path) -> None:
    svc = shutil.which("svc")
    if svc is None:
        pytest.fail("the svc executable is not on PATH; pip install -e '.[dev]'")
    root = write_files(tmp_path / "repo", FILES)
    done = subprocess.run(
        [svc, "render", "--out", "public"], cwd=root, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert (root / "public/index.html").is_file()


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        body: bytes = response.read()
    return body.decode("utf-8")


def test_serve_serves_and_rebuilds_on_change(tmp_path: Path) -> None:
    root = write_files(tmp_path / "repo", FILES)
    messages: list[str] = []
    server = SiteServer(root, 0, messages.append)
    server.start()
    try:
        assert server.url.startswith("http://127.0.0.1:")
        assert "Database" not in _get(server.url + "items/db.html")
        assert server.poll() is False
        time.sleep(0.05)  # a different mtime even on coarse file systems
        edited = CI_DB.replace("id: db", "id: db\n  title: Database of record")
        write_files(root, {"cmdb/db.yaml": edited})
        assert server.poll() is True
        assert "Database of record" in _get(server.url + "items/db.html")
        assert any("change seen" in message for message in messages)
    finally:
        server.close()


def test_several_processes_write_the_same_site_as_one(tmp_path: Path) -> None:
    from svcascode.index import Index
    from svcascode.loader.load import load
    from svcascode.loader.sources import WorkingTree
    from svcascode.render.build import build_site
    from tests.render.conftest import NOW

    index = Index.build(load(WorkingTree(PROJECT)))
    one = build_site(index, PROJECT, tmp_path / "one", now=NOW, jobs=1)
    two = build_site(index, PROJECT, tmp_path / "two", now=NOW, jobs=2)
    assert one.pages == two.pages
    files = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*"))
    assert files == sorted(p.relative_to(tmp_path / "two") for p in (tmp_path / "two").rglob("*"))
    for name in files:
        if (tmp_path / "one" / name).is_file():
            assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
