"""Ranking sheets (composite points, per indicator, progress, rubric) for their own workbook and the summary."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from dean5299_cli.core.achievement import IndicatorResult
from dean5299_cli.core.numbers import Rounding, format_int, format_percent
from dean5299_cli.core.output_marks import RANKING
from dean5299_cli.core.periods import period_title, quarter_label
from dean5299_cli.core.progress import Progress
from dean5299_cli.core.ranking import TREND_VI, IndicatorRanking, Trend
from dean5299_cli.core.rubric import Rubric
from dean5299_cli.core.scoring import (
    GRADE_VI,
    Evaluation,
    Grade,
    Part,
    adjustment_words,
    points_text,
)
from dean5299_cli.writers.bulk_rows import CellValue, LazyRows, save
from dean5299_cli.writers.marks import mark_workbook
from dean5299_cli.writers.sheets import (
    a4_print_setup,
    describe,
    percent_cell,
    percent_format,
    wrapped_height,
)
from dean5299_cli.writers.table_sheet import write_table

_GRADE_FILL = {
    Grade.EXCELLENT: "C6EFCE",
    Grade.GOOD: "E2EFDA",
    Grade.DONE: "FFF2CC",
    Grade.NOT_DONE: "F8CBAD",
    Grade.NO_DATA: "D9D9D9",
}
# A standstill or a fall is coloured; a rise, or nothing to compare, stays white.
_TREND_FILL: dict[Trend, str | None] = {
    Trend.UP: None,
    Trend.SAME: "FFEB9C",
    Trend.DOWN: "F8CBAD",
    Trend.NO_PREVIOUS: None,
    Trend.NO_DATA: None,
}


def add_evaluation_sheet(
    wb: Workbook, evaluations: Sequence[Evaluation], numbers: Sequence[int], title: str
) -> None:
    """Grades and points by part (they add up to the total), then every line of the trace."""
    ws = wb.create_sheet("Xếp hạng")
    headers = ["Hạng", "Đơn vị", "Xếp loại", "Tổng điểm"]
    headers += [f"Điểm CT{n}" for n in numbers]
    headers += ["Quy đổi", "Điểm báo cáo", "Cộng/trừ", "Ghi chú"]

    def rows() -> Iterator[list[CellValue]]:
        for e in evaluations:
            parts: list[CellValue] = [e.rank, e.unit, GRADE_VI[e.grade]]
            if e.total is None:
                parts += [None] * (len(numbers) + 4) + [e.detail]
            else:
                parts.append(float(e.total))
                parts += [float(e.points_of(Part.INDICATOR, n)) for n in numbers]
                parts += [
                    float(e.points_of(p)) for p in (Part.RESCALE, Part.REPORTING, Part.ADJUSTMENT)
                ]
                parts.append("cách tính: trang Cách tính điểm")
            yield parts

    number_cols = range(4, 4 + len(numbers) + 4)
    widths = [6, 24, 18, 9] + [8] * (len(numbers) + 3) + [30]
    grades = [_GRADE_FILL[e.grade] for e in evaluations]
    body = LazyRows(len(evaluations), rows)
    write_table(
        ws, title, headers, body, widths, {c: "0.00" for c in number_cols}, fills=(3, grades)
    )
    trace = wb.create_sheet("Cách tính điểm")
    lines = LazyRows(
        sum(len(e.lines) for e in evaluations),
        lambda: (
            [e.unit, line.label, float(line.points), line.how]
            for e in evaluations
            for line in e.lines
        ),
    )
    write_table(
        trace,
        "CÁCH TÍNH ĐIỂM CỦA TỪNG ĐƠN VỊ (mỗi dòng một phần điểm; cộng theo đơn vị ra tổng điểm)",
        ["Đơn vị", "Phần", "Điểm", "Cách tính"],
        lines,
        [24, 22, 9, 90],
        {3: "0.00"},
    )


def add_indicator_sheet(
    wb: Workbook, rankings: Sequence[IndicatorRanking], rounding: Rounding, title: str
) -> None:
    ws = wb.create_sheet("Theo chỉ tiêu")
    headers = [
        "CT",
        "Đơn vị",
        "Hạng",
        "Kết quả",
        "Chỉ tiêu giao",
        "Tỷ lệ đạt",
        "Quý trước",
        "Tăng/giảm",
        "Tăng/giảm (%)",
        "So với quý trước",
        "Ghi chú",
    ]

    def rows() -> Iterator[tuple[CellValue, ...]]:
        for ranking in rankings:
            for s in ranking.standings:
                achieved, target = _result_cells(s.result, rounding)
                yield (
                    ranking.indicator.number,
                    s.unit,
                    s.rank,
                    achieved,
                    target,
                    percent_cell(s.achievement, rounding),
                    s.previous,
                    s.change,
                    percent_cell(s.change_ratio, rounding),
                    TREND_VI[s.trend],
                    s.detail,
                )

    colours = [_TREND_FILL[s.trend] for ranking in rankings for s in ranking.standings]
    pct = percent_format(rounding)
    formats = {4: "#,##0", 5: "#,##0", 6: pct, 7: "#,##0", 8: "#,##0", 9: pct}
    widths = [5, 24, 6, 10, 11, 10, 10, 10, 11, 18, 30]
    body = LazyRows(len(colours), rows)
    write_table(ws, title, headers, body, widths, formats, fills=(10, colours))


def _result_cells(result: IndicatorResult | None, rounding: Rounding) -> tuple[CellValue, CellValue]:
    """`Kết quả` and `Chỉ tiêu giao` as the rank was taken: a rate's numerator over its
    denominator with the rate, and the rate aimed at ("839/1.526 (55,0%)", "40,0%"; was the
    numerator alone beside an empty target, under a 137,5% that neither explained); a count
    and its target as numbers."""
    if result is None:
        return None, None
    if result.denominator is not None:
        rate = f" ({format_percent(result.rate, rounding)})" if result.rate is not None else ""
        shown = f"{format_int(result.achieved)}/{format_int(result.denominator)}{rate}"
        aimed = result.target_rate
        return shown, format_percent(aimed, rounding) if aimed is not None else None
    return result.achieved, float(result.target) if result.target is not None else None


def add_progress_sheet(wb: Workbook, progress: Progress, rounding: Rounding, whole: str) -> None:
    ws = wb.create_sheet("Tiến độ theo quý")
    headers = ["CT", "Đơn vị"]
    for q in progress.quarters:
        headers += [f"{period_title(q)}: kết quả", f"{period_title(q)}: tỷ lệ đạt"]
    headers.append("Ghi chú")
    lines = [*progress.office_rows, *progress.unit_rows]

    def rows() -> Iterator[tuple[CellValue, ...]]:
        for row in lines:
            line: list[CellValue] = [row.indicator.number, row.scope or whole]
            for cell in row.cells:
                result = cell.result
                line += [
                    result.achieved if result else None,
                    percent_cell(result.achievement, rounding) if result else None,
                ]
            note = ""
            if row.units_counted:
                note = "; ".join(
                    f"{quarter_label(q)}: {format_int(n)}/{format_int(progress.unit_total)} đơn vị"
                    for q, n in zip(progress.quarters, row.units_counted, strict=True)
                    if n < progress.unit_total
                )
                note = f"Chưa đủ đơn vị ({note})" if note else ""
            elif all(cell.result is None for cell in row.cells):  # was: a row of blanks, unsaid
                note = "Chưa có số liệu được tính (chưa gửi báo cáo, hoặc báo cáo còn lỗi)"
            line.append(note)
            yield tuple(line)

    pct = percent_format(rounding)
    formats = {3 + 2 * k: "#,##0" for k in range(len(progress.quarters))}
    formats.update({4 + 2 * k: pct for k in range(len(progress.quarters))})
    widths = [5, 24] + [11] * (2 * len(progress.quarters)) + [30]
    title = "Tiến độ thực hiện theo quý (số liệu cộng dồn từ đầu năm, so với chỉ tiêu cả năm)"
    body = LazyRows(len(lines), rows)
    write_table(ws, title, headers, body, widths, formats, bold_rows=len(progress.office_rows))


def add_rubric_sheet(wb: Workbook, rubric: Rubric, source: str) -> None:
    ws = wb.create_sheet("Thang điểm")
    lines: list[tuple[str, str]] = [
        ("Thang điểm", rubric.title),
        ("Tệp", source),
        (
            "Mỗi chỉ tiêu",
            f"{points_text(rubric.indicators.points)} điểm × tỷ lệ đạt, "
            f"tính tối đa {float(rubric.indicators.cap * 100):g}%",
        ),
    ]
    for number, rule in sorted(rubric.indicators.overrides.items()):
        lines.append(
            (
                f"CT{number}",
                f"{points_text(rule.points)} điểm × tỷ lệ đạt, "
                f"tính tối đa {float(rule.cap * 100):g}%",
            )
        )
    rep = rubric.reporting
    lines += [
        ("Đúng hạn / trễ hạn", f"{points_text(rep.on_time)} / {points_text(rep.late)} điểm"),
        ("Đầy đủ", f"{points_text(rep.complete)} điểm"),
    ]
    lines += [
        (a.label, adjustment_words(a)) for a in rubric.adjustments
    ]
    g = rubric.grades
    lines += [
        (GRADE_VI[Grade.EXCELLENT], f"từ {points_text(g.excellent)} điểm"),
        (GRADE_VI[Grade.GOOD], f"từ {points_text(g.good)} điểm"),
        (GRADE_VI[Grade.DONE], f"từ {points_text(g.done)} điểm"),
        (GRADE_VI[Grade.NOT_DONE], f"dưới {points_text(g.done)} điểm"),
        (GRADE_VI[Grade.NO_DATA], "đơn vị chưa gửi hoặc tệp có lỗi: không xếp hạng"),
    ]
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, (key, value) in enumerate(lines, start=1):
        ws.cell(r, 1, key).font = Font(bold=True)
        ws.cell(r, 1).alignment = wrap
        ws.cell(r, 2, value).data_type = "s"
        ws.cell(r, 2).alignment = wrap
        ws.row_dimensions[r].height = max(
            wrapped_height(key, 30) or 0, wrapped_height(value, 70) or 0
        ) or None
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 60  # with A, one portrait page wide at 100 %
    a4_print_setup(ws, orientation="portrait", title_rows="1:1")


def build_rank_workbook(
    path: Path,
    rankings: Sequence[IndicatorRanking],
    evaluations: Sequence[Evaluation],
    progress: Progress,
    rounding: Rounding,
    *,
    period: str,
    whole: str,
    rubric: Rubric | None = None,
    rubric_source: str = "",
) -> None:
    """The workbook of `dean5299 rank`."""
    wb = Workbook()
    describe(wb, f"Đánh giá, xếp hạng các đơn vị thực hiện Đề án 5299 {period}", None)
    first = wb.active
    if first is not None:
        wb.remove(first)
    numbers = [r.indicator.number for r in rankings]
    if rubric is not None:
        add_evaluation_sheet(wb, evaluations, numbers, f"ĐÁNH GIÁ, XẾP HẠNG {period.upper()}")
    add_indicator_sheet(wb, rankings, rounding, f"XẾP HẠNG THEO TỪNG CHỈ TIÊU {period.upper()}")
    add_progress_sheet(wb, progress, rounding, whole)
    if rubric is not None:
        add_rubric_sheet(wb, rubric, rubric_source)
    mark_workbook(wb, RANKING)
    save(wb, path)
