"""`dean5299 rank`: hand-computed ranks with ties, points, grades; units without data; bad rubrics."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from fractions import Fraction
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dean5299_cli.core.rubric import load_rubric
from dean5299_cli.rank_job import example_rubric
from tests.helpers import SETTINGS, make_workspace, submit

# Six units: four with figures, one sent nothing, one sent a file with an error.
RANK_SETTINGS = SETTINGS.replace(
    "  - name: Xã Phước Hòa\n",
    "  - name: Xã Phước Hòa\n  - name: Xã Phước Lộc\n  - name: Xã Phước Thắng\n"
    "  - name: Xã Phước Hiệp\n",
).replace(
    "      Phước Sơn: {1: 400, 2: 500, 5: 600}\n",
    "      Phước Sơn: {1: 400, 2: 1000, 5: 500}\n"
    "      Diêu Trì: {1: 400, 2: 1000, 5: 500}\n"
    "      Phước Hòa: {1: 400, 2: 1000, 5: 500}\n"
    "      Phước Lộc: {1: 400, 2: 1000, 5: 500}\n",
)

# Only CT1, CT2 and CT5 score (10 points each, CT2 counted up to 110%), so every figure
# below can be checked by hand.
RUBRIC = """title: Thang điểm thử
indicators:
  points: 10
  cap: 100%
  overrides:
    2: {points: 10, cap: 110%}
    3: {points: 0}
    4: {points: 0}
    6: {points: 0}
    7: {points: 0}
    8: {points: 0}
reporting:
  deadline_day: 20
  on_time: 5
  late: 2
  complete: 3
adjustments:
  - {when: indicator-at-least, percent: 120%, points: 1, label: Vượt 120%}
  - {when: has-warnings, points: -2, codes: [cumulative-decrease], label: Số liệu giảm}
