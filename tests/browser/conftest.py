"""The generated site in a real browser: Debian's headless Chromium, driven by Playwright.

Playwright is the PyPI package (its driver ships in the wheel); the browser is the system's
``/usr/bin/chromium`` (``apt-get install chromium``), never one that ``playwright install``
would download. Without it (or if it does not start) the browser tests are skipped on a
developer's machine and fail in CI (``CI=true``), where ``.ci/run`` installs it.

The example site is built once into a temporary folder and served by :mod:`http.server` on
127.0.0.1 from a background thread; tests may also open it from ``file://``. The browser,
the site and its server live as long as the tests of this package (package scope), so
Chromium is closed before the rest of the suite runs. Every tab records what a person
would see go wrong: console errors and warnings, uncaught exceptions, failed requests, error
responses, requests that leave the site, and dialogs. Screenshots go to
``test-artifacts/browser/`` at the repository root.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NoReturn

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Dialog,
    Page,
    Request,
    Response,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError

from svcascode.index import Index
from svcascode.loader.load import load
from svcascode.loader.sources import WorkingTree
from svcascode.render.build import build_site
from tests.conftest import PROJECT

CHROMIUM = Path(os.environ.get("SVCASCODE_CHROMIUM", "/usr/bin/chromium"))
"""Debian's Chromium; ``SVCASCODE_CHROMIUM`` may name another Chromium or Chrome binary."""
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = PROJECT / "test-artifacts" / "browser"
NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
"""The moment the example is built at, as in tests/render: its changes are upcoming."""
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 10_000

ABORTED = "net::ERR_ABORTED"
"""What Chromium reports for a load the next navigation cancelled (the low-priority
icon request, when a test moves on at once): no fault of the site."""

_CALL_REPORT = pytest.StashKey[pytest.TestReport]()


def unavailable(reason: str) -> NoReturn:
    """Skip on a developer's machine; fail in CI, which must run the browser tests."""
    if os.environ.get("CI") == "true":
        pytest.fail(
            f"{reason}. CI must run the browser tests: .ci/run installs Debian's chromium "
            "with apt-get when /usr/bin/chromium is missing; see its output for why it could not.",
            pytrace=False,
        )
    pytest.skip(reason)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep the call's report, so that a tab can tell at teardown whether its test failed."""
    report = yield
    if report.when == "call":
        item.stash[_CALL_REPORT] = report
    return report


# --- the browser -------------------------------------------------------------------------


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        unavailable(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=60_000
            )
        except PlaywrightError as error:
            unavailable(f"Chromium at {CHROMIUM} did not start: {error}")
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="package")
def artifacts() -> Path:
    """``test-artifacts/browser/``, emptied once per run of the browser tests."""
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True)
    return ARTIFACTS


# --- the site ----------------------------------------------------------------------------


class SiteServer:
    """``root`` served by :mod:`http.server` on 127.0.0.1, on a free port, from a daemon
    thread; it remembers every request's path and status."""

    def __init__(self, root: Path) -> None:
        self.requests: list[tuple[str, int]] = []
        log = self.requests

        class Handler(SimpleHTTPRequestHandler):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, directory=str(root), **kwargs)

            def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
                log.append((self.path, int(code) if str(code).isdigit() else 0))

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}/"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@dataclass(frozen=True)
class Site:
    """A built site: its folder, and its root URL over http and as a file."""

    root: Path
    server: SiteServer

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def file_url(self) -> str:
        return self.root.as_uri() + "/"

    def pages(self) -> list[str]:
        """Every HTML page, site-relative (``services/ehr.html``)."""
        return sorted(path.relative_to(self.root).as_posix() for path in self.root.rglob("*.html"))


def build(repo: Path, out: Path, *, use_git: bool = True) -> Path:
    """The site of the repository at ``repo``, built into ``out`` at :data:`NOW`, the way
    ``svc render`` builds it."""
    index = Index.build(load(WorkingTree(repo, use_git=use_git)))
    build_site(index, repo, out, now=NOW, jobs=1)
    return out


@contextmanager
def serving(root: Path) -> Iterator[Site]:
    server = SiteServer(root)
    try:
        yield Site(root, server)
    finally:
        server.close()


