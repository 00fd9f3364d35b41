"""Settings and indicator-set files read as people write them, refused clearly when wrong (issues 8, 10)."""

from __future__ import annotations

import codecs
import errno
from fractions import Fraction
from pathlib import Path

import pytest

from dean5299_cli.core.errors import ConfigError, os_error_vi
from dean5299_cli.core.settings import load_settings
from dean5299_cli.core.text import printable
from dean5299_cli.core.textfile import read_text_file
from tests.helpers import SETTINGS, VI


def _write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "don-vi.yaml"
    path.write_bytes(text.encode(encoding))
    return path


def _refused(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as err:
        load_settings(_write(tmp_path, text))
    return err.value.message


def _line_of(text: str, needle: str, nth: int = 1) -> int:
    lines = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return lines[nth - 1]


# ---------------------------------------------------------------- duplicate keys


def test_second_signer_is_refused_naming_both_lines(tmp_path):
    text = SETTINGS + "signer: {on_behalf: TM. BCH, title: PHÓ BÍ THƯ, name: Trần B}\n"
    message = _refused(tmp_path, text)
    first, second = _line_of(text, "signer:"), _line_of(text, "signer:", 2)
    assert f"khóa `signer` viết hai lần (dòng {first} và dòng {second})" in message
    assert str(tmp_path / "don-vi.yaml") in message


def test_second_year_under_targets_is_refused(tmp_path):
    text = SETTINGS.replace(
        "submissions: bao-cao", '  "2023":\n    own: {1: 5}\nsubmissions: bao-cao'
    )
    message = _refused(tmp_path, text)
    assert "khóa `2023` viết hai lần" in message


def test_duplicate_key_deep_inside(tmp_path):
    text = SETTINGS.replace("own: {1: 1000, 2: 2000,", "own: {1: 1000, 01: 2000,")
    assert "khóa `1` viết hai lần" in _refused(tmp_path, text)


def test_duplicate_key_in_an_indicator_set(tmp_path):
    from dean5299_cli.core.indicators import load_set_file, targets_dir

    text = (targets_dir() / "2023.yaml").read_text(encoding="utf-8")
    path = tmp_path / "2023.yaml"
    path.write_text(text.replace("title:", "title: X\ntitle:", 1), encoding="utf-8")
    with pytest.raises(ConfigError, match="khóa `title` viết hai lần"):
        load_set_file(path)


def test_cli_duplicate_key_exit_3(tmp_path, cli):
    path = _write(tmp_path, SETTINGS + "place: Khác\n")
    result = cli("targets", "--settings", str(path))
    assert result.exit_code == 3
    assert "khóa `place` viết hai lần" in result.output


# ---------------------------------------------------------------- units listed twice


def test_unit_listed_twice_is_refused(tmp_path):
    text = SETTINGS.replace(
        "  - name: Xã Phước Hòa\n", "  - name: Xã Phước Hòa\n  - name: Xã Phước Hòa\n"
    )
    message = _refused(tmp_path, text)
    assert 'đơn vị "Xã Phước Hòa" (mục 4) trùng với đơn vị "Xã Phước Hòa" (mục 3)' in message


def test_a_unit_listed_twice_is_refused_at_its_own_line(tmp_path):
    """The message names the second entry's line, not the file's first line and `(gốc)`."""
    text = SETTINGS.replace("targets:\n", "  - name: Xã Phước Sơn\ntargets:\n")
    message = _refused(tmp_path, text)
    assert f"dòng {_line_of(text, 'Xã Phước Sơn', 2)}, khóa `units` mục 4, `name`" in message
    assert "(gốc)" not in message


def test_an_alias_repeating_another_unit_is_refused_at_its_line_naming_both(tmp_path):
    text = SETTINGS.replace(
        "  - name: Xã Phước Hòa\n", "  - name: Xã Phước Hòa\n    aliases: [x, Xã Phước Sơn]\n"
    )
    message = _refused(tmp_path, text)
    line = _line_of(text, "aliases: [x,")
    assert f'dòng {line}, khóa `units` mục 3, `aliases` mục 2: tên khác "Xã Phước Sơn" của đơn vị ' in message
    assert '"Xã Phước Hòa" (mục 3) trùng với đơn vị "Xã Phước Sơn" (mục 1)' in message


def test_a_bare_name_beside_a_kind_is_refused_at_its_line(tmp_path):
    text = SETTINGS.replace("  - name: Xã Phước Hòa\n", "  - name: Phước Sơn\n")
    message = _refused(tmp_path, text)
    assert f"dòng {_line_of(text, '- name: Phước Sơn')}, khóa `units` mục 3, `name`" in message
    assert 'tên "Phước Sơn" không phân biệt được với đơn vị "Xã Phước Sơn"' in message


def test_units_folding_to_the_same_key_are_refused(tmp_path):
    text = SETTINGS.replace(
        "  - name: Xã Phước Hòa\n", "  - name: Xã Phước Hòa\n  - name: xã  phước hoà\n"
    )
    assert "trùng với đơn vị" in _refused(tmp_path, text)


def test_unit_names_are_one_line_wherever_they_are_written(tmp_path):
    """A tab, a double space or a zero-width space typed in a name is not carried into the
    report, the summary or the JSON: the name is read as one line, once, here."""
    text = SETTINGS.replace("  - name: Xã Phước Sơn\n", '  - name: "Xã  Phước\\tSơn\\u200b"\n')
    text = text.replace("aliases: [TT Diêu Trì]", 'aliases: ["TT\\u00a0Diêu Trì "]')
    text = text.replace(
        "  - name: Xã Phước Hòa\n", '  - name: Xã Phước Hòa\n    former_names: ["Xã \\u202eAB"]\n'
    )
    settings = load_settings(_write(tmp_path, text))
    entries = {e.name: e for e in settings.settings.units}
    assert list(entries) == ["Xã Phước Sơn", "Thị trấn Diêu Trì", "Xã Phước Hòa"]
    assert entries["Thị trấn Diêu Trì"].aliases == ["TT Diêu Trì"]
    assert [f.name for f in entries["Xã Phước Hòa"].former_names] == ["Xã AB"]


@pytest.mark.parametrize("blank", ['" "', '"\\u200b\\t"'])
def test_a_blank_unit_name_is_refused_naming_its_line(tmp_path, blank):
    text = SETTINGS.replace("  - name: Xã Phước Hòa\n", f"  - name: {blank}\n")
    message = _refused(tmp_path, text)
    assert "tên đơn vị trống" in message
    assert f"dòng {_line_of(text, blank)}" in message


def test_same_unit_twice_in_allocations_is_refused(tmp_path):
    text = SETTINGS.replace(
        "Phước Sơn: {1: 400, 2: 500, 5: 600}", "Phước Sơn: {1: 400}\n      Xã Phước Sơn: {1: 9}"
    )
    message = _refused(tmp_path, text)
    assert 'là cùng đơn vị "Xã Phước Sơn"' in message
    assert (
        f"dòng {_line_of(text, 'Xã Phước Sơn: {1: 9}')}, khóa `targets.2023.units.Xã Phước Sơn`"
        in message
    )


def test_an_allocation_to_an_unknown_unit_is_refused_at_its_line(tmp_path):
    text = SETTINGS.replace(
        "Phước Sơn: {1: 400, 2: 500, 5: 600}", "Phước Sơn: {1: 400}\n      Xã Lạ: {1: 9}"
    )
    message = _refused(tmp_path, text)
    assert f"dòng {_line_of(text, 'Xã Lạ')}, khóa `targets.2023.units.Xã Lạ`: " in message
    assert 'đơn vị "Xã Lạ" không có trong danh sách units' in message


# ---------------------------------------------------------------- target of the wrong kind


def test_plain_number_for_a_ratio_indicator_is_refused(tmp_path):
    text = SETTINGS.replace('3: "40%"', "3: 40")
    message = _refused(tmp_path, text)
    line = _line_of(text, "own: {1: 1000")
    assert f"dòng {line}, khóa `targets.2023.own.3`: chỉ tiêu 3" in message
    assert 'là tỷ lệ: ghi chỉ tiêu dạng phần trăm, ví dụ "40%", không ghi số 40' in message


def test_percentage_for_a_count_indicator_is_refused(tmp_path):
    text = SETTINGS.replace("Phước Sơn: {1: 400,", 'Phước Sơn: {1: "40%",')
    message = _refused(tmp_path, text)
    assert "khóa `targets.2023.units.Phước Sơn.1`" in message
    assert "là số lượng" in message and "không ghi tỷ lệ 40%" in message


def test_unknown_indicator_number_is_refused(tmp_path):
    text = SETTINGS.replace("6: 18, 7: 3000}", "6: 18, 7: 3000, 12: 5}")
    assert "bộ chỉ tiêu năm 2023 không có chỉ tiêu số 12 (có từ 1 đến 8)" in _refused(
        tmp_path, text
    )


def test_targets_of_a_year_without_a_set_are_not_checked(tmp_path):
    text = SETTINGS.replace(
        "submissions: bao-cao", "  2099:\n    own: {3: 40}\nsubmissions: bao-cao"
    )
    assert load_settings(_write(tmp_path, text)).settings.year_targets(2099).own == {3: 40}


# ---------------------------------------------------------------- numbers as Vietnamese write them


def test_dot_grouped_numbers_are_thousands(tmp_path):
    text = SETTINGS.replace("own: {1: 1000, 2: 2000,", "own: {1: 23.000, 2: 5.200,").replace(
        "5: 1500,", "5: 1.294.000,"
    )
    settings = load_settings(_write(tmp_path, text)).settings
    own = settings.year_targets(2023).own
    assert own[1] == 23000 and own[2] == 5200 and own[5] == 1294000
    assert type(own[1]) is int


def test_rates_quoted_or_not_keep_working(tmp_path):
    text = SETTINGS.replace('3: "40%", 4: "80%"', '3: 40%, 4: "80,5%"')
    own = load_settings(_write(tmp_path, text)).settings.year_targets(2023).own
    assert own[3] == Fraction(2, 5) and own[4] == Fraction(161, 200)


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("8.5", "8.5 không phải số nguyên: số lượng ghi số nguyên, dấu chấm ngăn cách hàng nghìn"),
        (
            "1,250",
            'số "1,250" không rõ nghĩa: dấu phẩy là dấu thập phân (1,25) hay ngăn cách hàng nghìn (1250)?',
        ),
        ("12,5", "12.5 không phải số nguyên"),
    ],
)
def test_ambiguous_or_fractional_counts_say_why(tmp_path, typed, why):
    text = SETTINGS.replace(
        "Phước Sơn: {1: 400, 2: 500, 5: 600}", f"Phước Sơn:\n        1: {typed}"
    )
    message = _refused(tmp_path, text)
    assert "khóa `targets.2023.units.Phước Sơn.1`" in message and why in message


