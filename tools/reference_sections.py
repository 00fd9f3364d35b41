"""The sections of docs/tham-chieu.md, each read from the code it documents."""

from __future__ import annotations

import datetime as dt
import enum
import inspect
import types
import typing
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from reference_text import (
    EXAMPLE_UNIT,
    EXIT_CODES,
    INTERNAL_EXIT_CODES,
    MISSING,
    PROBLEM_EXAMPLES,
    VALIDATE_JSON,
)
from typer import core as typer_core
from typer._click import core as click_core


def cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


# ---- commands -------------------------------------------------------------------------------


def root_command() -> typer_core.TyperGroup:
    from typer.main import get_command

    from dean5299_cli.cli.app import app

    command = get_command(app)
    assert isinstance(command, typer_core.TyperGroup)
    return command


def commands() -> Iterator[tuple[str, click_core.Command, click_core.Context]]:
    root = root_command()
    parent = click_core.Context(root, info_name="dean5299")
    for name in root.list_commands(parent):
        command = root.get_command(parent, name)
        if command is not None and not command.hidden:
            yield name, command, click_core.Context(command, info_name=name, parent=parent)


def split_help(command: click_core.Command) -> tuple[str, str, list[str]]:
    """A command's first paragraph, the whole description (before "Ví dụ:"), its example lines."""
    text = inspect.cleandoc(command.help or "")
    body, _, examples = text.partition("Ví dụ:")
    paragraphs = [" ".join(p.split()) for p in body.split("\n\n") if p.strip()]
    lines = [line.strip() for line in examples.splitlines() if line.strip()]
    return (paragraphs or [""])[0], " ".join(paragraphs), lines


def option_rows(command: click_core.Command, ctx: click_core.Context) -> list[str]:
    rows = []
    for param in command.get_params(ctx):
        if getattr(param, "hidden", False):
            continue
        is_argument = isinstance(param, typer_core.TyperArgument)
        names = str(param.metavar) if is_argument else ", ".join(param.opts)
        value = "" if is_argument or getattr(param, "is_flag", False) else param.metavar or ""
        help_text = (getattr(param, "help", "") or "").replace("\\[", "[")  # rich's escape
        rows.append(f"| `{cell(names)}` | {cell(value)} | {cell(help_text)} |")
    return rows


def synopsis(name: str, command: click_core.Command, ctx: click_core.Context) -> str:
    """`dean5299 report [THƯ-MỤC] [--quarter QUÝ] …` from the command's parameters."""
    pieces = [f"dean5299 {name}"]
    for param in command.get_params(ctx):
        if param.name in ("help",) or getattr(param, "hidden", False):
            continue
        if isinstance(param, typer_core.TyperArgument):
            pieces.append(str(param.metavar) if param.required else f"[{param.metavar}]")
        elif getattr(param, "is_flag", False):
            pieces.append(f"[{param.opts[-1] if len(param.opts) == 1 else param.opts[0]}]")
        else:
            long = max(param.opts, key=len)
            pieces.append(f"[{long} {param.metavar}]")
    return " ".join(pieces)


def commands_section() -> list[str]:
    root = root_command()
    out = ["## Lệnh", "", cell(root.help or ""), ""]
    out += ["Tùy chọn chung (đặt trước tên lệnh):", "", "| tùy chọn | giá trị | ý nghĩa |", "|---|---|---|"]
    out += option_rows(root, click_core.Context(root, info_name="dean5299"))
    for name, command, ctx in commands():
        _, description, examples = split_help(command)
        out += ["", f"### `dean5299 {name}`", "", description, ""]
        out += ["```", command.get_usage(ctx), "```", ""]
        out += ["| tham số, tùy chọn | giá trị | ý nghĩa |", "|---|---|---|", *option_rows(command, ctx)]
        if examples:
            out += ["", "Ví dụ:", "", "```", *examples, "```"]
    return out


