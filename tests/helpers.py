"""Test helpers: a settings file and submissions written as real workbooks."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dean5299_cli.core.indicators import load_set
from dean5299_cli.samples import Layout, write_submission

if TYPE_CHECKING:
    from dean5299_cli.core.checking.records import ValidationReport

DEFAULT = Layout()
UNITS = ["Xã Phước Sơn", "Thị trấn Diêu Trì", "Xã Phước Hòa"]
VALUES_2023 = {
    "ct1": 450,
    "ct2": 1200,
    "ct3_tu": 300,
    "ct3_mau": 410,
    "ct4_tu": 200,
    "ct4_mau": 320,
    "ct5": 500,
    "ct6": 8,
    "ct7": 1100,
    "ct8_tong": 2100,
    "ct8_cho_duyet": 600,
    "ct8_khong_hop_le": 900,
    "ct8_hop_le": 600,
    "to_cns": 1,
    "to_cns_thanh_vien": 8,
}
VI = re.compile("[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)

SETTINGS = """parent_body: TỈNH ĐOÀN BÌNH ĐỊNH
issuing_body: BCH ĐOÀN HUYỆN TUY PHƯỚC
issuer_symbol: HĐTN
place: Tuy Phước
signer: {on_behalf: TM. BAN THƯỜNG VỤ HUYỆN ĐOÀN, title: BÍ THƯ, name: Nguyễn Văn A}
recipients: [TT Tỉnh Đoàn;, Lưu VP.]
units:
  - name: Xã Phước Sơn
  - name: Thị trấn Diêu Trì
    aliases: [TT Diêu Trì]
  - name: Xã Phước Hòa
targets:
  2023:
    own: {1: 1000, 2: 2000, 3: "40%", 4: "80%", 5: 1500, 6: 18, 7: 3000}
    units:
      Phước Sơn: {1: 400, 2: 500, 5: 600}
submissions: bao-cao
report: {number: "12", date: 2023-11-20}
"""


def make_workspace(root: Path, settings: str = SETTINGS) -> Path:
    (root / "bao-cao").mkdir(parents=True, exist_ok=True)
    (root / "don-vi.yaml").write_text(settings, encoding="utf-8")
    return root / "bao-cao"


def submit(
    folder: Path,
    name: str,
    *,
    unit: str = "Xã Phước Sơn",
    quarter: int = 4,
    year: int = 2023,
    values: dict | None = None,
    layout: Layout = DEFAULT,
    as_of: dt.date | None = None,
    **changes,
) -> Path:
    data = dict(VALUES_2023 if values is None else values)
    data.update(changes)
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    write_submission(
        path,
        load_set(2023),
        unit=unit,
        quarter=quarter,
        year=year,
        values=data,
        layout=layout,
        as_of=as_of or dt.date(year, min(quarter * 3, 12), 20),
    )
    return path


def is_vietnamese(text: str) -> bool:
    return bool(VI.search(text))


def validate_workspace(folder: Path, **kw: Any) -> ValidationReport:
    """`validate` on a submissions folder made by `make_workspace`, with its settings."""
    from dean5299_cli.core.settings import load_settings
    from dean5299_cli.folder import validate_folder

    settings = load_settings(folder.parent / "don-vi.yaml").settings
    return validate_folder(folder, settings=settings, **kw)


def example_summary(cli: Any, tmp_path: Path, example: str, *args: str) -> Path:
    """The summary workbook of a shipped example (copied without its `ket-qua`), `args` given to
    `dean5299 summary`; the file written."""
    import shutil

    from tests.paths import EXAMPLES

    root = tmp_path / example
    shutil.copytree(EXAMPLES / example, root, ignore=shutil.ignore_patterns("ket-qua"))
    out = root / "th.xlsx"
    result = cli("summary", *args, "-o", str(out), cwd=root)
    assert result.exit_code == 0, result.output
    return out
