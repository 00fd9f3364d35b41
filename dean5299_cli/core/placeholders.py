"""Leftovers of the `init` starter settings (`<TÊN TỈNH>`, `‹Tên địa danh›`): never in a signed report."""

from __future__ import annotations

import re

from dean5299_cli.core.errors import ConfigError
from dean5299_cli.core.settings import LoadedSettings

# `<…>` as the starter file writes them, and the angle quotes some offices type instead.
_PLACEHOLDER = re.compile(r"<[^<>\n]{1,80}>|‹[^‹›\n]{1,80}›")
_SHOWN = 8  # places named in the message; the rest are counted


def _walk(value: object, where: str, found: list[tuple[str, str]]) -> None:
    if isinstance(value, str):
        found.extend((where, m.group(0)) for m in _PLACEHOLDER.finditer(value))
    elif isinstance(value, dict):
        for key, item in value.items():
            here = f"{where}.{key}" if where else str(key)
            _walk(str(key), here, found)
            _walk(item, here, found)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _walk(item, f"{where}[{index + 1}]", found)


def leftover_placeholders(loaded: LoadedSettings) -> list[tuple[str, str]]:
    """(key, placeholder) for every `<…>` the clerk has not replaced yet, in file order."""
    found: list[tuple[str, str]] = []
    _walk(loaded.settings.model_dump(mode="json"), "", found)
    return list(dict.fromkeys(found))


def refuse_placeholders(loaded: LoadedSettings) -> None:
    """ConfigError (exit 3) naming the placeholders left in the settings, before any report."""
    found = leftover_placeholders(loaded)
    if not found:
        return
    shown = "; ".join(f"`{key}`: {text}" for key, text in found[:_SHOWN])
    more = f" và {len(found) - _SHOWN} chỗ khác" if len(found) > _SHOWN else ""
    raise ConfigError(
        f"Tệp {loaded.path} còn chỗ chưa sửa từ bản mẫu ({shown}{more}). "
        "Thay mọi chỗ có dấu <…> bằng thông tin thật của đơn vị rồi lập báo cáo lại."
    )
