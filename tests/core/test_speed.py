"""The faster paths give exactly what the plain ones gave: medians, JSON of problems, sheets."""

from __future__ import annotations

import dataclasses
import random
import statistics
from fractions import Fraction
from types import SimpleNamespace
from typing import cast

from dean5299_cli.core.checking import coverage
from dean5299_cli.core.checking.candidate import Candidate
from dean5299_cli.core.flags import median
from dean5299_cli.core.problems import Problem, problem
from dean5299_cli.core.status import UnitState


def test_median_is_exact_even_where_floats_tie():
    rng = random.Random(5299)
    base = Fraction(1, 3)
    for size in (1, 2, 5, 6, 99, 100):
        # values closer together than a float can tell apart, shuffled
        values = [base + Fraction(rng.randint(-3, 3), 10**30) for _ in range(size)]
        values += [Fraction(rng.randint(0, 900), rng.randint(1, 900)) for _ in range(size)]
        rng.shuffle(values)
        assert median(values) == statistics.median(values)
        assert isinstance(median(values), Fraction)
    near = [base + Fraction(k, 10**30) for k in (3, -1, 2)]
    assert float(near[0]) == float(near[1]) == float(near[2])
    assert median(near) == base + Fraction(2, 10**30)


def test_problem_json_has_every_field_but_params_in_order():
    p = problem("missing-unit", "", unit="Xã Phước An", state="chưa gửi", hint="")
    # `sheet_position` only names a sheet whose name shows nothing in the messages (trang thứ 2)
    hidden = ("params", "sheet_position")
    fields = [f.name for f in dataclasses.fields(Problem) if f.name not in hidden]
    data = p.to_json()
    assert list(data) == fields
    assert data["severity"] == "warning"  # the catalogue's severity of missing-unit
    assert data["unit"] == "Xã Phước An"


def _arrival(unit: str, file: str) -> SimpleNamespace:
    header = SimpleNamespace(suggestion=None, written_unit=None)
    return SimpleNamespace(unit=unit, file=file, header=header, year=2023, quarter=4)


def test_unit_statuses_take_time_linear_in_units(monkeypatch):
    """Counting name comparisons: each unit's status is found through an index, not by going
    through every submission again (1.000 units × 1.000 files was a million comparisons)."""
    calls = {"n": 0}
    real = coverage.unit_key

    def counted(name: str) -> str:
        calls["n"] += 1
        return real(name)

    monkeypatch.setattr(coverage, "unit_key", counted)
    used: dict[int, int] = {}
    for size in (50, 400):
        names = [f"Xã Thử Nghiệm {i:04d}" for i in range(size)]
        asked = [_arrival(n, f"{n}.xlsx") for n in names[: size - 3]]  # three did not send
        arrivals = coverage.Arrivals(
            asked=cast("list[Candidate]", asked),
            usable={id(c) for c in asked[::2]},
            elsewhere=[],
            previous=[],
            unreadable=[],
            skipped=[],
        )
        calls["n"] = 0
        statuses = coverage.unit_statuses(names, arrivals)
        used[size] = calls["n"]
        states = [s.state for s in statuses]
        assert states.count(UnitState.REPORTED) == len(asked[::2])
        assert states.count(UnitState.INVALID) == len(asked) - len(asked[::2])
        assert states[-3:] == [UnitState.NOT_SENT] * 3
    assert used[400] <= used[50] * 8 * 1.5  # 8× the units: about 8× the work, never 64×
