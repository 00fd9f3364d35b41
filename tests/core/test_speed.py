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


def _counting(monkeypatch, module: object, name: str) -> dict[str, int]:
    """`module.name` replaced by itself counting its calls: the counter (`["n"]`)."""
    calls = {"n": 0}
    real = getattr(module, name)

    def counted(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def _arrival(unit: str, file: str) -> SimpleNamespace:
    header = SimpleNamespace(suggestion=None, written_unit=None)
    return SimpleNamespace(unit=unit, file=file, header=header, year=2023, quarter=4)


def test_unit_statuses_take_time_linear_in_units(monkeypatch):
    """Counting name comparisons: each unit's status is found through an index, not by going
    through every submission again (1.000 units × 1.000 files was a million comparisons)."""
    calls = _counting(monkeypatch, coverage, "unit_key")
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


def _plain_file_of_unit(unit: str, files: list[str]) -> str | None:
    """The search `coverage.file_of_unit` made before its index: every file's name read again."""
    import re

    from dean5299_cli.core.text import fold
    from dean5299_cli.core.units import base_key

    key = fold(base_key(unit))
    if not key:
        return None
    hits = []
    for path in files:
        name = fold(re.sub(r"[^\w]+", " ", path.rsplit("/", 1)[-1].rsplit(".", 1)[0]))
        if f" {key} " in f" {name} ":
            hits.append(path)
    return hits[0] if len(hits) == 1 else None


def test_the_file_named_for_a_unit_is_the_one_a_plain_search_finds():
    """The index of file names gives what reading every name for each unit gave: the one file
    carrying the unit's name (diacritics, case, punctuation aside), None for none or for two."""
    rng = random.Random(3321)
    words = ["Phước", "An", "Hòa", "Hoà", "Tân", "Phú", "Đông", "Ia", "Pa", "5299", "BC", "Q3"]
    seps = [" ", "-", "_", " - ", ".", "  ", "(1)", "/"]
    kinds = ["Xã ", "Phường ", "P. ", "Đoàn xã ", ""]
    for _ in range(300):
        files = []
        for _ in range(rng.randint(0, 12)):
            parts = rng.choices(words, k=rng.randint(1, 6))
            name = "".join(p + rng.choice(seps) for p in parts).strip("/")
            folder = rng.choice(["", "tinh-01/", "a b/"])
            files.append(folder + name + rng.choice([".pdf", ".docx", ".xlsx", ""]))
        files += rng.sample(files, k=min(len(files), rng.randint(0, 2)))  # the same path twice
        index = coverage.NamedFiles(files)
        for _ in range(20):
            unit = rng.choice(kinds) + " ".join(rng.choices(words, k=rng.randint(1, 3)))
            assert index.of(unit) == _plain_file_of_unit(unit, files), (unit, files)
            assert coverage.file_of_unit(unit, files) == _plain_file_of_unit(unit, files)
    assert coverage.file_of_unit("Phước Hòa", ["a/BC Q4 - Phuoc Hoa.xlsx"]) == "a/BC Q4 - Phuoc Hoa.xlsx"
    assert coverage.file_of_unit("Xã Phước Hòa", ["Phuoc Hoa.pdf", "PHUOC-HOA (1).pdf"]) is None
    assert coverage.file_of_unit("Phước An", ["Phuoc Ann.xlsx"]) is None


def test_unit_statuses_read_each_file_name_once(monkeypatch):
    """A unit not sent is looked for among the files that are no workbook (a signed scan named
    for it): each file's name is read once for the whole list, not once per unit (400 units not
    sent beside 2.700 scans were a million names read, 3 s)."""
    calls = _counting(monkeypatch, coverage, "fold")
    names = [f"Xã Thử Nghiệm {i:04d}" for i in range(300)]
    scans = [f"tinh-01/ban-ky/BC 5299 - Xa Thu Nghiem {i:04d}.pdf" for i in range(200)]
    arrivals = coverage.Arrivals(
        asked=[], usable=set(), elsewhere=[], previous=[], unreadable=[], skipped=scans
    )
    statuses = coverage.unit_statuses(names, arrivals)
    assert [s.state for s in statuses[:200]] == [UnitState.WRONG_FILE] * 200
    assert statuses[7].files == ("tinh-01/ban-ky/BC 5299 - Xa Thu Nghiem 0007.pdf",)
    assert statuses[7].detail == (
        'tệp "tinh-01/ban-ky/BC 5299 - Xa Thu Nghiem 0007.pdf" không phải bảng tính Excel'
    )
    assert [s.state for s in statuses[200:]] == [UnitState.NOT_SENT] * 100
    # each scan's name once, each of their two folders' names once (a folder may be named for
    # a unit, since the twenty-fifth session), and each unit's name twice (the unreadable
    # files, the scans)
    assert calls["n"] == 200 + 2 + 2 * 300


def test_units_not_sent_are_named_with_their_other_files_in_one_pass(monkeypatch):
    """Each unit not sent is named with its report of another period through the files grouped
    once by unit, not by going through every file again for each unit (400 units not sent
    among 4.400 files were 1,7 million name keys, 1,3 s)."""
    from dean5299_cli.core import validation_view
    from dean5299_cli.core.checks import FileEntry, FileStatus, ValidationReport
    from dean5299_cli.core.status import UnitStatus

    calls = _counting(monkeypatch, validation_view, "unit_key")
    names = [f"Xã Thử Nghiệm {i:04d}" for i in range(300)]
    report = ValidationReport(year=2026, quarter=3)
    report.units = [UnitStatus(n, UnitState.NOT_SENT) for n in names]
    history = FileStatus.HISTORY
    report.files = [
        *(FileEntry(f"q2/{i:04d}.xlsx", history, names[i], 2026, 2) for i in range(100)),
        *(FileEntry(f"2025/{i:04d}.xlsx", history, names[i], 2025, 4) for i in range(50, 150)),
        FileEntry("q4/0007.xlsx", FileStatus.OK, names[7], 2026, 4),
        *(FileEntry(f"q3/{i:04d}.xlsx", FileStatus.OK, names[i], 2026, 3) for i in range(290, 300)),
    ]
    states = validation_view.unit_states(report)
    assert states[7] == UnitStatus(
        names[7], UnitState.WRONG_FILE, ("q4/0007.xlsx",), "gửi nhầm báo cáo quý IV"
    )
    assert states[60] == UnitStatus(
        names[60], UnitState.NOT_SENT, ("q2/0060.xlsx",), "chỉ có báo cáo quý II"
    )
    assert states[120] == UnitStatus(
        names[120], UnitState.NOT_SENT, ("2025/0120.xlsx",), "chỉ có báo cáo quý IV năm 2025"
    )
    assert states[200] == UnitStatus(names[200], UnitState.NOT_SENT)
    # each file of another period once, each unit once (was 300 units x 211 files)
    assert calls["n"] == 201 + 300


def test_copies_are_judged_for_their_figures_without_the_unit_list(tmp_path, monkeypatch):
    """Two copies of a unit's report are each judged alone for their figures: without every
    unit's status, which went through the whole list once per copy (72 copies against 3.321
    communes were 8 s of `remind`). The figures compared are those the whole judging gives."""
    import datetime as dt

    from dean5299_cli import duplicates
    from dean5299_cli.core.checking import judge as judging
    from dean5299_cli.core.indicator_sets import library_of
    from dean5299_cli.core.settings import load_settings
    from dean5299_cli.folder import validate_folder
    from tests.helpers import make_workspace, submit

    folder = make_workspace(tmp_path / "w")
    submit(folder, "ps-1.xlsx", as_of=dt.date(2023, 12, 15), ct3_tu=300)
    submit(folder, "ps-2.xlsx", as_of=dt.date(2023, 12, 20), ct3_tu=318)
    submit(folder, "ps-3.xlsx", as_of=dt.date(2023, 12, 22), ct3_tu=-5)  # an error in it
    submit(folder, "ps-q3.xlsx", quarter=3, ct3_tu=250)
    submit(folder, "ph.xlsx", unit="Xã Phước Hòa")
    loaded = load_settings(folder.parent / "don-vi.yaml")
    report = validate_folder(folder, settings=loaded.settings)
    sets = library_of(loaded)
    for raw in [*report.copies.values(), *(report.reading.files if report.reading else ())]:
        whole, alone = (
            judging.judge([raw], load_set=sets.load, settings=loaded.settings, year=2023,
                          quarter=4, figures_only=only)
            for only in (False, True)
        )  # fmt: skip
        assert (alone.current, alone.history) == (whole.current, whole.history)
    assert sorted(report.copies) == ["ps-1.xlsx", "ps-2.xlsx", "ps-3.xlsx"]

    calls = _counting(monkeypatch, judging, "_coverage")
    comparisons = duplicates.compare_duplicates(folder, report, loaded)
    assert calls["n"] == 0  # was one round of the unit list per copy judged
    found = {(c.older.file, c.newer.file): (c.differences, c.comparable) for c in comparisons}
    assert found[("ps-1.xlsx", "ps-2.xlsx")] == ((("ct3_tu", 300, 318),), True)
    assert found == {
        ("ps-1.xlsx", "ps-2.xlsx"): ((("ct3_tu", 300, 318),), True),
        ("ps-1.xlsx", "ps-3.xlsx"): ((), False),  # ps-3's figures have an error, dated later
    }


def test_each_copy_is_read_from_its_own_files_problems(tmp_path, monkeypatch):
    """What a copy is (whose, which sheets, a sheet of a shared workbook) is read from its own
    file's problems, gathered once: not from every problem of the folder for each copy (90
    units with two files among 13.000 files were 5 s of validate)."""
    import datetime as dt

    from dean5299_cli import duplicates
    from dean5299_cli.core.settings import load_settings
    from dean5299_cli.folder import validate_folder
    from tests.helpers import SETTINGS, make_workspace, submit

    many = "\n".join(f"  - name: Xã Thử Nghiệm {i:02d}" for i in range(40))
    folder = make_workspace(tmp_path / "w", SETTINGS.replace("targets:", many + "\ntargets:", 1))
    submit(folder, "ps-1.xlsx", as_of=dt.date(2023, 12, 15), ct3_tu=300)
    submit(folder, "ps-2.xlsx", as_of=dt.date(2023, 12, 20), ct3_tu=318)
    submit(folder, "ph-1.xlsx", unit="Xã Phước Hòa", as_of=dt.date(2023, 12, 10), ct5=480)
    submit(folder, "ph-2.xlsx", unit="Xã Phước Hòa", as_of=dt.date(2023, 12, 12), ct5=500)
    submit(folder, "dt.xlsx", unit="Thị trấn Diêu Trì", ct1=-1)
    loaded = load_settings(folder.parent / "don-vi.yaml")
    report = validate_folder(folder, settings=loaded.settings)
    assert report.missing_units[:2] == ["Xã Thử Nghiệm 00", "Xã Thử Nghiệm 01"]
    looked: list[tuple[str, str]] = []  # (file of the problem read, file of the copy)
    real_copy_of = duplicates._copy_of

    def copy_of(p, file):
        looked.append((p.file, file))
        return real_copy_of(p, file)

    monkeypatch.setattr(duplicates, "_copy_of", copy_of)
    comparisons = duplicates.compare_duplicates(folder, report, loaded)
    found = {(c.older.file, c.newer.file, c.older.unit): c.differences for c in comparisons}
    assert found == {
        ("ph-1.xlsx", "ph-2.xlsx", "Xã Phước Hòa"): (("ct5", 480, 500),),
        ("ps-1.xlsx", "ps-2.xlsx", "Xã Phước Sơn"): (("ct3_tu", 300, 318),),
    }
    assert looked and all(mine == copy for mine, copy in looked)  # was: all 40 missing units too


def test_json_is_encoded_a_few_pieces_at_a_time_to_the_same_bytes():
    """The JSON a command prints is `json.dumps(..., ensure_ascii=False, indent=2)` and a new
    line, byte for byte, encoded a few pieces at a time (`rank --json` of 10.000 units held
    every piece until the end: 870 MB, now 440 MB)."""
    import json

    from dean5299_cli.cli.output import json_bytes

    rng = random.Random(10000)
    words = ["Xã Phước Sơn", "ĐVTN", "\"trích\"", "a\\b", "\n", "😀", "", "1.294.000"]

    def value(depth: int) -> object:
        kind = rng.randrange(7 if depth < 4 else 4)
        if kind == 0:
            return rng.choice([None, True, False, 0, -3, 12.5, 10**20])
        if kind in (1, 2, 3):
            return rng.choice(words) * rng.randint(0, 3)
        if kind in (4, 5):
            return [value(depth + 1) for _ in range(rng.randint(0, 6))]
        return {rng.choice(words) + str(k): value(depth + 1) for k in range(rng.randint(0, 6))}

    for _ in range(200):
        data = value(0)
        assert json_bytes(data).getvalue() == (
            json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        ).encode("utf-8")
    # far beyond a piece: one unit's ranks of a national list
    big = {"units": [{"unit": f"Xã Thử Nghiệm {i:05d}", "rank": i} for i in range(20000)]}
    expected = (json.dumps(big, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    assert json_bytes(big).getvalue() == expected
    assert json_bytes("Đoàn").getvalue() == '"Đoàn"\n'.encode()


def test_json_takes_about_its_own_size_in_memory(monkeypatch):
    """Memory counted, not time: printing 1,5 MB of JSON holds about those 1,5 MB (1,4 times),
    not every piece `json.dumps` makes before joining them (8 times: 870 MB for `rank --json`
    of 10.000 units)."""
    import io
    import sys
    import tracemalloc

    from dean5299_cli.cli import output

    big = {"units": [{"unit": f"Xã Thử Nghiệm {i:05d}", "rank": i} for i in range(20000)]}
    sink = io.BytesIO()
    buffer = SimpleNamespace(write=sink.write, flush=lambda: None)
    monkeypatch.setattr(sys, "stdout", SimpleNamespace(flush=lambda: None, buffer=buffer))
    tracemalloc.start()
    try:
        output.write_json(big)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    size = len(sink.getvalue())
    assert size > 1_400_000
    assert peak < 3 * size  # was 8 times


def test_json_that_cannot_be_made_prints_nothing(capsys):
    """All of the JSON or none of it: a value no JSON can hold, deep in a big result, stops the
    command before a byte is printed (a program error; never half a document on stdout)."""
    import pytest

    from dean5299_cli.cli.output import write_json

    data = {"units": [{"unit": f"Xã Thử Nghiệm {i:05d}"} for i in range(20000)], "bad": {1, 2}}
    with pytest.raises(TypeError):
        write_json(data)
    assert capsys.readouterr().out == ""


def _read_folder(count: int) -> list:
    """What reading `count` files of one sheet each gives, as a worker sends it (each address
    one string); the last two are a unit's two differing copies (compared later from it)."""
    import sys

    from dean5299_cli.core.indicators import load_set
    from dean5299_cli.core.records import RawFile, RawSubmission, RawValue

    codes = load_set(2023).field_codes

    def one(k: int, unit: str, shift: int) -> RawFile:
        values = {
            code: RawValue(float(n + shift), sys.intern(f"D{n + 10}")) for n, code in enumerate(codes)
        }
        sub = RawSubmission(
            "Báo cáo",
            RawValue(unit, "C3"),
            RawValue(2023, "C4"),
            RawValue("Quý IV", "C5"),
            None,
            values=values,
            code_cells=tuple(RawValue(code, sys.intern(f"B{n + 10}")) for n, code in enumerate(codes)),
        )
        return RawFile(f"f{k:04d}.xlsx", (sub,), sheet_names=("Báo cáo",))

    files = [one(k, f"Xã Thử Nghiệm {k:04d}", k % 7) for k in range(count - 2)]
    return [*files, one(count - 2, "Xã Bản Sao", 1), one(count - 1, "Xã Bản Sao", 2)]


def test_what_was_read_is_let_go_of_once_judged_into_candidates(tmp_path, monkeypatch):
    """Memory counted, not time: the submissions read from a folder are let go of once each is
    read into its candidate, before the heaviest stages (flags, statuses, problems): they were
    held until the folder was judged, a third of the memory of 10.000 files (302 MB for
    `report`). The copies of a unit keep their reading whole, compared later from it; and a
    reading kept for `--lay-moi-nhat` is kept whole."""
    import tracemalloc

    from dean5299_cli import folder as folders
    from dean5299_cli.core.checking import flagging

    count = 400
    held: dict[bool, int] = {}
    copies = {}
    real_flags = flagging.derive_flags
    keep = False

    def flags(*args, **kwargs):
        held[keep] = tracemalloc.get_traced_memory()[0] - start
        return real_flags(*args, **kwargs)

    monkeypatch.setattr(flagging, "derive_flags", flags)
    monkeypatch.setattr(folders, "read_all", lambda *args, **kwargs: _read_folder(count))
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        sample = _read_folder(count)
        size = tracemalloc.get_traced_memory()[0] - start
        del sample
        for keep in (False, True, False):  # the first run also imports and caches
            start = tracemalloc.get_traced_memory()[0]
            report = folders.validate_folder(tmp_path, year=2023, quarter=4, keep_reading=keep)
            copies[keep] = report.copies
            del report
    finally:
        tracemalloc.stop()
    assert sorted(copies[False]) == ["f0398.xlsx", "f0399.xlsx"]
    assert copies[False] == copies[True]  # whole: every figure and code cell
    assert len(copies[False]["f0399.xlsx"].submissions[0].values) > 10
    assert held[True] - held[False] > size * 0.4  # was the same: nothing was let go of
