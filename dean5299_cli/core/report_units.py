"""Every unit of the settings with its state this period, for the report, summary and review sheet.

The states are decided once, by the judging (`ValidationReport.units`, see `core/status.py`); this
module only names that decision for the writers.
"""

from __future__ import annotations

from dean5299_cli.core.checks import ValidationReport
from dean5299_cli.core.settings import Settings
from dean5299_cli.core.status import UnitState, UnitStatus

__all__ = ["UnitState", "UnitStatus", "unit_statuses"]


def unit_statuses(report: ValidationReport, settings: Settings | None) -> tuple[UnitStatus, ...]:
    """Every unit (settings order; units seen when there is no list) with its state."""
    del settings  # the judging already ordered the units by the settings' list
    return tuple(report.units)
