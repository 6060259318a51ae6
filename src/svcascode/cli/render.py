"""``svc render``: the static catalogue site; ``svc serve``: the same, served locally and
rebuilt on every change."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import click

from svcascode.changeset import head_source
from svcascode.cli.common import console, repo_option, resolve_repo
from svcascode.cli.loading import finish, load_options, loading_options
from svcascode.index import Index
from svcascode.loader.load import load
from svcascode.render.build import build_site
from svcascode.render.serve import SiteServer


def _warn_broken(index: Index) -> None:
    if index.broken:
        console(stderr=True).print(
            f"warning: {len(index.broken)} document(s) could not be read and are left out "
            "of the site; run `svc lint`"
        )


@click.command("render")
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write the site into (default: site/ in the repository); emptied "
    "first if it holds an earlier build, refused if it holds anything else.",
)
@loading_options
@repo_option
def render_command(out: Path | None, repo: Path | None) -> int:
    """Build the static catalogue site: the customer, user and provider views, a page
    per service, item, agreement, team, customer, supplier and change, the change
    schedule and search. No server needed: open index.html, or publish the folder.

    A relative --out is taken from the current directory.
    """
    root = resolve_repo(repo)
    options = load_options(root)
    index = Index.build(load(head_source(root, None), options=options))
    finish(options)
    _warn_broken(index)
    # The executable turns the collector off (a lint makes no garbage cycles), but
    # rendering does (template contexts): collect them, leaving the loaded index out of
    # every scan. Without this a 100k-item render peaked at 4.9 GB instead of 1.1 GB.
    gc.freeze()
    gc.enable()
    report = build_site(index, root, out if out is not None else root / "site")
    console(stderr=True).print(
        f"wrote {report.pages} pages to {report.out} in {report.seconds:.2f}s"
    )
    return 0


@click.command("serve")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@repo_option
def serve_command(port: int, repo: Path | None) -> int:
    """Serve the site on 127.0.0.1 and build it again when a file under the content
    roots changes (checked every second). Stop with Ctrl-C."""
    gc.enable()  # long-running: the executable turns the collector off for one-shot commands
    root = resolve_repo(repo)
    out = console(stderr=True)
    server = SiteServer(root, port, out.print)
    server.start()
    click.echo(f"serving {root} at {server.url} (Ctrl-C to stop)")
    stop = threading.Event()
    try:
        server.run(stop)
    except KeyboardInterrupt:
        stop.set()
    finally:
        server.close()
    return 0
