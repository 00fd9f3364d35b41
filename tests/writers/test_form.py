"""`dean5299 template`: forms pre-filled per unit, input prompts, and a round trip through validate."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from dean5299_cli.core.indicators import load_set
from dean5299_cli.core.settings import locate_settings
from dean5299_cli.folder import validate_folder
from dean5299_cli.writers.form import HEADER_ROWS, quarter_end, recipient_of, value_cell
from tests.helpers import SETTINGS, UNITS, VALUES_2023, make_workspace

NAMES = {
    "Xã Phước Sơn": "bieu-mau-5299-2023-quy-4-xa-phuoc-son.xlsx",
    "Thị trấn Diêu Trì": "bieu-mau-5299-2023-quy-4-thi-tran-dieu-tri.xlsx",
    "Xã Phước Hòa": "bieu-mau-5299-2023-quy-4-xa-phuoc-hoa.xlsx",
}


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    make_workspace(tmp_path)
    return tmp_path


def _code_rows(ws: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, int]:
    """Field code → row, read from the form's `Mã` column."""
    return {
        ws.cell(r, 3).value: r
        for r in range(1, ws.max_row + 1)
        if isinstance(ws.cell(r, 3).value, str) and ws.cell(r, 3).value.islower()
    }


def test_all_units_one_prefilled_form_each(cli, workspace: Path) -> None:
    result = cli(
        "template", "--all-units", "-y", "2023", "-q", "IV", "-o", "bieu-mau", cwd=workspace
    )
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in (workspace / "bieu-mau").iterdir())
    assert files == sorted(NAMES.values())
    for unit, name in NAMES.items():
        assert name.isascii()
        wb = openpyxl.load_workbook(workspace / "bieu-mau" / name)
        ws = wb["Báo cáo"]
        labels = [ws.cell(r, 2).value for r in range(3, 3 + len(HEADER_ROWS))]
        assert labels == [
            "Đơn vị",
            "Năm",
            "Kỳ báo cáo",
            "Tính đến ngày",
            "Người lập biểu",
            "Số điện thoại",
        ]
        assert ws[value_cell("Đơn vị")].value == unit
        assert [c.value for c in wb["Danh sách"]["A"]] == [unit]  # its own name, not every unit
        assert wb.properties.title == "Biểu mẫu báo cáo kết quả thực hiện Đề án 5299 năm 2023"
        assert wb.properties.creator == "Huyện đoàn Tuy Phước"  # the office, not "openpyxl"
        assert ws[value_cell("Năm")].value == 2023
        assert ws[value_cell("Kỳ báo cáo")].value == "Quý IV"
        assert ws[value_cell("Tính đến ngày")].value == dt.datetime(2023, 12, 31)
        guide = [c.value for c in wb["Hướng dẫn"]["A"] if c.value]
        assert (
            guide[-1] == "8. Lưu tệp dạng .xlsx, không đặt mật khẩu, gửi về Huyện đoàn Tuy Phước."
        )
    assert "Đã tạo 3 biểu mẫu năm 2023" in result.output


def test_all_units_forms_are_those_built_one_by_one(cli, workspace: Path) -> None:
    """One workbook is saved once per unit: each file holds exactly what a form built for that
    unit alone holds (every part but the time stamp), and nothing of the units saved before it."""
    import html
    import zipfile

    from dean5299_cli.writers.form import FormOptions, build_form

    cli("template", "--all-units", "-y", "2023", "-q", "IV", "-o", "bieu-mau", cwd=workspace)
    loaded = locate_settings(workspace / "don-vi.yaml")
    assert loaded is not None
    for unit, name in NAMES.items():
        alone = workspace / f"alone-{name}"
        options = FormOptions(
            unit=unit,
            units=(unit,),
            quarter=4,
            as_of=quarter_end(2023, 4),
            send_to=recipient_of(loaded.settings),
        )
        build_form(load_set(2023), alone, options)
        with zipfile.ZipFile(workspace / "bieu-mau" / name) as made, zipfile.ZipFile(alone) as one:
            assert made.namelist() == one.namelist()
            for part in made.namelist():
                if part != "docProps/core.xml":  # the time it was written
                    # openpyxl writes the columns' outline level (0, the default) once saved
                    saved = made.read(part).replace(b' outlineLevelCol="0"', b"")
                    assert saved == one.read(part), (unit, part)
            others = [u for u in NAMES if u != unit]
            text = html.unescape(b"".join(map(made.read, made.namelist())).decode("utf-8"))
            assert unit in text and not any(other in text for other in others)


