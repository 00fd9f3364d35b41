"""`dean5299 init`: create a working folder a clerk can start from."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dean5299_cli.cli.errors import handle_errors, say


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
        created = create_workspace(target)
        say(f"Đã tạo thư mục làm việc {target}:")
        for path in created:
            say(f"  {path}")
        say(
            "Tiếp theo: sửa don-vi.yaml, chép tệp báo cáo của các đơn vị vào thư mục báo cáo, "
            "rồi chạy `dean5299 validate`."
        )
