"""`dean5299 init`: create a working folder a clerk can start from."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from dean5299_cli.cli.errors import handle_errors, say


def next_steps(target: Path, today: dt.date) -> list[str]:
    """The clerk's quarter, in order, with the real commands and folder names; first the year's
    indicator set when there is none yet (forms and checks would else be of an earlier year's)."""
    from dean5299_cli.core.indicator_sets import library_for
    from dean5299_cli.core.indicators import WORKING_SETS
    from dean5299_cli.core.periods import ROMAN
    from dean5299_cli.core.settings import SETTINGS_NAME
    from dean5299_cli.workspace import NARRATIVE, SUBMISSIONS

    quarter = ROMAN[(today.month - 1) // 3 + 1]
    steps = []
    if target.resolve() != Path.cwd().resolve():
        steps.append(f'Chuyển vào thư mục làm việc: cd "{target}"')
    if today.year not in library_for(target).years():
        steps.append(
            f"Chưa có bộ chỉ tiêu năm {today.year}: tạo bằng dean5299 targets --new {today.year}, "
            f"rồi sửa tệp {WORKING_SETS}/{today.year}.yaml theo kế hoạch Đề án 5299 của năm."
        )
    steps += [
        f"Sửa {SETTINGS_NAME}: tên cơ quan, người ký, danh sách đơn vị, chỉ tiêu được giao "
        "(thay mọi chỗ có dấu <…>).",
        f"Tạo biểu mẫu cho từng đơn vị: dean5299 template --all-units --quarter {quarter}, "
        "rồi gửi cho các đơn vị.",
        f"Chép các tệp đơn vị gửi về vào thư mục {SUBMISSIONS}/.",
        "Kiểm tra: dean5299 validate; soạn lời nhắc đơn vị cần sửa hoặc chưa gửi: "
        "dean5299 remind --han <ngày/tháng/năm>.",
        f"Viết phần lời của báo cáo trong {NARRATIVE}.",
        f"Lập báo cáo: dean5299 report --quarter {quarter}",
    ]
    return steps


def register(app: typer.Typer) -> None:
    @app.command("init")
    @handle_errors
    def init(
        directory: Annotated[
            Path | None,
            typer.Argument(
                metavar="THƯ-MỤC",
                help="Thư mục làm việc cần tạo (mặc định: thư mục hiện tại).",
            ),
        ] = None,
    ) -> None:
        """Tạo thư mục làm việc: don-vi.yaml có chú thích, thư mục báo cáo và tệp phần lời.

        Không ghi đè tệp đã có.

        Ví dụ:

        dean5299 init bao-cao-5299

        dean5299 init
        """
        from dean5299_cli.workspace import create_workspace

        target = directory or Path.cwd()
        created = create_workspace(target, dt.date.today().year)
        shown = target if target.name else target.resolve()  # `init .`: the folder's name
        say(f"Đã tạo thư mục làm việc {shown}:", shown)
        for path in created:
            say(f"  {path}", path)
        say("Các bước tiếp theo:")
        for number, step in enumerate(next_steps(target, dt.date.today()), start=1):
            say(f"  {number}. {step}")
