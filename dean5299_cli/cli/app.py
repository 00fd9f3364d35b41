"""The `dean5299` command: wires the sub-commands together."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dean5299_cli import __version__
from dean5299_cli.cli import cmd_init, cmd_report, cmd_targets, cmd_template, cmd_validate
from dean5299_cli.cli.cmd_rank import register as register_rank
from dean5299_cli.cli.cmd_remind import register as register_remind
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
register_remind(app)
register_rank(app)


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


_USAGE_VI = [
    (r"^No such option: (.+)$", "không có tùy chọn {0}"),
    (r"^No such command '(.+)'\.?$", "không có lệnh '{0}'"),
    (r"^Missing argument '(.+)'\.?$", "thiếu tham số {0}"),
    (r"^Missing option '(.+)'\.?$", "thiếu tùy chọn {0}"),
    (r"^Option '(.+)' requires an argument\.?$", "tùy chọn {0} cần một giá trị"),
    (r"^Got unexpected extra argument(?:s|\(s\))? \((.+)\)$", "thừa tham số: {0}"),
    (r"^Invalid value for '(.+?)'.*valid integer.*$", "giá trị của {0} phải là số nguyên"),
    (r"^Invalid value for '(.+?)'.*: (.+)$", "giá trị không hợp lệ cho {0} ({1})"),
]


def usage_message_vi(message: str) -> str:
    """click's usage errors, said in Vietnamese (the original text when it is not known)."""
    import re

    for pattern, template in _USAGE_VI:
        match = re.match(pattern, message.strip())
        if match:
            return template.format(*match.groups())
    return message


def main() -> None:
    """The console script: like `app()`, with Vietnamese usage errors and exit codes kept."""
    import sys

    try:
        from typer._click import exceptions as click_exceptions
    except ImportError:  # pragma: no cover - older typer runs on click
        from click import exceptions as click_exceptions

    if len(sys.argv) <= 1 or any(arg in ("--help", "-h") for arg in sys.argv[1:]):
        _vietnamese_help_panels()
    try:
        code = app(prog_name="dean5299", standalone_mode=False)
    except click_exceptions.UsageError as exc:
        command = exc.ctx.command_path if exc.ctx is not None else "dean5299"
        sys.stderr.write(
            f"Lỗi cách dùng: {usage_message_vi(exc.format_message())}.\n"
            f"Xem `{command} --help` để biết cách dùng.\n"
        )
        sys.exit(2)
    except click_exceptions.ClickException as exc:
        sys.stderr.write(f"Lỗi: {exc.format_message()}\n")
        sys.exit(exc.exit_code)
    except getattr(click_exceptions, "Abort", KeyboardInterrupt):
        sys.stderr.write("Đã dừng.\n")
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)
