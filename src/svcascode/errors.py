"""One exception family, mapped to exit codes in one place."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit status of every command, as the file-format contract fixes it."""

    OK = 0
    FOUND = 1
    """The check found what it exists to find (lint errors, an unauthorised change)."""
    USAGE = 2
    """Bad usage, or input the tool could not process."""


class SvcError(Exception):
    """An error that ends a command with a message for the user and no traceback."""

    exit_code: ExitCode = ExitCode.USAGE


class RepositoryError(SvcError):
    """The repository (or a git revision of it) cannot be read."""


class ConfigError(SvcError):
    """``svcascode.yaml`` cannot be used."""
