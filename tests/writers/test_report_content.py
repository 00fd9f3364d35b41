"""What the signed report says (issue 9) and how it grows with the number of units (issue 15)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from dean5299_cli.core.errors import ConfigError
from dean5299_cli.core.figures import compute_figures
from dean5299_cli.core.indicators import load_set
from dean5299_cli.core.narrative import parse_narrative
from dean5299_cli.core.report_build import build_model
from dean5299_cli.core.report_model import ReportModel
from dean5299_cli.core.report_narrative import Paragraph, Run
from dean5299_cli.core.report_units import UnitState, unit_statuses
from dean5299_cli.writers.report_docx import default_template, render_report
from dean5299_cli.writers.report_filters import report_environment
from tests.helpers import SETTINGS, make_workspace, submit
from tests.paths import EXAMPLES
from tests.synthetic import synthetic

# Words of the program or of internal checking that a signed report must never contain.
PROGRAM_WORDS = [
    "tệp cấu hình", ".xlsx", "rà soát", "bất thường", "vượt ngưỡng", "cần lưu ý", "don-vi.yaml",
    "chưa có số", "chưa tính được", "Sheet", "LƯU Ý",
]  # fmt: skip


def all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def report_of(cli, folder: Path, *extra: str, quarter: str = "IV"):
    out = folder / "ket-qua" / "bc.docx"
    result = cli("report", "--quarter", quarter, "-o", str(out), "--force", *extra, cwd=folder)
    assert result.exit_code == 0, result.output
    return Document(out), result.output


@pytest.mark.parametrize(("example", "quarter"), [("tuy-phuoc-2023", "IV"), ("an-nhon-2024", "II")])
def test_examples_have_no_internal_remarks_and_no_program_words(cli, tmp_path, example, quarter):
    folder = tmp_path / example
    shutil.copytree(EXAMPLES / example, folder, ignore=shutil.ignore_patterns("ket-qua"))
    doc, output = report_of(cli, folder, quarter=quarter)
    text = all_text(doc)
    for word in PROGRAM_WORDS:
        assert word.lower() not in text.lower(), word
    assert not re.search(r"^III\. ", text, re.M)  # no section the office did not write
    assert "ra-soat-" in output and "không gửi kèm báo cáo" in output


def test_file_properties_name_the_report_not_the_program(cli, tmp_path):
    """Word's File › Info and the file's preview: the report's subject and issuing body, the time
    it was written, no library's name, no blank-page thumbnail (the template's)."""
    folder = tmp_path / "tp"
    shutil.copytree(EXAMPLES / "tuy-phuoc-2023", folder, ignore=shutil.ignore_patterns("ket-qua"))
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    doc, _ = report_of(cli, folder)
    props = doc.core_properties
    assert props.title.startswith("Kết quả duy trì, hoạt động vận hành hiệu quả")
    assert props.title.endswith("trên địa bàn huyện quý IV năm 2023")
    assert props.author == "BCH ĐOÀN HUYỆN TUY PHƯỚC"
    assert (props.comments, props.last_modified_by, props.keywords) == ("", "", "")
    assert before <= props.created == props.modified <= before + dt.timedelta(minutes=5)
    with zipfile.ZipFile(folder / "ket-qua" / "bc.docx") as package:
        names = package.namelist()
        meta = b"".join(package.read(n) for n in names if not n.startswith("word/"))
    assert not [n for n in names if "thumbnail" in n]
    assert b"python-docx" not in meta and b"thumbnail" not in meta


def test_ratio_reads_as_rate_and_achievement(cli, tmp_path):
    folder = tmp_path / "tp"
    shutil.copytree(EXAMPLES / "tuy-phuoc-2023", folder, ignore=shutil.ignore_patterns("ket-qua"))
    doc, _ = report_of(cli, folder)
    line = next(p for p in doc.paragraphs if p.text.startswith("(3) "))
    assert (
        "3.787/5.155 tài khoản, đạt tỷ lệ 73,4% (chỉ tiêu 40%), bằng 183,6% chỉ tiêu." in line.text
    )
    assert "đạt 183,6%" not in line.text
    assert {"3.787/5.155", "73,4%", "183,6%"} <= {r.text for r in line.runs if r.bold}
    row = next(r for r in doc.tables[1].rows if r.cells[0].text == "3")
    assert [c.text for c in row.cells[2:5]] == ["40%", "3.787/5.155, tỷ lệ 73,4%", "183,6%"]
    header = [c.text for c in doc.tables[3].rows[0].cells]
    assert "CT 3\n(tỷ lệ)" in header and "CT 1" in header


def _three_units(tmp_path: Path, settings: str = SETTINGS) -> Path:
    folder = make_workspace(tmp_path, settings)
    submit(folder, "son.xlsx", unit="Xã Phước Sơn")
    submit(folder, "dieu-tri.xlsx", unit="Thị trấn Diêu Trì", ct1=-5)  # an error: left out
    return tmp_path  # Xã Phước Hòa sent nothing


def test_a_long_list_of_units_not_counted_is_counted_in_the_body_and_named_in_the_appendix(cli, tmp_path):
    """A report of 1.003 units, two counted: its body named the 1.001 others one by one (335
    names at a 1.000-unit office: two and a half pages of the signed report) and wrote its
    counts ungrouped ("1/1003"). Now the sentence counts them and points to the appendix, whose
    rows name each "chưa báo cáo"; every unit count is grouped as the report's other figures."""
    names = "".join(f"  - name: Xã Thử {i:04d}\n" for i in range(1000))
    folder = make_workspace(tmp_path, SETTINGS.replace("  - name: Xã Phước Hòa\n", "  - name: Xã Phước Hòa\n" + names))
    submit(folder, "son.xlsx", unit="Xã Phước Sơn")
    submit(folder, "dieu-tri.xlsx", unit="Thị trấn Diêu Trì")
    doc, _ = report_of(cli, tmp_path)
    text = all_text(doc)
    assert "được tổng hợp từ báo cáo của 2/1.003 đơn vị (chưa có số liệu của 1.001 đơn vị, có tên trong Phụ lục)." in text
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "Xã Thử 0000" not in body  # none named in the body
    assert "theo số liệu của 2/1.003 đơn vị đã báo cáo" in body and "1003" not in body
    rows = [[c.text for c in r.cells] for r in doc.tables[3].rows]
    assert sum(r[2] == "chưa báo cáo" for r in rows) == 1001


