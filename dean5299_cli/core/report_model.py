"""What the Word report shows, as typed data: exact figures, no sentences (those are the template's)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from dean5299_cli.core.levels import LevelWords
from dean5299_cli.core.listing import Listing
from dean5299_cli.core.numbers import Rounding
from dean5299_cli.core.report_narrative import NarrativeSection, Paragraph
from dean5299_cli.core.report_units import UnitState

# The state of a unit in the appendix and the summary, in the words of a report.
STATE_WORDS: dict[UnitState, str] = {
    UnitState.REPORTED: "đã báo cáo",
    UnitState.INVALID: "số liệu chưa hợp lệ",
    UnitState.WRONG_FILE: "chưa báo cáo",
    UnitState.NOT_SENT: "chưa báo cáo",
}


@dataclass(frozen=True)
class Part:
    label: str
    value: int


@dataclass(frozen=True)
class IndicatorFigures:
    """One indicator for the whole area: exact figures; the template words them per `kind`."""

    number: int
    title: str
    short: str
    kind: str  # a core.indicators.Kind value
    unit: str  # what is counted: "tài khoản", "hồ sơ"
    result_phrase: str
    achieved: int
    denominator: int | None
    rate: Fraction | None  # ratio, population share: the rate reached
    target: Fraction | None  # a count target
    target_rate: Fraction | None  # ratio, population share: the rate aimed at
    achievement: Fraction | None  # against the target (count) or the target rate (ratio)
    target_from_minimum: bool  # target = minimum × units
    minimum: int | None
    units_reached: int | None
    units_reported: int
    unit_total: int
    total: int | None
    parts: tuple[Part, ...]
    counted_part: str | None  # breakdown: the part that counts toward the target
    population_label: str
    deadline: dt.date | None
    deadline_state: str | None  # a DeadlineStatus value
    days_left: int | None  # pending: from the report's date; None once that date is at the deadline
    change: int | None  # against the previous quarter, over the units with figures in both
    change_units: int | None  # how many units that is…
    change_of: int  # …of the units counted this quarter (the template says so when fewer)
    last_year: int | None = None  # the same quarter of last year (counts), from its summary
    year_change: int | None = None  # achieved − last_year
    year_growth: Fraction | None = None  # year_change / last_year (None when last_year is 0)


@dataclass(frozen=True)
class QuarterPoint:
    """The office's cumulative figure of one quarter of the year (None: no unit reported)."""

    quarter: int
    label: str  # "quý I"
    achieved: int | None
    achievement: Fraction | None  # against the annual target


@dataclass(frozen=True)
class IndicatorProgress:
    """One indicator across the quarters of the year, quarter 1 … the report's quarter."""

    number: int
    short: str
    unit: str
    points: tuple[QuarterPoint, ...]


@dataclass(frozen=True)
class Teams:
    count: int
    members: int
    per_team: int | None  # when every team has the same number of members
    units_reported: int  # the units whose figures are counted: the teams are theirs only
    unit_total: int  # every unit of the list


@dataclass(frozen=True)
class Coverage:
    reported: int
    total: int
    not_counted: tuple[str, ...]
    # the names the coverage sentence gives: every unit not counted, none when there are more
    # than `report_build.NAMED_NOT_COUNTED` (the sentence counts them; the appendix names each)
    named: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cell:
    """One indicator of one unit in the appendix: result, against what, and the percentage."""

    main: int
    of: Fraction | None  # count: the target; ratio: the denominator
    percent: Fraction | None  # count: achievement; ratio: the rate
    ratio: bool
    # The unit left the cell of `main` (of a ratio's denominator) empty: counted as 0 in the
    # totals, printed as not filled, never as a real 0.
    blank: bool = False
    of_blank: bool = False


@dataclass(frozen=True)
class UnitRow:
    number: int | None  # None for the total row
    unit: str
    state: UnitState
    state_words: str
    cells: tuple[Cell, ...]
    teams: int | None
    team_members: int | None
    teams_blank: bool = False  # to_cns left empty
    team_members_blank: bool = False  # to_cns_thanh_vien left empty

    @property
    def has_blank(self) -> bool:
        return (
            self.teams_blank
            or self.team_members_blank
            or any(c.blank or c.of_blank for c in self.cells)
        )


@dataclass(frozen=True)
class ReportModel:
    parent_body: str
    issuing_body: str
    number: str | None
    symbol: str
    place: str
    date: dt.date
    subject: str
    year: int
    quarter: int
    period: str  # "quý IV năm 2023"
    previous_quarter: str | None
    as_of: dt.date | None
    words: LevelWords
    rounding: Rounding
    opening: tuple[Paragraph, ...]
    direction: tuple[Paragraph, ...]
    results: tuple[Paragraph, ...]
    closing: tuple[Paragraph, ...]
    extra_sections: tuple[NarrativeSection, ...]
    teams: Teams | None
    coverage: Coverage | None
    indicators: tuple[IndicatorFigures, ...]
    indicator_numbers: tuple[int, ...]
    rows: tuple[UnitRow, ...]
    total_row: UnitRow
    recipients: tuple[str, ...]
    signer_on_behalf: str
    signer_title: str
    signer_name: str
    signed_mark: bool
    notices: tuple[str | Listing, ...]  # for the clerk, on the console
    # Progress across the year: only indicators with figures for two quarters or more.
    progress: tuple[IndicatorProgress, ...] = ()
    last_year: int | None = None  # the year of the summary given with --nam-truoc
    charts: bool = False  # figures asked for (--bieu-do or report.charts)
    periods_word: str = "các quý"  # "các tháng" in a month run: "Tiến độ qua các tháng"
    blank_cells: bool = False  # some unit left a cell of the appendix empty (a note explains it)
