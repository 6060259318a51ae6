"""The ``svc`` / ``svcascode`` command group and the one place exit codes are decided."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from svcascode import __version__
from svcascode.cli.cab import cab_group
from svcascode.cli.change import change_group
from svcascode.cli.codeowners import codeowners_command
from svcascode.cli.diff import diff_command
from svcascode.cli.explain import explain_command
from svcascode.cli.impact import impact_command, select_command
from svcascode.cli.lint import lint_command
from svcascode.cli.render import render_command, serve_command
from svcascode.cli.rules import rules_command
from svcascode.cli.schedule import schedule_command
from svcascode.cli.schema import schema_command
from svcascode.errors import ExitCode, SvcError


class _UserError(click.ClickException):
    """A :class:`SvcError` shown as click shows usage errors: input the tool could not
    process, exit status 2."""

    exit_code = int(ExitCode.USAGE)


class SvcGroup(click.Group):
    """Turns a command's returned status and the tool's errors into exit codes, in
    standalone mode (the executable, CliRunner) and as a library call alike."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
        except SvcError as error:
            raise _UserError(str(error)) from None
        if isinstance(result, int) and result:
            ctx.exit(result)
        return result


@click.group(cls=SvcGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="svcascode")
def cli() -> None:
    """svcascode: IT service management as code.

    The service catalogue, agreements, CMDB and change enablement as YAML in git,
    validated, analysed and published.
    """


cli.add_command(lint_command)
cli.add_command(schema_command)
cli.add_command(rules_command)
cli.add_command(impact_command)
cli.add_command(select_command)
cli.add_command(explain_command)
cli.add_command(codeowners_command)
cli.add_command(diff_command)
cli.add_command(render_command)
cli.add_command(serve_command)
cli.add_command(schedule_command)
cli.add_command(change_group)
cli.add_command(cab_group)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (never raises to the user)."""
    for stream in (sys.stdout, sys.stderr):
        # A console that cannot encode a mark (cp1252 on Windows pipes) gets "?", not a crash.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    try:
        result = cli.main(
            args=list(argv) if argv is not None else None, prog_name="svc", standalone_mode=False
        )
    except click.exceptions.Exit as exit_:
        return int(exit_.exit_code)
    except click.Abort:
        click.echo("aborted", err=True)
        return int(ExitCode.USAGE)
    except click.ClickException as error:
        error.show()
        return int(ExitCode.USAGE)  # usage errors and SvcErrors (_UserError) alike
    except SvcError as error:
        click.echo(f"svc: error: {error}", err=True)
        return int(error.exit_code)
    except Exception as error:
        if os.environ.get("SVCASCODE_DEBUG"):
            raise
        click.echo(
            f"svc: internal error: {type(error).__name__}: {error}\n"
            "This is a bug in svcascode; set SVCASCODE_DEBUG=1 to see the traceback.",
            err=True,
        )
        return int(ExitCode.USAGE)
    return int(result) if isinstance(result, int) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