def test_every_value_cell_has_an_input_prompt_and_an_error_message(cli, workspace: Path) -> None:
    cli("template", "-y", "2024", "-o", "mau.xlsx", cwd=workspace)
    ws = openpyxl.load_workbook(workspace / "mau.xlsx")["Báo cáo"]
    prompts = {}
    for dv in ws.data_validations.dataValidation:
        assert dv.showInputMessage and dv.showErrorMessage
        assert dv.prompt and dv.error and len(dv.prompt) <= 255 and len(dv.promptTitle) <= 32
        for ref in str(dv.sqref).split():
            prompts[ref] = (dv.promptTitle, dv.prompt)
    rows = _code_rows(ws)
    assert sorted(rows) == sorted(load_set(2024).field_codes)
    for code, r in rows.items():
        assert f"E{r}" in prompts, code
    assert prompts[f"E{rows['ct1_tu']}"][1].endswith("Không lớn hơn mẫu số (ct1_mau).")
    assert prompts[f"E{rows['ct8_cho_duyet']}"][1].endswith(
        "Các phần cộng lại bằng tổng số (ct8_tong)."
    )
    assert prompts[value_cell("Kỳ báo cáo")][0] == "Kỳ báo cáo"
    # no settings here beyond the workspace's: a blank form names no unit and no quarter
    assert ws[value_cell("Đơn vị")].value is None and ws[value_cell("Kỳ báo cáo")].value is None


def test_round_trip_figures_typed_are_the_figures_read(cli, workspace: Path) -> None:
    cli("template", "--all-units", "-y", "2023", "-q", "4", "-o", "bieu-mau", cwd=workspace)
    typed: dict[str, dict[str, int]] = {}
    for i, (unit, name) in enumerate(NAMES.items()):
        wb = openpyxl.load_workbook(workspace / "bieu-mau" / name)
        ws = wb["Báo cáo"]
        values = {code: value + 7 * i for code, value in VALUES_2023.items()}
        values["ct8_tong"] = sum(
            values[c] for c in ("ct8_cho_duyet", "ct8_khong_hop_le", "ct8_hop_le")
        )
        for code, r in _code_rows(ws).items():
            ws.cell(r, 5).value = values[code]
        ws[value_cell("Người lập biểu")] = "Nguyễn Thị Bình"
        ws[value_cell("Số điện thoại")] = "0905123456"
        wb.save(workspace / "bao-cao" / name)
        typed[unit] = values
    result = cli("validate", "--json", cwd=workspace)
    data = json.loads(result.stdout)
    assert result.exit_code == 0
    assert data["summary"]["files"] == data["summary"]["units"] == 3
    # only the comparison with the targets speaks: nothing about reading the forms
    assert {p["code"] for p in data["problems"]} <= {"above-target", "far-above-target"}
    assert {f["unit"] for f in data["files"]} == set(UNITS)
    loaded = locate_settings(workspace / "don-vi.yaml")
    assert loaded is not None
    report = validate_folder(workspace / "bao-cao", settings=loaded.settings)
    assert {s.unit: s.values for s in report.current} == typed
    assert {s.as_of for s in report.current} == {dt.date(2023, 12, 31)}


