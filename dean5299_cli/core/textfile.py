"""Read a text file people edit (settings, narrative, indicator sets) whatever editor saved it."""

from __future__ import annotations

import codecs
from pathlib import Path

from dean5299_cli.core.errors import ConfigError, os_error_vi
from dean5299_cli.core.text import printable

MAX_TEXT_BYTES = 8 * 1024 * 1024  # a settings or narrative file is a few KB; refuse a giant

# Longest BOM first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _not_utf8(path: Path) -> ConfigError:
    return ConfigError(
        f"Tệp {path} không được lưu dạng UTF-8 (có thể đang ở mã ANSI/Windows hoặc "
        "Unicode không có dấu BOM). Mở tệp bằng Notepad, chọn Tệp → Lưu thành…, "
        "mục Mã hóa chọn UTF-8, lưu lại rồi chạy lại."
    )


def decode_text(data: bytes, path: Path) -> str:
    """Decode by BOM (UTF-8, UTF-16, UTF-32), else strict UTF-8; ConfigError otherwise."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise _not_utf8(path) from None
    if b"\x00" in data:  # UTF-16 without a BOM, or a binary file
        raise _not_utf8(path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise _not_utf8(path) from None


def read_text_file(path: Path) -> str:
    """The text of `path`; ConfigError (exit 3) in Vietnamese when missing, unreadable or not text."""
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise ConfigError(
                f"Tệp {path} quá lớn ({size // 1024 // 1024} MB): đây không phải tệp văn bản "
                "cấu hình hay phần lời thông thường.",
                paths=(path,),
            )
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ConfigError(f"Không tìm thấy tệp {path}.", paths=(path,)) from exc
    except OSError as exc:
        raise ConfigError(f"Không đọc được tệp {os_error_vi(exc, path)}", paths=(path,)) from exc
    return printable(decode_text(data, path).replace("\r\n", "\n"))