def test_population_written_with_dots(tmp_path):
    text = SETTINGS.replace(
        "      Phước Sơn: {1: 400, 2: 500, 5: 600}\n",
        "      Phước Sơn: {1: 400, 2: 500, 5: 600}\n    population: {Phước Sơn: 12.345}\n    own_population: 1.294.000\n",
    )
    settings = load_settings(_write(tmp_path, text)).settings
    assert settings.unit_population(2023, "Xã Phước Sơn") == 12345
    assert settings.year_targets(2023).own_population == 1294000


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("true", "dân số phải là số người, lớn hơn 0"),
        ("0", "dân số 0 không hợp lệ: ghi số người, lớn hơn 0"),
        ("-5", "dân số -5 không hợp lệ"),
        ('"-1.200"', "dân số -1.200 không hợp lệ"),
    ],
)
def test_a_population_that_is_no_number_of_people_is_refused_at_its_line(
    tmp_path, cli, typed, said
):
    """`own_population: true` was read as 1 person (the report said 165.100,0% of a target of 1),
    -5 as a target of 0 people beside a rate of -33.020,0%, and 0 as a population never written
    ('chưa có … trong don-vi.yaml')."""
    for key, written in (
        ("own_population", f"    own_population: {typed}\n"),
        ("population.Phước Sơn", f"    population: {{Phước Sơn: {typed}}}\n"),
    ):
        text = SETTINGS.replace(
            "      Phước Sơn: {1: 400, 2: 500, 5: 600}\n",
            "      Phước Sơn: {1: 400, 2: 500, 5: 600}\n" + written,
        )
        message = _refused(tmp_path, text)
        assert f"khóa `targets.2023.{key}`" in message and said in message, message
        assert "chưa có số dân thì xóa dòng này" in message
    result = cli("validate", "--settings", tmp_path / "don-vi.yaml")
    assert result.exit_code == 3 and "dân số" in result.output


