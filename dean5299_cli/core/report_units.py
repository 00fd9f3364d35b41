"""Every unit of the settings with its state this period, for the report, summary and review sheet.

`UnitState`/`UnitStatus` mirror `core/status.py` of the shared interface; until that module
arrives, `unit_statuses` computes the same thing from today's `ValidationReport` fields. After the
merge, import both names from `core.status` and make the body `return tuple(report.units)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from dean5299_cli.core.checks import ValidationReport
from dean5299_cli.core.settings import Settings
from dean5299_cli.core.units import unit_key


class UnitState(str, Enum):
    REPORTED = "reported"  # counted in the totals
    INVALID = "invalid"  # a file arrived but has errors: left out
    WRONG_FILE = "wrong-file"  # what arrived is not this period's report
    NOT_SENT = "not-sent"  # nothing arrived


@dataclass(frozen=True)
class UnitStatus:
    unit: str
    state: UnitState
    files: tuple[str, ...] = ()
    detail: str = ""


def unit_statuses(report: ValidationReport, settings: Settings | None) -> tuple[UnitStatus, ...]:
    """Every unit (settings order; units seen when there is no list) with its state."""
    reported = {unit_key(s.unit): s for s in report.current}
    invalid: dict[str, list[str]] = {}
    for unit, file in report.left_out:
        invalid.setdefault(unit_key(unit), []).append(file)
    names = list(settings.unit_names) if settings and settings.units else []
    known = {unit_key(n) for n in names}
    seen = [s.unit for s in report.current] + [u for u, _ in report.left_out]
    seen += list(report.missing_units)
    for name in seen:
        if unit_key(name) not in known:
            known.add(unit_key(name))
            names.append(name)
    statuses = []
    for name in names:
        key = unit_key(name)
        if key in reported:
            statuses.append(UnitStatus(name, UnitState.REPORTED, (reported[key].file,)))
        elif key in invalid:
            files = tuple(invalid[key])
            statuses.append(UnitStatus(name, UnitState.INVALID, files, "tệp có lỗi, chưa tổng hợp"))
        elif name in report.missing_hints:
            file = report.missing_hints[name]
            detail = f'có tệp "{file}" nhưng không đọc được'
            statuses.append(UnitStatus(name, UnitState.WRONG_FILE, (file,), detail))
        else:
            statuses.append(UnitStatus(name, UnitState.NOT_SENT))
    return tuple(statuses)