def readme_table() -> list[str]:
    rows = ["| lệnh | việc |", "|---|---|"]
    for name, command, ctx in commands():
        description, _, _ = split_help(command)
        rows.append(f"| `{cell(synopsis(name, command, ctx))}` | {cell(description)} |")
    return rows


# ---- problems, exit codes, JSON ---------------------------------------------------------------


def problem_example(code: str, template: str) -> str:
    params = PROBLEM_EXAMPLES.get(code)
    if params is None:
        return f"{MISSING} (mã {code}: thêm tham số ví dụ vào tools/reference_text.py)"
    try:
        return template.format(**{"unit": EXAMPLE_UNIT, **params})
    except (KeyError, IndexError) as exc:
        return f"{MISSING} (mã {code}: thiếu tham số ví dụ {exc})"


def problems_section() -> list[str]:
    from dean5299_cli.core.problems import CATALOGUE, SEVERITY_VI

    out = ["## Mã vấn đề", "", "Mỗi lỗi (error), cảnh báo (warning), thông tin (info) có một mã cố định;"]
    out += ["tệp có lỗi không được cộng vào tổng hợp.", "", "| mã | mức độ | ví dụ thông báo |", "|---|---|---|"]
    for code, (severity, template) in CATALOGUE.items():
        label = f"{SEVERITY_VI[severity]} ({severity.value})"
        out.append(f"| `{code}` | {label} | {cell(problem_example(code, template))} |")
    return out


def exit_codes() -> dict[int, list[str]]:
    """Exit code → the error classes of core/errors.py that carry it (none for internal codes)."""
    from dean5299_cli.core import errors

    found: dict[int, list[str]] = {code: [] for code in INTERNAL_EXIT_CODES}
    for value in vars(errors).values():
        is_error = isinstance(value, type) and issubclass(value, errors.Dean5299Error)
        if is_error and value is not errors.Dean5299Error:
            found.setdefault(value.exit_code, []).append(value.__name__)
    return dict(sorted(found.items()))


def exit_codes_section() -> list[str]:
    out = ["## Mã thoát", "", "| mã | ý nghĩa |", "|---|---|"]
    for code in exit_codes():
        out.append(f"| `{code}` | {cell(EXIT_CODES.get(code, MISSING))} |")
    return out