def test_rates_below_the_floor_are_refused(tmp_path):
    message = _refused(tmp_path, SETTINGS.replace('3: "40%"', '3: "0,4%"'))
    assert 'tỷ lệ "0,4%" quá nhỏ (dưới 1%)' in message


def test_report_number_as_a_number_and_date_day_first(tmp_path):
    text = SETTINGS.replace(
        'report: {number: "12", date: 2023-11-20}', "report: {number: 45, date: 05/10/2024}"
    )
    report = load_settings(_write(tmp_path, text)).settings.report
    assert report.number == "45"
    assert (report.date.year, report.date.month, report.date.day) == (2024, 10, 5)


@pytest.mark.parametrize("date", ["2023-02-31", "31/02/2024", "2023-13-01"])
def test_impossible_date_is_exit_3(tmp_path, cli, date):
    path = _write(tmp_path, SETTINGS.replace("date: 2023-11-20", f"date: {date}"))
    result = cli("targets", "--settings", str(path))
    assert result.exit_code == 3, result.output
    assert "không có thật" in result.output
    assert "day is out of range" not in result.output


# ---------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ],
)
def test_bom_marked_encodings_are_read(tmp_path, bom, encoding):
    path = tmp_path / "don-vi.yaml"
    path.write_bytes(bom + SETTINGS.replace("\n", "\r\n").encode(encoding))
    assert load_settings(path).settings.place == "Tuy Phước"


