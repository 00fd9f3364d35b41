"""`audit` refuses hostile .docx, .pdf and text inputs by the readers' limits, never a traceback."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from docx import Document

from dean5299_cli.readers.limits import MAX_ENTRIES, MAX_FILE_BYTES, MAX_PART_BYTES

BODY = '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'


def _report(path: Path) -> Path:
    document = Document()
    document.add_paragraph("Chỉ tiêu 1: có 8.529/5.832 tài khoản, đạt 146,2%.")
    document.save(str(path))
    return path


def _rewrite(source: Path, target: Path, replace: dict[str, bytes], extra: int = 0) -> Path:
    """A copy of the package with some parts replaced and `extra` tiny parts added."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, replace.get(info.filename, old.read(info.filename)))
        for n in range(extra):
            new.writestr(f"customXml/item{n}.bin", b"x")
    return target


def test_a_clean_docx_still_audits(cli, tmp_path):
    result = cli("audit", _report(tmp_path / "bc.docx"), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["claims"] == 1
    text = tmp_path / "ghi-chu.docx"
    text.write_text("không phải gói nén", encoding="utf-8")
    result = cli("audit", text)
    assert result.exit_code == 1
    assert "Tệp ghi-chu.docx không phải tệp Word .docx hợp lệ: không phải gói nén." in result.stderr


def test_huge_document_xml_is_refused_before_parsing(cli, tmp_path):
    source = _report(tmp_path / "bc.docx")
    pad = b" " * (MAX_PART_BYTES + 1)
    bomb = _rewrite(
        source,
        tmp_path / "bom.docx",
        {"word/document.xml": BODY.encode() + pad + b"</w:body></w:document>"},
    )
    assert bomb.stat().st_size < 1024 * 1024  # a zip bomb: small on disk
    result = cli("audit", bomb)
    assert result.exit_code == 1
    assert "Tệp bom.docx: thành phần word/document.xml giải nén quá lớn" in result.stderr
    assert "Traceback" not in result.stderr


def test_too_many_parts_and_doctype_are_refused(cli, tmp_path):
    source = _report(tmp_path / "bc.docx")
    many = _rewrite(source, tmp_path / "nhieu.docx", {}, extra=MAX_ENTRIES)
    result = cli("audit", many)
    assert result.exit_code == 1 and "Tệp nhieu.docx: tệp nén có" in result.stderr
    laughs = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaa">]>' + BODY.encode()
    doctype = _rewrite(
        source, tmp_path / "dtd.docx", {"word/document.xml": laughs + b"</w:body></w:document>"}
    )
    result = cli("audit", doctype)
    assert (
        result.exit_code == 1
        and "Tệp dtd.docx không phải tệp Word .docx hợp lệ: tệp chứa khai báo DOCTYPE."
        in result.stderr
    )


def test_files_above_the_size_limit_are_refused_unread(cli, tmp_path):
    for name in ("lon.docx", "lon.pdf", "lon.txt"):
        path = tmp_path / name
        with path.open("wb") as handle:  # sparse: no disk space used
            handle.truncate(MAX_FILE_BYTES + 1)
        result = cli("audit", path)
        assert result.exit_code == 1, (name, result.stderr)
        if name.endswith(".txt"):  # a text report is tens of KB: refused far below 50 MB
            assert f"Tệp {name} quá lớn (50.0 MB) để là một bản báo cáo" in result.stderr
        else:
            assert f"Tệp {name}: tệp nặng 50 MB, giới hạn 50 MB" in result.stderr
