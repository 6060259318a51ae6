"""The executable runs one-shot commands with the cyclic collector off; ``svc serve``,
which runs until stopped, turns it back on."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from svcascode.cli import main as cli_main
from svcascode.cli import render as cli_render


@pytest.fixture
def collector() -> Iterator[None]:
    was = gc.isenabled()
    yield
    if was:
        gc.enable()


class Exited(Exception):
    pass


def test_the_executable_turns_the_collector_off(
    collector: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []

    def fake_main() -> int:
        seen.append(gc.isenabled())
        return 0

    def fake_exit(status: int) -> None:
        raise Exited(status)

    monkeypatch.setattr(cli_main, "main", fake_main)
    monkeypatch.setattr(cli_main.os, "_exit", fake_exit)
    gc.enable()
    with pytest.raises(Exited):
        cli_main.run()
    assert seen == [False]


def test_serve_turns_it_back_on(
    collector: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: list[bool] = []

    class Server:
        url = "http://127.0.0.1:0/"

        def __init__(self, *args: object) -> None:
            pass

        def start(self) -> None:
            seen.append(gc.isenabled())

        def run(self, stop: object) -> None:
            pass

        def close(self) -> None:
            pass

    monkeypatch.setattr(cli_render, "SiteServer", Server)
    (tmp_path / "svcascode.yaml").write_text("{}\n")
    gc.disable()
    assert cli_main.main(["serve", "--repo", str(tmp_path)]) == 0
    assert seen == [True]