@pytest.mark.parametrize("encoding", ["cp1258", "utf-16-le"])
def test_legacy_code_page_says_save_as_utf8(tmp_path, cli, encoding):
    path = tmp_path / "don-vi.yaml"
    path.write_bytes(SETTINGS.encode(encoding, errors="replace"))  # Notepad "ANSI" / BOM-less
    result = cli("targets", "--settings", str(path))
    assert result.exit_code == 3
    assert "không được lưu dạng UTF-8" in result.output and "chọn UTF-8" in result.output
    assert "codec" not in result.output and "Traceback" not in result.output


def test_narrative_in_utf16_is_read(tmp_path):
    from dean5299_cli.core.settings import LoadedSettings
    from dean5299_cli.reporting import load_narrative

    path = _write(tmp_path, SETTINGS)
    (tmp_path / "noi-dung-bao-cao.md").write_bytes(
        codecs.BOM_UTF16_LE + "## Kết quả\nĐoàn xã làm tốt.\n".encode("utf-16-le")
    )
    loaded = LoadedSettings(settings=load_settings(path).settings, path=path)
    narrative, note = load_narrative(loaded, 2023, 3)
    assert note is None
    assert "Đoàn xã làm tốt." in repr(narrative)


def test_narrative_in_a_legacy_code_page_is_exit_3(tmp_path, cli):
    from dean5299_cli.core.settings import LoadedSettings
    from dean5299_cli.reporting import load_narrative

    path = _write(tmp_path, SETTINGS)
    (tmp_path / "noi-dung-bao-cao.md").write_bytes(
        "## Kết quả\nĐoàn xã\n".encode("cp1258", errors="replace")
    )
    loaded = LoadedSettings(settings=load_settings(path).settings, path=path)
    with pytest.raises(ConfigError, match="noi-dung-bao-cao.md không được lưu dạng UTF-8"):
        load_narrative(loaded, 2023, 3)


def test_tab_in_yaml_names_the_character_and_line(tmp_path):
    text = SETTINGS.replace("  - name: Xã Phước Hòa", "\t- name: Xã Phước Hòa")
    message = _refused(tmp_path, text)
    assert f"dòng {_line_of(text, 'Xã Phước Hòa')}" in message
    assert "có ký tự Tab" in message


@pytest.mark.parametrize(
    "broken",
    [
        "place: [Tuy Phước\n",
        "place: 'Tuy\n",
        "place: a: b\n",
        "place: *nothing\n",
        "x: !!python/object:os.system x\n",
    ],
)
def test_yaml_syntax_errors_are_vietnamese(tmp_path, broken):
    message = _refused(tmp_path, SETTINGS + broken)
    assert "không đúng cú pháp YAML" in message
    for english in ("found", "expected", "while", "constructor", "mapping values"):
        assert english not in message


# ---------------------------------------------------------------- English leftovers


