"""The JSON of `dean5299 rank --json`: exact fractions as "p/q" strings beside rounded percents."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from dean5299_cli.core.numbers import Rounding
from dean5299_cli.core.progress import Progress, ProgressRow
from dean5299_cli.core.ranking import TREND_VI, IndicatorRanking, Standing, Trend
from dean5299_cli.core.scoring import GRADE_VI, Evaluation

JsonDict = dict[str, Any]


def exact(value: Fraction | None) -> str | None:
    """Fraction(8529, 5832) → "2843/1944"; whole numbers without a denominator."""
    if value is None:
        return None
    return (
        str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    )


def percent(value: Fraction | None, rounding: Rounding) -> float | None:
    """As printed: 1.4624… → 146.2 (the office's rounding)."""
    return None if value is None else float(rounding.round(value * 100))


def _standing(s: Standing, rounding: Rounding) -> JsonDict:
    result = s.result
    return {
        "unit": s.unit,
        "state": s.state.value,
        "achieved": s.achieved,
        "target": exact(result.target) if result else None,
        "target_rate": exact(result.target_rate) if result else None,
        "achievement": exact(s.achievement),
        "achievement_percent": percent(s.achievement, rounding),
        "previous": s.previous,
        "change": s.change,
        "change_percent": percent(s.change_ratio, rounding),
        "trend": s.trend.value,
        "rank": s.rank,
        "note": s.detail,
    }


def _indicator(r: IndicatorRanking, rounding: Rounding) -> JsonDict:
    office = r.office
    return {
        "number": r.indicator.number,
        "title": r.indicator.title,
        "office_achievement_percent": percent(office.achievement, rounding) if office else None,
        "units": [_standing(s, rounding) for s in r.standings],
        "unchanged": list(r.with_trend(Trend.SAME)),
        "fell": list(r.with_trend(Trend.DOWN)),
    }


def _evaluation(e: Evaluation) -> JsonDict:
    return {
        "unit": e.unit,
        "state": e.state.value,
        "rank": e.rank,
        "grade": e.grade.value,
        "grade_label": GRADE_VI[e.grade],
        "points": exact(e.total),
        "points_display": None if e.total is None else float(Rounding(decimals=2).round(e.total)),
        "lines": [
            {
                "part": line.part.value,
                "label": line.label,
                "indicator": line.indicator,
                "points": exact(line.points),
                "how": line.how,
            }
            for line in e.lines
        ],
        "note": e.detail,
    }


def _progress_row(row: ProgressRow, rounding: Rounding) -> JsonDict:
    data: JsonDict = {
        "scope": row.scope,
        "indicator": row.indicator.number,
        "quarters": [
            {
                "quarter": cell.quarter,
                "achieved": cell.result.achieved if cell.result else None,
                "achievement_percent": percent(cell.result.achievement, rounding)
                if cell.result
                else None,
            }
            for cell in row.cells
        ],
    }
    if row.units_counted:
        data["units_counted"] = list(row.units_counted)
    return data


def rank_json(
    year: int,
    quarter: int,
    rankings: tuple[IndicatorRanking, ...],
    evaluations: tuple[Evaluation, ...],
    progress: Progress,
    rounding: Rounding,
    rubric: str | None,
) -> JsonDict:
    return {
        "year": year,
        "quarter": quarter,
        "rubric": rubric,
        "trends": {t.value: TREND_VI[t] for t in Trend},
        "indicators": [_indicator(r, rounding) for r in rankings],
        "evaluation": [_evaluation(e) for e in evaluations],
        "progress": {
            "quarters": list(progress.quarters),
            "office": [_progress_row(r, rounding) for r in progress.office_rows],
            "units": [_progress_row(r, rounding) for r in progress.unit_rows],
        },
    }
