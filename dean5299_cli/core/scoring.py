"""Composite evaluation from a rubric: each unit's points, line by line, its grade and rank."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction

from dean5299_cli.core.achievement import IndicatorResult
from dean5299_cli.core.exhaustive import assert_never
from dean5299_cli.core.numbers import Rounding, format_decimal, format_percent
from dean5299_cli.core.periods import date_text
from dean5299_cli.core.rank_input import DataState, RankInput, UnitData
from dean5299_cli.core.ranking import competition_ranks
from dean5299_cli.core.rubric import Adjustment, Rubric, When, WithoutTarget

DEFAULT_ROUNDING = Rounding()


class Grade(str, Enum):
    EXCELLENT = "excellent"
    GOOD = "good"
    DONE = "done"
    NOT_DONE = "not-done"
    NO_DATA = "no-data"  # never ranked: not last, not first


GRADE_VI = {
    Grade.EXCELLENT: "hoàn thành xuất sắc",
    Grade.GOOD: "hoàn thành tốt",
    Grade.DONE: "hoàn thành",
    Grade.NOT_DONE: "không hoàn thành",
    Grade.NO_DATA: "chưa có số liệu",
}


WARNING_VI = {  # warnings a penalty rule may name; any other code is shown as it is
    "far-above-target": "khác thường so với các đơn vị hoặc quý trước",
    "cumulative-decrease": "số cộng dồn giảm so với quý trước",
    "blank-value": "để trống",
    "reinterpreted-number": "số viết dạng chữ",
    "shown-otherwise": "ô hiển thị số khác với số trong ô",
    "unknown-field": "mã không có trong bộ chỉ tiêu",
}


class Part(str, Enum):
    INDICATOR = "indicator"
    RESCALE = "rescale"
    REPORTING = "reporting"
    ADJUSTMENT = "adjustment"


@dataclass(frozen=True)
class PointLine:
    """One traceable part of a unit's points: what, how many, and how they were made."""

    part: Part
    label: str  # "CT1", "Đúng hạn", the adjustment's label
    points: Fraction
    how: str  # Vietnamese: "146,2% (tính tối đa 120,0%) × 10 = 12"
    indicator: int | None = None


@dataclass(frozen=True)
class Evaluation:
    unit: str
    state: DataState
    grade: Grade
    total: Fraction | None
    lines: tuple[PointLine, ...] = ()
    rank: int | None = None
    detail: str = ""

    def points_of(self, part: Part, indicator: int | None = None) -> Fraction:
        return sum(
            (
                line.points
                for line in self.lines
                if line.part is part and (indicator is None or line.indicator == indicator)
            ),
            Fraction(0),
        )


SHOWN_POINTS = Rounding(decimals=2)  # points as printed; ranks and grades are taken on them


def points_text(value: Fraction) -> str:
    """Points for display: two decimals at most, half-up, Vietnamese comma (12,5)."""
    text = format_decimal(SHOWN_POINTS.round(value))
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return ("-" if value < 0 and not text.startswith("-") else "") + text


def points_column(value: Fraction) -> str:
    """Points in a table column: always two decimals (82,30 beside 82,39)."""
    return format_decimal(SHOWN_POINTS.round(value))


