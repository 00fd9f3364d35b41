"""The `dean5299` command: wires the sub-commands together."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dean5299_cli import __version__
from dean5299_cli.cli import cmd_init, cmd_report, cmd_targets, cmd_template, cmd_validate
from dean5299_cli.cli.errors import set_debug


def _vietnamese_help_option(command_class: type) -> None:
    """Give `--help` a Vietnamese description (click and typer's vendored click alike)."""
    original = command_class.get_help_option

    def get_help_option(self: Any, ctx: Any) -> Any:
        option = original(self, ctx)
        if option is not None:
            option.help = "Hiện hướng dẫn này rồi thoát."
        return option

    command_class.get_help_option = get_help_option


try:  # typer ≥ 0.20 carries its own copy of click and no longer needs click itself
    from typer._click import core as _click_core
except ImportError:  # pragma: no cover - older typer runs on click
    from click import core as _click_core

_vietnamese_help_option(_click_core.Command)

app = typer.Typer(
    name="dean5299",
    help=(
        "Kiểm tra, tổng hợp số liệu và lập báo cáo Đề án 5299 "
        "(đoàn viên, thanh niên hỗ trợ người dân thực hiện dịch vụ công trực tuyến)."
    ),
    no_args_is_help=True,
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
        bool, typer.Option("--debug", help="Hiện chi tiết lỗi (traceback) để gửi người phát triển.")
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
cmd_report.register(app)


def _vietnamese_help_panels() -> None:
    """Vietnamese titles for the help screen (rich is only imported when help is shown)."""
    from typer import rich_utils

    rich_utils.OPTIONS_PANEL_TITLE = "Tùy chọn"
    rich_utils.ARGUMENTS_PANEL_TITLE = "Tham số"
    rich_utils.COMMANDS_PANEL_TITLE = "Lệnh"
    rich_utils.ERRORS_PANEL_TITLE = "Lỗi"
    rich_utils.REQUIRED_LONG_STRING = "[bắt buộc]"
    rich_utils.DEFAULT_STRING = "[mặc định: {}]"
    rich_utils.ABORTED_TEXT = "Đã dừng."
    rich_utils.RICH_HELP = "Xem [blue]{command_path} {help_option}[/] để được hướng dẫn."


def main() -> None:
    import sys

    if len(sys.argv) <= 1 or any(arg in ("--help", "-h") for arg in sys.argv[1:]):
        _vietnamese_help_panels()
    app(prog_name="dean5299")
