"""Where the shipped targets and templates live: inside the wheel, or beside the package in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """`targets` or `templates`: the packaged copy when installed, else the checkout's folder."""
    packaged = _PACKAGE / "_data" / name
    if packaged.is_dir():
        return packaged
    checkout = _PACKAGE.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"Thiếu thư mục dữ liệu {name} của dean5299 (cài đặt bị hỏng?).")
