"""The one module that adapts Typer/Click: Vietnamese help and errors, plain values converted
without pydantic (relies on typer>=0.29,<0.30, pinned in pyproject)."""

from __future__ import annotations

import dataclasses
import difflib
import importlib.abc
import importlib.util
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, get_args, get_origin

from typer import Abort, Exit
from typer import core as typer_core
from typer._click import core as click_core
from typer._click import exceptions as click_exceptions
from typer._click import formatting

USAGE_PREFIX = "Cách dùng: "
OPTIONS_METAVAR = "[TÙY-CHỌN]"
SUBCOMMAND_METAVAR = "LỆNH [THAM-SỐ]..."
HELP_OPTION_HELP = "Hiện hướng dẫn này rồi thoát."
INTERRUPTED = "Đã dừng theo yêu cầu."
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

_installed = {"done": False}


def install() -> None:
    """Patch Typer's help screen and Click's usage line once (idempotent)."""
    if _installed["done"]:
        return
    _installed["done"] = True
    _when_imported("typer.rich_utils", _translate_rich_utils)
    original_write_usage = formatting.HelpFormatter.write_usage

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        original_write_usage(self, prog, args, USAGE_PREFIX if prefix is None else prefix)

    _patch(formatting.HelpFormatter, "write_usage", write_usage)
    original_help_option = click_core.Command.get_help_option

    def get_help_option(self: Any, ctx: Any) -> Any:
        option = original_help_option(self, ctx)
        if option is not None:
            option.help = HELP_OPTION_HELP
        return option

    _patch(click_core.Command, "get_help_option", get_help_option)
    for parameter_class in (typer_core.TyperOption, typer_core.TyperArgument):
        _patch(parameter_class, "display_type_rich", _display_type)
    build = _plain_values_first()
    if build is not None:
        _patch(typer_core, "build_runtime_param", build)


class _AfterImport(importlib.abc.MetaPathFinder):
    """Runs `then(module)` right after `name` is first imported (Typer imports its rich help
    module only to show help or an error: a plain run does not pay for rich's Markdown)."""

    def __init__(self, name: str, then: Callable[[ModuleType], None]) -> None:
        self.name, self.then = name, then

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        loader = spec.loader if spec is not None else None
        if loader is None or not hasattr(loader, "exec_module"):
            return spec
        run = loader.exec_module
        then = self.then

        def exec_module(module: ModuleType) -> None:
            run(module)
            then(module)

        setattr(loader, "exec_module", exec_module)  # noqa: B010 - the loader of this one spec
        return spec


def _when_imported(name: str, then: Callable[[ModuleType], None]) -> None:
    module = sys.modules.get(name)
    if module is not None:
        then(module)
    else:
        sys.meta_path.insert(0, _AfterImport(name, then))


_RICH_TEXTS = {
    "OPTIONS_PANEL_TITLE": "Tùy chọn",
    "ARGUMENTS_PANEL_TITLE": "Tham số",
    "COMMANDS_PANEL_TITLE": "Lệnh",
    "ERRORS_PANEL_TITLE": "Lỗi",
    "REQUIRED_LONG_STRING": "[bắt buộc]",
    "DEFAULT_STRING": "[mặc định: {}]",
    "DEPRECATED_STRING": "(không còn dùng) ",
    "ENVVAR_STRING": "[biến môi trường: {}]",
    "ABORTED_TEXT": INTERRUPTED,
    "RICH_HELP": "Xem [blue]{command_path} {help_option}[/] để được hướng dẫn.",
}


def _translate_rich_utils(rich_utils: ModuleType) -> None:
    """Typer's rich help and error panels in Vietnamese."""
    for name, text in _RICH_TEXTS.items():
        _patch(rich_utils, name, text)
    _patch(
        getattr(rich_utils, "OptionHighlighter"),  # noqa: B009 - typer ships no stubs for it
        "highlights",
        [
            r"(^|\W)(?P<switch>\-\w+)(?![a-zA-Z0-9])",
            r"(^|\W)(?P<option>\-\-[\w\-]+)(?![a-zA-Z0-9])",
            r"(?P<usage>Cách dùng: )",
        ],
    )


def _patch(owner: object, name: str, value: object) -> None:
    """Replace one attribute of Typer/Click (the only kind of change this module makes)."""
    setattr(owner, name, value)


# Typer 0.29 converts every value through a pydantic TypeAdapter: importing pydantic and building
# one adapter per parameter costs ~0,08 s wherever no pydantic model is needed (every `LỆNH --help`,
# every usage error) and ~5 ms where one is. The values of this CLI are plain (text, a whole
# number, a path, a list of texts, or what one of our parsers reads), converted here directly.
# Anything the direct conversion cannot take, a wrong value included, goes to Typer's own
# conversion: the same values are accepted and every error message stays exactly Typer's.

Converter = Callable[[Any, Any, Any], Any]
"""(value, parameter, context) -> the converted value; raises for anything it leaves to Typer."""