def _indicator_lines(
    rubric: Rubric, results: tuple[IndicatorResult, ...], rounding: Rounding
) -> list[PointLine]:
    lines: list[PointLine] = []
    full = applicable = Fraction(0)
    for result in results:
        rule = rubric.indicators.rule(result.number)
        full += rule.points
        label = f"CT{result.number}"
        if result.achievement is None:
            how = "không có chỉ tiêu giao để so sánh: 0 điểm"
            lines.append(PointLine(Part.INDICATOR, label, Fraction(0), how, result.number))
            continue
        applicable += rule.points
        counted = min(result.achievement, rule.cap)
        points = counted * rule.points
        capped = ""
        if counted < result.achievement:
            capped = f" (tính tối đa {format_percent(rule.cap, rounding)})"
        how = (
            f"{format_percent(result.achievement, rounding)}{capped} × {points_text(rule.points)}"
            f" = {points_text(points)}"
        )
        lines.append(PointLine(Part.INDICATOR, label, points, how, result.number))
    if rubric.without_target is WithoutTarget.RESCALE and applicable and applicable < full:
        earned = sum((line.points for line in lines), Fraction(0))
        extra = earned * full / applicable - earned
        how = (
            f"quy đổi {points_text(earned)} điểm trên {points_text(applicable)} điểm có chỉ tiêu "
            f"về thang {points_text(full)}: + {points_text(extra)}"
        )
        lines.append(PointLine(Part.RESCALE, "Quy đổi", extra, how))
    return lines


def _reporting_lines(rubric: Rubric, unit: UnitData, year: int, quarter: int) -> list[PointLine]:
    rules = rubric.reporting
    lines: list[PointLine] = []
    if rules.on_time or rules.late:
        deadline = rules.deadline(year, quarter)
        sent, source = (unit.as_of, "Tính đến ngày") if unit.as_of else (unit.file_date, "ngày tệp")
        if deadline is None:
            lines.append(
                PointLine(
                    Part.REPORTING,
                    "Đúng hạn",
                    Fraction(0),
                    "thang điểm không có hạn nộp cho kỳ này: 0 điểm",
                )
            )
        elif sent is None:
            lines.append(
                PointLine(
                    Part.REPORTING,
                    "Đúng hạn",
                    Fraction(0),
                    "không xác định được ngày báo cáo: 0 điểm",
                )
            )
        else:
            on_time = sent <= deadline
            points = rules.on_time if on_time else rules.late
            how = (
                f"ngày {_date(sent)} ({source}), hạn {_date(deadline)}: "
                f"{'đúng hạn' if on_time else 'trễ hạn'}, {points_text(points)} điểm"
            )
            label = "Đúng hạn" if on_time else "Trễ hạn"
            lines.append(PointLine(Part.REPORTING, label, points, how))
    if rules.complete:
        if unit.blank_fields:
            how = f"để trống {', '.join(unit.blank_fields)}: 0 điểm"
            lines.append(PointLine(Part.REPORTING, "Đầy đủ", Fraction(0), how))
        else:
            how = f"đủ mọi trường số liệu: {points_text(rules.complete)} điểm"
            lines.append(PointLine(Part.REPORTING, "Đầy đủ", rules.complete, how))
    return lines


def _date(day: dt.date) -> str:
    return date_text(day)


def _adjustment_line(rule: Adjustment, unit: UnitData) -> PointLine | None:
    with_target = [r for r in unit.results if r.achievement is not None]
    if rule.when is When.INDICATOR_AT_LEAST or rule.when is When.INDICATOR_BELOW:
        limit = rule.percent
        if limit is None:  # refused by the schema
            return None
        at_least = rule.when is When.INDICATOR_AT_LEAST
        hits = [
            r.number
            for r in with_target
            if r.achievement is not None and (r.achievement >= limit) == at_least
        ]
        if not hits:
            return None
        points = rule.points * len(hits)
        if rule.max is not None and abs(points) > rule.max:
            points = rule.max if points > 0 else -rule.max
        names = ", ".join(f"CT{n}" for n in hits)
        how = f"{names}: {len(hits)} × {points_text(rule.points)}"
        how += f", tối đa {points_text(rule.max)}" if rule.max is not None else ""
        return PointLine(Part.ADJUSTMENT, rule.label, points, f"{how} = {points_text(points)}")
    if rule.when is When.ALL_REACHED:
        if with_target and all(
            r.achievement is not None and r.achievement >= 1 for r in with_target
        ):
            how = f"cả {len(with_target)} chỉ tiêu có chỉ tiêu giao đều đạt: {points_text(rule.points)}"
            return PointLine(Part.ADJUSTMENT, rule.label, rule.points, how)
        return None
    if rule.when is When.HAS_WARNINGS:
        found = [code for code in unit.warnings if code in rule.codes]
        if found:
            said = ", ".join(WARNING_VI.get(code, code) for code in found)
            how = f"số liệu có cảnh báo ({said}): {points_text(rule.points)}"
            return PointLine(Part.ADJUSTMENT, rule.label, rule.points, how)
        return None
    assert_never(rule.when)