def test_review_counts_the_warnings_validate_counts(cli, tmp_path):
    """A unit that sent nothing is a row of the review's units sheet ("chưa báo cáo"), not a
    "Cảnh báo" of its findings: the clerk reads the count validate gave."""
    root = _three_units(tmp_path)
    submit(root / "bao-cao", "dieu-tri.xlsx", unit="Thị trấn Diêu Trì", ct5=None)  # one warning
    said = cli("validate", "--quarter", "IV", cwd=root).stdout
    warnings = int(re.search(r"(\d+) cảnh báo", said)[1])
    report_of(cli, root)
    review = openpyxl.load_workbook(root / "ket-qua" / "ra-soat-2023-quy-4.xlsx")
    findings = list(review["Lỗi và cảnh báo"].iter_rows(min_row=2, values_only=True))
    assert warnings == 1 and [f[4] for f in findings].count("Cảnh báo") == warnings
    assert all(f[5] != "missing-unit" for f in findings)
    units = {r[1]: r[2] for r in review["Đơn vị"].iter_rows(min_row=2, values_only=True)}
    assert units["Xã Phước Hòa"] == "chưa báo cáo"


def test_every_unit_in_appendix_and_summary_with_its_state(cli, tmp_path):
    root = _three_units(tmp_path)
    doc, output = report_of(cli, root)
    rows = [[c.text for c in r.cells] for r in doc.tables[3].rows]
    assert [r[1] for r in rows[1:4]] == ["Xã Phước Sơn", "Thị trấn Diêu Trì", "Xã Phước Hòa"]
    assert rows[1][2].startswith("450")
    assert rows[2][2] == "số liệu chưa hợp lệ" and rows[3][2] == "chưa báo cáo"
    assert rows[4][1] == "Toàn huyện" and rows[4][2].startswith("450")
    text = all_text(doc)
    coverage = "được tổng hợp từ báo cáo của 1/3 đơn vị (chưa có số liệu của Thị trấn Diêu Trì, Xã Phước Hòa)."
    assert coverage in text
    line6 = next(p for p in doc.paragraphs if p.text.startswith("(6) "))
    assert "1/1 đơn vị đã báo cáo đạt tối thiểu 06 bài viết" in line6.text
    # The teams are those of the one unit counted, said before the coverage sentence names them.
    teams = next(p for p in doc.paragraphs if p.text.startswith("Trong quý IV năm 2023"))
    assert teams.text == (
        "Trong quý IV năm 2023, theo số liệu của 1/3 đơn vị đã báo cáo, có 01 “Tổ công nghệ số "
        "thanh niên” duy trì hoạt động, mỗi tổ gồm 08 thành viên, tổng số 8 thành viên."
    )
    assert {"1/3", "01", "08", "8"} <= {r.text for r in teams.runs if r.bold}
    # The clerk's review sheet: the error with its file, sheet and cell; every unit's state.
    review = openpyxl.load_workbook(root / "ket-qua" / "ra-soat-2023-quy-4.xlsx")
    findings = list(review["Lỗi và cảnh báo"].iter_rows(min_row=2, values_only=True))
    severities = [f[4] for f in findings]  # errors first, information last: whom to call first
    assert severities == sorted(severities, key=["Lỗi", "Cảnh báo", "Thông tin"].index)
    assert severities[0] == "Lỗi" and "Thông tin" in severities
    error = next(f for f in findings if f[5] == "negative-value")
    assert error[:2] == ("Thị trấn Diêu Trì", "dieu-tri.xlsx") and error[2] and error[3]
    states = {r[1]: r[2] for r in review["Đơn vị"].iter_rows(min_row=2, values_only=True)}
    assert states == {
        "Xã Phước Sơn": "đã báo cáo",
        "Thị trấn Diêu Trì": "số liệu chưa hợp lệ",
        "Xã Phước Hòa": "chưa báo cáo",
    }
    out = root / "th.xlsx"
    assert cli("summary", "-o", str(out), cwd=root).exit_code == 0
    ws = openpyxl.load_workbook(out)["Tổng hợp"]
    codes = [c.value for c in ws[10]]  # the hidden row of field codes
    assert ws.row_dimensions[10].hidden and ws["C8"].value == "Tình trạng"
    by_unit = {r[1]: r for r in ws.iter_rows(min_row=11, values_only=True) if r[1]}
    assert by_unit["Thị trấn Diêu Trì"][2] == "số liệu chưa hợp lệ"
    assert by_unit["Xã Phước Hòa"][2] == "chưa báo cáo"
    assert by_unit["Xã Phước Hòa"][codes.index("ct1")] is None
    words = [c.value for c in ws[9]]
    ct3 = codes.index("ct3_tu")
    assert words[ct3 : ct3 + 4] == [
        "Tử số: Số tài khoản có phát sinh giao dịch thực tế",
        "Mẫu số: Tổng số tài khoản sử dụng dịch vụ công",
        "Tỷ lệ đạt được",
        "Mức đạt so với chỉ tiêu",
    ]