_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]{1,18}")


class _NotPlain(Exception):
    """A value the direct conversion leaves to Typer's."""


def _as_text(value: Any, param: Any, ctx: Any) -> Any:
    if type(value) is str:
        return value
    raise _NotPlain


def _as_flag(value: Any, param: Any, ctx: Any) -> Any:
    if type(value) is bool:
        return value
    raise _NotPlain


def _as_whole_number(value: Any, param: Any, ctx: Any) -> Any:
    if type(value) is int:
        return value
    if type(value) is str and _WHOLE_NUMBER.fullmatch(value):
        return int(value)
    raise _NotPlain


def _converter(annotation: Any, info: Any) -> Converter | None:
    """The direct conversion of `annotation` (Typer's order of cases), or None: Typer's."""
    if get_origin(annotation) is list and len(get_args(annotation)) == 1:
        item = _converter(get_args(annotation)[0], info)
        return None if item is None else _list_of(item)
    if get_origin(annotation) is not None:
        return None
    parser = info.parser
    if parser is not None:
        return lambda value, param, ctx: parser(value)
    if annotation is str:
        return _as_text
    if annotation is bool:
        return _as_flag
    if annotation is int and info.min is None and info.max is None:
        return _as_whole_number
    if annotation is Path and info.path_type is None:
        return _as_path(info)
    return None


def _list_of(item: Converter) -> Converter:
    def convert(value: Any, param: Any, ctx: Any) -> Any:
        if not isinstance(value, (list, tuple)):
            raise _NotPlain
        return [item(one, param, ctx) for one in value]

    return convert


def _as_path(info: Any) -> Converter:
    from typer._param_types import coerce_cli_path

    def convert(value: Any, param: Any, ctx: Any) -> Any:
        if type(value) is str:
            value = Path(value)  # what pydantic makes of a text; Typer then checks the path
        elif not isinstance(value, Path):
            raise _NotPlain
        return coerce_cli_path(value, info, path_type=Path, param=param, ctx=ctx)

    return convert


def _plain_values_first() -> Callable[[Any], Any] | None:
    """Typer's `build_runtime_param`, plain values first; None when this Typer is built otherwise."""
    try:
        from typer import _coercion
        from typer._param_types import coerce_cli_path  # noqa: F401 - _as_path needs it

        typer_build = _coercion.build_runtime_param
        fields = {field.name for field in dataclasses.fields(_coercion.RuntimeParam)}
    except (ImportError, AttributeError, TypeError):
        return None
    in_use = getattr(typer_core, "build_runtime_param", None)
    if fields != {"parameter_info", "annotation"} or in_use is not typer_build:
        return None

    @dataclasses.dataclass(frozen=True)
    class PlainRuntimeParam(_coercion.RuntimeParam):
        convert: Converter
        descriptor: Any

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                return self.convert(value, param, ctx)
            except Exception:  # not plain, or wrong: Typer converts it and words the error
                return typer_build(self.descriptor).coerce(value, param=param, ctx=ctx)

    def build(descriptor: Any) -> Any:
        try:
            info, annotation = descriptor.parameter_info, descriptor.annotation
            files = descriptor.file_annotation is not None
            convert = None if files else _converter(annotation, info)
        except AttributeError:  # a descriptor (or ParameterInfo) of another shape
            convert = None
        if convert is None:
            return typer_build(descriptor)
        return PlainRuntimeParam(
            parameter_info=info, annotation=annotation, convert=convert, descriptor=descriptor
        )

    return build


def _display_type(self: Any, ctx: Any) -> str | None:
    """The type column of the help: our metavar (Vietnamese), nothing for flags."""
    if getattr(self, "is_flag", False) or self.metavar is None:
        return None
    if isinstance(self, typer_core.TyperArgument):
        return None  # the name column already shows the metavar
    return str(self.metavar)


def _param_name(param: Any) -> str:
    """How a parameter is named to the user: `--year` for options, the metavar for arguments."""
    if param is None:
        return "tham số"
    if isinstance(param, typer_core.TyperArgument):
        return str(param.metavar or param.name or "").upper()
    opts = sorted(getattr(param, "opts", []) or [], key=len, reverse=True)
    return opts[0] if opts else str(param.name)


_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"^Got unexpected extra arguments? \((.+)\)$", "thừa tham số: {0}"),
    (r"^Got unexpected extra argument\(s\) \((.+)\)$", "thừa tham số: {0}"),
    (r"^Missing command\.?$", "thiếu tên lệnh"),
    (r"^Option '(.+)' requires (?:an argument|\d+ arguments)\.?$", "tùy chọn {0} cần một giá trị"),
    (r"^Option '(.+)' does not take a value\.?$", "tùy chọn {0} không nhận giá trị"),
    (r"^Argument '(.+)' takes \d+ values\.?$", "tham số {0} thiếu giá trị"),
)


