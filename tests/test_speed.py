"""The faster paths give exactly what the plain ones gave: medians, JSON of problems, sheets."""

from __future__ import annotations

import dataclasses
import random
import statistics
from fractions import Fraction

from dean5299_cli.core.flags import median
from dean5299_cli.core.problems import Problem, problem


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
    fields = [f.name for f in dataclasses.fields(Problem) if f.name != "params"]
    data = p.to_json()
    assert list(data) == fields
    assert data["severity"] == "warning"  # the catalogue's severity of missing-unit
    assert data["unit"] == "Xã Phước An"
