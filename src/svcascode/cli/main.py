"""The ``svc`` / ``svcascode`` command group and the one place exit codes are decided."""

from __future__ import annotations

import contextlib
import gc
import importlib
import io
import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from svcascode import __version__
from svcascode.errors import ExitCode, SvcError


class _UserError(click.ClickException):
    """A :class:`SvcError` shown as click shows usage errors: input the tool could not
    process, exit status 2."""

    exit_code = int(ExitCode.USAGE)


COMMANDS = {
    "lint": ("svcascode.cli.lint", "lint_command"),
    "schema": ("svcascode.cli.schema", "schema_command"),
    "rules": ("svcascode.cli.rules", "rules_command"),
    "impact": ("svcascode.cli.impact", "impact_command"),
    "select": ("svcascode.cli.impact", "select_command"),
    "explain": ("svcascode.cli.explain", "explain_command"),
    "codeowners": ("svcascode.cli.codeowners", "codeowners_command"),
    "diff": ("svcascode.cli.diff", "diff_command"),
    "render": ("svcascode.cli.render", "render_command"),
    "serve": ("svcascode.cli.render", "serve_command"),
    "schedule": ("svcascode.cli.schedule", "schedule_command"),
    "change": ("svcascode.cli.change", "change_group"),
    "cab": ("svcascode.cli.cab", "cab_group"),
}
"""Each command and where it lives: imported only when run (``svc lint`` does not pay
for the site renderer's imports), all of them for ``svc --help``."""


class SvcGroup(click.Group):
    """Turns a command's returned status and the tool's errors into exit codes, in
    standalone mode (the executable, CliRunner) and as a library call alike; loads
    each command's module when the command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            module, attribute = COMMANDS[cmd_name]
            command: click.Command = getattr(importlib.import_module(module), attribute)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

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


def run() -> None:
    """The executable: :func:`main`, then exit at once.

    The interpreter's own teardown would free every object of the run one by one, which
    after loading a large repository takes longer than some commands (1.5 s for 100k
    items); output is flushed first, files are closed by then, and the OS frees memory.

    The cyclic garbage collector is off for the whole command: a command builds one large
    acyclic structure (the index) and ends; re-enabling the collector after loading made
    it scan those millions of young objects (1 s of a 100k-item lint, same peak memory
    without it). A long-running command (``svc serve``) turns it back on."""
    gc.disable()
    status = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing to add
            stream.flush()
    os._exit(status)


if __name__ == "__main__":  # pragma: no cover
    run()