def test_date_option_and_refusals(
    cli, workspace: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    ok = cli(
        "template", "-y", "2024", "-q", "III", "--ngay", "20/9/2024", "-o", "m.xlsx", cwd=workspace
    )
    assert ok.exit_code == 0
    ws = openpyxl.load_workbook(workspace / "m.xlsx")["Báo cáo"]
    assert ws[value_cell("Tính đến ngày")].value == dt.datetime(2024, 9, 20)
    bad = cli("template", "--ngay", "31/02/2024", "-o", "n.xlsx", cwd=workspace)
    assert bad.exit_code == 2 and 'Ngày "31/02/2024" không hợp lệ' in bad.output
    (workspace / "bieu-mau").mkdir()
    (workspace / "bieu-mau" / NAMES["Xã Phước Hòa"]).write_text("cũ", encoding="utf-8")
    again = cli("template", "--all-units", "-y", "2023", "-q", "4", "-o", "bieu-mau", cwd=workspace)
    assert again.exit_code != 0 and "--force" in again.output
    assert sorted(p.name for p in (workspace / "bieu-mau").iterdir()) == [NAMES["Xã Phước Hòa"]]
    alone = tmp_path_factory.mktemp("alone")
    none = cli("template", "--all-units", cwd=alone)
    assert none.exit_code == 2 and "--all-units cần danh sách đơn vị" in none.output
    empty = tmp_path_factory.mktemp("empty")  # don-vi.yaml found, with `units: []`
    start = SETTINGS.index("units:")
    (empty / "don-vi.yaml").write_text(
        SETTINGS[:start] + "units: []\nsubmissions: bao-cao\n", encoding="utf-8"
    )
    listless = cli("template", "--all-units", cwd=empty)
    assert listless.exit_code == 2, listless.output
    assert "mục `units` của" in listless.output and "chưa có đơn vị nào" in listless.output


def test_the_period_end_is_pre_filled_only_once_it_has_passed() -> None:
    """A quarter-IV form made in November leaves "Tính đến ngày" to the unit: its 31/12 was
    warned on every file ("sau ngày hôm nay") and printed above a signature of 20/11."""
    from dean5299_cli.cli.cmd_template import as_of_default

    november = dt.date(2026, 11, 22)
    assert as_of_default(None, 2026, 4, november) is None
    assert as_of_default(None, 2026, 3, november) == dt.date(2026, 9, 30)
    assert as_of_default(None, 2026, 4, dt.date(2026, 12, 31)) == dt.date(2026, 12, 31)
    assert as_of_default("20/11/2026", 2026, 4, november) == dt.date(2026, 11, 20)
    assert as_of_default(None, 2026, None, november) is None


def test_quarter_end_and_recipient() -> None:
    assert [quarter_end(2024, q) for q in (1, 2, 3, 4)] == [
        dt.date(2024, 3, 31),
        dt.date(2024, 6, 30),
        dt.date(2024, 9, 30),
        dt.date(2024, 12, 31),
    ]
    import yaml

    from dean5299_cli.core.settings import Settings

    settings = Settings.model_validate(yaml.safe_load(SETTINGS))
    assert recipient_of(settings) == "Huyện đoàn Tuy Phước"
    odd = settings.model_copy(update={"issuing_body": "ĐOÀN TNCS HỒ CHÍ MINH KHỐI CƠ QUAN"})
    assert recipient_of(odd) == "ĐOÀN TNCS HỒ CHÍ MINH KHỐI CƠ QUAN"


def test_init_ends_with_the_real_next_steps_in_order(cli, tmp_path: Path) -> None:
    from dean5299_cli.cli.cmd_init import next_steps

    result = cli("init", "huyen", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    steps = lines[lines.index("Các bước tiếp theo:") + 1 :]
    from dean5299_cli.core.indicator_sets import library_for

    # the year's indicator set comes first when there is none yet (`targets --new`)
    missing_set = dt.date.today().year not in library_for(tmp_path / "huyen").years()
    count = 7 + missing_set
    assert [s.split(". ", 1)[0].strip() for s in steps] == [str(n) for n in range(1, count + 1)]
    assert steps[0] == '  1. Chuyển vào thư mục làm việc: cd "huyen"'
    assert ("targets --new" in steps[1]) is missing_set
    wanted = ["don-vi.yaml", "template --all-units", "bao-cao-don-vi/", "validate", "remind"]
    wanted += ["noi-dung-bao-cao.md", "report --quarter"]
    positions = [next(i for i, s in enumerate(steps) if w in s) for w in wanted]
    assert positions == sorted(positions)
    assert next_steps(Path("."), dt.date(2024, 8, 1))[1].endswith(
        "--quarter III, rồi gửi cho các đơn vị."
    )
    assert (
        next_steps(Path("."), dt.date(2024, 8, 1))[-1]
        == "Lập báo cáo: dean5299 report --quarter III"
    )
    # the second step works as written in the new folder: one form per unit of the starter list
    made = cli("template", "--all-units", "-y", "2024", "-q", "III", cwd=tmp_path / "huyen")
    assert made.exit_code == 0, made.output
    assert len(list((tmp_path / "huyen" / "bieu-mau-5299-2024-quy-3").iterdir())) == 3


def test_all_units_names_twenty_forms_then_counts_the_rest(cli, tmp_path: Path) -> None:
    """A province's 140 communes: the console names the first forms, then says how many more."""
    names = [f"Xã Thử Nghiệm {i:02d}" for i in range(25)]
    units = "".join(f"  - name: {n}\n" for n in names)
    settings = SETTINGS.replace(
        "  - name: Xã Phước Sơn\n  - name: Thị trấn Diêu Trì\n    aliases: [TT Diêu Trì]\n"
        "  - name: Xã Phước Hòa\n",
        units,
    ).replace("    units:\n      Phước Sơn: {1: 400, 2: 500, 5: 600}\n", "")
    make_workspace(tmp_path, settings)
    result = cli("template", "--all-units", "-y", "2023", "-o", "mau", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "mau").iterdir())) == 25
    listed = [line for line in result.output.splitlines() if line.startswith("  bieu-mau-")]
    assert len(listed) == 20 and listed[-1].endswith("(Xã Thử Nghiệm 19)")
    assert "  … và 5 biểu mẫu khác trong cùng thư mục." in result.output


