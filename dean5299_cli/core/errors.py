"""Errors that stop a command, each with the exit code of contract.md."""

from __future__ import annotations


class Dean5299Error(Exception):
    """Base: a message for the user (Vietnamese) and an exit code."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(Dean5299Error):
    """The input has errors (exit 1)."""

    exit_code = 1


class UsageError(Dean5299Error):
    """Wrong usage of the command line (exit 2)."""

    exit_code = 2


class ConfigError(Dean5299Error):
    """A settings or targets file is invalid (exit 3)."""

    exit_code = 3


class OutputError(Dean5299Error):
    """An output could not be written (exit 4)."""

    exit_code = 4
