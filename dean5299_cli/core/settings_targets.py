"""Check the targets of `don-vi.yaml` against the year's indicator set: right kind, known number."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import TYPE_CHECKING

from dean5299_cli.core.errors import ConfigError
from dean5299_cli.core.indicators import Indicator, IndicatorSet, Kind
from dean5299_cli.core.numbers import format_int, format_rate
from dean5299_cli.core.yamlfile import compose, key_path, node_line

if TYPE_CHECKING:
    from dean5299_cli.core.settings import LoadedSettings

Allocations = dict[int, int | Fraction]


def _allocations(
    loaded: LoadedSettings,
) -> Iterator[tuple[int, tuple[str | int, ...], Allocations]]:
    """(year, key path, allocations) for the office's own targets and every unit's."""
    for year, year_targets in loaded.settings.targets.items():
        yield year, ("targets", year, "own"), year_targets.own
        for unit, allocations in year_targets.units.items():
            yield year, ("targets", year, "units", unit), allocations


def wrong_kind(indicator: Indicator, value: int | Fraction) -> str | None:
    """Why `value` cannot be a target of `indicator`, or None when it fits."""
    kind = indicator.kind
    title = f"chỉ tiêu {indicator.number} ({indicator.short})"
    if kind is Kind.RATIO:
        if isinstance(value, Fraction):
            return None
        return (
            f'{title} là tỷ lệ: ghi chỉ tiêu dạng phần trăm, ví dụ "40%", '
            f"không ghi số {format_int(value)}"
        )
    if kind is Kind.POPULATION_SHARE:
        return (
            f"{title} tính theo tỷ lệ trên dân số của bộ chỉ tiêu ({indicator.target_text}) "
            "và dân số ở khóa population: không giao riêng, hãy xóa dòng này"
        )
    if isinstance(value, Fraction):
        return (
            f"{title} là số lượng ({indicator.unit}): ghi số nguyên, "
            f"không ghi tỷ lệ {format_rate(value)}"
        )
    return None


def check_targets(loaded: LoadedSettings, load_set: Callable[[int], IndicatorSet]) -> None:
    """Raise ConfigError (file, key path, line) for a target of the wrong kind or an unknown number.

    Years whose indicator set is not available are not checked (`load_set` raises ConfigError).
    """
    sets: dict[int, IndicatorSet | None] = {}
    lines: list[str] = []
    root = None
    for year, path, allocations in _allocations(loaded):
        if year not in sets:
            try:
                sets[year] = load_set(year)
            except ConfigError:
                sets[year] = None
        indicator_set = sets[year]
        if indicator_set is None:
            continue
        by_number = {ind.number: ind for ind in indicator_set.indicators}
        for number, value in allocations.items():
            indicator = by_number.get(number)
            if indicator is None:
                reason: str | None = (
                    f"bộ chỉ tiêu năm {year} không có chỉ tiêu số {number} "
                    f"(có từ 1 đến {len(by_number)})"
                )
            else:
                reason = wrong_kind(indicator, value)
            if reason is None:
                continue
            if root is None:
                root = compose(loaded.path)
            key = (*path, number)
            line = node_line(root, key)
            where = f", dòng {line}" if line else ""
            lines.append(f"Tệp {loaded.path}{where}, khóa {key_path(root, key)}: {reason}.")
    if lines:
        raise ConfigError("\n".join(lines))
