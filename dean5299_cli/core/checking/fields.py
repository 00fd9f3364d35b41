"""Fields stage: every field of the year's set read as a whole count, then cross-checked."""

from __future__ import annotations

from dataclasses import dataclass

from dean5299_cli.core.indicators import Indicator, IndicatorSet, Kind
from dean5299_cli.core.numbers import format_int
from dean5299_cli.core.problems import Problem, problem
from dean5299_cli.core.records import RawSubmission
from dean5299_cli.core.text import lower_first
from dean5299_cli.core.unit_messages import field_name
from dean5299_cli.core.values import read_count


@dataclass(frozen=True)
class Values:
    """The counts of one submission, the cell each came from, and what was wrong with them."""

    values: dict[str, int]
    cells: dict[str, str]
    problems: tuple[Problem, ...] = ()


class _Place:
    """Where the problems of one submission go: its file, sheet and unit."""

    def __init__(self, file: str, raw: RawSubmission, unit: str | None) -> None:
        self.file, self.sheet, self.unit = file, raw.sheet, unit
        self.found: list[Problem] = []

    def add(self, code: str, cell: str | None, field_code: str | None, **params: object) -> None:
        self.found.append(
            problem(
                code,
                self.file,
                sheet=self.sheet,
                cell=cell,
                unit=self.unit,
                field=field_code,
                **params,
            )
        )


def read_values(
    raw: RawSubmission,
    file: str,
    unit: str | None,
    ind_set: IndicatorSet,
    population: int | None = None,
) -> Values:
    """Read every field of `ind_set` from `raw`; cross-check ratios, breakdowns, population."""
    place = _Place(file, raw, unit)
    known = set(ind_set.field_codes)
    for code_cell in raw.code_cells:
        if code_cell.value not in known:
            found = str(code_cell.value)[:60]
            place.add("unknown-field", code_cell.cell, found, found_code=found, year=ind_set.year)
    values: dict[str, int] = {}
    cells: dict[str, str] = {}
    blank = 0
    for fdef in ind_set.fields:
        cell_value = raw.values.get(fdef.code)
        result = read_count(cell_value, f"{fdef.label} ({fdef.code})")
        cell = cell_value.cell if cell_value else None
        for finding in result.findings:
            params = dict(finding.params)
            if finding.code == "blank-value":
                blank += 1
                missing_row = params.pop("missing_row", False)
                params["state"] = "không có trong bảng" if missing_row else "để trống"
            place.add(
                finding.code, cell, fdef.code, plain_label=field_name(ind_set, fdef.code), **params
            )
        if result.value is not None:
            values[fdef.code] = result.value
        if cell:
            cells[fdef.code] = cell
    if ind_set.fields and blank == len(ind_set.fields):
        # Not one figure: the blank form sent back, never a unit that reported zeros everywhere.
        place.found = [p for p in place.found if p.code != "blank-value"]
        place.add("empty-form", None, None, fields=len(ind_set.fields))
        return Values({}, {}, tuple(place.found))
    for ind in ind_set.indicators:
        _cross_check(ind, values, cells, population, place)
    return Values(values, cells, tuple(place.found))


def _cross_check(
    ind: Indicator,
    values: dict[str, int],
    cells: dict[str, str],
    population: int | None,
    place: _Place,
) -> None:
    """Figures that contradict each other within one submission."""
    if ind.kind is Kind.RATIO:
        num_code, den_code = ind.codes
        num, den = values.get(num_code), values.get(den_code)
        if num is not None and den is not None and num > den:
            place.add(
                "numerator-exceeds-denominator",
                cells.get(num_code),
                num_code,
                number=ind.number,
                num=format_int(num),
                den=format_int(den),
                num_label=lower_first(ind.fields[0].label),
                den_label=lower_first(ind.fields[1].label),
            )
    elif ind.kind is Kind.BREAKDOWN:
        total = values.get(ind.code)
        parts = [values.get(f.code) for f in ind.parts]
        known = [p for p in parts if p is not None]
        if total is not None and len(known) == len(parts) and sum(known) != total:
            place.add(
                "parts-do-not-add-up",
                cells.get(ind.code),
                ind.code,
                number=ind.number,
                parts_sum=format_int(sum(known)),
                total=format_int(total),
            )
    elif ind.kind is Kind.POPULATION_SHARE and population:
        value = values.get(ind.code)
        if value is not None and value > population:
            place.add(
                "above-population",
                cells.get(ind.code),
                ind.code,
                label=f"{ind.fields[0].label} ({ind.code})",
                plain_label=f"{ind.fields[0].label} (chỉ tiêu {ind.number})",
                value=format_int(value),
                population_label=ind.population_label or "dân",
                population=format_int(population),
            )