def test_coverage_sentence_can_be_turned_off(cli, tmp_path):
    settings = SETTINGS.replace(
        'report: {number: "12"', 'report: {coverage_sentence: false, number: "12"'
    )
    root = _three_units(tmp_path, settings)
    doc, _ = report_of(cli, root)
    assert "được tổng hợp từ báo cáo của" not in all_text(doc)
    # the teams sentence still says whose teams it counts
    assert any(
        p.text.startswith("Trong quý IV năm 2023, theo số liệu của 1/3 đơn vị đã báo cáo")
        for p in doc.paragraphs
    )
    assert doc.tables[3].rows[3].cells[2].text == "chưa báo cáo"  # the appendix still says it


def test_figure_that_cannot_be_computed_is_left_out_and_the_clerk_told(cli, tmp_path):
    folder = tmp_path / "an-nhon"
    shutil.copytree(EXAMPLES / "an-nhon-2024", folder, ignore=shutil.ignore_patterns("ket-qua"))
    yaml = folder / "don-vi.yaml"
    text = yaml.read_text(encoding="utf-8")
    yaml.write_text(re.sub(r"\n    population:\n(      .*\n)+", "\n", text), encoding="utf-8")
    doc, output = report_of(cli, folder, quarter="II")
    line7 = next(p for p in doc.paragraphs if p.text.startswith("(7) "))
    assert "chỉ tiêu 10%" not in line7.text and line7.text.endswith(".")
    assert "Chỉ tiêu 7: chưa có" in output and "don-vi.yaml" in output


