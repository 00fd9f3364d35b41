"""Options shared by several commands, defined once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

YearOpt = Annotated[
    int | None,
    typer.Option(
        "--year",
        "-y",
        help="Năm của bộ chỉ tiêu (mặc định: theo số liệu, nếu không thì năm hiện tại).",
    ),
]
QuarterOpt = Annotated[
    str | None,
    typer.Option("--quarter", "-q", help="Quý báo cáo: I, II, III, IV, 1–4 hoặc Q1–Q4."),
]
JsonOpt = Annotated[
    bool, typer.Option("--json", help="In kết quả dạng JSON (UTF-8) ra đầu ra chuẩn.")
]
SettingsOpt = Annotated[
    Path | None,
    typer.Option(
        "--settings",
        help="Tệp cấu hình đơn vị (mặc định: don-vi.yaml ở thư mục hiện tại hoặc thư mục cha gần nhất).",
        dir_okay=False,
    ),
]
FolderArg = Annotated[
    Path | None,
    typer.Argument(
        help="Thư mục chứa các tệp báo cáo của đơn vị (mặc định: theo tệp cấu hình).",
        show_default=False,
    ),
]
ForceOpt = Annotated[
    bool,
    typer.Option("--force", help="Ghi đè tệp kết quả đã có (tệp cũ được giữ lại làm bản sao lưu)."),
]
TakeNewerOpt = Annotated[
    bool,
    typer.Option(
        "--lay-moi-nhat",
        help="Đơn vị gửi hai tệp khác nhau cho cùng kỳ: lấy tệp mới hơn (theo ngày ghi trong tệp, "
        "rồi theo thời điểm sửa tệp), bỏ qua tệp cũ.",
    ),
]
