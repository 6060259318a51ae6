"""``svc serve``: the site built into a temporary folder, served on 127.0.0.1 with
:mod:`http.server`, and built again when a file under the content roots changes.

Changes are found by polling modification times once a second (no extra dependency).
Each build goes into a fresh folder that is swapped in when complete, so a request never
sees half a site; a build that fails keeps the previous site and reports the error.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from svcascode.config import CONFIG_FILE
from svcascode.index import Index
from svcascode.loader.load import load
from svcascode.loader.sources import WorkingTree
from svcascode.render.build import BuildReport, build_site

Snapshot = dict[str, tuple[int, int]]
Log = Callable[[str], None]


def _files(root: Path, folders: list[Path]) -> Iterator[Path]:
    yield root / CONFIG_FILE
    for folder in folders:
        if folder.is_dir():
            yield from (path for path in folder.rglob("*") if path.is_file())


def snapshot(root: Path, index: Index) -> Snapshot:
    """Modification time and size of the settings, of every file under the content roots
    and of the theme folder."""
    config = index.load.config
    folders = [root / name for name in config.roots.all()]
    if config.site.theme_dir:
        folders.append(root / config.site.theme_dir)
    found: Snapshot = {}
    for path in _files(root, folders):
        try:
            stat = path.stat()
            found[str(path)] = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            continue  # removed while we looked
    return found


class SiteServer:
    """A site built from ``root`` and served from a temporary folder."""

    def __init__(self, root: Path, port: int, log: Log) -> None:
        self.root = root
        self.log = log
        self._work = Path(tempfile.mkdtemp(prefix="svc-serve-"))
        self._builds = 0
        self.current, self.index = self._build()
        self.seen = snapshot(root, self.index)
        server = self

        class Handler(SimpleHTTPRequestHandler):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, directory=str(server.current), **kwargs)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # the console is for rebuilds, not for every request

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}/"

    def _build(self) -> tuple[Path, Index]:
        self._builds += 1
        out = self._work / f"build-{self._builds}"
        index = Index.build(load(WorkingTree(self.root)))
        # In-process: forking while the server's thread runs is not worth the risk.
        report: BuildReport = build_site(index, self.root, out, jobs=1)
        self.log(f"built {report.pages} pages in {report.seconds:.2f}s")
        return out, index

    def start(self) -> None:
        self._thread.start()

    def poll(self) -> bool:
        """Build again if anything changed since the last look; whether it did."""
        now = snapshot(self.root, self.index)
        if now == self.seen:
            return False
        self.seen = now
        self.log(f"{datetime.now():%H:%M:%S} change seen, building again")
        previous = self.current
        try:
            self.current, self.index = self._build()
        except Exception as error:  # keep serving the last good site
            self.log(f"build failed, still serving the previous site: {error}")
            return False
        shutil.rmtree(previous, ignore_errors=True)
        return True

    def run(self, stop: threading.Event, interval: float = 1.0) -> None:
        """Poll every ``interval`` seconds until ``stop`` is set."""
        while not stop.wait(interval):
            self.poll()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        shutil.rmtree(self._work, ignore_errors=True)