grades: {excellent: 38, good: 32, done: 25}
"""


@pytest.fixture
def ranked(tmp_path: Path) -> Path:
    folder = make_workspace(tmp_path, RANK_SETTINGS)
    (tmp_path / "xep-hang.yaml").write_text(RUBRIC, encoding="utf-8")
    same = {"ct3_tu": 164, "ct4_tu": 256, "ct6": 6}  # CT3, CT4, CT6 exactly 100% everywhere
    ps = {"ct1": 400, "ct2": 1200, "ct5": 500, **same}
    dt_ = {"ct1": 400, "ct2": 600, "ct5": 250, **same}
    ph = {"ct1": 200, "ct2": 1000, "ct5": 600, **same}
    submit(folder, "ps-q4.xlsx", unit="Xã Phước Sơn", **ps)
    submit(folder, "ps-q3.xlsx", unit="Xã Phước Sơn", quarter=3, **ps)
    late = dt.date(2023, 12, 27)
    submit(folder, "dt-q4.xlsx", unit="Thị trấn Diêu Trì", as_of=late, ct7=None, **dt_)
    submit(folder, "dt-q3.xlsx", unit="Thị trấn Diêu Trì", quarter=3, **{**dt_, "ct1": 450})
    submit(folder, "ph-q4.xlsx", unit="Xã Phước Hòa", **ph)
    submit(folder, "ph-q3.xlsx", unit="Xã Phước Hòa", quarter=3, **{**ph, "ct1": 100})
    submit(folder, "pl-q4.xlsx", unit="Xã Phước Lộc", ct1=300, ct2=1000, ct5=425, **same)
    submit(folder, "phiep-q4.xlsx", unit="Xã Phước Hiệp", ct1=-5)
    return tmp_path


def _json(cli, cwd: Path, *args: str) -> dict:
    result = cli("rank", "--quarter", "IV", "--json", *args, cwd=cwd)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_ranks_per_indicator_with_ties_and_changes(cli, ranked: Path) -> None:
    data = _json(cli, ranked)
    by_number = {i["number"]: i for i in data["indicators"]}
    ct2 = by_number[2]["units"]
    # 120%, 100%, 100%, 60% → 1, 2, 2, 4; units without data last, unranked
    assert [(u["unit"], u["rank"]) for u in ct2] == [
        ("Xã Phước Sơn", 1),
        ("Xã Phước Hòa", 2),
        ("Xã Phước Lộc", 2),
        ("Thị trấn Diêu Trì", 4),
        ("Xã Phước Thắng", None),
        ("Xã Phước Hiệp", None),
    ]
    assert [u["achievement_percent"] for u in ct2[:4]] == [120.0, 100.0, 100.0, 60.0]
    ct1 = {u["unit"]: u for u in by_number[1]["units"]}
    assert [ct1[u]["rank"] for u in ("Xã Phước Sơn", "Thị trấn Diêu Trì")] == [1, 1]
    assert ct1["Xã Phước Lộc"]["rank"] == 3 and ct1["Xã Phước Hòa"]["rank"] == 4
    # change over quarter III: 100 → 200 is +100 (+100%); 450 → 400 a fall; 400 → 400 none
    assert (ct1["Xã Phước Hòa"]["change"], ct1["Xã Phước Hòa"]["change_percent"]) == (100, 100.0)
    assert ct1["Thị trấn Diêu Trì"]["change"] == -50
    assert ct1["Thị trấn Diêu Trì"]["change_percent"] == -11.1  # 50/450 = 11,11…%
    assert ct1["Xã Phước Lộc"]["trend"] == "no-previous"
    assert by_number[1]["unchanged"] == ["Xã Phước Sơn"]
    assert by_number[1]["fell"] == ["Thị trấn Diêu Trì"]
    assert ct1["Xã Phước Thắng"]["note"] == "chưa báo cáo"
    assert ct1["Xã Phước Hiệp"]["state"] == "invalid"
    assert ct1["Xã Phước Hiệp"]["note"] == 'số liệu chưa hợp lệ (tệp "phiep-q4.xlsx")'


def test_points_grades_and_composite_ranks(cli, ranked: Path) -> None:
    data = _json(cli, ranked)
    evaluation = {e["unit"]: e for e in data["evaluation"]}
    # Phước Sơn: 10 + min(120%, 110%)×10 = 11 + 10, on time 5, complete 3, CT2 ≥ 120% +1 = 40
    # Phước Hòa: 5 + 10 + 10 (120% counted 100%) + 5 + 3 + 1 (CT5 ≥ 120%) = 34
    # Phước Lộc: 7,5 + 10 + 8,5 + 5 + 3 = 34 (tie with Phước Hòa)
    # Diêu Trì: 10 + 6 + 5 + late 2 + incomplete 0 − 2 (figures fell) = 21
    expected = {
        "Xã Phước Sơn": ("40", 1, "excellent"),
        "Xã Phước Hòa": ("34", 2, "good"),
        "Xã Phước Lộc": ("34", 2, "good"),
        "Thị trấn Diêu Trì": ("21", 4, "not-done"),
        "Xã Phước Thắng": (None, None, "no-data"),
        "Xã Phước Hiệp": (None, None, "no-data"),
    }
    assert {u: (e["points"], e["rank"], e["grade"]) for u, e in evaluation.items()} == expected
    assert [e["unit"] for e in data["evaluation"]][-2:] == ["Xã Phước Thắng", "Xã Phước Hiệp"]
    assert evaluation["Xã Phước Hiệp"]["grade_label"] == "chưa có số liệu"
    dieu_tri = {line["label"]: line for line in evaluation["Thị trấn Diêu Trì"]["lines"]}
    assert dieu_tri["Trễ hạn"]["how"] == "ngày 27/12/2023 (Tính đến ngày), hạn 20/12/2023: trễ hạn, 2 điểm"
    assert dieu_tri["Đầy đủ"]["how"] == "để trống ct7: 0 điểm"
    assert dieu_tri["Số liệu giảm"]["points"] == "-2"
    son = {line["label"]: line for line in evaluation["Xã Phước Sơn"]["lines"]}
    assert son["CT2"]["how"] == "120,0% (tính tối đa 110,0%) × 10 = 11"
    assert son["CT7"]["how"] == "không có chỉ tiêu giao để so sánh: 0 điểm"


def test_workbook_is_traceable_sortable_and_printable(cli, ranked: Path) -> None:
    result = cli("rank", "--quarter", "IV", cwd=ranked)
    assert result.exit_code == 0, result.output
    assert "1    │ Xã Phước Sơn" in result.stdout
    assert "CT1: dẫn đầu: Xã Phước Sơn (100,0%), Thị trấn Diêu Trì (100,0%)" in result.stdout
    path = ranked / "ket-qua" / "xep-hang-5299-2023-quy-4.xlsx"
    wb = load_workbook(path)
    assert wb.sheetnames == [
        "Xếp hạng", "Cách tính điểm", "Theo chỉ tiêu", "Tiến độ theo quý", "Thang điểm"
    ]
    title = "Đánh giá, xếp hạng các đơn vị thực hiện Đề án 5299 quý IV năm 2023"
    assert wb.properties.title == title
    with zipfile.ZipFile(path) as package:  # no author rather than "openpyxl" (its default)
        assert b"creator" not in package.read("docProps/core.xml")
    ws = wb["Xếp hạng"]
    assert ws.freeze_panes == "C4" and ws.auto_filter.ref.startswith("A3:")
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    headers = [c.value for c in ws[3]]
    rows = {r[1]: r for r in ws.iter_rows(min_row=4, values_only=True)}
    son = dict(zip(headers, rows["Xã Phước Sơn"], strict=True))
    assert (son["Hạng"], son["Xếp loại"], son["Tổng điểm"]) == (1, "hoàn thành xuất sắc", 40)
    assert (son["Điểm CT1"], son["Điểm CT2"], son["Điểm CT5"]) == (10, 11, 10)
    assert (son["Điểm báo cáo"], son["Cộng/trừ"]) == (8, 1)
    parts = [son[h] for h in headers if h.startswith("Điểm") or h in ("Quy đổi", "Cộng/trừ")]
    assert sum(parts) == son["Tổng điểm"]  # the columns add up to the total
    trace = [r for r in wb["Cách tính điểm"].iter_rows(min_row=4, values_only=True)]
    son_lines = [r[1:] for r in trace if r[0] == "Xã Phước Sơn"]
    assert ("CT2", 11, "120,0% (tính tối đa 110,0%) × 10 = 11") in son_lines
    assert sum(r[1] for r in son_lines) == son["Tổng điểm"]
    assert rows["Xã Phước Thắng"][2] == "chưa có số liệu" and rows["Xã Phước Thắng"][0] is None
    # a rate indicator's result as it was ranked: numerator over denominator with the rate, and
    # the rate aimed at (was: 164 alone, no target, beside its achievement)
    by_indicator = wb["Theo chỉ tiêu"]
    heads = [c.value for c in by_indicator[3]]
    ct3 = next(dict(zip(heads, r, strict=True)) for r in by_indicator.iter_rows(min_row=4, values_only=True)
               if r[0] == 3 and r[1] == "Xã Phước Sơn")  # fmt: skip
    assert (ct3["Kết quả"], ct3["Chỉ tiêu giao"]) == ("164/410 (40,0%)", "40,0%")
    ct1 = next(dict(zip(heads, r, strict=True)) for r in by_indicator.iter_rows(min_row=4, values_only=True)
               if r[0] == 1 and r[1] == "Xã Phước Sơn")  # fmt: skip
    assert isinstance(ct1["Kết quả"], int) and ct1["Kết quả"] == 400  # a count stays a number
    # existing output is never overwritten silently
    again = cli("rank", "--quarter", "IV", cwd=ranked)
    assert again.exit_code == 4


def test_without_rubric_ranks_per_indicator_only(cli, ranked: Path) -> None:
    (ranked / "xep-hang.yaml").unlink()
    result = cli("rank", "--quarter", "IV", "--json", cwd=ranked)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["evaluation"] == [] and data["rubric"] is None
    assert "Chưa có tệp thang điểm xep-hang.yaml" in result.stderr
    # the hint names a command, not a file inside the installed package (site-packages)
    flat = " ".join(result.stderr.split())
    assert "`dean5299 rank --tao-thang-diem`" in flat and "dean5299_cli" not in flat


def test_the_example_rubric_is_written_beside_the_settings_on_request(cli, ranked: Path) -> None:
    """A clerk cannot find a file inside site-packages: `rank --tao-thang-diem` writes the example
    into the working folder, where `rank` then uses it; a rubric already there is never replaced."""
    (ranked / "xep-hang.yaml").unlink()
    (ranked / "bao-cao").mkdir(exist_ok=True)
    result = cli("rank", "--tao-thang-diem", cwd=ranked / "bao-cao")  # found up from a subfolder
    assert result.exit_code == 0, result.output
    written = ranked / "xep-hang.yaml"
    assert written.read_text(encoding="utf-8") == example_rubric().read_text(encoding="utf-8")
    assert f"Đã ghi {written}" in " ".join(result.stderr.split())
    ranked_now = cli("rank", "--quarter", "IV", "--json", cwd=ranked)
    assert json.loads(ranked_now.stdout)["evaluation"] != []
    written.write_text("# sửa tay\n" + written.read_text(encoding="utf-8"), encoding="utf-8")
    again = cli("rank", "--tao-thang-diem", cwd=ranked)
    assert again.exit_code == 2 and "Đã có" in again.stderr
    assert written.read_text(encoding="utf-8").startswith("# sửa tay")


def test_the_example_rubric_written_without_settings_is_the_one_rank_then_uses(
    cli, ranked: Path
) -> None:
    """Without don-vi.yaml, `--tao-thang-diem` writes the example in the current folder: `rank`
    there uses it, instead of saying there is none and pointing back to the command, which then
    said the file was already there."""
    (ranked / "xep-hang.yaml").unlink()
    (ranked / "don-vi.yaml").unlink()
    made = cli("rank", "--tao-thang-diem", cwd=ranked)
    assert made.exit_code == 0, made.output
    result = cli("rank", "bao-cao", "--year", "2023", "--quarter", "IV", "--json", cwd=ranked)
    assert result.exit_code == 0, result.output
    assert "Chưa có tệp thang điểm" not in result.stderr
    assert json.loads(result.stdout)["rubric"] is not None


def test_the_example_rubric_goes_where_rubric_says(cli, ranked: Path) -> None:
    """`--tao-thang-diem --rubric thang-diem/xa.yaml` writes the example there (the option was
    ignored without a word, and the file written beside don-vi.yaml), and `rank --rubric` reads it."""
    (ranked / "xep-hang.yaml").unlink()
    (ranked / "thang-diem").mkdir()
    made = cli("rank", "--tao-thang-diem", "--rubric", "thang-diem/xa.yaml", cwd=ranked)
    assert made.exit_code == 0, made.output
    assert (ranked / "thang-diem" / "xa.yaml").is_file()
    assert not (ranked / "xep-hang.yaml").exists()
    result = cli("rank", "--quarter", "IV", "--json", "--rubric", "thang-diem/xa.yaml", cwd=ranked)
    assert json.loads(result.stdout)["evaluation"] != []


@pytest.mark.parametrize(
    ("text", "key", "line"),
    [
        (RUBRIC.replace("cap: 110%", "cap: nhiều"), "`indicators.overrides.2.cap`", 6),
        (RUBRIC.replace("good: 32", "good: 40"), "`grades`", 20),
        (RUBRIC.replace("when: has-warnings", "when: sometimes"), "`adjustments` mục 2, `when`", 19),
        (RUBRIC.replace("  on_time: 5\n", "  on_tme: 5\n"), "`reporting.on_tme`", 14),
        # a rule that could never apply, without a word: a code no warning has, a cap of 0
        (RUBRIC.replace("codes: [cumulative-decrease]", "codes: [cumulative-decrese]"),
         "`adjustments` mục 2", 19),
        (RUBRIC.replace("  cap: 100%\n", "  cap: 0%\n"), "`indicators.cap`", 4),
    ],
)
def test_rubric_errors_exit_3_naming_key_and_line(
    cli, ranked: Path, text: str, key: str, line: int
) -> None:
    (ranked / "xep-hang.yaml").write_text(text, encoding="utf-8")
    result = cli("rank", "--quarter", "IV", cwd=ranked)
    assert result.exit_code == 3
    assert f"dòng {line}, khóa {key}" in result.stderr
    assert not (ranked / "ket-qua" / "xep-hang-5299-2023-quy-4.xlsx").exists()


def test_example_rubric_is_valid_and_says_it_is_an_example() -> None:
    rubric = load_rubric(example_rubric())
    text = example_rubric().read_text(encoding="utf-8")
    assert "VÍ DỤ" in text and "chưa có thang điểm" in text.lower()
    assert rubric.indicators.rule(5).cap == Fraction(6, 5)
    assert rubric.reporting.deadline(2023, 4) == dt.date(2023, 11, 25)
    assert rubric.reporting.deadline(2024, 1) == dt.date(2024, 3, 20)


def test_summary_workbook_gains_charts_and_rank_sheets(cli, ranked: Path) -> None:
    result = cli("summary", "--quarter", "IV", cwd=ranked)
    assert result.exit_code == 0, result.output
    wb = load_workbook(ranked / "ket-qua" / "tong-hop-5299-2023-quy-4.xlsx")
    assert wb.sheetnames[-6:] == [
        "Biểu đồ", "Xếp hạng", "Cách tính điểm", "Theo chỉ tiêu", "Tiến độ theo quý",
        "Số liệu biểu đồ",
    ]
    charts = wb["Biểu đồ"]._charts
    titles = ["".join(r.t for p in c.title.tx.rich.p for r in (p.r or [])) for c in charts]
    assert titles[0] == "Toàn huyện: tỷ lệ đạt theo chỉ tiêu, quý IV năm 2023"
    assert titles[1].startswith("Toàn huyện: tiến độ")
    assert "CT2: tỷ lệ đạt theo đơn vị, quý IV năm 2023" in titles
    # office (20 rows) + progress (20) + CT1 (15) fill a page: CT2 starts the next one
    assert [b.id for b in wb["Biểu đồ"].row_breaks.brk][:1] == [55]
    data = wb["Số liệu biểu đồ"]
    values = [[c.value for c in row[:3]] for row in data.iter_rows()]
    start = [v[0] for v in values].index("CT2 theo đơn vị") + 2
    # lowest first (Excel draws the first category at the bottom); reached vs not yet
    assert values[start : start + 4] == [
        ["Thị trấn Diêu Trì", None, 0.6],
        ["Xã Phước Hòa", 1.0, None],
        ["Xã Phước Lộc", 1.0, None],
        ["Xã Phước Sơn", 1.2, None],
    ]


def test_report_appendix_lists_grades_and_changes(cli, ranked: Path) -> None:
    from docx import Document

    result = cli("report", "--quarter", "IV", "--xep-hang", cwd=ranked)
    assert result.exit_code == 0, result.output
    document = Document(str(ranked / "ket-qua" / "bao-cao-5299-2023-quy-4.docx"))
    texts = [p.text for p in document.paragraphs]
    start = texts.index("PHỤ LỤC ĐÁNH GIÁ, XẾP HẠNG")
    assert texts[start + 1] == "Các đơn vị, quý IV năm 2023"
    assert texts[start + 2] == "(Theo Thang điểm thử)"
    assert "Chỉ tiêu 1: dẫn đầu Xã Phước Sơn (100,0%), Thị trấn Diêu Trì (100,0%); " \
        "không tăng so với quý trước: Xã Phước Sơn; giảm: Thị trấn Diêu Trì." in texts
    table = document.tables[-1]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["Hạng", "Đơn vị", "Tổng điểm", "Xếp loại"]
    assert rows[1:4] == [
        ["1", "Xã Phước Sơn", "40,00", "hoàn thành xuất sắc"],
        ["2", "Xã Phước Hòa", "34,00", "hoàn thành tốt"],
        ["2", "Xã Phước Lộc", "34,00", "hoàn thành tốt"],
    ]
    # the signed report words a unit without figures as its own appendix does, naming no file
    assert rows[-2:] == [
        ["—", "Xã Phước Thắng", "—", "chưa có số liệu (chưa báo cáo)"],
        ["—", "Xã Phước Hiệp", "—", "chưa có số liệu (số liệu chưa hợp lệ)"],
    ]
    appendix = texts[start:] + [cell for row in rows for cell in row]
    assert not [t for t in appendix if ".xls" in t or "tệp" in t]


def test_report_ranks_once_for_its_appendix_and_its_summary(
    cli, ranked: Path, monkeypatch, tmp_path: Path
) -> None:
    """`report --xep-hang` used to rank every unit twice (appendix, then summary): 2 s and the
    memory of a second ranking at 10.000 units. Both now show the one ranking. Calls are counted
    in a file: the summary may be built in a forked child (writers/ahead.py)."""
    import dean5299_cli.rank_job as rank_job

    log = tmp_path / "calls.txt"
    real = rank_job.run_rank

    def counted(*args, **kwargs):
        with log.open("a", encoding="utf-8") as out:
            out.write("x")
        return real(*args, **kwargs)

    def calls() -> int:
        count = len(log.read_text(encoding="utf-8")) if log.exists() else 0
        log.unlink(missing_ok=True)
        return count

    monkeypatch.setattr(rank_job, "run_rank", counted)
    result = cli("report", "--quarter", "IV", "--xep-hang", "--force", cwd=ranked)
    assert result.exit_code == 0, result.output
    assert calls() == 1
    summary = load_workbook(ranked / "ket-qua" / "tong-hop-5299-2023-quy-4.xlsx")
    grades = [[c.value for c in row[:4]] for row in summary["Xếp hạng"].iter_rows(min_row=4)]
    assert grades[0][1] == "Xã Phước Sơn" and grades[0][0] == 1
    result = cli("report", "--quarter", "IV", "--force", cwd=ranked)  # the summary alone ranks
    assert result.exit_code == 0, result.output
    assert calls() == 1


def test_report_appendix_leaves_the_report_before_it_as_written(cli, ranked: Path) -> None:
    """The appendix is written into the report's XML, not through a tree of the whole report
    (a 10.000-unit report held 900 MB that way): what precedes it is byte for byte the report
    without it, and the appendix ends before the body's own section properties."""
    import zipfile

    def body(*options: str) -> bytes:
        result = cli("report", "--quarter", "IV", "--force", *options, cwd=ranked)
        assert result.exit_code == 0, result.output
        with zipfile.ZipFile(ranked / "ket-qua" / "bao-cao-5299-2023-quy-4.docx") as package:
            return package.read("word/document.xml")

    plain, ranked_body = body(), body("--xep-hang")
    section = plain.rindex(b"<w:sectPr")
    assert ranked_body[:section] == plain[:section]
    assert ranked_body.endswith(plain[section:])
    added = ranked_body[section : len(ranked_body) - len(plain) + section]
    assert "PHỤ LỤC ĐÁNH GIÁ, XẾP HẠNG".encode() in added and b"<w:sectPr" not in added


