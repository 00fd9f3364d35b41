"""`dean5299 report`: the Word report in the Union's format, ready to sign (the options; the
steps are in cli/report_steps.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dean5299_cli.cli.errors import handle_errors
from dean5299_cli.cli.options import (
    FolderArg,
    ForceOpt,
    MonthOpt,
    QuarterOpt,
    SettingsOpt,
    TakeNewerOpt,
    YearOpt,
)

OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="TỆP", help="Tệp kết quả cần ghi.", dir_okay=False),
]
StrictOpt = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Dừng, không ghi gì, nếu có tệp lỗi, cảnh báo hoặc đơn vị chưa được tính vào tổng "
        "hợp (chưa gửi báo cáo…).",
    ),
]
NumberOpt = Annotated[
    str | None,
    typer.Option(
        "--so", metavar="SỐ", help="Số văn bản, ví dụ 45 (thay cho report.number của don-vi.yaml)."
    ),
]
DateOpt = Annotated[
    str | None,
    typer.Option(
        "--ngay",
        metavar="NGÀY",
        help="Ngày ký, dạng 05/10/2024, hoặc hom-nay (mặc định: report.date của don-vi.yaml, "
        "nếu không có thì hôm nay); từ ngày đầu kỳ báo cáo đến trước một năm sau kỳ.",
    ),
]


def register(app: typer.Typer) -> None:
    @app.command("report")
    @handle_errors
    def report(
        folder: FolderArg = None,
        quarter: QuarterOpt = None,
        month: MonthOpt = None,
        year: YearOpt = None,
        output: OutputOpt = None,
        number: NumberOpt = None,
        date: DateOpt = None,
        pdf: Annotated[
            bool, typer.Option("--pdf", help="Ghi thêm bản PDF (cần LibreOffice).")
        ] = False,
        force: ForceOpt = False,
        strict: StrictOpt = False,
        settings: SettingsOpt = None,
        take_newer: TakeNewerOpt = False,
        rank_appendix: Annotated[
            bool,
            typer.Option(
                "--xep-hang",
                help="Thêm phụ lục đánh giá, xếp hạng đơn vị (theo xep-hang.yaml nếu có).",
            ),
        ] = False,
        # charts: figures and last year's summary in the report (issue 12)
        charts: Annotated[
            bool,
            typer.Option(
                "--bieu-do",
                help="Chèn biểu đồ mức đạt theo chỉ tiêu và tiến độ qua các quý "
                "(cần gói dean5299\\[bieu-do]).",  # escaped: rich reads `[…]` as a style
            ),
        ] = False,
        last_year: Annotated[
            Path | None,
            typer.Option(
                "--nam-truoc",
                metavar="TỆP",
                help="Bảng tổng hợp (.xlsx) cùng kỳ năm trước, để so sánh với cùng kỳ.",
                dir_okay=False,
            ),
        ] = None,
    ) -> None:
        """Lập báo cáo Word theo thể thức văn bản của Đoàn, sẵn sàng trình ký; cập nhật bảng tổng hợp.

        Ví dụ:

        dean5299 report --quarter IV

        dean5299 report --quarter IV --so 45 --ngay 05/10/2024

        dean5299 report --quarter IV --year 2023 --pdf --force

        dean5299 report --quarter III --strict

        dean5299 report --quarter IV --xep-hang --force

        dean5299 report --quarter IV --bieu-do --nam-truoc tong-hop-5299-2022-quy-4.xlsx
        """
        from dean5299_cli.cli.report_steps import ReportRequest, run_report

        run_report(
            ReportRequest(
                folder=folder,
                year=year,
                quarter=quarter,
                month=month,
                output=output,
                number=number,
                date=date,
                pdf=pdf,
                force=force,
                strict=strict,
                settings=settings,
                take_newer=take_newer,
                rank_appendix=rank_appendix,
                charts=charts,
                last_year=last_year,
            )
        )