def test_a_population_share_target_is_whole_and_its_fraction_checks(cli, tmp_path):
    """10% of Nhơn Hạnh's 7.681 citizens is 768,1: the appendix printed "194/769 25,3%" (the
    percentage taken against 768,1), and 194/769 is 25,2%: the reader, and `audit`, found the
    signed report wrong. The target is the 769 people it takes; the percentage is against it."""
    folder = tmp_path / "an-nhon"
    shutil.copytree(EXAMPLES / "an-nhon-2024", folder, ignore=shutil.ignore_patterns("ket-qua"))
    yaml = folder / "don-vi.yaml"
    text = yaml.read_text(encoding="utf-8")
    yaml.write_text(text.replace("Xã Nhơn Hạnh: 7700", "Xã Nhơn Hạnh: 7681"), encoding="utf-8")
    doc, _ = report_of(cli, folder, quarter="II")
    (row,) = [r for t in doc.tables for r in t.rows if r.cells[1].text == "Xã Nhơn Hạnh"]
    assert row.cells[8].text.split() == ["194", "/769", "25,2%"]
    audited = cli("audit", folder / "ket-qua" / "bc.docx", cwd=folder)
    assert audited.exit_code == 0, audited.output


def _model(count: int = 3) -> ReportModel:
    report, settings = synthetic(count, missing_every=3)
    figures = compute_figures(report, load_set(2023), settings)
    narrative = parse_narrative(
        "## Mở đầu\nMở đầu.\n\n## Phương hướng quý tới\nTiếp tục.\n\n## V. Kiến nghị\nĐề nghị."
    )
    statuses = unit_statuses(report, settings)
    return build_model(figures, settings, narrative, statuses, date=dt.date(2023, 11, 20))


def test_sections_of_the_clerk_are_numbered_by_the_template_and_runs_keep_bold(tmp_path):
    model = dataclasses.replace(
        _model(), opening=(Paragraph((Run("Theo "), Run("Kế hoạch 20", bold=True), Run("."))),)
    )
    out = tmp_path / "r.docx"
    render_report(model, out)
    doc = Document(out)
    texts = [p.text for p in doc.paragraphs]
    assert "III. PHƯƠNG HƯỚNG QUÝ TỚI" in texts and "IV. KIẾN NGHỊ" in texts
    opening = next(p for p in doc.paragraphs if p.text == "Theo Kế hoạch 20.")
    assert [r.text for r in opening.runs if r.bold] == ["Kế hoạch 20"]


def test_committed_template_uses_only_what_the_model_gives(tmp_path):
    from docxtpl import DocxTemplate

    model = _model()
    names = {f.name for f in dataclasses.fields(model)} | {"bang_theo_don_vi", "bieu_do"}
    tpl = DocxTemplate(default_template())
    used = tpl.get_undeclared_template_variables(report_environment(model.rounding))
    assert used and used <= names, used - names


def test_unknown_tag_in_an_office_template_is_a_config_error(tmp_path):
    from docx import Document as New

    doc = New()
    doc.add_paragraph("{{ khong_co }}")
    template = tmp_path / "t.docx"
    doc.save(template)
    with pytest.raises(ConfigError, match="thẻ không hợp lệ"):
        render_report(_model(), tmp_path / "r.docx", template)


def _document_xml_size(path: Path) -> int:
    with zipfile.ZipFile(path) as z:
        return z.getinfo("word/document.xml").file_size


def test_appendix_grows_linearly_with_the_units(tmp_path):
    """Work measured as bytes written: 10× the units is ~10× the appendix, never more."""
    base = tmp_path / "base.docx"
    render_report(dataclasses.replace(_model(30), rows=()), base)
    sizes = {}
    for count in (100, 1000):
        out = tmp_path / f"{count}.docx"
        render_report(_model(count), out)
        sizes[count] = _document_xml_size(out) - _document_xml_size(base)
    assert 9 <= sizes[1000] / sizes[100] <= 11


