"""What looks unusual in the figures, with the reason: the one owner of every flag.

A threshold that fires on every unit is noise. A unit is flagged when it is far from its peers
on the same indicator (median and MAD over units), when it jumps or falls against its own
previous quarter, when its figures contradict each other, or, only where the settings ask,
above an absolute threshold. Targets are checked against themselves (TARGET_SUSPECT)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction

from dean5299_cli.core.achievement import IndicatorResult, TargetSource
from dean5299_cli.core.exhaustive import assert_never
from dean5299_cli.core.indicators import Kind
from dean5299_cli.core.numbers import Rounding, format_decimal, format_int, format_percent
from dean5299_cli.core.periods import quarter_label
from dean5299_cli.core.status import Flag, FlagKind

MIN_PEERS = 5  # below this many units with data, a median says nothing
PEER_RATIO = 3  # at least 3× the median (or at most 1/PEER_LOW of it) …
PEER_LOW = 5
ROBUST_Z = Fraction(7, 2)  # … and more than 3.5 robust deviations (MAD × 1.4826) away
MAD_SCALE = Fraction(14826, 10000)
JUMP_PACE = Fraction(5, 2)  # cumulative growth 2.5× faster than an even pace over the year
JUMP_MIN = 20  # and at least this much more than before
SUSPECT_ACHIEVEMENT = 10  # 1000% of a target: the target was probably typed wrong
_ONE = Rounding(decimals=1)


@dataclass(frozen=True)
class UnitResults:
    """What flagging needs of one unit: this quarter's results and the previous quarter's."""

    unit: str
    results: tuple[IndicatorResult, ...]
    previous: tuple[IndicatorResult, ...] = ()  # the unit's latest earlier quarter, if sent
    previous_quarter: int | None = None
    population: int | None = None
    counted: bool = True  # in the totals (False: left out for errors, still flagged)


def times(value: Fraction) -> str:
    """Fraction(41, 10) → `4,1`."""
    return format_decimal(_ONE.round(value))


class Measure(str, Enum):
    """What is compared between units on one indicator."""

    RATE = "rate"  # a ratio's own rate (units may have different target rates)
    PER_CAPITA = "per-capita"  # a count per person, where every unit has a population
    ACHIEVEMENT = "achievement"  # achieved / the unit's target
    COUNT = "count"  # the figure itself, where units have neither a target nor a population


def _measure(index: int, units: Sequence[UnitResults]) -> Measure:
    """What to compare on the `index`-th indicator: a unit's target or population where enough
    units have one, else the figure itself (a commune's chi đoàn, a province's communes are
    rarely given targets one by one: without it a figure typed 10× too large was never seen)."""
    counted = [u for u in units if u.counted]
    if counted[0].results[index].indicator.kind is Kind.RATIO:
        return Measure.RATE
    if sum(1 for u in counted if u.population) >= MIN_PEERS:
        return Measure.PER_CAPITA
    with_target = sum(1 for u in counted if u.results[index].achievement is not None)
    return Measure.ACHIEVEMENT if with_target >= MIN_PEERS else Measure.COUNT


def _metric(result: IndicatorResult, population: int | None, measure: Measure) -> Fraction | None:
    if measure is Measure.RATE:
        return result.rate
    if measure is Measure.PER_CAPITA:
        return Fraction(result.achieved, population) if population else None
    if measure is Measure.ACHIEVEMENT:
        return result.achievement
    if measure is Measure.COUNT:
        return Fraction(result.achieved)
    assert_never(measure)


def _shown(value: Fraction, measure: Measure, rounding: Rounding, unit: str) -> str:
    if measure is Measure.RATE:
        return f"tỷ lệ {format_percent(value, rounding)}"
    if measure is Measure.PER_CAPITA:
        return f"{times(value * 1000)} trên 1.000 người"
    if measure is Measure.ACHIEVEMENT:
        return f"đạt {format_percent(value, rounding)} chỉ tiêu giao"
    if measure is Measure.COUNT:  # a median of an even number of units may end in ,5
        return f"{format_int(value.numerator) if value.denominator == 1 else times(value)} {unit}"
    assert_never(measure)


def median(values: Sequence[Fraction]) -> Fraction:
    """The exact median (as `statistics.median`), sorted by float first: a correctly rounded
    float never orders two fractions wrongly, and ties of floats fall back to exact comparison."""
    data = sorted(values, key=lambda v: (float(v), v))
    n = len(data)
    if n % 2:
        return data[n // 2]
    return (data[n // 2 - 1] + data[n // 2]) / 2


def _unusual(value: Fraction, mid: Fraction, spread: Fraction) -> tuple[str, str] | None:
    """Why `value` is far from the median `mid`, for the office and in plain words for the unit
    (None when it is not far)."""
    if spread and abs(value - mid) / spread <= ROBUST_Z:
        return None
    ratio = value / mid
    if ratio >= PEER_RATIO:
        return f"gấp {times(ratio)} lần trung vị các đơn vị", "cao hơn nhiều"
    if 0 < ratio <= Fraction(1, PEER_LOW):
        return f"chỉ bằng {times(ratio)} lần trung vị các đơn vị", "thấp hơn nhiều"
    return None


def _far(value: Fraction, mid: Fraction) -> bool:
    """`0 < value <= mid / PEER_LOW or value >= mid × PEER_RATIO`, `mid` > 0, in integers (the
    same answer; Fraction comparisons were a tenth of judging 1.000 units)."""
    n, d = value.numerator, value.denominator  # denominators are > 0
    a, b = mid.numerator, mid.denominator
    return (n > 0 and n * b * PEER_LOW <= a * d) or n * b >= a * PEER_RATIO * d


def _deviations(values: Sequence[Fraction], mid: Fraction) -> list[Fraction]:
    """`abs(v - mid)` of each value, each made once from integers (was: a difference, then its
    absolute value, two fractions each)."""
    a, b = mid.numerator, mid.denominator
    return [Fraction(abs(v.numerator * b - a * v.denominator), v.denominator * b) for v in values]


def peer_outliers(units: Sequence[UnitResults], rounding: Rounding) -> list[Flag]:
    """A unit far from the median of the units counted, indicator by indicator."""
    return [flag for _, flag in peer_outliers_at(units, rounding)]


def peer_outliers_at(
    units: Sequence[UnitResults], rounding: Rounding
) -> list[tuple[int, Flag]]:
    """`peer_outliers`, each flag with the index in `units` of the results it was made from
    (two copies of one unit's report: the flag belongs to the copy holding the figure)."""
    flags: list[tuple[int, Flag]] = []
    if not any(u.counted for u in units):
        return flags
    for i, first in enumerate(units[0].results):
        measure = _measure(i, units)
        values = [_metric(u.results[i], u.population, measure) for u in units]
        peers = [v for u, v in zip(units, values, strict=True) if u.counted and v is not None]
        if len(peers) < MIN_PEERS:
            continue
        mid = median(peers)
        if mid <= 0:
            continue
        # Only a value outside (median / PEER_LOW, median × PEER_RATIO) can be unusual (see
        # `_unusual`): the spread is worked out only when one is, most indicators need none.
        outside = [(k, v) for k, v in enumerate(values) if v is not None and _far(v, mid)]
        if not outside:
            continue
        spread = median(_deviations(peers, mid)) * MAD_SCALE
        unit = first.indicator.unit
        middle = _shown(mid, measure, rounding, unit)
        typical = f"trung vị của {format_int(len(peers))} đơn vị: {middle}"
        for k, value in outside:
            found = _unusual(value, mid, spread)
            if found:
                why, direction = found
                shown = _shown(value, measure, rounding, unit)
                reason = f"{why} ({shown}; {typical})"
                plain = (
                    f"số liệu {direction} so với các đơn vị khác (đơn vị: {shown}; "
                    f"mức chung của các đơn vị: {middle})"
                )
                flag = Flag(units[k].unit, first.number, FlagKind.PEER_OUTLIER, reason, plain)
                flags.append((k, flag))
    return flags


RISE = "tăng từ"  # how a jump's reason starts; a fall starts with "giảm từ"


def is_rise(flag: Flag) -> bool:
    """A JUMP flag for a rise (a fall is already `cumulative-decrease`)."""
    return flag.kind is FlagKind.JUMP and flag.reason.startswith(RISE)


def _jump(now: int, then: int, label: str, quarter: int, before_q: int) -> str | None:
    """Why `now` against `then` (of quarter `label`) is a jump or a fall; None when neither."""
    if now < then:
        return f"giảm từ {format_int(then)} ({label}) xuống {format_int(now)}"
    if not then or now - then < JUMP_MIN:
        return None
    growth = Fraction(now, then)
    if growth / Fraction(quarter, before_q) < JUMP_PACE:
        return None
    after = " sau một quý" if quarter - before_q == 1 else ""
    return (
        f"{RISE} {format_int(then)} ({label}) lên {format_int(now)}, gấp {times(growth)} lần{after}"
    )


def jumps(unit: UnitResults, quarter: int) -> list[Flag]:
    """A jump (much faster than an even pace) or a fall against the unit's previous quarter."""
    before_q = unit.previous_quarter
    if not unit.previous or before_q is None:
        return []
    flags = []
    for now, then in zip(unit.results, unit.previous, strict=False):
        why = _jump(now.achieved, then.achieved, quarter_label(before_q), quarter, before_q)
        if why:
            flags.append(Flag(unit.unit, now.number, FlagKind.JUMP, why))
    return flags


def contradictions(unit: UnitResults) -> list[Flag]:
    """Figures that cannot all be true: numerator above denominator, parts ≠ total, share > 100%."""
    flags: list[Flag] = []
    for r in unit.results:
        why = None
        if r.denominator is not None and r.achieved > r.denominator:
            why = f"tử số {format_int(r.achieved)} lớn hơn mẫu số {format_int(r.denominator)}"
        elif r.total is not None and not r.parts_add_up:
            parts = sum(v for _, v in r.parts)
            why = f"tổng các phần {format_int(parts)} khác tổng số {format_int(r.total)}"
        elif r.indicator.kind is Kind.POPULATION_SHARE and r.rate is not None and r.rate > 1:
            why = f"{format_int(r.achieved)} người, nhiều hơn số dân đã khai ({format_int(unit.population or 0)})"
        if why:
            flags.append(Flag(unit.unit, r.number, FlagKind.CONTRADICTION, why))
    return flags


def above_threshold(
    scope: str, results: Sequence[IndicatorResult], threshold: int, rounding: Rounding
) -> list[Flag]:
    """An absolute threshold on achievement, only where the settings ask for one."""
    limit = Fraction(threshold, 100)
    return [
        Flag(
            scope,
            r.number,
            FlagKind.ABSOLUTE_THRESHOLD,
            f"đạt {format_percent(r.achievement, rounding)} chỉ tiêu giao, vượt ngưỡng {threshold}%",
        )
        for r in results
        if r.achievement is not None
        and r.achievement > limit
        and r.indicator.kind is not Kind.RATIO
        and r.target_source in (TargetSource.ALLOCATION, TargetSource.POPULATION)
    ]


def suspect_targets(
    scope: str, results: Sequence[IndicatorResult], rounding: Rounding
) -> list[Flag]:
    """An achievement in the thousands of percent: almost always a target typed wrong
    (`23.000` read as 23), or, for a unit, a figure typed with extra digits."""
    flags = []
    for r in results:
        typed = r.target_source is TargetSource.ALLOCATION  # a minimum × units is not typed
        if not typed or r.achievement is None or r.achievement < SUSPECT_ACHIEVEMENT:
            continue
        if r.target is None:
            continue
        target = r.target.numerator // r.target.denominator
        thousands = Fraction(r.achieved, target * 1000) if target else Fraction(0)
        hint = ""
        if Fraction(1, 20) <= thousands <= 20:  # ×1.000 gives a believable achievement
            hint = f" (ví dụ {format_int(target)} thay cho {format_int(target * 1000)}?)"
        what = "chỉ tiêu giao" if not scope else "số liệu hoặc chỉ tiêu giao của đơn vị"
        why = (
            f"{scope + ' ' if scope else ''}đạt {format_percent(r.achievement, rounding)} chỉ tiêu giao "
            f"({format_int(r.achieved)}/{format_int(target)}): {what} có thể bị nhập sai{hint}"
        )
        flags.append(Flag(scope, r.number, FlagKind.TARGET_SUSPECT, why))
    return flags


def allocations_differ(
    own: dict[int, int | Fraction], allocations: Sequence[dict[int, int | Fraction]]
) -> list[Flag]:
    """The office's own count target against the sum of the units' allocations: different
    when every unit has one (beyond what rounding each can explain), or already above it
    when only some units have one."""
    flags = []
    for number, target in sorted(own.items()):
        given = [g for a in allocations if isinstance(g := a.get(number), int)]
        if not isinstance(target, int) or not given:
            continue
        total = sum(given)
        slack = len(given) / 2  # each allocation rounded to a whole number moves the sum ≤ 0,5
        if len(given) == len(allocations) and abs(target - total) > slack:
            why = (
                f"chỉ tiêu giao {format_int(target)} khác tổng chỉ tiêu giao cho "
                f"{format_int(len(given))} đơn vị ({format_int(total)}, chênh {format_int(total - target)})"
            )
        elif len(given) < len(allocations) and total - target > slack:
            why = (
                f"tổng chỉ tiêu giao cho {format_int(len(given))}/{format_int(len(allocations))} đơn vị "
                f"({format_int(total)}) đã vượt chỉ tiêu giao {format_int(target)}"
            )
        else:
            continue
        flags.append(Flag("", number, FlagKind.TARGET_SUSPECT, why))
    return flags