def _untranslated(message: str) -> str:
    """Last resort for a Click message we do not know: never show English to a clerk."""
    for pattern, template in _PATTERNS:
        match = re.match(pattern, message.strip())
        if match:
            return template.format(*match.groups())
    return "lệnh viết chưa đúng"


_VIETNAMESE = re.compile(
    "[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I
)


def _bad_value(exc: click_exceptions.BadParameter) -> str:
    name = _param_name(exc.param) if exc.param is not None else (exc.param_hint or "tham số")
    message = str(exc.message)
    if _VIETNAMESE.search(message):  # our own parsers speak Vietnamese
        return f"giá trị của {name} không hợp lệ: {message}"
    if "integer" in message:  # Typer's (pydantic's) own English checks
        return f"giá trị của {name} phải là số nguyên"
    return f"giá trị của {name} không hợp lệ"


def usage_message(exc: click_exceptions.UsageError) -> str:
    """A Click usage error as one Vietnamese sentence, built from the error's fields."""
    if isinstance(exc, click_exceptions.NoSuchOption):
        text = f"không có tùy chọn {exc.option_name}"
        if exc.possibilities:
            text += f" (có phải {' hoặc '.join(sorted(exc.possibilities))}?)"
        return text
    if isinstance(exc, click_exceptions.MissingParameter):
        kind = "tùy chọn" if exc.param_type == "option" else "tham số"
        return f"thiếu {kind} {_param_name(exc.param)}"
    if isinstance(exc, click_exceptions.BadParameter):
        return _bad_value(exc)
    if isinstance(exc, VietnameseUsageError):
        return str(exc.message)
    return _untranslated(str(exc.message))


class VietnameseUsageError(click_exceptions.UsageError):
    """A usage error whose message is already Vietnamese."""


def _say(text: str) -> None:
    from dean5299_cli.cli.lines import fit, said_width

    sys.stderr.write(fit(text.rstrip("\n"), said_width()) + "\n")
    sys.stderr.flush()


class VietnameseGroup(typer_core.TyperGroup):
    """The root command: Vietnamese usage line, command typos and every usage error."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        install()
        super().__init__(*args, **kwargs)
        self.subcommand_metavar = SUBCOMMAND_METAVAR
        self.options_metavar = OPTIONS_METAVAR
        for command in self.commands.values():
            command.options_metavar = OPTIONS_METAVAR

    def resolve_command(
        self, ctx: click_core.Context, args: list[str]
    ) -> tuple[str | None, click_core.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            matches = difflib.get_close_matches(name, list(self.commands))
            hint = f" (có phải {' hoặc '.join(matches)}?)" if matches else ""
            raise VietnameseUsageError(f'không có lệnh "{name}"{hint}', ctx)
        return super().resolve_command(ctx, args)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command; every failure becomes a Vietnamese line and an exit code."""
        from dean5299_cli.cli.lines import forget_unusable_width
        from dean5299_cli.cli.output import GuardedStdout, prepare_streams

        forget_unusable_width()
        original = sys.stdout
        prepare_streams()
        arguments = list(sys.argv[1:] if args is None else args)
        try:
            code = _run(self, arguments, prog_name or "dean5299", extra)
            sys.stdout.flush()
        except Exit as exc:  # stdout failed at the last flush
            code = int(exc.exit_code)
        finally:
            if isinstance(sys.stdout, GuardedStdout):
                sys.stdout = original
        if standalone_mode:
            sys.exit(code)
        return code


def _command_path(command: VietnameseGroup, args: list[str], prog_name: str) -> str:
    """`dean5299 report` when the error (a bad option value) comes without its command's context."""
    named = [arg for arg in args if arg in command.commands]
    return f"{prog_name} {named[0]}" if named else prog_name


def _run(command: VietnameseGroup, args: list[str], prog_name: str, extra: dict[str, Any]) -> int:
    """Parse and invoke; map Click's exceptions (and Ctrl-C, closed stdout) to exit codes."""
    from dean5299_cli.cli.output import stdout_failure

    try:
        with command.make_context(prog_name, args, **extra) as ctx:
            result = command.invoke(ctx)
        return result if isinstance(result, int) else 0
    except click_exceptions.NoArgsIsHelpError as exc:
        help_text = exc.format_message()  # rich help is already printed when the error is made
        if help_text:
            sys.stdout.write(help_text + "\n")
        return 0
    except click_exceptions.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx else _command_path(command, args, prog_name)
        _say(f"Lỗi cách dùng: {usage_message(exc)}.\nXem `{where} --help` để biết cách dùng.")
        return EXIT_USAGE
    except Exit as exc:
        return int(exc.exit_code)
    except (Abort, KeyboardInterrupt, EOFError):
        _say(INTERRUPTED)
        return EXIT_INTERRUPTED
    except click_exceptions.ClickException as exc:
        _say(f"Lỗi: {_untranslated(exc.format_message())}.")
        return int(exc.exit_code)
    except BrokenPipeError as exc:  # a pipe other than the guarded stdout
        return int(stdout_failure(exc).exit_code)