RESCALE_RUBRIC = """indicators:
  points: 0
  overrides:
    1: {points: 10}
    2: {points: 10, cap: 110%}
    5: {points: 10}
    7: {points: 10}
without_target: rescale
adjustments:
  - {when: indicator-below, percent: 90%, points: -1, max: 1, label: Dưới 90%}
  - {when: all-reached, points: 2, label: Đạt mọi chỉ tiêu}
grades: {excellent: 40, good: 30, done: 20}
"""


def test_rescale_without_target_and_adjustment_caps(cli, ranked: Path) -> None:
    rubric = ranked / "thang-diem-khac.yaml"
    rubric.write_text(RESCALE_RUBRIC, encoding="utf-8")
    data = _json(cli, ranked, "--rubric", str(rubric))
    evaluation = {e["unit"]: e for e in data["evaluation"]}
    son = {line["label"]: line for line in evaluation["Xã Phước Sơn"]["lines"]}
    # CT7 has no target: 31 points earned on 30 possible, scaled to 40 → 124/3, + 2 all reached
    assert son["Quy đổi"]["points"] == "31/3"
    assert son["Quy đổi"]["how"] == "quy đổi 31 điểm trên 30 điểm có chỉ tiêu về thang 40: + 10,33"
    assert son["Đạt mọi chỉ tiêu"]["points"] == "2"
    assert evaluation["Xã Phước Sơn"]["points"] == "130/3"
    assert evaluation["Xã Phước Sơn"]["points_display"] == 43.33
    assert evaluation["Xã Phước Sơn"]["grade"] == "excellent"
    # Diêu Trì: 21 → 28 after scaling; CT2 (60%) and CT5 (50%) below 90%: −2 capped at −1
    dieu_tri = {line["label"]: line for line in evaluation["Thị trấn Diêu Trì"]["lines"]}
    assert dieu_tri["Dưới 90%"]["points"] == "-1"
    assert dieu_tri["Dưới 90%"]["how"] == "CT2, CT5: 2 × -1, tối đa 1 = -1"
    assert evaluation["Thị trấn Diêu Trì"]["points"] == "27"
    assert evaluation["Thị trấn Diêu Trì"]["grade"] == "done"


