"""Load a YAML file into a pydantic model; every failure names the file, the key and the line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from dean5299_cli.core.errors import ConfigError
from dean5299_cli.core.text import printable_tree
from dean5299_cli.core.textfile import read_text_file
from dean5299_cli.core.yamlloader import StrictLoader

M = TypeVar("M", bound=BaseModel)

_PYDANTIC_VI: dict[str, str] = {
    "missing": "thiếu khóa bắt buộc",
    "extra_forbidden": "khóa không được phép (viết sai tên?)",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "int_parsing_size": "số quá lớn",
    "float_parsing": "phải là một số",
    "float_type": "phải là một số",
    "decimal_parsing": "phải là một số",
    "decimal_type": "phải là một số",
    "bool_parsing": "phải là true hoặc false",
    "bool_type": "phải là true hoặc false",
    "string_type": "phải là chuỗi chữ",
    "string_too_short": "không được để trống",
    "string_too_long": "quá dài (tối đa {max_length} ký tự)",
    "too_short": "cần ít nhất {min_length} mục",
    "too_long": "nhiều nhất {max_length} mục",
    "list_type": "phải là một danh sách",
    "dict_type": "phải là một bảng khóa: giá trị",
    "model_type": "phải là một bảng khóa: giá trị",
    "model_attributes_type": "phải là một bảng khóa: giá trị",
    "literal_error": "giá trị không hợp lệ (chọn một trong: {expected})",
    "enum": "giá trị không hợp lệ (chọn một trong: {expected})",
    "date_from_datetime_parsing": "phải là ngày dạng 2024-06-20 hoặc 20/06/2024",
    "date_from_datetime_inexact": "phải là ngày, không kèm giờ",
    "date_parsing": "phải là ngày dạng 2024-06-20 hoặc 20/06/2024",
    "date_type": "phải là ngày dạng 2024-06-20 hoặc 20/06/2024",
    "greater_than": "phải lớn hơn {gt}",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "less_than": "phải nhỏ hơn {lt}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "is_instance_of": "giá trị không hợp lệ",
    "union_tag_invalid": "giá trị không hợp lệ",
    "frozen_instance": "không được sửa",
}

# libyaml's messages, said in Vietnamese (the English text never reaches the clerk).
_YAML_VI: tuple[tuple[str, str], ...] = (
    (
        "mapping values are not allowed",
        "dấu hai chấm đặt sai chỗ (thiếu xuống dòng hoặc thiếu dấu cách?)",
    ),
    ("did not find expected key", "thụt lề không thẳng hàng với các dòng trên"),
    ("did not find expected '-'", "các mục của danh sách phải thẳng hàng, bắt đầu bằng dấu -"),
    ("did not find expected ','", "thiếu dấu phẩy hoặc dấu đóng ngoặc ] / }"),
    ("end of stream", "thiếu dấu nháy hoặc dấu ngoặc đóng"),
    ("found undefined alias", "dùng dấu * trước một tên chưa định nghĩa"),
    ("could not determine a constructor", "thẻ ! không được phép trong tệp này"),
    (
        "cannot start any token",
        'có ký tự không được phép ở đầu (dùng dấu nháy "…" bao quanh giá trị)',
    ),
    ("control characters are not allowed", "có ký tự điều khiển không được phép"),
    ("block sequence entries are not allowed", "dấu - đặt sai chỗ"),
    ("expected <block end>", "thụt lề không thẳng hàng với các dòng trên"),
    ("expected a comment or a line break", "thừa nội dung sau giá trị (thiếu dấu nháy?)"),
    ("found unknown escape character", "dấu \\ trong chuỗi nháy kép: dùng nháy đơn '…'"),
    ("expected alphabetic or numeric character", "dấu & hoặc * phải có tên đi kèm"),
)


def _yaml_reason(problem: str) -> str:
    for english, vietnamese in _YAML_VI:
        if english in problem:
            return vietnamese
    return "sai cú pháp"


def _has_tab(text: str, line: int) -> bool:
    lines = text.split("\n")
    return any("\t" in lines[i] for i in (line - 1, line) if 0 <= i < len(lines))


def node_line(root: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """The 1-based line of the deepest node of `loc` that exists in the composed YAML tree."""
    node = root
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if str(key.value) == str(part):
                    node = value
                    line = key.start_mark.line + 1
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return line
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def key_path(root: yaml.Node | None, loc: tuple[Any, ...]) -> str:
    """`loc` as a clerk reads it: mapping keys dotted in backticks, list entries counted from 1
    (`("indicators", 7, "deadline")` is "`indicators` mục 8, `deadline`"). An int is a list
    position where the file has a list there (or where the file's tree is not known), else a
    key (a year or an indicator number: `targets.2026.own.3`)."""
    pieces: list[str] = []
    keys: list[str] = []
    node = root
    for part in loc:
        in_list = isinstance(part, int) and (root is None or isinstance(node, yaml.SequenceNode))
        if in_list:
            if keys:
                pieces.append(f"`{'.'.join(keys)}` mục {part + 1}")
                keys = []
            else:
                pieces.append(f"mục {part + 1}")
        else:
            keys.append(str(part))
        node = _child(node, part)
    if keys:
        pieces.append(f"`{'.'.join(keys)}`")
    return ", ".join(pieces) or "(gốc)"


def _child(node: yaml.Node | None, part: Any) -> yaml.Node | None:
    """The node under `node` at `part` (a key or a list position), None when the file has none."""
    if isinstance(node, yaml.MappingNode):
        return next((v for k, v in node.value if str(k.value) == str(part)), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        child: yaml.Node = node.value[part]
        return child
    return None


MAX_NESTING = 64  # libyaml recurses in C: a deeply nested file would crash the process
_DASHES = re.compile(r"^(?:\s*[-?:](?:\s+|$))+")  # block indicators opening a line


def _check_nesting(path: Path, text: str) -> None:
    """Refuse `[[[[…`, `{{{{…` or `- - - -…` nested beyond MAX_NESTING before libyaml sees it."""
    depth = 0
    for number, line in enumerate(text.split("\n"), start=1):
        dashes = _DASHES.match(line)
        if dashes and len(re.findall(r"[-?:]", dashes.group(0))) > MAX_NESTING:
            raise ConfigError(
                f"Tệp {path}, dòng {number}: lồng quá nhiều tầng dấu -, ? hoặc : (tối đa {MAX_NESTING})."
            )
        if "[" not in line and "{" not in line and not depth:
            continue
        for char in line:
            if char in "[{":
                depth += 1
                if depth > MAX_NESTING:
                    raise ConfigError(
                        f"Tệp {path}, dòng {number}: lồng quá nhiều tầng ngoặc [ hoặc {{ "
                        f"(tối đa {MAX_NESTING})."
                    )
            elif char in "]}":
                depth = max(depth - 1, 0)


def _has_cycle(data: object) -> bool:
    """True when a list or mapping contains itself (a YAML alias `&a [*a]`); iterative, each
    shared value walked once, so neither a cycle nor a "billion laughs" file can recurse."""
    done: set[int] = set()
    on_path: set[int] = set()
    stack: list[tuple[object, bool]] = [(data, False)]
    while stack:
        value, leaving = stack.pop()
        if leaving:
            on_path.discard(id(value))
            done.add(id(value))
            continue
        if not isinstance(value, (dict, list, tuple)) or id(value) in done:
            continue
        if id(value) in on_path:
            return True
        on_path.add(id(value))
        stack.append((value, True))
        children = [*value.keys(), *value.values()] if isinstance(value, dict) else list(value)
        stack.extend((child, False) for child in children)
    return False


def read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """Parse a YAML file, returning the data and its node tree (for line numbers)."""
    text = read_text_file(path)
    _check_nesting(path, text)
    try:
        data = yaml.load(text, Loader=StrictLoader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        where = f", dòng {line}" if line else ""
        problem = str(exc.problem or "")
        if (
            isinstance(exc, yaml.constructor.ConstructorError)
            and problem[:1].islower()
            and (not problem.isascii())
        ):
            raise ConfigError(f"Tệp {path}{where}: {problem}.", paths=(path,)) from None
        if "\t" in problem or (line is not None and _has_tab(text, line)):
            raise ConfigError(
                f"Tệp {path}{where}: có ký tự Tab. Thụt lề bằng dấu cách, không dùng phím Tab.",
                paths=(path,),
            ) from None
        raise ConfigError(
            f"Tệp {path}{where}: không đúng cú pháp YAML ({_yaml_reason(problem)}). "
            "Kiểm tra thụt lề và dấu hai chấm.",
            paths=(path,),
        ) from None
    except yaml.YAMLError:
        raise ConfigError(f"Tệp {path}: không đúng cú pháp YAML.", paths=(path,)) from None
    except RecursionError:
        raise ConfigError(f"Tệp {path}: lồng quá nhiều tầng.", paths=(path,)) from None
    if _has_cycle(data):
        raise ConfigError(
            f"Tệp {path}: có bí danh YAML (*tên) trỏ vào chính khối chứa nó; "
            "hãy ghi giá trị ra thay cho bí danh."
        )
    return data, None


def compose(path: Path) -> yaml.Node | None:
    """The node tree of a file already parsed once, for line numbers (only when it is invalid)."""
    try:
        return yaml.compose(read_text_file(path), Loader=StrictLoader)
    except (ConfigError, yaml.YAMLError, RecursionError):
        return None


class LocatedError(ValueError):
    """A validator's error about one entry of the model it checks (`("units", 13, "name")`), so
    that the message names that entry's line, not the model's first one."""

    def __init__(self, message: str, loc: tuple[str | int, ...]) -> None:
        super().__init__(message)
        self.loc = loc


def _pydantic_reason(item: Any) -> str:
    """One pydantic error in Vietnamese: our own validators' text, else a translated template."""
    kind = str(item.get("type", ""))
    if kind in ("value_error", "assertion_error"):
        message = str(item.get("msg", ""))
        for prefix in ("Value error, ", "Assertion failed, "):
            message = message.removeprefix(prefix)
        return message
    template = _PYDANTIC_VI.get(kind, "giá trị không hợp lệ")
    context = {k: str(v).replace(" or ", " hoặc ") for k, v in (item.get("ctx") or {}).items()}
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return template.split(" (")[0]


def describe_errors(path: Path, node: yaml.Node | None, error: ValidationError) -> str:
    """Turn pydantic errors into Vietnamese lines naming file, key path and line."""
    lines: list[str] = []
    for item in error.errors():
        loc = tuple(
            p for p in item["loc"] if not (isinstance(p, str) and p.startswith("function-"))
        )
        cause = (item.get("ctx") or {}).get("error")
        if isinstance(cause, LocatedError):
            loc = (*loc, *cause.loc)
        key = key_path(node, loc)
        line = node_line(node, loc)
        reason = _pydantic_reason(item)
        where = f", dòng {line}" if line else ""
        lines.append(f"Tệp {path}{where}, khóa {key}: {reason}.")
    return "\n".join(lines)


def load_model(path: Path, model: type[M], *, context: dict[str, Any] | None = None) -> M:
    """Read `path` and validate it as `model`; raise ConfigError (exit 3) with file, key, line."""
    data, node = read_yaml(path)
    if data is None:
        raise ConfigError(f"Tệp {path} rỗng.", paths=(path,))
    try:
        return model.model_validate(printable_tree(data), context=context)
    except ValidationError as exc:
        raise ConfigError(describe_errors(path, node or compose(path), exc), paths=(path,)) from exc
