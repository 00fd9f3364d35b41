"""`dean5299 rank`: evaluate and rank the units, per indicator and with a points rubric."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dean5299_cli.cli.errors import handle_errors, say
from dean5299_cli.cli.options import (
    FolderArg,
    ForceOpt,
    JsonOpt,
    QuarterOpt,
    SettingsOpt,
    TakeNewerOpt,
    YearOpt,
)

if TYPE_CHECKING:
    from dean5299_cli.rank_job import RankResult

RubricOpt = Annotated[
    Path | None,
    typer.Option(
        "--rubric",
        metavar="TỆP",
        help="Tệp thang điểm (mặc định: xep-hang.yaml cạnh don-vi.yaml).",
        dir_okay=False,
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="TỆP",
        help="Tệp Excel cần ghi (mặc định: ket-qua/xep-hang-5299-<năm>-quy-<quý>.xlsx; "
        "với --json chỉ ghi khi có -o).",
        dir_okay=False,
    ),
]


def _print_console(result: RankResult) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from dean5299_cli.core.periods import period_name
    from dean5299_cli.core.ranking import Trend, leader_words
    from dean5299_cli.core.scoring import GRADE_VI, points_column

    console = Console(file=sys.stdout, soft_wrap=False)
    period = period_name(result.data.year, result.data.quarter)
    if result.evaluations:
        table = Table(title=f"Đánh giá, xếp hạng {period}")
        for head in ("Hạng", "Đơn vị", "Tổng điểm", "Xếp loại"):
            table.add_column(head)
        for e in result.evaluations:
            table.add_row(
                str(e.rank) if e.rank else "—",
                escape(e.unit),
                points_column(e.total) if e.total is not None else "—",
                escape(GRADE_VI[e.grade] + (f" ({e.detail})" if e.detail else "")),
            )
        console.print(table)
    if not any(u.results for u in result.data.units):
        console.print(f"Chưa có đơn vị nào có số liệu hợp lệ cho {period}.", markup=False)
        return
    for ranking in result.rankings:
        ranked = [s for s in ranking.standings if s.rank is not None]
        parts = []
        if ranked:
            top = [s for s in ranked if s.rank == 1]
            parts.append(
                "dẫn đầu: " + ", ".join(leader_words(s, result.rounding) for s in top)
            )
        else:
            parts.append("không đơn vị nào có chỉ tiêu giao để xếp hạng")
        for trend, label in ((Trend.SAME, "không thay đổi"), (Trend.DOWN, "giảm")):
            units = ranking.with_trend(trend)
            if units:
                parts.append(f"{label}: {', '.join(units)}")
        line = f"CT{ranking.indicator.number}: " + "; ".join(parts) + "."
        console.print(line, markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    @app.command("rank")
    @handle_errors
    def rank(
        folder: FolderArg = None,
        year: YearOpt = None,
        quarter: QuarterOpt = None,
        rubric: RubricOpt = None,
        output: OutputOpt = None,
        force: ForceOpt = False,
        as_json: JsonOpt = False,
        settings: SettingsOpt = None,
        take_newer: TakeNewerOpt = False,
        new_rubric: Annotated[
            bool,
            typer.Option(
                "--tao-thang-diem",
                help="Ghi tệp thang điểm ví dụ xep-hang.yaml vào thư mục làm việc (cạnh "
                "don-vi.yaml; hoặc vào tệp --rubric) để sửa theo quy định của đơn vị; không ghi "
                "đè tệp đã có.",
            ),
        ] = False,
    ) -> None:
        """Đánh giá, xếp hạng các đơn vị: tỷ lệ đạt từng chỉ tiêu, tăng/giảm so với quý trước,
        điểm theo thang điểm và xếp loại, tiến độ theo quý.

        Ví dụ:

        dean5299 rank --quarter IV

        dean5299 rank bao-cao --quarter III --rubric xep-hang.yaml -o xep-hang.xlsx

        dean5299 rank --quarter IV --json

        dean5299 rank --quarter IV --lay-moi-nhat (như báo cáo đã lập với --lay-moi-nhat)

        dean5299 rank --tao-thang-diem
        """
        from dean5299_cli.cli.cmd_validate import load_report
        from dean5299_cli.cli.context import settings_or_none
        from dean5299_cli.cli.output import write_json
        from dean5299_cli.cli.report_steps import settle_duplicates
        from dean5299_cli.core.rubric import load_rubric
        from dean5299_cli.rank_job import (
            find_rubric,
            rank_output,
            result_json,
            run_rank,
            write_rank_workbook,
        )
        from dean5299_cli.writers.atomic import check_target

        if new_rubric:
            from dean5299_cli.rank_job import write_example_rubric

            written = write_example_rubric(settings_or_none(settings), rubric)
            say(
                f"Đã ghi {written}: thang điểm ví dụ, không phải quy định. Sửa điểm và các mức "
                "xếp loại theo quy định của đơn vị mình, rồi chạy `dean5299 rank --quarter …`.",
                written,
            )
            return
        rubric_path = find_rubric(settings_or_none(settings), rubric)
        scale = load_rubric(rubric_path) if rubric_path is not None else None  # fail fast: exit 3
        loaded, path, report = load_report(
            folder, settings, year, quarter, show_progress=True, take_newer=take_newer
        )
        report, _ = settle_duplicates(path, report, loaded, take_newer)  # as the report chose
        if rubric_path is None:
            say(
                "Chưa có tệp thang điểm xep-hang.yaml cạnh don-vi.yaml: chỉ xếp hạng theo từng "
                "chỉ tiêu. Muốn chấm điểm và xếp loại: `dean5299 rank --tao-thang-diem` ghi tệp "
                "thang điểm ví dụ vào thư mục làm việc để sửa."
            )
        target = output
        if target is None and not as_json:
            target = rank_output(loaded, path, report.year, report.quarter)
        if target is not None:
            check_target(target, force)  # before the work, not after
        result = run_rank(report, loaded, path, rubric_path, rubric=scale)
        if target is not None:
            backup = write_rank_workbook(result, target, loaded, force=force)
            if backup:
                say(f"Đã giữ tệp cũ thành {backup}.", backup)
        if as_json:
            write_json(result_json(result))
        else:
            _print_console(result)
        if target is not None:
            say(f"Đã ghi bảng xếp hạng: {target}", target)