def json_shape(value: Any, path: str, out: dict[str, set[str]]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            child = f"{path}.{key}" if path else str(key)
            if path == "missing_hints":
                continue  # keys are unit names
            out.setdefault(child, set()).add(json_type(item))
            json_shape(item, child, out)
    elif isinstance(value, list):
        for item in value:
            json_shape(item, f"{path}[]", out)


def json_type(value: object) -> str:
    names = {bool: "true/false", int: "số nguyên", float: "số thập phân", str: "chuỗi",
             list: "danh sách", dict: "đối tượng"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def validate_json_section(example: Path) -> list[str]:
    from dean5299_cli.core.settings import locate_settings
    from dean5299_cli.folder import validate_folder

    loaded = locate_settings(example / "don-vi.yaml")
    assert loaded is not None
    folder = loaded.resolve(loaded.settings.submissions)
    report = validate_folder(folder, settings=loaded.settings, year=2023, quarter=4, jobs=1)
    shape: dict[str, set[str]] = {}
    json_shape(report.to_json(), "", shape)
    for key in VALIDATE_JSON:
        shape.setdefault(key, set())
    out = ["## JSON của `dean5299 validate --json`", ""]
    out += ["Một đối tượng JSON (UTF-8) trên đầu ra của lệnh; các khóa:", ""]
    out += ["| khóa | kiểu | ý nghĩa |", "|---|---|---|"]
    for key in sorted(shape, key=_json_order):
        kinds = ", ".join(sorted(shape[key])) or "—"
        out.append(f"| `{key}` | {kinds} | {cell(VALIDATE_JSON.get(key, MISSING))} |")
    return out


def _json_order(key: str) -> tuple[int, str]:
    top = key.split(".")[0].split("[")[0]
    order = list(dict.fromkeys(k.split(".")[0].split("[")[0] for k in VALIDATE_JSON))
    return (order.index(top) if top in order else len(order), key)


# ---- pydantic schemas -----------------------------------------------------------------------


def schema_keys(model: type[BaseModel], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Every key of a pydantic model, nested models included (`a.b`, `list[]`, `<năm>`)."""
    for name, info in model.model_fields.items():
        key = f"{prefix}{name}"
        yield key, info
        for sub, sub_prefix in nested_models(info.annotation, key):
            yield from schema_keys(sub, sub_prefix)


def nested_models(annotation: Any, key: str) -> Iterator[tuple[type[BaseModel], str]]:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        yield from nested_models(args[0], key)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation, f"{key}."
    elif origin is list and args:
        yield from nested_models(args[0], f"{key}[]")
    elif origin is dict and len(args) == 2:
        placeholder = "<năm>" if key == "targets" else "<số>" if args[0] is int else "<khóa>"
        yield from nested_models(args[1], f"{key}.{placeholder}")
    elif origin in (typing.Union, types.UnionType):
        for arg in args:
            yield from nested_models(arg, key)


def type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin is typing.Annotated:
        return type_name(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return " hoặc ".join(type_name(a) for a in args)
    if origin is list:
        return f"danh sách {type_name(args[0])}" if args else "danh sách"
    if origin is dict:
        return "bảng"
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return "một trong: " + ", ".join(str(m.value) for m in annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "nhóm khóa"
    names = {str: "chữ", int: "số nguyên", bool: "true/false", dt.date: "ngày", Fraction: "tỷ lệ",
             Decimal: "số"}
    return names.get(annotation, getattr(annotation, "__name__", str(annotation)))


def fraction_kind(info: Any) -> str | None:
    """"tỷ lệ" or "số điểm" for the rubric's Percent / Points fields (a Fraction either way)."""
    from dean5299_cli.core.rubric import Percent, Points

    kinds = {"tỷ lệ": typing.get_args(Percent)[1], "số điểm": typing.get_args(Points)[1]}
    marks = list(info.metadata)
    for arg in typing.get_args(info.annotation):  # `Points | None`: the marks inside the union
        if typing.get_origin(arg) is typing.Annotated:
            marks += typing.get_args(arg)[1:]
    return next((kind for kind, mark in kinds.items() if mark in marks), None)


def default_text(info: Any) -> str:
    if info.is_required():
        return "bắt buộc"
    default = info.get_default(call_default_factory=True)
    if isinstance(default, Fraction):
        shown = default * 100 if fraction_kind(info) == "tỷ lệ" else default
        text = str(shown).replace(".", ",")
        return f"`{text}%`" if fraction_kind(info) == "tỷ lệ" else f"`{text}`"
    if default in (None, "", [], {}) or isinstance(default, BaseModel):
        return "—"
    if isinstance(default, enum.Enum):
        return f"`{default.value}`"
    return f"`{default}`".replace("`True`", "`true`").replace("`False`", "`false`")


def settings_value_notes() -> dict[str, str]:
    """Allowed values of settings keys whose choices are data (dean5299_cli/data/templates/levels.yaml)."""
    from dean5299_cli.core.levels import level_names, word_names

    return {
        "level": "Giá trị: " + ", ".join(level_names()) + ".",
        "level_words": "Các từ sửa được: " + ", ".join(f"`{w}`" for w in word_names()) + ".",
    }


def schema_section(
    title: str,
    intro: str,
    model: type[BaseModel],
    texts: dict[str, str],
    notes: dict[str, str] | None = None,
) -> list[str]:
    out = [title, "", intro, "", "| khóa | kiểu | mặc định | ý nghĩa |", "|---|---|---|---|"]
    for key, info in schema_keys(model):
        description = info.description or texts.get(key) or MISSING
        if notes and key in notes:
            description = f"{description} {notes[key]}"
        kind = fraction_kind(info) or type_name(info.annotation)
        row = f"| `{key}` | {cell(kind)} | {default_text(info)} | {cell(description)} |"
        out.append(row)
    return out
