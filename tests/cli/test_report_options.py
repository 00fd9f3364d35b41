"""`report` options a clerk needs every quarter: number and date, placeholders, summary, hand edits."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document

from dean5299_cli.core.periods import date_in_words
from dean5299_cli.core.placeholders import in_narrative, in_yaml
from dean5299_cli.writers.docx_stamp import EditState, edit_state, stored_hash
from tests.paths import EXAMPLES


@pytest.fixture
def tuy_phuoc(tmp_path: Path) -> Path:
    folder = tmp_path / "tuy-phuoc"
    shutil.copytree(EXAMPLES / "tuy-phuoc-2023", folder, ignore=shutil.ignore_patterns("ket-qua"))
    return folder


def _texts(path: Path) -> str:
    doc = Document(path)
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def test_number_and_date_from_the_command_line(cli, tuy_phuoc: Path) -> None:
    out = tuy_phuoc / "bc.docx"
    result = cli("report", "-o", str(out), "--so", "45", "--ngay", "05/10/2024", cwd=tuy_phuoc)
    assert result.exit_code == 0, result.output
    text = _texts(out)
    assert "Số: 45-BC/HĐTN" in text
    assert "ngày 05 tháng 10 năm 2024" in text
    assert "Báo cáo số 45-BC/HĐTN ngày 05/10/2024" in text


def test_today_and_bad_dates(cli, tuy_phuoc: Path) -> None:
    out = tuy_phuoc / "bc.docx"
    result = cli("report", "-o", str(out), "--ngay", "hom-nay", cwd=tuy_phuoc)
    assert result.exit_code == 0, result.output
    today = dt.date.today()
    assert date_in_words(today) in _texts(out)
    bad = cli("report", "-o", str(tuy_phuoc / "x.docx"), "--ngay", "31/02/2024", cwd=tuy_phuoc)
    assert bad.exit_code == 2 and "31/02/2024" in bad.stderr
    assert not (tuy_phuoc / "x.docx").exists()


def test_date_defaults_to_today_without_one_in_the_settings(cli, tuy_phuoc: Path) -> None:
    settings = tuy_phuoc / "don-vi.yaml"
    text = settings.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.strip().startswith("date:")]
    settings.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tuy_phuoc / "bc.docx"
    result = cli("report", "-o", str(out), cwd=tuy_phuoc)
    assert result.exit_code == 0, result.output
    today = dt.date.today()
    assert date_in_words(today) in _texts(out)


def test_typed_date_is_used_whatever_the_settings_date(cli, tuy_phuoc: Path) -> None:
    """`--ngay` is the date the report is signed on: the settings' `report.date` is not used,
    so it is not refused either (was: exit 3 on a settings date left from last quarter, with
    the right date typed on the command line)."""
    settings = tuy_phuoc / "don-vi.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("date: 2023-11-20", "date: 2023-09-30"), encoding="utf-8")
    out = tuy_phuoc / "bc.docx"
    result = cli("report", "--quarter", "IV", "-o", str(out), "--ngay", "20/11/2023", cwd=tuy_phuoc)
    assert result.exit_code == 0, result.output
    assert "ngày 20 tháng 11 năm 2023" in _texts(out)
    refused = cli("report", "--quarter", "IV", "-o", str(out), "--force", cwd=tuy_phuoc)
    assert refused.exit_code == 3
    assert "khóa `report.date`: ngày báo cáo 30/9/2023 không hợp với quý IV năm 2023" in (
        refused.stderr
    )


def test_placeholders_left_from_init_are_refused(cli, tmp_path: Path) -> None:
    folder = tmp_path / "huyen"
    assert cli("init", str(folder)).exit_code == 0
    result = cli("report", "--quarter", "IV", "--year", "2024", cwd=folder)
    assert result.exit_code == 3, result.output
    settings_text = (folder / "don-vi.yaml").read_text(encoding="utf-8")
    left = in_yaml(settings_text, "don-vi.yaml")
    narrative = in_narrative(
        (folder / "noi-dung-bao-cao.md").read_text(encoding="utf-8"), "noi-dung-bao-cao.md"
    )
    assert left and narrative
    flat = " ".join(result.stderr.split())
    assert f"còn {len(left) + len(narrative)} chỗ mẫu" in flat
    assert f"don-vi.yaml dòng {left[0].line}: {left[0].text}" in flat
    assert not list(folder.rglob("*.docx"))


def test_placeholder_scanning_skips_comments_and_the_guide() -> None:
    yaml_text = "# Sửa các dòng có dấu <…>\nplace: ‹Tên địa danh›   # <gợi ý>\nname: A\n"
    assert [(p.line, p.text) for p in in_yaml(yaml_text, "don-vi.yaml")] == [(2, "‹Tên địa danh›")]
    narrative = (
        "Hướng dẫn: dòng <…> là lời nhắc\n## Mở đầu\nTỷ lệ a < b và c > d.\nXã <Tên xã> tốt.\n"
    )
    assert [(p.line, p.text) for p in in_narrative(narrative, "n.md")] == [(4, "<Tên xã>")]


def test_report_refreshes_the_summary_or_says_it_is_stale(cli, tuy_phuoc: Path) -> None:
    first = cli("report", "-o", str(tuy_phuoc / "a.docx"), cwd=tuy_phuoc)
    assert first.exit_code == 0, first.output
    summary = tuy_phuoc / "tong-hop-5299-2023-quy-4.xlsx"
    assert summary.is_file() and "Đã ghi bảng tổng hợp" in first.stderr
    late = next((tuy_phuoc / "bao-cao-don-vi").glob("*Phuoc Son*"))
    later = summary.stat().st_mtime + 60
    os.utime(late, (later, later))
    second = cli("report", "-o", str(tuy_phuoc / "b.docx"), cwd=tuy_phuoc)
    assert second.exit_code == 0, second.output
    flat = " ".join(second.stderr.split())
    assert "đã CŨ" in flat and late.name in flat and "--force" in flat
    forced = cli("report", "-o", str(tuy_phuoc / "b.docx"), "--force", cwd=tuy_phuoc)
    assert forced.exit_code == 0 and "Đã ghi bảng tổng hợp" in forced.stderr


def _edit_body(path: Path, old: str, new: str) -> None:
    """What Word does when the clerk types: the body changes, the custom properties stay."""
    with zipfile.ZipFile(path) as src:
        parts = [(info, src.read(info.filename)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in parts:
            if info.filename == "word/document.xml":
                assert old.encode() in data
                data = data.replace(old.encode(), new.encode(), 1)
            out.writestr(info, data)


def test_hand_edits_are_detected_and_the_backup_named(cli, tuy_phuoc: Path) -> None:
    out = tuy_phuoc / "bc.docx"
    assert cli("report", "-o", str(out), cwd=tuy_phuoc).exit_code == 0
    assert edit_state(out) is EditState.UNCHANGED and len(stored_hash(out) or "") == 64
    _edit_body(out, "Trên đây", "Sửa tay: Trên đây")
    assert edit_state(out) is EditState.EDITED
    edited = out.read_bytes()
    refused = cli("report", "-o", str(out), cwd=tuy_phuoc)
    assert refused.exit_code == 4 and "sửa tay" in refused.stderr and out.read_bytes() == edited
    forced = cli("report", "-o", str(out), "--force", cwd=tuy_phuoc)
    assert forced.exit_code == 0, forced.output
    flat = " ".join(forced.stderr.split())
    assert "sửa tay" in flat and "bản sao lưu" in flat
    backups = [p for p in tuy_phuoc.rglob("bc*.docx") if p != out]
    assert len(backups) == 1 and backups[0].read_bytes() == edited
    assert str(backups[0]) in flat
    assert "Sửa tay" not in _texts(out) and edit_state(out) is EditState.UNCHANGED


def test_a_report_without_a_stamp_is_unknown(tmp_path: Path) -> None:
    from docx import Document as New

    path = tmp_path / "other.docx"
    New().save(path)
    assert edit_state(path) is EditState.UNKNOWN
    (tmp_path / "broken.docx").write_bytes(b"PK not a zip")
    assert edit_state(tmp_path / "broken.docx") is EditState.UNKNOWN


def test_report_can_take_the_newer_of_two_copies(cli, tuy_phuoc: Path) -> None:
    from tests.helpers import VALUES_2023, submit

    later = submit(
        tuy_phuoc / "bao-cao-don-vi",
        "Phuoc Son sua lai.xlsx",
        unit="Phước Sơn",
        as_of=dt.date(2023, 12, 28),
        values=dict(VALUES_2023, ct1=600),
    )
    refused = cli("report", "-o", str(tuy_phuoc / "a.docx"), "--strict", cwd=tuy_phuoc)
    assert refused.exit_code == 1  # two differing copies are errors unless told which to take
    result = cli("report", "-o", str(tuy_phuoc / "b.docx"), "--lay-moi-nhat", cwd=tuy_phuoc)
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stderr.split())
    assert f'Lấy tệp mới hơn "{later.name}", bỏ qua "BC 5299 Q4 - Phuoc Son.xlsx"' in flat
    assert "8.627/5.832" in _texts(tuy_phuoc / "b.docx")  # 8.529 − 502 + 600