@pytest.fixture(scope="package")
def example_index() -> Index:
    return Index.build(load(WorkingTree(PROJECT)))


@pytest.fixture(scope="package")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The example organisation's site, built once and served for the browser tests."""
    root = build(PROJECT, tmp_path_factory.mktemp("browser") / "site")
    with serving(root) as served:
        yield served


# --- a tab and what it saw ---------------------------------------------------------------

_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*:")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))


@dataclass
class Watch:
    """Everything that went wrong in a tab while it browsed ``allowed`` URLs."""

    allowed: tuple[str, ...]
    console: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    responses: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.exceptions.append(str(error)))
        page.on("request", self._request)
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        page.on("dialog", self._dialog)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.console.append(f"{message.type}: {message.text} ({message.location['url']})")

    def _request(self, request: Request) -> None:
        if not request.url.startswith(self.allowed):
            self.foreign.append(f"{request.method} {request.url}")

    def _failed(self, request: Request) -> None:
        if request.failure != ABORTED:
            self.failed.append(f"{request.method} {request.url}: {request.failure}")

    def _response(self, response: Response) -> None:
        if response.status >= 400:
            self.responses.append(f"{response.status} {response.url}")

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def take(self) -> list[str]:
        """The problems so far, forgotten once taken."""
        found = self.problems()
        for seen in (
            self.console,
            self.exceptions,
            self.failed,
            self.responses,
            self.foreign,
            self.dialogs,
        ):
            seen.clear()
        return found

    def problems(self) -> list[str]:
        return [
            *(f"console {line}" for line in self.console),
            *(f"uncaught {line}" for line in self.exceptions),
            *(f"request failed {line}" for line in self.failed),
            *(f"response {line}" for line in self.responses),
            *(f"request off the site {line}" for line in self.foreign),
            *(f"dialog {line}" for line in self.dialogs),
        ]


@dataclass
class Tab:
    """A page in a fresh browser context, watched, with a place for its screenshots."""

    page: Page
    watch: Watch
    site: Site
    shots: Path

    def open(self, path: str = "index.html", *, file: bool = False) -> Page:
        """Go to the site-relative ``path`` over http, or from ``file://``."""
        self.page.goto((self.site.file_url if file else self.site.url) + path)
        return self.page

    def shot(self, name: str, *, full_page: bool = True) -> Path:
        path = self.shots / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def assert_clean(self) -> None:
        problems = self.watch.problems()
        assert not problems, f"{self.page.url}:\n" + "\n".join(problems)


@contextmanager
def open_tab(browser: Browser, site: Site, shots: Path, **options: Any) -> Iterator[Tab]:
    """A new context and page on ``site``; ``options`` go to ``Browser.new_context``."""
    options.setdefault("viewport", DESKTOP)
    context = browser.new_context(service_workers="block", **options)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        watch = Watch((site.url, site.file_url))
        watch.attach(page)
        yield Tab(page, watch, site, shots)
    finally:
        context.close()


@pytest.fixture
def tab(
    browser: Browser, site: Site, artifacts: Path, request: pytest.FixtureRequest
) -> Iterator[Tab]:
    """A desktop-sized tab on the example site. At teardown it must have seen nothing go
    wrong; a failed test leaves a screenshot of where it stopped."""
    with open_tab(browser, site, artifacts) as opened:
        yield opened
        report = request.node.stash.get(_CALL_REPORT, None)
        if report is not None and report.failed:
            opened.shot(f"FAILED-{request.node.name}")
        elif report is not None and report.passed:
            opened.assert_clean()


def is_plain_link(href: str) -> bool:
    """An http(s) or ``mailto:`` address, or a link within the site (relative, no
    scheme, not protocol-relative), read the way a browser reads it: tabs and line breaks
    anywhere are dropped, control characters and spaces at either end are trimmed."""
    cleaned = re.sub(r"[\t\n\r]", "", href).strip(_C0_AND_SPACE).lower()
    if cleaned.startswith(("http://", "https://", "mailto:")):
        return True
    return not _SCHEME.match(cleaned) and not cleaned.startswith(("//", "\\\\", "/\\"))
