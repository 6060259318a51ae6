"""``svc cab check``: is this pull request an authorised change?"""

from __future__ import annotations

from pathlib import Path

import click

from svcascode.cab import check, reviews_for
from svcascode.cli.common import repo_option, resolve_repo, write
from svcascode.cli.loading import load_options, loading_options
from svcascode.errors import ExitCode
from svcascode.pull_request import load_event, load_reviews
from svcascode.report import cab_report

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.group("cab")
@repo_option
def cab_group(repo: Path | None) -> None:
    """Change advisory board: decide pull requests that change the service.

    --repo may be given here or to the subcommand (`svc cab --repo R check ...`).
    """


def _repo(repo: Path | None) -> Path | None:
    """The subcommand's --repo, else the group's."""
    if repo is not None:
        return repo
    parent = click.get_current_context().parent
    given = parent.params.get("repo") if parent is not None else None
    return given if isinstance(given, Path) else None


@cab_group.command("check")
@click.option(
    "--event",
    "event",
    type=_FILE,
    required=True,
    metavar="FILE",
    help="A GitHub pull_request or pull_request_review webhook payload ($GITHUB_EVENT_PATH).",
)
@click.option(
    "--reviews",
    "reviews",
    type=_FILE,
    default=None,
    metavar="FILE",
    help='The REST "list reviews for a pull request" JSON (default: the review in the event).',
)
@click.option("--base", metavar="REF", help="Base revision (default: the event's base commit).")
@click.option(
    "--head",
    metavar="REF",
    help="Head revision, which approvals must be given on (default: the event's head commit).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    help="markdown: a sticky pull-request comment; json: for scripts.",
)
@loading_options
@repo_option
def check_command(
    event: Path,
    reviews: Path | None,
    base: str | None,
    head: str | None,
    fmt: str,
    repo: Path | None,
) -> int:
    """Decide whether a pull request is an authorised change.

    Exit 0 authorised (or not a change at all), 1 not authorised, 2 unusable input.
    The approvals required come from the change policy, teams and ownership of the
    BASE revision, so a pull request cannot approve itself by editing them. Each
    reviewer's latest review counts; the author, bots, dismissed reviews and (unless
    the policy says count_stale_approvals) approvals of an older head never do. One
    person may meet several requirements, e.g. a CAB member who also owns the item.
    """
    root = resolve_repo(_repo(repo))
    pull_request = load_event(event)
    listed = load_reviews(reviews) if reviews is not None else None
    options = load_options(root, show_progress=False)
    decision = check(root, pull_request, reviews_for(pull_request, listed), base, head, options)
    render = cab_report.render_json if fmt == "json" else cab_report.render_markdown
    write(render(decision))
    return int(ExitCode.OK if decision.authorised else ExitCode.FOUND)