@pytest.mark.parametrize(
    ("change", "vietnamese"),
    [
        (("decimals: 1", "decimals: 9"), "phải nhỏ hơn hoặc bằng 4"),
        (("issuer_symbol: HĐTN", "issuer_symbol: [a]"), "phải là chuỗi chữ"),
        (
            ("mode: truncate", "mode: floor"),
            "giá trị không hợp lệ (chọn một trong: 'half-up' hoặc 'truncate')",
        ),
    ],
)
def test_pydantic_messages_are_vietnamese(tmp_path, change, vietnamese):
    text = SETTINGS + "rounding: {mode: truncate, decimals: 1}\n"
    message = _refused(tmp_path, text.replace(*change))
    assert vietnamese in message
    assert "Input should" not in message


def test_os_errors_are_vietnamese_and_keep_the_path():
    full = OSError(errno.ENOSPC, "No space left on device", "/data/bao-cao.docx")
    assert os_error_vi(full) == "/data/bao-cao.docx: ổ đĩa đã đầy, không còn chỗ trống."
    big = OSError(errno.EFBIG, "File too large")
    assert os_error_vi(big, Path("x.xlsx")) == "x.xlsx: tệp vượt quá kích thước tối đa cho phép."
    denied = PermissionError(errno.EACCES, "Permission denied", "a.yaml")
    assert "không có quyền truy cập" in os_error_vi(denied)
    assert "Permission" not in os_error_vi(denied)


def test_unreadable_settings_file_is_vietnamese(tmp_path):
    folder = tmp_path / "don-vi.yaml"
    folder.mkdir()
    with pytest.raises(ConfigError) as err:
        read_text_file(folder)
    assert VI.search(err.value.message) and "Errno" not in err.value.message


# ---------------------------------------------------------------- control characters


def test_printable_removes_what_xml_forbids():
    assert printable("Xã\x0bPhước\x00Sơn\x1b[31m") == "Xã Phước Sơn [31m"
    assert printable("a\tb\nc") == "a\tb\nc"
    assert printable("Đoàn") == "Đoàn"


def test_control_characters_in_settings_are_removed(tmp_path):
    text = SETTINGS.replace("  - name: Xã Phước Hòa", '  - name: "Xã Phước\\vHòa"').replace(
        "name: Nguyễn Văn A", 'name: "Nguyễn\\x07 Văn A"'
    )
    settings = load_settings(_write(tmp_path, text)).settings
    assert settings.unit_names[-1] == "Xã Phước Hòa"
    assert settings.signer.name == "Nguyễn  Văn A"


def test_control_character_in_a_unit_name_never_crashes_report_or_summary(tmp_path, cli):
    from docx import Document
    from openpyxl import load_workbook

    from tests.helpers import make_workspace, submit

    text = SETTINGS.replace("  - name: Xã Phước Hòa", '  - name: "Xã Phước\\vHòa"')
    folder = make_workspace(tmp_path, text)
    submit(folder, "hoa.xlsx", unit="Xã Phước Hòa")
    summary = cli("summary", "--quarter", "IV", "-o", str(tmp_path / "t.xlsx"), cwd=tmp_path)
    assert summary.exit_code == 0, summary.output
    names = [c.value for c in load_workbook(tmp_path / "t.xlsx").active["B"] if c.value]
    assert "Xã Phước Hòa" in names
    report = cli("report", "--quarter", "IV", "-o", str(tmp_path / "r.docx"), cwd=tmp_path)
    assert report.exit_code == 0, report.output
    cells = [c.text for t in Document(str(tmp_path / "r.docx")).tables for c in t._cells]
    assert "Xã Phước Hòa" in cells


def test_appendix_cell_xml_survives_control_characters():
    from lxml import etree

    from dean5299_cli.writers.appendix_xml import _tc

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = _tc(["Xã\x0bA & <B>\x00"], 1000, align="left")
    cell = etree.fromstring(xml.replace("<w:tc>", f'<w:tc xmlns:w="{w}">', 1))
    assert "".join(cell.itertext()) == "Xã A & <B> "


# ---------------------------------------------------------------- console markup


def test_unit_cells_and_file_names_are_never_markup(tmp_path, cli, monkeypatch):
    from tests.helpers import make_workspace, submit

    monkeypatch.setenv("COLUMNS", "300")  # one line per message: the test reads whole names

    folder = make_workspace(tmp_path)
    submit(folder, "[ban sua] phuoc son.xlsx", unit="Xã [/]Phước Sơn [bold]")
    submit(folder, "dieu tri [red].xlsx", unit="Thị trấn Diêu Trì", ct1="[/]")
    result = cli("validate", "--quarter", "IV", cwd=tmp_path)
    assert result.exit_code in (0, 1), result.output
    assert "[ban sua] phuoc son.xlsx" in result.output
    assert "dieu tri [red].xlsx" in result.output
    assert "Xã [/]Phước Sơn [bold]" in result.output
    assert "Traceback" not in result.output and "Lỗi không mong đợi" not in result.output


