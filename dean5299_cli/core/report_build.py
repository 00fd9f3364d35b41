"""Build the report model from the figures, the settings, the narrative and the units' states."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from dean5299_cli.core.achievement import DeadlineStatus, IndicatorResult, TargetSource
from dean5299_cli.core.figures import Figures, UnitFigures
from dean5299_cli.core.indicators import Indicator, Kind
from dean5299_cli.core.levels import words_for
from dean5299_cli.core.listing import Listing
from dean5299_cli.core.narrative import Narrative
from dean5299_cli.core.numbers import format_int
from dean5299_cli.core.periods import date_text, month_of, period_name, previous_code, quarter_label
from dean5299_cli.core.progress import Progress
from dean5299_cli.core.report_model import (
    STATE_WORDS,
    Cell,
    Coverage,
    IndicatorFigures,
    Part,
    ReportModel,
    Teams,
    UnitRow,
)
from dean5299_cli.core.report_narrative import narrative_notices, sections_of
from dean5299_cli.core.report_progress import LastYear, report_progress, with_last_year
from dean5299_cli.core.report_units import UnitState, UnitStatus
from dean5299_cli.core.settings import Settings
from dean5299_cli.core.units import unit_key


def _deadline(res: IndicatorResult, date: dt.date) -> tuple[str | None, int | None]:
    """The deadline state (judged on the figures' date, `as_of`) and, for a target not reached
    yet, the days left counted from the report's own date, the one printed under its title and
    signed: the reader counts from it. None when that date is on or after the deadline (the
    figures were dated before it): the template then says "not reached as of <as_of>" instead of
    a count of zero or below."""
    deadline, state = res.indicator.deadline, res.deadline_status
    if deadline is None or state is None:
        return None, None
    days = None
    if state is DeadlineStatus.PENDING and date < deadline:
        days = (deadline - date).days
    return state.value, days


def _indicator(
    res: IndicatorResult, date: dt.date, reported: int, figures: Figures
) -> IndicatorFigures:
    ind = res.indicator
    state, days = _deadline(res, date)
    change = _change(figures, ind)
    counted = None
    if ind.kind is Kind.BREAKDOWN and ind.target_code:
        counted = next((f.part or f.label for f, _ in res.parts if f.code == ind.target_code), None)
    return IndicatorFigures(
        number=ind.number,
        title=ind.title,
        short=ind.short,
        kind=ind.kind.value,
        unit=ind.unit,
        result_phrase=ind.result_phrase,
        achieved=res.achieved,
        denominator=res.denominator,
        rate=res.rate,
        target=res.target,
        target_rate=res.target_rate,
        achievement=res.achievement,
        target_from_minimum=res.target_source is TargetSource.MINIMUM_TIMES_UNITS,
        minimum=ind.minimum,
        units_reached=res.units_reached if ind.kind is Kind.PER_UNIT_MINIMUM else None,
        units_reported=reported,
        unit_total=res.unit_count or reported,
        total=res.total,
        parts=tuple(Part(f.part or f.label, v) for f, v in res.parts),
        counted_part=counted,
        population_label=ind.population_label or "dân số",
        deadline=ind.deadline,
        deadline_state=state,
        days_left=days,
        change=change,
        change_units=figures.change_units(ind.code) if change is not None else None,
        change_of=figures.unit_count,
    )


def _notices(res: IndicatorResult, settings: Settings) -> list[str]:
    """Why a figure is left out of the report, said to the clerk (program words allowed here)."""
    ind, n = res.indicator, res.indicator.number
    if ind.kind is Kind.RATIO and res.rate is None:
        return [f"Chỉ tiêu {n}: mẫu số bằng 0 nên báo cáo chưa nêu tỷ lệ."]
    if ind.kind is Kind.POPULATION_SHARE and res.rate is None:
        return [
            f"Chỉ tiêu {n}: chưa có {ind.population_label or 'dân số'} trong don-vi.yaml "
            f"(targets.<năm>.own_population hoặc population) nên báo cáo chưa nêu tỷ lệ."
        ]
    counted = ind.kind is Kind.COUNT or (ind.kind is Kind.BREAKDOWN and ind.target_code)
    if counted and res.target is None:
        return [
            f"Chỉ tiêu {n}: chưa có chỉ tiêu giao cho {settings.area} trong don-vi.yaml "
            f"(targets.<năm>.own.{n}) nên báo cáo chỉ nêu kết quả."
        ]
    return []


def _dated_after(figures: Figures, date: dt.date) -> list[Listing]:
    """The report prints "Tính đến ngày <the latest file's date>" above a signature dated
    `date`: each file dated after it (a late file, a date typed wrong) is said to the clerk, one
    unit a line, the latest first (the one whose date the report prints)."""
    later = [u for u in figures.units if u.as_of is not None and u.as_of > date]
    if not later:
        return []
    later.sort(key=lambda u: u.as_of or date, reverse=True)  # stable: ties in the units' order
    assert figures.as_of is not None  # the latest file's date: one of `later`
    return [
        Listing(
            f"Báo cáo ghi ngày {date_text(date)} nhưng số liệu ghi “Tính đến ngày "
            f"{date_text(figures.as_of)}” vì {format_int(len(later))} đơn vị có tệp ghi ngày sau "
            "ngày báo cáo:",
            tuple(
                f'{u.unit} — tệp "{u.file}" ghi ngày {date_text(u.as_of or date)}' for u in later
            ),
            "Kiểm tra lại ngày ghi trong tệp của các đơn vị này, hoặc sửa ngày báo cáo (tùy chọn "
            "--ngay, hoặc khóa report.date trong don-vi.yaml) trước khi trình ký.",
        )
    ]


def _cell(res: IndicatorResult, blank: frozenset[str] = frozenset()) -> Cell:
    """One unit's cell (or the total's); `blank`: the unit's fields left empty."""
    ind = res.indicator
    fields = ind.result_codes
    if ind.kind is Kind.RATIO:
        den = Fraction(res.denominator) if res.denominator is not None else None
        return Cell(res.achieved, den, res.rate, True, fields[0] in blank, fields[1] in blank)
    main = res.total if ind.kind is Kind.BREAKDOWN and not ind.target_code else res.achieved
    percent = res.achievement if res.target else None
    return Cell(main or 0, res.target, percent, False, fields[0] in blank)


