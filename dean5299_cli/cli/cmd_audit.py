"""`dean5299 audit`: recompute the figures written in a report and list the slips."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dean5299_cli.cli.errors import handle_errors, say
from dean5299_cli.cli.options import (
    ForceOpt,
    JsonOpt,
    QuarterOpt,
    SettingsOpt,
    TakeNewerOpt,
    YearOpt,
)
from dean5299_cli.core.errors import UsageError

FileArg = Annotated[
    Path,
    typer.Argument(
        metavar="TỆP-BÁO-CÁO",
        help="Báo cáo cần kiểm tra: .docx, .pdf hoặc văn bản (.txt).",
        dir_okay=False,
    ),
]
AuditFolderOpt = Annotated[
    Path | None,
    typer.Option(
        "--folder",
        metavar="THƯ-MỤC",
        help="Thư mục báo cáo của các đơn vị: so các số trong báo cáo với số liệu của kỳ đó.",
        file_okay=False,
    ),
]
SummaryOpt = Annotated[
    Path | None,
    typer.Option(
        "--summary",
        metavar="TỆP",
        help="Hoặc bảng tổng hợp (.xlsx, do lệnh summary ghi) của kỳ đó: so các số trong báo cáo "
        "với từng dòng đơn vị của bảng.",
        dir_okay=False,
    ),
]
AnnotateOpt = Annotated[
    Path | None,
    typer.Option(
        "--annotate",
        metavar="TỆP",
        help="Ghi một BẢN SAO của tệp .docx có chú thích (comment) Word ở mỗi chỗ sai "
        "(không có chỗ sai thì không ghi).",
        dir_okay=False,
    ),
]


EveryRateOpt = Annotated[
    bool,
    typer.Option(
        "--chi-tiet",
        help="In từng tỷ lệ đã tính lại, kể cả tỷ lệ đúng (mặc định chỉ in chỗ cần sửa và số đếm).",
    ),
]


def register(app: typer.Typer) -> None:
    @app.command("audit")
    @handle_errors
    def audit(
        file: FileArg,
        folder: AuditFolderOpt = None,
        summary: SummaryOpt = None,
        year: YearOpt = None,
        quarter: QuarterOpt = None,
        as_json: JsonOpt = False,
        annotate: AnnotateOpt = None,
        every_rate: EveryRateOpt = False,
        force: ForceOpt = False,
        settings: SettingsOpt = None,
        take_newer: TakeNewerOpt = False,
    ) -> None:
        """Kiểm tra số học của một báo cáo: tỷ lệ, tổng và các phần, cách viết số, làm tròn.

        Có --folder hoặc --summary thì so thêm từng số trong báo cáo với số liệu của kỳ đó;
        với --folder, các đơn vị không được tính được nêu trước (báo cáo lập với --lay-moi-nhat:
        kiểm tra cũng với --lay-moi-nhat).
        Lệnh trả mã 1 khi thấy sai sót, 0 khi không thấy.

        Ví dụ:

        dean5299 audit ket-qua/bao-cao-5299-2023-quy-4.docx

        dean5299 audit bao-cao-quy-4.pdf --folder bao-cao-don-vi --quarter IV

        dean5299 audit bao-cao-quy-4.docx --summary tong-hop.xlsx --annotate ban-chu-thich.docx
        """
        from dean5299_cli.verify.audit import audit_blocks
        from dean5299_cli.verify.documents import read_blocks
        from dean5299_cli.verify.render import print_audit

        if folder is not None and summary is not None:
            raise UsageError("Chỉ dùng một trong hai: --folder hoặc --summary.")
        if take_newer and folder is None:
            raise UsageError("--lay-moi-nhat chọn giữa các tệp của đơn vị: chỉ dùng cùng --folder.")
        blocks = read_blocks(file)
        result = audit_blocks(file.name, blocks)
        if folder is not None:
            from dean5299_cli.verify.against_data import check_against_folder

            result = check_against_folder(
                result, blocks, folder, settings, year, quarter, take_newer=take_newer
            )
        elif summary is not None:
            from dean5299_cli.verify.against_data import check_against_summary

            result = check_against_summary(result, blocks, summary, settings, year, quarter)
        if annotate is not None:
            from dean5299_cli.verify.annotate import write_annotated

            placed, backup = write_annotated(file, blocks, result, annotate, force=force)
            if backup:
                say(f"Đã giữ tệp cũ thành {backup}.", backup)
            if placed:
                say(f"Đã ghi bản có {placed} chú thích: {annotate} (tệp gốc không bị sửa).", annotate)
            else:
                why = (
                    "không gắn được chú thích nào vào chữ của văn bản; các chỗ sai được liệt kê "
                    "dưới đây"
                    if result.findings
                    else "không có chỗ sai nào để chú thích"
                )
                say(f"Không ghi {annotate}: {why}.", annotate)
                if annotate.is_file():
                    say(f"Tệp {annotate} là bản của lần kiểm tra trước, nay không còn đúng.", annotate)
        if as_json:
            from dean5299_cli.cli.output import write_json

            write_json(result.to_json())
        else:
            print_audit(result, every_rate=every_rate)
        raise typer.Exit(1 if result.findings else 0)