def test_file_names_not_valid_utf8_are_shown_with_replacement_characters(tmp_path):
    import io

    from dean5299_cli.cli.render import print_report
    from dean5299_cli.core.text import displayable
    from dean5299_cli.folder import validate_folder
    from tests.helpers import make_workspace, submit

    name = b"x\xe3 ph\xfd\xf4c.xlsx".decode("utf-8", "surrogateescape")
    assert displayable(name) == "x\ufffd ph\ufffd\ufffdc.xlsx"
    folder = make_workspace(tmp_path)
    submit(folder, "a.xlsx")
    (folder / name).write_bytes(b"not a workbook")
    report = validate_folder(folder, settings=None, year=2023, quarter=4)
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    print_report(report, stream=stream)
    stream.flush()
    shown = stream.buffer.getvalue().decode("utf-8")
    assert "x\ufffd ph\ufffd\ufffdc.xlsx" in shown


# ---------------------------------------------------------------- hostile YAML shapes


@pytest.mark.parametrize(
    "body",
    [
        "a: " + "[" * 100000 + "]" * 100000 + "\n",
        "a:\n  " + "- " * 100000 + "x\n",
        "? " * 100000 + "x\n",
        "a: [" + "{a: [" * 50000 + "\n",
    ],
)
def test_deep_nesting_is_refused_before_libyaml_crashes(tmp_path, body):
    message = _refused(tmp_path, body)
    assert "lồng quá nhiều tầng" in message and "(tối đa 64)" in message


def test_nested_aliases_cost_their_size_not_their_expansion(tmp_path):
    import time

    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"] + [
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)
    ]
    start = time.perf_counter()
    message = _refused(tmp_path, "\n".join(lines) + "\n")
    assert time.perf_counter() - start < 2
    assert "khóa `issuing_body`: thiếu khóa bắt buộc" in message


def test_thousands_with_dots_reach_the_report_figures(tmp_path, cli):
    from docx import Document

    from tests.helpers import make_workspace, submit

    text = SETTINGS.replace("own: {1: 1000,", "own: {1: 23.000,")
    folder = make_workspace(tmp_path, text)
    submit(folder, "son.xlsx", unit="Xã Phước Sơn", ct1=8847)
    result = cli("report", "--quarter", "IV", "-o", "r.docx", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    document = Document(str(tmp_path / "r.docx"))
    body = "\n".join(p.text for p in document.paragraphs)
    body += "\n".join(c.text for t in document.tables for c in t._cells)
    assert "23.000" in body  # the target as written, never "23"
    assert "38,5%" in body  # 8.847 / 23.000 = 38,465…% → 38,5%
    assert "38.465" not in body


def test_messages_never_pass_terminal_escapes_or_bad_bytes(capsys):
    from dean5299_cli.cli.errors import say

    name = b"x\xe3.xlsx".decode("utf-8", "surrogateescape")
    say(f"Đã ghi: \x1b[2J{name}\nDòng hai")
    err = capsys.readouterr().err
    assert err == "Đã ghi:  [2Jx\ufffd.xlsx\nDòng hai\n"


def test_population_share_target_cannot_be_allocated(tmp_path):
    text = SETTINGS.replace(
        "submissions: bao-cao", "  2024:\n    own: {1: 40%, 7: 60%}\nsubmissions: bao-cao"
    )
    message = _refused(tmp_path, text)
    assert "khóa `targets.2024.own.7`: chỉ tiêu 7" in message
    assert "tính theo tỷ lệ trên dân số của bộ chỉ tiêu" in message
    assert "targets.2024.own.1" not in message  # a rate for a ratio indicator is right


@pytest.mark.parametrize("typed", ['"5\\n.49"', '"5\\n,49"'])
def test_a_line_break_inside_a_target_is_refused_not_a_crash(tmp_path, typed):
    text = SETTINGS.replace("Phước Sơn: {1: 400, 2: 500, 5: 600}", f"Phước Sơn: {{1: {typed}}}")
    message = _refused(tmp_path, text)  # a ConfigError (exit 3), not a ValueError (exit 5)
    assert "khóa `targets.2023.units.Phước Sơn.1`" in message