def _row(
    number: int | None,
    name: str,
    state: UnitState,
    results: tuple[IndicatorResult, ...],
    values: dict[str, int] | None,
    blank: frozenset[str] = frozenset(),
) -> UnitRow:
    return UnitRow(
        number=number,
        unit=name,
        state=state,
        state_words=STATE_WORDS[state],
        cells=tuple(_cell(r, blank) for r in results),
        teams=values.get("to_cns", 0) if values is not None else None,
        team_members=values.get("to_cns_thanh_vien", 0) if values is not None else None,
        teams_blank="to_cns" in blank,
        team_members_blank="to_cns_thanh_vien" in blank,
    )


def unit_rows(figures: Figures, statuses: tuple[UnitStatus, ...]) -> tuple[UnitRow, ...]:
    """A row for every unit, in settings order: figures for those reported, the state for others."""
    by_unit: dict[str, UnitFigures] = {unit_key(u.unit): u for u in figures.units}
    rows = []
    for i, status in enumerate(statuses, start=1):
        fig = by_unit.get(unit_key(status.unit)) if status.state is UnitState.REPORTED else None
        if fig is None:
            state = UnitState.NOT_SENT if status.state is UnitState.REPORTED else status.state
            rows.append(_row(i, status.unit, state, (), None))
        else:
            rows.append(_row(i, status.unit, status.state, fig.results, fig.values, fig.blank))
    return tuple(rows)


def _teams(totals: dict[str, int], reported: int, unit_total: int) -> Teams | None:
    """The teams of the units counted (`reported` of `unit_total`): the template says so when
    that is not every unit, whether or not the coverage sentence is printed."""
    count, members = totals.get("to_cns", 0), totals.get("to_cns_thanh_vien", 0)
    if not count:
        return None
    per_team = members // count if members % count == 0 else None
    return Teams(count, members, per_team, reported, unit_total)


