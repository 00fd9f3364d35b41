"""Comparing self-reported figures with the system's, unit by unit and field by field."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from dean5299_cli.core.indicators import IndicatorSet
from dean5299_cli.core.numbers import Rounding, format_decimal, format_int
from dean5299_cli.core.units import UnitDirectory, unit_key
from dean5299_cli.verify.system import SystemFigures


@dataclass(frozen=True)
class Line:
    """One unit and field: reported by the unit, counted by the system, and how far apart."""

    unit: str
    field: str
    label: str
    reported: int
    system: int
    difference: int  # reported − system
    share: Fraction | None  # difference / system (None when the system says 0)
    flagged: bool


@dataclass(frozen=True)
class Reconciliation:
    export: str
    read_as: str
    shape: str
    year: int
    quarter: int
    tolerance: Fraction
    rows: int
    lines: tuple[Line, ...]
    only_reported: tuple[str, ...]  # units that reported but are not in the export
    only_system: tuple[str, ...]  # units in the export that reported nothing for the period
    notes: tuple[str, ...]
    # the export holds fewer of the units that reported than it leaves out: a part of the
    # system's data (one district's rows, a page), not units the system lacks (`_partial`)
    partial: bool = False

    @property
    def flagged(self) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if line.flagged)

    def actions(self) -> list[tuple[str, str]]:
        """Units to ask about, worst first, each with the reason in Vietnamese."""
        worst: dict[str, list[Line]] = {}
        for line in self.flagged:
            worst.setdefault(line.unit, []).append(line)

        def badness(lines: list[Line]) -> Fraction:
            return max(abs(x.share) if x.share is not None else Fraction(10**9) for x in lines)

        ordered = sorted(worst.items(), key=lambda item: (-badness(item[1]), item[0]))
        actions = [(unit, "; ".join(describe(x) for x in lines)) for unit, lines in ordered]
        actions += [
            (u, "có trong số liệu hệ thống nhưng chưa có báo cáo của đơn vị")
            for u in self.only_system
        ]
        actions += [
            (u, "đã báo cáo nhưng không có trong tệp xuất của hệ thống") for u in self.only_reported
        ]
        return actions

    def to_json(self) -> dict[str, object]:
        return {
            "export": self.export,
            "read_as": self.read_as,
            "shape": self.shape,
            "year": self.year,
            "quarter": self.quarter,
            "tolerance_percent": format_decimal(Rounding(decimals=2).round(self.tolerance * 100)),
            "rows": self.rows,
            "lines": [
                {
                    "unit": x.unit,
                    "field": x.field,
                    "label": x.label,
                    "reported": x.reported,
                    "system": x.system,
                    "difference": x.difference,
                    "difference_percent": None if x.share is None else float(x.share * 100),
                    "flagged": x.flagged,
                }
                for x in self.lines
            ],
            "only_reported": list(self.only_reported),
            "only_system": list(self.only_system),
            "actions": [{"unit": u, "reason": r} for u, r in self.actions()],
            "notes": list(self.notes),
            "summary": {
                "units": len({x.unit for x in self.lines}),
                "flagged": len(self.flagged),
                "only_reported": len(self.only_reported),
                "only_system": len(self.only_system),
            },
        }


def show_share(share: Fraction | None) -> str:
    if share is None:
        return "—"
    return (
        ("+" if share > 0 else "") + format_decimal(Rounding(decimals=1).round(share * 100)) + "%"
    )


def describe(line: Line) -> str:
    return (
        f"{line.label} ({line.field}): đơn vị báo cáo {format_int(line.reported)}, hệ thống "
        f"{format_int(line.system)}, chênh {format_int(line.difference)} ({show_share(line.share)})"
    )


def _canonical(
    names: Sequence[str], directory: UnitDirectory | None, known: Sequence[str]
) -> dict[str, str]:
    """Export spellings → the settings' names (or the reported names, matched by `unit_key`)."""
    by_key = {unit_key(name): name for name in known}
    out: dict[str, str] = {}
    for name in names:
        match = directory.match(name).name if directory else None
        out[name] = match or by_key.get(unit_key(name), name)
    return out


def reconcile(
    system: SystemFigures,
    reported: Mapping[str, Mapping[str, int]],
    indicator_set: IndicatorSet,
    *,
    year: int,
    quarter: int,
    tolerance: Fraction,
    directory: UnitDirectory | None = None,
    order: Sequence[str] = (),
) -> Reconciliation:
    """Every unit × field of the export against what the unit reported."""
    names = _canonical(list(system.units), directory, [*order, *reported])
    counted: dict[str, dict[str, int]] = {}
    for raw, values in system.units.items():
        target = counted.setdefault(names[raw], {})
        for code, n in values.items():
            target[code] = target.get(code, 0) + n
    codes = system.fields
    position = {name: i for i, name in enumerate(order)}
    lines: list[Line] = []
    for unit in sorted(
        set(counted) & set(reported), key=lambda u: (position.get(u, len(position)), u)
    ):
        for code in codes:
            mine, theirs = reported[unit].get(code, 0), counted[unit].get(code, 0)
            diff = mine - theirs
            share = Fraction(diff, theirs) if theirs else None
            flagged = abs(share) > tolerance if share is not None else diff != 0
            lines.append(
                Line(
                    unit, code, indicator_set.field(code).label, mine, theirs, diff, share, flagged
                )
            )
    only_reported = tuple(
        sorted(set(reported) - set(counted), key=lambda u: (position.get(u, len(position)), u))
    )
    both = len(set(counted) & set(reported))
    return Reconciliation(
        system.source,
        system.read_as,
        system.shape.value,
        year,
        quarter,
        tolerance,
        system.rows,
        tuple(lines),
        only_reported,
        tuple(
            sorted(set(counted) - set(reported), key=lambda u: (position.get(u, len(position)), u))
        ),
        (*system.notes, *_partial(both, len(only_reported))),
        len(only_reported) > both,
    )


def _partial(both: int, left_out: int) -> tuple[str, ...]:
    """Said once when the export holds fewer of the units that reported than it leaves out (was:
    each of 122 units listed as a unit to ask about, for an export of 8 rows)."""
    if left_out <= both:
        return ()
    reported = format_int(both + left_out)
    return (
        f"tệp xuất chỉ có số liệu của {format_int(both)}/{reported} đơn vị đã báo cáo; "
        f"{format_int(left_out)} đơn vị còn lại không đối chiếu được (có thể tệp xuất chỉ là "
        "một phần số liệu của hệ thống, hoặc tên đơn vị trong tệp xuất ghi khác danh sách).",
    )
