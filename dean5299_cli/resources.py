"""Where the shipped indicator sets and templates live: `dean5299_cli/data/`, read through
importlib.resources (the same place in a checkout and in an installed wheel)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def data_dir(name: str) -> Path:
    """`targets` or `templates`: the package's data folder of that name."""
    folder = Path(str(files("dean5299_cli") / "data" / name))
    if not folder.is_dir():
        raise FileNotFoundError(f"Thiếu thư mục dữ liệu {name} của dean5299 (cài đặt bị hỏng?).")
    return folder