# Units not counted the coverage sentence names one by one; more are counted, each named in the
# appendix ("chưa báo cáo"): a 1.000-unit report named 335 in its body, two and a half pages.
NAMED_NOT_COUNTED = 15


def _named(not_counted: tuple[str, ...]) -> tuple[str, ...]:
    return not_counted if len(not_counted) <= NAMED_NOT_COUNTED else ()


def _change(figures: Figures, indicator: Indicator) -> int | None:
    """The change of a count against the previous quarter (cumulative figures), over the units
    with figures in both quarters that did not leave it empty (`figures.change_units`)."""
    if figures.quarter == 1 or indicator.kind not in (Kind.COUNT, Kind.PER_UNIT_MINIMUM):
        return None
    return figures.change(indicator.code)


def build_model(
    figures: Figures,
    settings: Settings,
    narrative: Narrative,
    statuses: tuple[UnitStatus, ...],
    *,
    date: dt.date,
    number: str | None = None,
    progress: Progress | None = None,
    last_year: LastYear | None = None,
    charts: bool = False,
) -> ReportModel:
    """The report of `figures`: everything the template needs, nothing worded."""
    period = period_name(figures.year, figures.quarter)
    sections = sections_of(narrative)
    known = {s.key: s.paragraphs for s in sections if s.key}
    subject_paragraphs = known.get("subject", ())
    subject = (
        subject_paragraphs[0].text
        if subject_paragraphs
        else (settings.report.subject or f"Kết quả thực hiện Đề án 5299 {period}")
    )
    reported = sum(1 for s in statuses if s.state is UnitState.REPORTED)
    not_counted = tuple(s.unit for s in statuses if s.state is not UnitState.REPORTED)
    # whom to call first, below the units left out: then what the report itself leaves out
    notices: list[str | Listing] = [*_dated_after(figures, date)]
    notices += narrative_notices(narrative)
    notices += [n for r in figures.district for n in _notices(r, settings)]
    indicators = tuple(_indicator(r, date, reported, figures) for r in figures.district)
    rows = unit_rows(figures, statuses)
    if last_year is not None:
        own = tuple(r.indicator for r in figures.district)
        indicators = with_last_year(indicators, own, figures.totals, last_year)
        notices += last_year.not_compared
    return ReportModel(
        parent_body=settings.parent_body.upper() if settings.parent_body else "",
        issuing_body=settings.issuing_body.upper(),
        number=number or settings.report.number,
        symbol=settings.issuer_symbol,
        place=settings.place,
        date=date,
        subject=subject,
        year=figures.year,
        quarter=figures.quarter,
        period=period,
        previous_quarter=_previous_label(figures.quarter),
        periods_word="các tháng" if month_of(figures.quarter) is not None else "các quý",
        as_of=figures.as_of,
        words=words_for(settings),
        rounding=settings.rounding.to_rounding(),
        opening=known.get("opening", ()),
        direction=known.get("direction", ()),
        results=known.get("results", ()),
        closing=known.get("closing", ()),
        extra_sections=tuple(s for s in sections if s.key is None),
        teams=_teams(figures.totals, reported, len(statuses)),
        coverage=Coverage(reported, len(statuses), not_counted, _named(not_counted))
        if settings.report.coverage_sentence
        else None,
        indicators=indicators,
        indicator_numbers=tuple(r.number for r in figures.district),
        rows=rows,
        blank_cells=any(r.has_blank for r in rows),
        total_row=_row(None, "", UnitState.REPORTED, figures.district, figures.totals),
        recipients=tuple(settings.recipients),
        signer_on_behalf=settings.signer.on_behalf.upper(),
        signer_title=settings.signer.title.upper(),
        signer_name=settings.signer.name,
        signed_mark=settings.report.draft_signed,
        notices=tuple(notices),
        progress=(
            report_progress(progress)
            if progress is not None and (charts or settings.report.progress_sentence)
            else ()
        ),
        last_year=last_year.year if last_year is not None else None,
        charts=charts,
    )


def _previous_label(code: int) -> str | None:
    """`quý II` before quý III, `tháng 9` before tháng 10; None for the year's first period."""
    before = previous_code(code)
    return quarter_label(before) if before is not None else None
