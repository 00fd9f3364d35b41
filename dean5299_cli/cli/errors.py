"""The one place where errors become messages and exit codes (contract.md, "Exit codes").

Where output goes, one rule for every command: data (`--json`, a file's content) on standard
output; text for people (progress, notices, errors) on standard error. The one exception is
`validate`'s human view, which is the command's output itself and goes to standard output."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, ParamSpec, TypeVar

import typer

from dean5299_cli.core.errors import Dean5299Error
from dean5299_cli.core.text import displayable

if TYPE_CHECKING:
    from dean5299_cli.core.checking.records import ValidationReport

P = ParamSpec("P")
R = TypeVar("R")

INPUT_HAS_ERRORS = 1
INTERNAL_ERROR = 5
_state = {"debug": False}


def set_debug(value: bool) -> None:
    _state["debug"] = value


def debug_enabled() -> bool:
    return _state["debug"]


def say(message: str, *paths: object) -> None:
    """A message for people: always on standard error, so standard output stays data; wrapped
    to the console's width as `validate`'s lines are (cli/lines.fit; not in a file or a pipe),
    each of `paths` kept whole.

    File and unit names inside it may carry terminal escapes or undecodable bytes: shown safely.
    """
    from dean5299_cli.cli.lines import fit, said_width

    whole = [displayable(str(p)) for p in paths]
    sys.stderr.write(fit(displayable(message).rstrip("\n"), said_width(), whole) + "\n")
    sys.stderr.flush()


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Run a command; turn our errors into a Vietnamese message and their exit code."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except Dean5299Error as exc:
            if debug_enabled():
                raise
            say(f"Lỗi: {exc.message}", *exc.paths)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            say("Đã dừng theo yêu cầu.")
            raise typer.Exit(130) from None
        except Exception as exc:  # noqa: BLE001 - the last guard before a user sees a traceback
            if interrupted(exc):
                say("Đã dừng theo yêu cầu.")
                raise typer.Exit(130) from None
            if debug_enabled():
                raise
            say(
                f"Lỗi không mong đợi ({type(exc).__name__}: {exc}). "
                "Chạy lại với --debug để xem chi tiết và gửi cho người phát triển."
            )
            raise typer.Exit(INTERNAL_ERROR) from None

    return wrapper


def interrupted(exc: BaseException) -> bool:
    """Whether `exc` is Ctrl-C in another exception's clothes: Python wraps what a class body's
    `__set_name__` raises in a RuntimeError (before 3.12), so Ctrl-C while a module that defines
    a pydantic model is being imported arrives as "Error calling __set_name__"."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def exit_code_for(report: ValidationReport) -> int:
    """0 when the submissions can be used (warnings allowed), 1 when any has an error."""
    return INPUT_HAS_ERRORS if report.has_errors else 0