def test_summary_grows_linearly_with_the_units(tmp_path):
    from dean5299_cli.core.numbers import Rounding
    from dean5299_cli.writers.summary_xlsx import build_summary

    cells = {}
    for count in (100, 1000):
        report, settings = synthetic(count)
        figures = compute_figures(report, load_set(2023), settings)
        out = tmp_path / f"{count}.xlsx"
        build_summary(
            figures, out, rounding=Rounding(), problems=[],
            statuses=unit_statuses(report, settings),
        )  # fmt: skip
        ws = openpyxl.load_workbook(out)["Tổng hợp"]
        cells[count] = sum(1 for row in ws.iter_rows() for c in row if c.value is not None)
        states = [s.state for s in unit_statuses(report, settings)]
        assert states.count(UnitState.NOT_SENT) == count // 10
    assert 9 <= cells[1000] / cells[100] <= 11


def test_narrative_of_the_shared_interface_is_rendered_with_its_runs():
    """The clerk's parser gives sections of paragraphs of runs: the report keeps their order,
    keys, bold/italic runs, and strips a number the clerk typed before a heading."""
    from dean5299_cli.core.narrative import parse_narrative
    from dean5299_cli.core.report_narrative import sections_of

    narrative = parse_narrative("## Mở đầu\nTheo **KH 20**\n\n## IV. Kiến nghị\n*Đề nghị*\n")
    opening, own = sections_of(narrative)
    assert opening.key == "opening" and opening.paragraphs[0].text == "Theo KH 20"
    assert opening.paragraphs[0].runs[1] == Run("KH 20", bold=True)
    assert own.key is None and own.heading == "Kiến nghị"
    assert own.paragraphs[0].runs == (Run("Đề nghị", italic=True),)


def test_appendix_words_come_from_the_template(tmp_path):
    from docx import Document as New

    doc = New()
    doc.add_paragraph('{{ bang_theo_don_vi(stt="TT", tong="Cộng", chua_bao_cao="chưa gửi") }}')
    template = tmp_path / "t.docx"
    doc.save(template)
    out = tmp_path / "r.docx"
    render_report(_model(3), out, template)
    rows = [[c.text for c in r.cells] for r in Document(out).tables[0].rows]
    assert rows[0][0] == "TT" and rows[0][2] == "CT 1" and rows[0][4] == "CT 3\n(tỷ lệ)"
    assert rows[3][1] == "Xã Thử Nghiệm 00003" and rows[3][2] == "chưa gửi"
    assert rows[-1][1] == "Cộng"
    doc.paragraphs[0].text = '{{ bang_theo_don_vi(khong_co="x") }}'
    doc.save(template)
    with pytest.raises(ConfigError, match="khong_co"):
        render_report(_model(3), out, template)


def test_appendix_total_row_never_stands_alone_on_a_page(tmp_path):
    """The last unit's row is kept with the total row (Word's and LibreOffice's "keep with
    next"), so a page break never leaves "Toàn huyện" alone at the top of the last page; no other
    row is held, or rows would pile onto the next page."""
    out = tmp_path / "r.docx"
    render_report(_model(5), out)
    table = next(t for t in Document(out).tables if t.rows[-1].cells[1].text == "Toàn huyện")
    marks = [
        [p.paragraph_format.keep_with_next for c in r.cells for p in c.paragraphs]
        for r in table.rows
    ]
    assert all(marks[-2]), "every paragraph of the last unit's row is kept with the next"
    assert [any(m) for m in marks] == [False] * (len(marks) - 2) + [True, False]


def test_table_1_is_kept_on_one_page_with_its_caption(tmp_path):
    """Bảng 1 (a row per indicator): its head and rows are kept with the next, so the Tuy Phước
    report no longer leaves its head and row 1 alone at the foot of page 2."""
    out = tmp_path / "r.docx"
    render_report(_model(5), out)
    doc = Document(out)
    table = next(
        t for t in doc.tables if [c.text for c in t.rows[0].cells][2:3] == ["Chỉ tiêu giao"]
    )
    assert len(table.rows) == 1 + len(load_set(2023).indicators)
    assert all(
        p.paragraph_format.keep_with_next for r in table.rows for c in r.cells for p in c.paragraphs
    )
    caption = next(p for p in doc.paragraphs if p.text.startswith("Bảng 1."))
    assert caption.paragraph_format.keep_with_next