def test_a_form_for_one_unit_is_named_for_it_and_its_period(cli, workspace: Path) -> None:
    """Forms made one unit at a time take the names --all-units gives: the second no longer
    collides with the first (it stopped with exit 4, or with --force replaced it)."""
    for unit in ("Xã Phước Sơn", "Thị trấn Diêu Trì"):
        made = cli("template", "-y", "2023", "-q", "IV", "--unit", unit, cwd=workspace)
        assert made.exit_code == 0, made.output
        assert (workspace / NAMES[unit]).is_file()
    blank = cli("template", "-y", "2023", "-q", "IV", cwd=workspace)
    assert blank.exit_code == 0, blank.output
    assert (workspace / "bieu-mau-5299-2023-quy-4.xlsx").is_file()
    assert len(list(workspace.glob("*.xlsx"))) == 3


def _prompts(path: Path) -> dict[str, tuple[str, str]]:
    ws = openpyxl.load_workbook(path)["Báo cáo"]
    return {
        ref: (dv.prompt, dv.error)
        for dv in ws.data_validations.dataValidation
        for ref in str(dv.sqref).split()
    }


def test_a_pre_filled_form_s_prompts_say_the_name_and_period_are_written_in(
    cli, workspace: Path
) -> None:
    """Selecting the unit's name on its own form said 'Chọn tên đơn vị trong danh sách' (the
    name already there, the list holding it alone), and the quarter written in, 'Chọn quý':
    now what is written in, and what to do if it is wrong; a blank form still asks to choose."""
    cli("template", "--all-units", "-y", "2023", "-q", "IV", "-o", "bieu-mau", cwd=workspace)
    own = _prompts(workspace / "bieu-mau" / NAMES["Xã Phước Sơn"])
    said = "Tên đơn vị đã ghi sẵn. Nếu không phải đơn vị mình, đề nghị báo lại Huyện đoàn Tuy Phước."
    assert own[value_cell("Đơn vị")] == (said, said)
    assert own[value_cell("Kỳ báo cáo")][0] == (
        "Kỳ báo cáo (quý) đã ghi sẵn; nếu chưa đúng, chọn quý khác trong danh sách "
        "(bấm mũi tên bên phải ô)."
    )
    cli("template", "-y", "2023", "--unit", "Xã Phước Sơn", "-o", "mot.xlsx", cwd=workspace)
    one = _prompts(workspace / "mot.xlsx")  # every unit in its list, no quarter given
    assert one[value_cell("Đơn vị")][0] == (
        "Tên đơn vị đã ghi sẵn; nếu chưa đúng, chọn tên khác trong danh sách "
        "(bấm mũi tên bên phải ô)."
    )
    assert one[value_cell("Kỳ báo cáo")][0] == (
        "Chọn quý báo cáo trong danh sách (bấm mũi tên bên phải ô)."
    )
    cli("template", "-y", "2023", "-o", "trang.xlsx", cwd=workspace)
    blank = _prompts(workspace / "trang.xlsx")
    assert blank[value_cell("Đơn vị")] == (
        "Chọn tên đơn vị trong danh sách (bấm mũi tên bên phải ô).",
        "Chọn tên đơn vị trong danh sách.",
    )
