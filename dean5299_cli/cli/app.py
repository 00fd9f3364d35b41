"""The `dean5299` command: wires the sub-commands together."""

from __future__ import annotations

import copy
import gc
import signal
import sys
from typing import Annotated

import typer

from dean5299_cli import __version__
from dean5299_cli.cli import (
    cmd_audit,
    cmd_init,
    cmd_rank,
    cmd_reconcile,
    cmd_remind,
    cmd_report,
    cmd_summary,
    cmd_targets,
    cmd_template,
    cmd_validate,
)
from dean5299_cli.cli.errors import set_debug
from dean5299_cli.cli.vietnamese import VietnameseGroup

app = typer.Typer(
    name="dean5299",
    help=(
        "Kiểm tra, tổng hợp số liệu và lập báo cáo Đề án 5299 "
        "(đoàn viên, thanh niên hỗ trợ người dân thực hiện dịch vụ công trực tuyến)."
    ),
    epilog=(
        "Ví dụ:\n\n"
        "dean5299 init bao-cao-5299\n\n"
        "dean5299 validate --quarter IV\n\n"
        "dean5299 report --quarter IV --force"
    ),
    cls=VietnameseGroup,
    no_args_is_help=True,
    rich_markup_mode="rich",
    add_completion=False,
    context_settings={"help_option_names": ["--help", "-h"]},
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dean5299 {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            help="Khi chương trình gặp lỗi ngoài dự kiến: in toàn bộ chi tiết kỹ thuật "
            "để gửi người phát triển.",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="In phiên bản rồi thoát."),
    ] = False,
) -> None:
    """Kiểm tra, tổng hợp số liệu và lập báo cáo Đề án 5299."""
    set_debug(debug)


cmd_targets.register(app)
cmd_init.register(app)
cmd_template.register(app)
cmd_validate.register(app)
cmd_summary.register(app)
cmd_report.register(app)
cmd_remind.register(app)
cmd_audit.register(app)
cmd_reconcile.register(app)
cmd_rank.register(app)


# A run keeps hundreds of thousands of small objects alive to the end and makes little cyclic
# garbage: collecting every 700 allocations cost 15 % of the CPU of a 10.000-unit folder.
# Set by the console script only: the library (api.py) leaves its host's collector alone.
GC_THRESHOLD = (100_000, 10, 10)


def app_for(args: list[str]) -> typer.Typer:
    """The app that runs `args`: with the one command they name (the root's options before it are
    all flags, so the first word not starting with "-" is it), as Typer builds every command it
    holds, signatures and all, before running one: 15 ms of every run for nine commands unused.
    The whole app when they name none of its commands: its help, a mistyped command's hint."""
    name = next((arg for arg in args if not arg.startswith("-")), None)
    named = [info for info in app.registered_commands if info.name == name]
    if not named:
        return app
    one = copy.copy(app)
    one.registered_commands = named
    return one


def main() -> None:
    """The console script: Vietnamese help and usage errors, exit codes of the contract."""
    gc.set_threshold(*GC_THRESHOLD)
    try:
        app_for(sys.argv[1:])(prog_name="dean5299")
    finally:
        # The command is over (answered, or stopped by Ctrl-C with its one line): while the
        # process winds down (the reading pool is joined at exit) a Ctrl-C, pressed again or
        # still pending, is ignored instead of printing a traceback.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        # Everything still alive is left out of the collections the interpreter makes while it
        # shuts down (several full passes over every object: 50 ms of the 0,33 s of `validate`
        # on the example). Nothing is lost: every file is written and closed by now, and the
        # exit handlers (the reading pool's among them) and module teardown still run.
        gc.freeze()