def test_change_over_the_previous_quarter_says_over_which_units(cli, tmp_path):
    """The change is computed over the units counted now that also sent the previous quarter:
    fewer than those counted, the sentence says how many; all of them, it says nothing more."""
    folder = make_workspace(tmp_path)
    submit(folder, "son-q4.xlsx", unit="Xã Phước Sơn", ct1=450, ct6=8)
    submit(folder, "dieu-tri-q4.xlsx", unit="Thị trấn Diêu Trì", ct1=450, ct6=8)
    submit(folder, "quy-3/son-q3.xlsx", unit="Xã Phước Sơn", quarter=3, ct1=300, ct6=5)
    doc, _ = report_of(cli, tmp_path)  # Xã Phước Hòa sent nothing; Diêu Trì no quarter III
    line1 = next(p for p in doc.paragraphs if p.text.startswith("(1) "))
    assert line1.text.endswith(  # Phước Sơn alone: 450 − 300
        "900/1.000 tài khoản, đạt 90,0%; tăng 150 tài khoản so với quý III "
        "(tính trên 1/2 đơn vị có số liệu cả hai kỳ)."
    )
    line6 = next(p for p in doc.paragraphs if p.text.startswith("(6) "))
    assert line6.text.endswith(
        "; tăng 3 bài viết so với quý III (tính trên 1/2 đơn vị có số liệu cả hai kỳ)."
    )
    report = tmp_path / "ket-qua" / "bc.docx"
    audit = cli("audit", report, "--folder", folder, "--quarter", "IV", cwd=tmp_path)
    assert audit.exit_code == 0, audit.output
    wrong = tmp_path / "sai.txt"  # the change of the two units' totals: not what was compared
    wrong.write_text(line1.text.replace("tăng 150", "tăng 600"), encoding="utf-8")
    result = cli("audit", wrong, "--folder", folder, "--quarter", "IV", cwd=tmp_path)
    said = " ".join(result.output.split())  # wrapped to the console
    assert result.exit_code == 1 and "báo cáo ghi 600, số liệu các đơn vị cho 150" in said

    submit(folder, "quy-3/dieu-tri-q3.xlsx", unit="Thị trấn Diêu Trì", quarter=3, ct1=400, ct6=8)
    doc, _ = report_of(cli, tmp_path)  # both counted units have both quarters: 150 + 50
    line1 = next(p for p in doc.paragraphs if p.text.startswith("(1) "))
    assert line1.text.endswith("900/1.000 tài khoản, đạt 90,0%; tăng 200 tài khoản so với quý III.")


def test_change_leaves_out_a_unit_that_left_the_field_empty(cli, tmp_path):
    """A cell left empty is read as 0 for the total, but not for the change: Phước Sơn's 700 of
    quarter III against an empty cell would print a fall of 700 the units never reported."""
    folder = make_workspace(tmp_path)
    submit(folder, "son-q4.xlsx", unit="Xã Phước Sơn", ct1=450, ct2=None)
    submit(folder, "dieu-tri-q4.xlsx", unit="Thị trấn Diêu Trì", ct1=450, ct2=900)
    submit(folder, "quy-3/son-q3.xlsx", unit="Xã Phước Sơn", quarter=3, ct1=300, ct2=700)
    submit(folder, "quy-3/dt-q3.xlsx", unit="Thị trấn Diêu Trì", quarter=3, ct1=400, ct2=600)
    doc, _ = report_of(cli, tmp_path)
    line1 = next(p for p in doc.paragraphs if p.text.startswith("(1) "))
    assert line1.text.endswith("; tăng 200 tài khoản so với quý III.")  # 150 + 50, both units
    line2 = next(p for p in doc.paragraphs if p.text.startswith("(2) "))
    assert line2.text.endswith(  # Diêu Trì alone: 900 − 600 (was 'giảm 400': 900 − 1.300)
        "; tăng 300 tài khoản so với quý III (tính trên 1/2 đơn vị có số liệu cả hai kỳ)."
    )
    report = tmp_path / "ket-qua" / "bc.docx"
    audit = cli("audit", report, "--folder", folder, "--quarter", "IV", cwd=tmp_path)
    assert audit.exit_code == 0, audit.output


