"""Levels as data: words per level, member units of every kind, former names after a merger."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

import dean5299_cli
from dean5299_cli.core.errors import ConfigError
from dean5299_cli.core.levels import shipped_table, words_for
from dean5299_cli.core.settings import load_settings
from dean5299_cli.core.units import FormerName, UnitDirectory, same_unit, unit_key

PROVINCE = """parent_body: TRUNG ƯƠNG ĐOÀN TNCS HỒ CHÍ MINH
issuing_body: BCH ĐOÀN TỈNH GIA LAI
issuer_symbol: TĐTN-CTĐ&TTN
place: Gia Lai
level: tỉnh
signer: {on_behalf: TM. BAN THƯỜNG VỤ TỈNH ĐOÀN, title: BÍ THƯ, name: Nguyễn Văn A}
recipients: [Lưu VP.]
units:
  - name: Xã Cát Nhơn
  - name: Phường Cát Nhơn
  - name: Phường Quy Nhơn
    former_names:
      - {name: Phường Hải Cảng, until: 2025-06-30}
      - {name: Phường Thị Nại, until: 2025-06-30}
      - Phường Đống Đa
  - name: Đoàn Khối các cơ quan Đảng tỉnh
    aliases: [Đoàn các cơ quan Đảng tỉnh]
"""


def _settings(tmp_path: Path, text: str = PROVINCE):
    path = tmp_path / "don-vi.yaml"
    path.write_text(text, encoding="utf-8")
    return load_settings(path).settings


def test_province_words_come_from_the_table(tmp_path):
    words = words_for(_settings(tmp_path))
    assert (words.area, words.whole_area, words.office) == ("tỉnh", "toàn tỉnh", "Tỉnh đoàn")
    assert words.members == "các xã, phường và đơn vị tương đương"
    assert words.standing_committee == "Ban Thường vụ Tỉnh đoàn"
    assert words.signer == "TM. BAN THƯỜNG VỤ TỈNH ĐOÀN"
    assert words.send_to == "gửi về Văn phòng Tỉnh đoàn"
    assert words.symbol == "TĐTN-CTĐ&TTN"  # the settings' department code wins


def test_old_area_key_still_gives_the_district_words(tmp_path):
    text = PROVINCE.replace("level: tỉnh\n", "area: huyện\n").replace("TĐTN-CTĐ&TTN", "")
    words = words_for(_settings(tmp_path, text.replace("issuer_symbol: \n", "issuer_symbol: ''\n")))
    assert (words.whole_area, words.members, words.symbol) == ("toàn huyện", "các xã, thị trấn", "HĐTN")


def test_commune_words_and_overrides(tmp_path):
    text = PROVINCE.replace("level: tỉnh", "level: Xã\nlevel_words: {members: các chi đoàn thôn}")
    words = words_for(_settings(tmp_path, text))
    assert (words.office, words.whole_area, words.members) == ("Đoàn xã", "toàn xã", "các chi đoàn thôn")
    assert words.signer == "TM. BAN THƯỜNG VỤ ĐOÀN XÃ"


def test_unknown_level_and_word_are_refused_with_the_choices(tmp_path):
    with pytest.raises(ConfigError, match="quận.*các cấp có: tỉnh, huyện"):
        _settings(tmp_path, PROVINCE.replace("level: tỉnh", "level: quận"))
    with pytest.raises(ConfigError, match="level_words: không có từ chairman"):
        _settings(tmp_path, PROVINCE.replace("level: tỉnh", "level_words: {chairman: x}"))


def test_every_level_has_every_word():
    table = shipped_table()
    assert {"tỉnh", "huyện", "thị xã", "thành phố", "xã", "phường", "đặc khu", "khối", "cơ sở"} <= set(
        table.levels
    )
    for words in table.levels.values():
        assert words.whole_area.startswith("toàn ")
        assert words.signer.startswith("TM. BAN ")


def test_no_python_string_names_a_level():
    root = Path(dean5299_cli.__file__).resolve().parent / "core"
    pattern = re.compile(r"[\"'][^\"'\n]*(huyện|HĐTN|toàn huyện|xã, thị trấn)[^\"'\n]*[\"']")
    for name in ("levels.py", "units.py", "indicators.py"):
        assert not pattern.search((root / name).read_text(encoding="utf-8")), name


def test_xa_and_phuong_of_the_same_name_are_two_units(tmp_path):
    directory = _settings(tmp_path).directory()
    assert directory.match("Phường Cát Nhơn").name == "Phường Cát Nhơn"
    assert directory.match("xã  CÁT NHƠN").name == "Xã Cát Nhơn"
    assert directory.match("Đoàn phường Cát Nhơn").name == "Phường Cát Nhơn"
    assert directory.match("Cát Nhơn").name is None  # ambiguous: both are listed
    assert directory.match("Cát Nhơn").suggestion in ("Xã Cát Nhơn", "Phường Cát Nhơn")


def test_prefix_dropped_when_it_does_not_distinguish():
    directory = UnitDirectory(["Xã Cát Tân", "Xã Cát Tấn", "Phường Quy Nhơn"])
    assert directory.match("Cát Tân").name == "Xã Cát Tân"
    assert directory.match("Cát Tấn").name == "Xã Cát Tấn"
    assert directory.match("P. Quy Nhơn").name == "Phường Quy Nhơn"
    assert directory.match("Quy Nhơn").name == "Phường Quy Nhơn"


def test_chi_doan_names_of_every_kind():
    directory = UnitDirectory(
        [
            "Chi đoàn thôn Chánh Thắng",
            "Chi đoàn khu phố Ngô Mây",
            "Chi đoàn Công an xã",
            "Chi đoàn Tổ dân phố 5",
            "Đoàn cơ sở Trường THPT Số 1 Phù Cát",
        ]
    )
    assert directory.match("CĐ thôn Chánh Thắng").name == "Chi đoàn thôn Chánh Thắng"
    assert directory.match("Thôn Chánh Thắng").name == "Chi đoàn thôn Chánh Thắng"
    assert directory.match("KP Ngô Mây").name == "Chi đoàn khu phố Ngô Mây"
    assert directory.match("Chi đoàn công an xã").name == "Chi đoàn Công an xã"
    assert directory.match("TDP 5").name == "Chi đoàn Tổ dân phố 5"
    for spelling in ("ĐCS Trường THPT Số 1 Phù Cát", "Đoàn trường THPT số 1 Phù Cát"):
        assert directory.match(spelling).name == "Đoàn cơ sở Trường THPT Số 1 Phù Cát"
    assert directory.match("Đoàn trường THPT số 2 Phù Cát").name is None


def test_khoi_units_and_aliases(tmp_path):
    directory = _settings(tmp_path).directory()
    assert directory.match("Đoàn khối các cơ quan Đảng tỉnh").name == "Đoàn Khối các cơ quan Đảng tỉnh"
    assert directory.match("Đoàn Các cơ quan Đảng tỉnh").name == "Đoàn Khối các cơ quan Đảng tỉnh"


def test_former_names_match_the_new_unit_up_to_their_last_day(tmp_path):
    directory = _settings(tmp_path).directory()
    found = directory.match("Phường Hải Cảng")
    assert (found.name, found.former) == ("Phường Quy Nhơn", "Phường Hải Cảng")
    assert directory.match("Hải Cảng", on=dt.date(2025, 6, 30)).name == "Phường Quy Nhơn"
    assert directory.match("Hải Cảng", on=dt.date(2025, 9, 30)).name is None
    assert directory.match("Đống Đa", on=dt.date(2026, 3, 31)).name == "Phường Quy Nhơn"
    assert [f.name for f in directory.former_names("Phường Quy Nhơn")] == [
        "Phường Hải Cảng",
        "Phường Thị Nại",
        "Phường Đống Đa",
    ]


def test_current_names_win_over_former_names():
    directory = UnitDirectory(
        ["Xã Cát Nhơn", "Xã Cát Tiến"], former={"Xã Cát Tiến": [FormerName("Xã Cát Nhơn")]}
    )
    assert directory.match("Xã Cát Nhơn").name == "Xã Cát Nhơn"


def test_keys_keep_the_kind_but_ignore_spelling():
    assert unit_key("TT. Diêu Trì") == unit_key("Thị trấn Diêu Trì")
    assert unit_key("Xã Cát Nhơn") != unit_key("Phường Cát Nhơn")
    assert same_unit("Xã Phước Hoà", "Phước Hòa")
    assert not same_unit("Xã Phước Hòa", "Phường Phước Hòa")
    assert not same_unit("Cát Tân", "Cát Tấn")


def test_earlier_figures_of_merged_communes_are_summed(tmp_path):
    from dean5299_cli.core.units import sum_by_new_unit

    directory = _settings(tmp_path).directory()
    earlier = [
        ("Phường Hải Cảng", {"ct1": 120, "ct2": 40}),
        ("P. Thị Nại", {"ct1": 75, "ct2": 5}),
        ("Đống Đa", {"ct1": 33}),
        ("Xã Cát Nhơn", {"ct1": 9, "ct2": 1}),
        ("Xã Không Có", {"ct1": 1000}),
    ]
    merged = sum_by_new_unit(earlier, directory, on=dt.date(2025, 6, 30))
    quy_nhon = merged["Phường Quy Nhơn"]
    assert quy_nhon.values == {"ct1": 228}  # ct2 missing from Đống Đa: not summed
    assert quy_nhon.sources == ("Phường Hải Cảng", "P. Thị Nại", "Đống Đa")
    assert merged["Xã Cát Nhơn"].values == {"ct1": 9, "ct2": 1}
    assert set(merged) == {"Phường Quy Nhơn", "Xã Cát Nhơn"}


# --- Indicator sets by year, from the working folder -------------------------------------------

CAMPAIGN = """# Bộ chỉ tiêu thử của một phong trào khác (không phải 5299): sáu chỉ tiêu đếm.
year: 2026
title: Chỉ tiêu thử năm {year}
indicators:
"""


def _campaign(count: int = 6, general: str = "general_fields: []\n") -> str:
    items = "".join(
        f"  - {{number: {n}, title: \"{{target}} lượt việc {n} năm {{year}}\", short: Việc {n}, "
        f"kind: count, unit: lượt, target: {n * 1500}, fields: [{{code: ct{n}, label: Số việc {n}}}]}}\n"
        for n in range(1, count + 1)
    )
    return CAMPAIGN.replace("title: Chỉ tiêu thử năm {year}", "title: Chỉ tiêu thử năm 2026") + items + general


def _workspace(tmp_path: Path, extra: str = "") -> Path:
    from tests.helpers import SETTINGS

    (tmp_path / "don-vi.yaml").write_text(SETTINGS + extra, encoding="utf-8")
    return tmp_path


def test_working_folder_set_overrides_the_shipped_one(tmp_path, cli):
    import json

    from dean5299_cli.resources import data_dir

    folder = _workspace(tmp_path)
    shipped = (data_dir("targets") / "2024.yaml").read_text(encoding="utf-8")
    (folder / "chi-tieu").mkdir()
    (folder / "chi-tieu" / "2024.yaml").write_text(
        shipped.replace("target: 66000", "target: 70500"), encoding="utf-8"
    )
    result = cli("targets", "--year", "2024", "--json", cwd=folder)
    data = json.loads(result.stdout)
    third = data["indicators"][2]
    assert third["target"] == 70500
    assert third["title"].startswith("70.500 hồ sơ dịch vụ công trực tuyến") and "năm 2024" in third["title"]
    plain = json.loads(cli("targets", "--year", "2024", "--json", cwd=tmp_path.parent).stdout)
    assert plain["indicators"][2]["title"].startswith("66.000 hồ sơ")


def test_a_working_folder_set_is_checked_with_the_same_errors(tmp_path, cli):
    folder = _workspace(tmp_path)
    (folder / "chi-tieu").mkdir()
    (folder / "chi-tieu" / "2026.yaml").write_text(
        _campaign().replace("target: 3000", "traget: 3000"), encoding="utf-8"
    )
    result = cli("targets", "--year", "2026", cwd=folder)
    assert result.exit_code == 3
    assert "chi-tieu/2026.yaml" in result.stderr.replace("\\", "/")
    assert "khóa `indicators` mục 2, `traget`:" in result.stderr and "khóa không được phép" in result.stderr


def test_a_set_of_another_campaign_with_its_own_general_fields(tmp_path):
    from dean5299_cli.core.indicator_sets import library_for

    (tmp_path / "chi-tieu").mkdir()
    (tmp_path / "chi-tieu" / "2026.yaml").write_text(_campaign(11), encoding="utf-8")
    ind_set = library_for(tmp_path).load(2026)
    assert len(ind_set.indicators) == 11
    assert ind_set.field_codes == [f"ct{n}" for n in range(1, 12)]  # no to_cns: not in this set
    assert ind_set.indicators[9].title == "15.000 lượt việc 10 năm 2026"
    shipped = library_for(tmp_path).load(2024)
    assert shipped.field_codes[-2:] == ["to_cns", "to_cns_thanh_vien"]  # the default general fields


def test_settings_may_name_set_files(tmp_path):
    from dean5299_cli.core.indicator_sets import library_of
    from dean5299_cli.core.settings import load_settings

    folder = _workspace(tmp_path, "indicator_sets: [bo-chi-tieu/phong-trao.yaml]\n")
    (folder / "bo-chi-tieu").mkdir()
    (folder / "bo-chi-tieu" / "phong-trao.yaml").write_text(_campaign(3), encoding="utf-8")
    library = library_of(load_settings(folder / "don-vi.yaml"))
    assert library.years() == [2022, 2023, 2024, 2026]
    assert [i.target for i in library.load(2026).indicators] == [1500, 3000, 4500]


def test_title_placeholders_are_checked(tmp_path):
    from dean5299_cli.core.indicator_sets import library_for

    (tmp_path / "chi-tieu").mkdir()
    bad = _campaign(2).replace('"{target} lượt việc 2', '"{muc_tieu} lượt việc 2')
    (tmp_path / "chi-tieu" / "2026.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"chỉ tiêu 2: chỗ \{muc_tieu\} trong title không hợp lệ"):
        library_for(tmp_path).load(2026)


def test_the_year_is_never_replaced_silently(tmp_path):
    from dean5299_cli.core.indicator_sets import library_for

    library = library_for(tmp_path)
    choice = library.choose(None, 2026)
    assert choice.year == 2024
    assert "Chưa có bộ chỉ tiêu năm 2026: đang dùng bộ chỉ tiêu năm 2024" in choice.notice
    assert "dean5299 targets --new 2026" in choice.notice
    assert library.choose(None, 2023).notice == ""
    with pytest.raises(ConfigError, match="Không có bộ chỉ tiêu năm 2025 .*targets --new 2025"):
        library.choose(2025, 2026)


def test_template_for_a_year_without_a_set_stops_and_says_how(tmp_path, cli):
    folder = _workspace(tmp_path)
    result = cli("template", "--year", "2025", cwd=folder)
    assert result.exit_code == 3
    assert "dean5299 targets --new 2025" in result.stderr
    assert not list(folder.glob("*.xlsx"))


def test_targets_new_scaffolds_an_illustrative_set(tmp_path, cli):
    import json

    folder = _workspace(tmp_path)
    result = cli("targets", "--new", "2025", cwd=folder)
    assert result.exit_code == 0, result.stderr
    written = (folder / "chi-tieu" / "2025.yaml").read_text(encoding="utf-8")
    assert written.startswith("# BỘ CHỈ TIÊU NĂM 2025, CHÉP TỪ BỘ NĂM 2024")
    assert "CHƯA PHẢI BỘ CHỈ TIÊU CHÍNH THỨC" in written
    assert "year: 2025" in written and "year: 2024" not in written
    data = json.loads(cli("targets", "--year", "2025", "--json", cwd=folder).stdout)
    assert data["year"] == 2025
    assert data["title"] == "Chỉ tiêu Đề án 5299 năm 2025 (bản minh họa, chưa chính thức)"
    assert data["indicators"][2]["title"].endswith("trong năm 2025")
    again = cli("targets", "--new", "2025", cwd=folder)
    assert again.exit_code == 2 and "Đã có bộ chỉ tiêu năm 2025" in again.stderr
    # the template of 2025 now uses the working folder's set
    made = cli("template", "--year", "2025", "-o", str(folder / "bm.xlsx"), cwd=folder)
    assert made.exit_code == 0 and (folder / "bm.xlsx").is_file()


def test_targets_new_moves_the_deadline_with_the_year(tmp_path, cli):
    """2024's indicator 8 is due 01/7/2024: copied as is into 2026, every 2026 report said
    'không hoàn thành trước thời hạn 01/07/2024'."""
    import json

    folder = _workspace(tmp_path)
    assert cli("targets", "--new", "2026", cwd=folder).exit_code == 0
    written = (folder / "chi-tieu" / "2026.yaml").read_text(encoding="utf-8")
    assert "deadline: 2026-07-01" in written and "2024-07-01" not in written
    data = json.loads(cli("targets", "--year", "2026", "--json", cwd=folder).stdout)
    assert data["indicators"][7]["title"].endswith("(thực hiện trước ngày 01/7/2026)")


def test_a_deadline_before_the_sets_year_is_refused(tmp_path, cli):
    folder = _workspace(tmp_path)
    assert cli("targets", "--new", "2026", cwd=folder).exit_code == 0
    path = folder / "chi-tieu" / "2026.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("2026-07-01", "2024-07-01"), encoding="utf-8"
    )
    result = cli("targets", "--year", "2026", cwd=folder)
    assert result.exit_code == 3
    expected = "khóa `indicators` mục 8, `deadline`: chỉ tiêu 8: hạn 01/7/2024 trước năm 2026"
    assert expected in result.stderr


def test_an_invalid_set_of_the_files_year_stops_instead_of_falling_back(tmp_path, cli):
    """A broken chi-tieu/2026.yaml was passed over as if 2026 had no set: validate checked
    'quý … năm 2024', every 2026 file a period mismatch, exit 0; report wrote a 2024 report and
    audit --folder said every figure should be 0."""
    import shutil

    from tests.paths import EXAMPLES

    folder = tmp_path / "xa"
    shutil.copytree(EXAMPLES / "xa-cat-tien-2026", folder, ignore=shutil.ignore_patterns("ket-qua"))
    path = folder / "chi-tieu" / "2026.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("deadline: 2026-12-31", "deadline: 2024-12-31"),
        encoding="utf-8",
    )
    for command in (("validate",), ("report", "--quarter", "III", "-o", "bc.docx")):
        result = cli(*command, cwd=folder)
        assert result.exit_code == 3, (command, result.stdout, result.stderr)
        assert "2026.yaml" in result.stderr and "hạn 31/12/2024 trước năm 2026" in result.stderr
        assert "năm 2024" not in result.stdout
    assert not (folder / "bc.docx").exists()


def test_a_placeholder_without_its_key_is_named(tmp_path):
    from dean5299_cli.core.indicator_sets import library_for

    (tmp_path / "chi-tieu").mkdir()
    bad = _campaign(2).replace("lượt việc 2 năm {year}", "lượt việc 2 trước {deadline}")
    (tmp_path / "chi-tieu" / "2026.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"chỉ tiêu 2: title có \{deadline\} nhưng chỉ tiêu không có khóa deadline"):
        library_for(tmp_path).load(2026)


def test_area_follows_the_level_when_only_the_level_is_given(tmp_path):
    assert _settings(tmp_path).area == "tỉnh"
    commune = _settings(tmp_path, PROVINCE.replace("level: tỉnh", "level: phường"))
    assert (commune.area, commune.level_key) == ("phường", "phường")


# --- Each level's wording, end to end ----------------------------------------------------------


def _report_text(cli, folder: Path, *args: str) -> str:
    from docx import Document

    from tests.e2e.test_report import body_text

    out = folder / "bc.docx"
    result = cli("report", *args, "-o", str(out), cwd=folder)
    assert result.exit_code == 0, result.output
    return body_text(Document(str(out)))


def test_a_province_report_never_says_huyen(tmp_path, cli):
    from tests.helpers import make_workspace, submit

    settings = PROVINCE.replace(
        "units:\n", "submissions: bao-cao\nreport: {number: '7', date: 2023-12-20}\nunits:\n", 1
    )
    folder = make_workspace(tmp_path, settings.replace("Phường Quy Nhơn\n", "Phường Quy Nhơn\n", 1))
    submit(folder, "a.xlsx", unit="Xã Cát Nhơn")
    submit(folder, "b.xlsx", unit="P. Cát Nhơn", ct1=100)
    submit(folder, "c.xlsx", unit="Phường Hải Cảng")  # former name: counted for Phường Quy Nhơn
    text = _report_text(cli, tmp_path, "--year", "2023", "--quarter", "IV")
    assert "huyện" not in text.lower() and "HĐTN" not in text
    assert "trên địa bàn tỉnh" in text and "TM. BAN THƯỜNG VỤ TỈNH ĐOÀN" in text
    assert "Số: 7-BC/TĐTN-CTĐ&TTN" in text
    assert "Phường Quy Nhơn" in text and "Phường Hải Cảng" not in text
    summary = tmp_path / "th.xlsx"
    assert cli("summary", "--year", "2023", "--quarter", "IV", "-o", str(summary), cwd=tmp_path).exit_code == 0
    import openpyxl

    names = [c.value for c in openpyxl.load_workbook(summary)["Tổng hợp"]["B"] if c.value]
    assert "Tổng cộng toàn tỉnh" in names and ("Đơn vị báo cáo" in names)


def test_the_commune_example_consolidates_its_chi_doan(tmp_path, cli):
    import shutil

    from tests.paths import EXAMPLES

    folder = tmp_path / "xa"
    shutil.copytree(EXAMPLES / "xa-cat-tien-2026", folder, ignore=shutil.ignore_patterns("ket-qua"))
    loaded = load_settings(folder / "don-vi.yaml")
    from dean5299_cli.core.indicator_sets import library_of
    from dean5299_cli.folder import validate_folder

    report = validate_folder(
        folder / "bao-cao-don-vi", settings=loaded.settings, indicator_sets=library_of(loaded)
    )
    assert (report.year, report.quarter) == (2026, 3)
    assert len(report.current) == 9 and not report.has_errors
    assert report.missing_units == ["Chi đoàn thôn Kim Đông"]
    assert {"Chi đoàn thôn Chánh Thắng", "Chi đoàn khu phố Ngô Mây"} <= {s.unit for s in report.current}
    text = _report_text(cli, folder)
    assert "huyện" not in text.lower()
    assert "trên địa bàn xã" in text and "Ban Thường vụ Đoàn xã" in text
    assert "TM. BAN THƯỜNG VỤ ĐOÀN XÃ" in text and "Chi đoàn thôn Kim Đông" in text


def test_the_province_example_reads_every_kind_of_file(cli):
    from dean5299_cli.core.indicator_sets import library_of
    from dean5299_cli.folder import validate_folder
    from tests.paths import EXAMPLES

    loaded = load_settings(EXAMPLES / "gia-lai-2026" / "don-vi.yaml")
    assert len(loaded.settings.units) == 141
    report = validate_folder(
        EXAMPLES / "gia-lai-2026" / "bao-cao-don-vi",
        settings=loaded.settings,
        indicator_sets=library_of(loaded),
    )
    units = {s.unit for s in report.current}
    assert (report.year, report.quarter, len(units)) == (2026, 3, 138)
    assert not report.has_errors
    assert {"Xã Ia Khươl", "Đoàn các cơ quan Đảng tỉnh", "Phường Quy Nhơn Đông"} <= units
    assert sorted(report.missing_units) == ["Phường Ayun Pa", "Xã Ia Rbol", "Xã Kbang"]


def test_a_bare_name_beside_the_same_name_with_a_kind_is_refused(tmp_path):
    text = PROVINCE.replace("  - name: Phường Cát Nhơn\n", "  - name: Phường Cát Nhơn\n  - name: Cát Nhơn\n")
    with pytest.raises(ConfigError, match='tên "Cát Nhơn" không phân biệt được với đơn vị "Xã Cát Nhơn"'):
        _settings(tmp_path, text)


def test_the_form_and_the_console_speak_the_province_level(tmp_path, cli):
    import openpyxl

    from tests.helpers import make_workspace, submit

    folder = make_workspace(tmp_path, PROVINCE + "submissions: bao-cao\n")
    submit(folder, "a.xlsx", unit="Xã Cát Nhơn")
    made = cli("template", "--year", "2024", "-o", str(tmp_path / "f.xlsx"), cwd=tmp_path)
    assert made.exit_code == 0, made.output
    texts = [
        v
        for ws in openpyxl.load_workbook(tmp_path / "f.xlsx")
        for row in ws.iter_rows(values_only=True)
        for v in row
        if isinstance(v, str)
    ]
    assert any(t.endswith("gửi về Tỉnh đoàn Gia Lai.") for t in texts)
    assert not [t for t in texts if "huyện" in t.lower() or "HĐTN" in t]
    checked = cli("validate", "--year", "2023", "--quarter", "IV", cwd=tmp_path)
    assert "Phường Cát Nhơn" in checked.stdout + checked.stderr  # not sent: named with its kind
    assert "huyện" not in (checked.stdout + checked.stderr).lower()


def test_the_form_of_another_campaign_has_only_its_own_fields(tmp_path, cli):
    import openpyxl

    folder = _workspace(tmp_path)
    (folder / "chi-tieu").mkdir()
    (folder / "chi-tieu" / "2026.yaml").write_text(_campaign(3), encoding="utf-8")
    made = cli("template", "--year", "2026", "-o", str(folder / "f.xlsx"), cwd=folder)
    assert made.exit_code == 0, made.output
    cells = {
        v
        for ws in openpyxl.load_workbook(folder / "f.xlsx")
        for row in ws.iter_rows(values_only=True)
        for v in row
        if isinstance(v, str)
    }
    assert {"ct1", "ct2", "ct3"} <= cells
    assert "to_cns" not in cells and "Tổ công nghệ số thanh niên" not in cells
    assert "Chỉ tiêu 3: 4.500 lượt việc 3 năm 2026" in cells


def test_a_province_report_has_no_superior_body_line(tmp_path, cli):
    """A Tỉnh đoàn's header starts with its own name: `parent_body` may be left out."""
    from docx import Document

    from tests.helpers import make_workspace, submit

    text = PROVINCE.replace("parent_body: TRUNG ƯƠNG ĐOÀN TNCS HỒ CHÍ MINH\n", "")
    text += "submissions: bao-cao\nreport: {number: '7', date: 2023-12-20}\n"
    folder = make_workspace(tmp_path, text)
    submit(folder, "a.xlsx", unit="Xã Cát Nhơn", year=2023)
    result = cli("report", "--quarter", "IV", "--year", "2023", "-o", "r.docx", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    header = Document(str(tmp_path / "r.docx")).tables[0].cell(0, 0)
    lines = [p.text for p in header.paragraphs if p.text.strip()]
    assert lines == ["BCH ĐOÀN TỈNH GIA LAI", "***", "Số: 7-BC/TĐTN-CTĐ&TTN"]


def test_the_targets_table_writes_a_deadline_as_the_title_and_the_report_do():
    """`targets` showed "(trước ngày 01/07/2024)" beside a title saying "trước ngày 01/7/2024":
    every date people read is spelled one way (periods.date_text), as the signed report does."""
    from dean5299_cli.core.indicators import load_set

    eight = load_set(2024).indicators[7]
    assert eight.title.endswith("trước ngày 01/7/2024)")
    assert eight.target_text.endswith("(trước ngày 01/7/2024)")


def test_a_deadline_in_a_title_is_spelled_as_the_reports_text_spells_it():
    """One date, one spelling in the signed report: the title's `{deadline}` was "15/02/2025"
    (a zero before months 1 and 2) where the text under it wrote "15/2/2025" (the seed's)."""
    import datetime as dt

    from dean5299_cli.core.periods import date_text
    from dean5299_cli.core.title_fields import fill_title

    for day, shown in ((dt.date(2025, 2, 15), "15/2/2025"), (dt.date(2024, 7, 1), "01/7/2024")):
        title = fill_title("Kích hoạt VNeID (trước ngày {deadline})", {"deadline": day}, 2025)
        assert title == f"Kích hoạt VNeID (trước ngày {shown})" and date_text(day) == shown


def test_a_set_made_from_a_copy_is_marked_once(tmp_path, cli):
    """2026 made from 2025, itself made from 2024, was titled "… (bản minh họa, chưa chính
    thức) (bản minh họa, chưa chính thức)"."""
    import json

    folder = _workspace(tmp_path)
    assert cli("targets", "--new", "2025", cwd=folder).exit_code == 0
    assert cli("targets", "--new", "2026", cwd=folder).exit_code == 0
    data = json.loads(cli("targets", "--year", "2026", "--json", cwd=folder).stdout)
    assert data["title"] == "Chỉ tiêu Đề án 5299 năm 2026 (bản minh họa, chưa chính thức)"


def test_a_set_already_said_illustrative_in_its_own_words_is_not_marked_again(tmp_path, cli):
    """The commune example's 2026 set is titled "… (bộ minh họa, không chính thức)"; its copy
    for 2027 read "… (bộ minh họa, không chính thức) (bản minh họa, chưa chính thức)"."""
    import json
    import shutil

    from tests.paths import EXAMPLES

    work = tmp_path / "xa"
    shutil.copytree(EXAMPLES / "xa-cat-tien-2026", work, ignore=shutil.ignore_patterns("ket-qua"))
    assert cli("targets", "--new", "2027", cwd=work).exit_code == 0
    data = json.loads(cli("targets", "--year", "2027", "--json", cwd=work).stdout)
    assert data["title"] == "Chỉ tiêu Đề án 5299 năm 2027 (bộ minh họa, không chính thức)"