def test_json_equals_the_library_result(cli, ranked: Path) -> None:
    from dean5299_cli.core.rank_json import rank_json
    from dean5299_cli.core.settings import load_settings
    from dean5299_cli.folder import validate_folder
    from dean5299_cli.rank_job import run_rank

    loaded = load_settings(ranked / "don-vi.yaml")
    folder = ranked / "bao-cao"
    report = validate_folder(folder, settings=loaded.settings, quarter=4)
    rubric = ranked / "xep-hang.yaml"
    result = run_rank(report, loaded, folder, rubric)
    expected = rank_json(2023, 4, result.rankings, result.evaluations, result.progress,
                         result.rounding, str(rubric))
    got = _json(cli, ranked, "--rubric", str(rubric))
    assert got == json.loads(json.dumps(expected, ensure_ascii=False))


def test_no_unit_sent_anything(cli, tmp_path: Path) -> None:
    make_workspace(tmp_path, RANK_SETTINGS)
    (tmp_path / "xep-hang.yaml").write_text(RUBRIC, encoding="utf-8")
    result = cli("rank", "--quarter", "IV", "--year", "2023", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "Chưa có đơn vị nào có số liệu hợp lệ cho quý IV năm 2023." in result.stdout
    data = _json(cli, tmp_path, "--year", "2023")
    assert {(e["rank"], e["grade"]) for e in data["evaluation"]} == {(None, "no-data")}
    assert len(data["evaluation"]) == 6
    assert all(u["rank"] is None for i in data["indicators"] for u in i["units"])


def test_many_units_chart_shows_the_highest_and_the_lowest(tmp_path: Path) -> None:
    """Above 60 units a per-indicator chart keeps the 30 highest and 30 lowest, with a gap."""
    from openpyxl import Workbook

    from dean5299_cli.core.achievement import IndicatorResult
    from dean5299_cli.core.indicators import load_set
    from dean5299_cli.core.numbers import Rounding
    from dean5299_cli.core.progress import Progress
    from dean5299_cli.core.rank_input import DataState
    from dean5299_cli.core.ranking import IndicatorRanking, Standing
    from dean5299_cli.writers.charts import add_charts

    indicator = load_set(2023).indicators[0]
    standings = tuple(
        Standing(f"Đơn vị {k:02d}", DataState.REPORTED,
                 IndicatorResult(indicator, f"Đơn vị {k:02d}", k, achievement=Fraction(k, 50)))
        for k in range(1, 71)
    )
    wb = Workbook()
    add_charts(wb, [IndicatorRanking(indicator, None, standings)], Progress((4,), (), (), 70),
               Rounding(), whole="Toàn tỉnh", period="quý IV năm 2023")
    values = [[c.value for c in row[:3]] for row in wb["Số liệu biểu đồ"].iter_rows()]
    start = [v[0] for v in values].index("CT1 theo đơn vị") + 2
    block = values[start : start + 61]
    assert block[0] == ["Đơn vị 01", None, 0.02] and block[29][0] == "Đơn vị 30"
    assert block[30] == ["…", None, None]
    assert block[31][0] == "Đơn vị 41" and block[60] == ["Đơn vị 70", 1.4, None]
    (chart,) = wb["Biểu đồ"]._charts
    title = "".join(r.t for p in chart.title.tx.rich.p for r in (p.r or []))
    assert title == "CT1: 30 đơn vị cao nhất và 30 đơn vị thấp nhất (trên 70), quý IV năm 2023"


def test_an_override_for_an_indicator_the_year_has_not_is_refused(cli, ranked: Path) -> None:
    """`overrides: {99: …}` (a slip, or last year's numbering) never applied, without a word."""
    text = RUBRIC.replace("    8: {points: 0}\n", "    8: {points: 0}\n    99: {points: 5}\n")
    (ranked / "xep-hang.yaml").write_text(text, encoding="utf-8")
    result = cli("rank", "--quarter", "IV", cwd=ranked)
    assert result.exit_code == 3, result.output
    said = " ".join(result.stderr.split())
    assert "khóa `indicators.overrides`: chỉ tiêu 99 không có trong bộ chỉ tiêu năm 2023" in said
    assert "(có các chỉ tiêu 1, 2, 3, 4, 5, 6, 7, 8)" in said
    assert not (ranked / "ket-qua" / "xep-hang-5299-2023-quy-4.xlsx").exists()


def test_units_printed_with_the_same_rate_or_score_share_a_rank(cli, tmp_path: Path) -> None:
    """3.824/3.000 (127,47%) and 3.826/3.000 (127,53%) both print 127,5%, and their points
    12,7466… and 12,7533… both print 12,75: the ranking showed them 1 and 2 (22 and 23 in the
    province's 141 units), which a reader cannot tell apart."""
    settings = SETTINGS.replace(
        "      Phước Sơn: {1: 400, 2: 500, 5: 600}\n",
        "      Phước Sơn: {1: 3000}\n      Diêu Trì: {1: 3000}\n      Phước Hòa: {1: 3000}\n",
    )
    folder = make_workspace(tmp_path, settings)
    (tmp_path / "xep-hang.yaml").write_text(
        "title: Thang điểm thử\nindicators:\n  points: 0\n  overrides:\n"
        "    1: {points: 10, cap: 200%}\nreporting: {on_time: 0, late: 0, complete: 0}\n"
        "grades: {excellent: 12.75, good: 10, done: 5}\n",
        encoding="utf-8",
    )
    submit(folder, "ps.xlsx", unit="Xã Phước Sơn", ct1=3824)
    submit(folder, "dt.xlsx", unit="Thị trấn Diêu Trì", ct1=3826)
    submit(folder, "ph.xlsx", unit="Xã Phước Hòa", ct1=3000)
    data = _json(cli, tmp_path)
    ct1 = {u["unit"]: u for u in next(i for i in data["indicators"] if i["number"] == 1)["units"]}
    shown = {u: (ct1[u]["achievement_percent"], ct1[u]["rank"]) for u in ct1}
    assert shown == {
        "Xã Phước Sơn": (127.5, 1),
        "Thị trấn Diêu Trì": (127.5, 1),
        "Xã Phước Hòa": (100.0, 3),
    }
    evaluation = {e["unit"]: e for e in data["evaluation"]}
    assert {u: (Fraction(e["points"]), e["rank"], e["grade"]) for u, e in evaluation.items()} == {
        "Thị trấn Diêu Trì": (Fraction(3826, 300), 1, "excellent"),
        "Xã Phước Sơn": (Fraction(3824, 300), 1, "excellent"),  # shown 12,75, graded as shown
        "Xã Phước Hòa": (Fraction(10), 3, "good"),
    }
    table = cli("rank", "--quarter", "IV", "--force", cwd=tmp_path).stdout
    assert sum("│ 1    │" in line and "12,75" in line for line in table.splitlines()) == 2


def test_a_rate_targets_leader_is_named_with_its_rate_and_its_achievement(
    cli, ranked: Path
) -> None:
    """CT3 aims at a rate (40% of accounts): its leader was printed '(100,0%)', read as the
    rate itself (the province's '(137,5%)' for a 55,0% rate against 40%). Now the rate and the
    achievement, as the report's own results say them; a count keeps its achievement."""
    from docx import Document

    result = cli("rank", "--quarter", "IV", cwd=ranked)
    assert "CT3: dẫn đầu: Xã Phước Sơn (tỷ lệ 40,0%, bằng 100,0% chỉ tiêu)" in result.stdout
    assert "CT1: dẫn đầu: Xã Phước Sơn (100,0%), Thị trấn Diêu Trì (100,0%)" in result.stdout
    report = cli("report", "--quarter", "IV", "--xep-hang", cwd=ranked)
    assert report.exit_code == 0, report.output
    document = Document(str(ranked / "ket-qua" / "bao-cao-5299-2023-quy-4.docx"))
    ct3 = next(p.text for p in document.paragraphs if p.text.startswith("Chỉ tiêu 3: dẫn đầu"))
    assert ct3.startswith("Chỉ tiêu 3: dẫn đầu Xã Phước Sơn (tỷ lệ 40,0%, bằng 100,0% chỉ tiêu)")


def test_an_appendix_without_scoring_or_last_quarter_says_what_it_leaves_out(
    cli, ranked: Path
) -> None:
    """No scoring file, no previous quarter (the province's 141 units): the appendix was a
    heading '…, so với quý trước' over leaders only, the indicators not ranked left out unsaid,
    no unit said to have fallen though none could be compared. Now the heading says no
    comparison, and both are said once."""
    from docx import Document

    (ranked / "xep-hang.yaml").unlink()
    for path in (ranked / "bao-cao").glob("*-q3.xlsx"):
        path.unlink()
    result = cli("report", "--quarter", "IV", "--xep-hang", cwd=ranked)
    assert result.exit_code == 0, result.output
    document = Document(str(ranked / "ket-qua" / "bao-cao-5299-2023-quy-4.docx"))
    texts = [p.text for p in document.paragraphs]
    start = texts.index("PHỤ LỤC ĐÁNH GIÁ, XẾP HẠNG")
    four = ("Xã Phước Sơn", "Thị trấn Diêu Trì", "Xã Phước Hòa", "Xã Phước Lộc")  # tied
    assert texts[start + 1 :] == [
        "Các đơn vị, quý IV năm 2023",
        "Kết quả theo từng chỉ tiêu",
        "Chỉ tiêu 1: dẫn đầu Xã Phước Sơn (100,0%), Thị trấn Diêu Trì (100,0%).",
        "Chỉ tiêu 2: dẫn đầu Xã Phước Sơn (120,0%).",  # 1.200 of 1.000
        "Chỉ tiêu 3: dẫn đầu "
        + ", ".join(f"{u} (tỷ lệ 40,0%, bằng 100,0% chỉ tiêu)" for u in four) + ".",
        "Chỉ tiêu 4: dẫn đầu "
        + ", ".join(f"{u} (tỷ lệ 80,0%, bằng 100,0% chỉ tiêu)" for u in four) + ".",
        "Chỉ tiêu 5: dẫn đầu Xã Phước Hòa (120,0%).",  # 600 of 500
        "Chỉ tiêu 6: dẫn đầu " + ", ".join(f"{u} (100,0%)" for u in four) + ".",
        "Chỉ tiêu 7 và 8: không xếp hạng (không đơn vị nào có chỉ tiêu giao để so sánh).",
        "Chưa có số liệu quý trước để so sánh tăng, giảm.",
    ]


def test_the_rubric_sheet_says_each_bonus_and_penalty_in_words(cli, ranked: Path) -> None:
    """The workbook's 'Thang điểm' printed a rule by its key in xep-hang.yaml
    ('indicator-at-least: 1 điểm', 'has-warnings: -2 điểm', its cap unsaid): what it adds,
    when, up to what, in words."""
    from dean5299_cli.core.rubric import Adjustment, When
    from dean5299_cli.core.scoring import adjustment_words

    assert cli("rank", "--quarter", "IV", cwd=ranked).exit_code == 0
    ws = load_workbook(ranked / "ket-qua" / "xep-hang-5299-2023-quy-4.xlsx")["Thang điểm"]
    lines = {r[0]: r[1] for r in ws.iter_rows(values_only=True)}
    # and it prints on one page (was: the names on one page, their rules on two more)
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws["B7"].alignment.wrap_text and ws.column_dimensions["B"].width == 60
    long = next(r for r in range(1, ws.max_row + 1) if len(ws.cell(r, 2).value) > 70)
    assert ws.row_dimensions[long].height == 30  # its two lines, not over the next row
    assert lines["Vượt 120%"] == "cộng 1 điểm cho mỗi chỉ tiêu đạt từ 120% chỉ tiêu giao"
    assert lines["Số liệu giảm"] == (
        "trừ 2 điểm khi số liệu có cảnh báo (số cộng dồn giảm so với quý trước)"
    )
    below = Adjustment(when=When.INDICATOR_BELOW, points=-1.5, percent=50, max=3, label="x")
    assert adjustment_words(below) == (
        "trừ 1,5 điểm cho mỗi chỉ tiêu đạt dưới 50% chỉ tiêu giao, tối đa 3 điểm"
    )
    every = Adjustment(when=When.ALL_REACHED, points=2, label="x")
    assert adjustment_words(every) == "cộng 2 điểm khi mọi chỉ tiêu có chỉ tiêu giao đều đạt"
