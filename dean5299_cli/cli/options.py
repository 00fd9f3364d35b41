"""Options shared by several commands, defined once (help texts, Vietnamese metavars, sane ranges)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dean5299_cli.core.periods import LAST_YEAR

YEAR_MIN = 2000  # accepted on the command line; a year without an indicator set is said so
YEAR_MAX = LAST_YEAR


def parse_year(value: str | int) -> int:
    """`--year`: a whole number between YEAR_MIN and YEAR_MAX, else a usage error (exit 2)."""
    text = str(value).strip()
    if text.isascii() and text.isdigit() and YEAR_MIN <= int(text) <= YEAR_MAX:
        return int(text)
    shown = text if len(text) <= 20 else text[:20] + "…"
    raise typer.BadParameter(
        f'năm phải là số nguyên từ {YEAR_MIN} đến {YEAR_MAX}, không phải "{shown}"'
    )


YearOpt = Annotated[
    int | None,
    typer.Option(
        "--year",
        "-y",
        metavar="NĂM",
        parser=parse_year,
        help=(
            f"Năm của bộ chỉ tiêu, từ {YEAR_MIN} đến {YEAR_MAX} "
            "(mặc định: theo số liệu, nếu không thì năm hiện tại)."
        ),
    ),
]
QuarterOpt = Annotated[
    str | None,
    typer.Option(
        "--quarter", "-q", metavar="QUÝ", help="Quý báo cáo: I, II, III, IV, 1–4 hoặc Q1–Q4."
    ),
]
MonthOpt = Annotated[
    str | None,
    typer.Option(
        "--month",
        "--thang",
        metavar="THÁNG",
        help="Báo cáo theo tháng thay cho quý: 1–12 (số liệu cộng dồn từ đầu năm).",
    ),
]
JsonOpt = Annotated[
    bool,
    typer.Option(
        "--json",
        help="In kết quả dạng JSON (mã UTF-8) thay cho bảng, để chương trình khác đọc.",
    ),
]
SettingsOpt = Annotated[
    Path | None,
    typer.Option(
        "--settings",
        metavar="TỆP",
        help="Tệp cấu hình đơn vị (mặc định: don-vi.yaml ở thư mục hiện tại hoặc thư mục cha gần nhất).",
        dir_okay=False,
    ),
]
FolderArg = Annotated[
    Path | None,
    typer.Argument(
        metavar="THƯ-MỤC",
        help="Thư mục chứa các tệp báo cáo của đơn vị (mặc định: theo tệp cấu hình).",
        show_default=False,
    ),
]
ForceOpt = Annotated[
    bool,
    typer.Option("--force", help="Ghi đè tệp kết quả đã có (tệp cũ được giữ lại làm bản sao lưu)."),
]
OutputFileOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="TỆP", help="Tệp kết quả cần ghi.", dir_okay=False),
]
TakeNewerOpt = Annotated[
    bool,
    typer.Option(
        "--lay-moi-nhat",
        help="Đơn vị gửi hai tệp khác nhau trở lên cho cùng kỳ: lấy tệp mới nhất (theo ngày ghi "
        "trong tệp, rồi theo giờ sửa tệp), bỏ qua các tệp cũ hơn; hai tệp sửa cách nhau chưa đến "
        "một phút thì không chọn giữa hai tệp đó.",
    ),
]