def adjustment_words(rule: Adjustment) -> str:
    """A bonus or penalty rule in words, for the rubric as printed ("cộng 1 điểm cho mỗi chỉ
    tiêu đạt từ 120% chỉ tiêu giao"; was the rule's key, "indicator-at-least: 1 điểm")."""
    verb = "cộng" if rule.points > 0 else "trừ"
    points = f"{verb} {points_text(abs(rule.points))} điểm"
    most = f", tối đa {points_text(rule.max)} điểm" if rule.max is not None else ""
    percent = points_text(rule.percent * 100) + "%" if rule.percent is not None else ""
    if rule.when is When.INDICATOR_AT_LEAST:
        return f"{points} cho mỗi chỉ tiêu đạt từ {percent} chỉ tiêu giao{most}"
    if rule.when is When.INDICATOR_BELOW:
        return f"{points} cho mỗi chỉ tiêu đạt dưới {percent} chỉ tiêu giao{most}"
    if rule.when is When.ALL_REACHED:
        return f"{points} khi mọi chỉ tiêu có chỉ tiêu giao đều đạt"
    if rule.when is When.HAS_WARNINGS:
        said = ", ".join(WARNING_VI.get(code, code) for code in rule.codes)
        return f"{points} khi số liệu có cảnh báo ({said})"
    assert_never(rule.when)


def grade_of(rubric: Rubric, total: Fraction) -> Grade:
    if total >= rubric.grades.excellent:
        return Grade.EXCELLENT
    if total >= rubric.grades.good:
        return Grade.GOOD
    if total >= rubric.grades.done:
        return Grade.DONE
    return Grade.NOT_DONE


def evaluate_unit(
    rubric: Rubric, unit: UnitData, year: int, quarter: int, rounding: Rounding = DEFAULT_ROUNDING
) -> Evaluation:
    """One unit's points line by line and its grade; "chưa có số liệu" without usable figures."""
    if unit.state is not DataState.REPORTED:
        return Evaluation(unit.unit, unit.state, Grade.NO_DATA, None, detail=unit.detail)
    lines = _indicator_lines(rubric, unit.results, rounding)
    lines += _reporting_lines(rubric, unit, year, quarter)
    for rule in rubric.adjustments:
        line = _adjustment_line(rule, unit)
        if line is not None:
            lines.append(line)
    total = sum((line.points for line in lines), Fraction(0))
    # graded as printed: a total shown 80,00 is never below the 80 of "hoàn thành xuất sắc"
    shown = Fraction(SHOWN_POINTS.round(total))
    return Evaluation(unit.unit, unit.state, grade_of(rubric, shown), total, tuple(lines))


def evaluate(
    rubric: Rubric, data: RankInput, rounding: Rounding = DEFAULT_ROUNDING
) -> tuple[Evaluation, ...]:
    """Every unit evaluated and ranked by total points; units without data after, unranked."""
    found = [evaluate_unit(rubric, u, data.year, data.quarter, rounding) for u in data.units]
    ranks = competition_ranks(  # as printed: 82,98 beside 82,98 is one rank
        [(e.unit, SHOWN_POINTS.round(e.total)) for e in found if e.total is not None]
    )
    ranked = [
        Evaluation(e.unit, e.state, e.grade, e.total, e.lines, ranks.get(e.unit), e.detail)
        for e in found
    ]
    order = {e.unit: i for i, e in enumerate(ranked)}
    ranked.sort(key=lambda e: (e.rank is None, e.rank or 0, order[e.unit]))
    return tuple(ranked)
