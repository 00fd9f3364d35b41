"""Load a YAML file into a pydantic model; every failure names the file, the key and the line."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from dean5299_cli.core.errors import ConfigError

M = TypeVar("M", bound=BaseModel)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~10× faster

_PYDANTIC_VI = {
    "missing": "thiếu khóa bắt buộc",
    "extra_forbidden": "khóa không được phép (viết sai tên?)",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "string_type": "phải là chuỗi chữ",
    "list_type": "phải là một danh sách",
    "dict_type": "phải là một bảng khóa: giá trị",
    "model_type": "phải là một bảng khóa: giá trị",
    "literal_error": "giá trị không hợp lệ",
    "enum": "giá trị không hợp lệ",
    "date_from_datetime_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_type": "phải là ngày dạng YYYY-MM-DD",
    "greater_than": "phải lớn hơn",
    "greater_than_equal": "phải lớn hơn hoặc bằng",
    "decimal_parsing": "phải là một số",
}


def _node_line(root: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
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


def read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """Parse a YAML file, returning the data and its node tree (for line numbers)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise ConfigError(f"Không tìm thấy tệp {path}.") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Không đọc được tệp {path}: {exc}.") from exc
    try:
        data = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
        node = None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f", dòng {mark.line + 1}, cột {mark.column + 1}" if mark else ""
        raise ConfigError(
            f"Tệp {path}{where}: không đúng cú pháp YAML ({exc.problem}). "
            "Kiểm tra thụt lề và dấu hai chấm."
        ) from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"Tệp {path}: không đúng cú pháp YAML ({exc}).") from exc
    return data, node


def compose(path: Path) -> yaml.Node | None:
    """The node tree of a file already parsed once, for line numbers (only when it is invalid)."""
    try:
        return yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=_LOADER)
    except (OSError, yaml.YAMLError):
        return None


def describe_errors(path: Path, node: yaml.Node | None, error: ValidationError) -> str:
    """Turn pydantic errors into Vietnamese lines naming file, key path and line."""
    lines = []
    for item in error.errors():
        loc = tuple(
            p for p in item["loc"] if not (isinstance(p, str) and p.startswith("function-"))
        )
        key = ".".join(str(p) for p in loc) or "(gốc)"
        line = _node_line(node, loc)
        reason = item.get("msg", "")
        if item["type"] in _PYDANTIC_VI and item["type"] != "value_error":
            reason = _PYDANTIC_VI[item["type"]]
        elif reason.startswith("Value error, "):
            reason = reason[len("Value error, ") :]
        where = f", dòng {line}" if line else ""
        lines.append(f"Tệp {path}{where}, khóa `{key}`: {reason}.")
    return "\n".join(lines)


def load_model(path: Path, model: type[M], *, context: dict[str, Any] | None = None) -> M:
    """Read `path` and validate it as `model`; raise ConfigError (exit 3) with file, key, line."""
    data, node = read_yaml(path)
    if data is None:
        raise ConfigError(f"Tệp {path} rỗng.")
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        raise ConfigError(describe_errors(path, node or compose(path), exc)) from exc