def test_a_file_dated_after_the_report_is_said_to_the_clerk(cli, tmp_path, monkeypatch):
    """The report dated 20/11/2023 would print "Tính đến ngày 25/11/2023" above the signature
    because late files are dated after it: the clerk is told whom to call, one unit a line, the
    latest first, in an 80-column console, right below the units not counted."""
    monkeypatch.setenv("COLUMNS", "80")
    folder = make_workspace(tmp_path)
    submit(folder, "son.xlsx", unit="Xã Phước Sơn", as_of=dt.date(2023, 11, 15))
    _, output = report_of(cli, tmp_path)
    assert "Tính đến ngày" not in output
    submit(folder, "dieu-tri.xlsx", unit="Thị trấn Diêu Trì", as_of=dt.date(2023, 11, 22))
    submit(folder, "hoa.xlsx", unit="Xã Phước Hòa", as_of=dt.date(2023, 11, 25))
    doc, output = report_of(cli, tmp_path)
    assert any(p.text.startswith("Tính đến ngày 25/11/2023,") for p in doc.paragraphs)
    lines = output.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("Báo cáo ghi ngày"))
    assert lines[first : first + 6] == [
        "Báo cáo ghi ngày 20/11/2023 nhưng số liệu ghi “Tính đến ngày 25/11/2023” vì 2",
        "  đơn vị có tệp ghi ngày sau ngày báo cáo:",
        '  Xã Phước Hòa — tệp "hoa.xlsx" ghi ngày 25/11/2023',
        '  Thị trấn Diêu Trì — tệp "dieu-tri.xlsx" ghi ngày 22/11/2023',
        "Kiểm tra lại ngày ghi trong tệp của các đơn vị này, hoặc sửa ngày báo cáo (tùy",
        "  chọn --ngay, hoặc khóa report.date trong don-vi.yaml) trước khi trình ký.",
    ]
    # whom to call first (below the units not counted, when some are), then the other notes
    assert lines[first + 6] == "Mục “Kết quả hoạt động” của phần lời còn trống."
    assert lines[first + 7].startswith("Chưa có tệp phần lời")
    # the date may be today's (no report.date): there is no line to delete
    assert "xóa dòng này" not in output


def test_blank_cell_is_printed_as_not_filled_and_explained_once(cli, tmp_path):
    """A cell a unit left empty (`blank-value`, read as 0) is "…" in the signed appendix, with no
    percentage of a 0 never given, and one note under the table; the total row still adds it as 0."""
    folder = make_workspace(tmp_path)
    submit(folder, "son.xlsx", unit="Xã Phước Sơn", ct2=None, ct4_tu=None, to_cns_thanh_vien=None)
    submit(folder, "dieu-tri.xlsx", unit="Thị trấn Diêu Trì")
    doc, _ = report_of(cli, tmp_path)
    rows = [[c.text for c in r.cells] for r in doc.tables[3].rows]
    son, dieu_tri, total = rows[1], rows[2], rows[4]
    assert son[1] == "Xã Phước Sơn" and son[3] == "…\n/500"  # CT 2: allocated 500, no 0,0%
    assert son[5] == "…\n/320"  # CT 4, a ratio: numerator empty, no rate of 0
    assert son[-1] == "1/…"  # teams sent, members left empty
    assert son[2] == "450\n/400\n112,5%"  # a cell that was filled is printed as before
    assert dieu_tri[3] == "1.200" and dieu_tri[5] == "200\n/320\n62,5%"
    assert total[1] == "Toàn huyện"
    assert total[3] == "1.200\n/2.000\n60,0%"  # the empty cell added as 0: 0 + 1.200
    assert total[5] == "200\n/640\n31,3%" and total[-1] == "2/8"
    text = all_text(doc)
    note = (
        "Ghi chú: ô có dấu “…” là ô đơn vị để trống, không ghi số liệu; khi cộng vào dòng "
        "“Toàn huyện”, ô để trống được tính là 0."
    )
    assert text.count(note) == 1
    assert next(p for p in doc.paragraphs if p.text.startswith("Ghi chú:")).text == note

    submit(folder, "son.xlsx", unit="Xã Phước Sơn", ct2=0)  # filled in, a real 0: no mark, no note
    doc, _ = report_of(cli, tmp_path)
    assert doc.tables[3].rows[1].cells[3].text == "0\n/500\n0,0%"
    assert "để trống" not in all_text(doc)
