"""Reading a report to audit: .docx paragraphs and table cells, .pdf through pdftotext, plain text."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dean5299_cli.core.errors import InputError, UsageError
from dean5299_cli.core.text import clean_spaces
from dean5299_cli.verify.claims import GROUP_SPACE

if TYPE_CHECKING:
    from lxml.etree import _Element

    from dean5299_cli.verify.docx_stream import TableCells

TEXT_SUFFIXES = {".txt", ".md", ".text", ""}
_NUMERIC = re.compile(r"^[\d.,/%\s()—-]*$")


# A no-break, thin or narrow space between digit groups ("1 234", as French-style or pasted
# figures are written) is a thousands separator, not two numbers: "1 234/2 000" was read as
# 234/2 and called wrong. Kept through the spaces' clean-up as claims.GROUP_SPACE. A plain space
# stays a space: "quý 4 100/120" is quarter 4, then a fraction.
_GROUPED = re.compile(r"(?<=\d)[\u00a0\u2009\u202f](?=\d{3}(?!\d))")
_KEPT = "\ue000"  # a private-use character: never in a report's text, not white space


def _clean(text: str) -> str:
    """One space between words, and each letter in its composed form: a tone mark stored apart
    (Windows-1258, text from a Mac) hid the words claims are read by ("giảm 5%" read as a rate)."""
    kept = _GROUPED.sub(_KEPT, text.replace(_KEPT, ""))
    return unicodedata.normalize("NFC", clean_spaces(kept)).replace(_KEPT, GROUP_SPACE)


@dataclass(frozen=True)
class Block:
    """One paragraph, line or table cell of a document, with where it is for people."""

    where: str  # "đoạn 12", "dòng 36", "bảng 2, dòng 3, cột 4"
    text: str
    paragraph: int | None = None  # index in the .docx body paragraphs (for comments)
    cell: tuple[int, int, int] | None = None  # .docx table, row, column (0-based)
    row_label: str = ""  # table cells: the row's first text that is not a number (a unit's name)
    column_label: str = ""  # table cells: the header cell of the column ("CT 1")


def read_blocks(path: Path) -> list[Block]:
    """The text of a report as blocks; InputError (Vietnamese) when it cannot be read."""
    if not path.is_file():
        raise UsageError(f"Không tìm thấy tệp {path}.", paths=(path,))
    from dean5299_cli.verify.guard import check_docx, read_bounded

    suffix = path.suffix.lower()
    if suffix == ".docx":
        check_docx(path)
        return _docx_blocks(path)
    if suffix == ".pdf":
        read_bounded(path)  # pdftotext reads it again, by name
        return _pdf_blocks(path)
    if suffix in TEXT_SUFFIXES:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:  # every line is scanned for claims: a report is tens of KB
            raise InputError(
                f"Tệp {path.name} quá lớn ({size / (1024 * 1024):.1f} MB) để là một bản báo cáo; "
                "hãy kiểm tra bản .docx hoặc .pdf của báo cáo."
            )
        return _text_blocks(_plain_text(read_bounded(path), path.name))
    raise InputError(
        f"Tệp {path.name}: chưa đọc được định dạng {suffix}. "
        "Hãy lưu báo cáo thành .docx, .pdf hoặc văn bản thuần (.txt)."
    )


def _docx_blocks(path: Path) -> list[Block]:
    from dean5299_cli.verify.docx_stream import NotWord, stream_blocks

    try:
        paragraphs, cells = stream_blocks(path, shown_text, _cell_text)
    except NotWord as exc:
        raise InputError(
            f"Tệp {path.name} không phải tệp Word .docx hợp lệ (hỏng hoặc là định dạng khác)."
        ) from exc
    except Exception as exc:  # noqa: BLE001 - zip/XML parser failures on a broken file
        raise InputError(f"Tệp {path.name} bị hỏng, không đọc được.") from exc
    blocks = [
        Block(f"đoạn {i + 1}", text, paragraph=i)
        for i, raw in paragraphs
        if (text := _clean(raw))
    ]
    for table in cells:
        blocks.extend(_table_blocks(table))
    return blocks


def _table_blocks(table: TableCells) -> list[Block]:
    """A table's cells as blocks, each merged cell once (where it starts), with its row's label
    and its column's header."""
    blocks: list[Block] = []
    header: list[tuple[int, int, str]] = []  # (first column, columns spanned, text) of row 1
    for r, row in enumerate(table.rows):
        texts = [(c, span, _clean(raw), fresh) for c, span, raw, fresh in row]
        if r == 0:
            header = [(c, span, text) for c, span, text, _ in texts]
        label = next((text for _, _, text, _ in texts if text and not _NUMERIC.match(text)), "")
        for c, _, text, fresh in texts:
            if not fresh or not text:
                continue  # a cell merged down from a row above is that row's cell
            blocks.append(
                Block(
                    f"bảng {table.index + 1}, dòng {r + 1}, cột {c + 1}",
                    text,
                    cell=(table.index, r, c),
                    row_label=label,
                    column_label=_header_at(header, c),
                )
            )
    return blocks


def _header_at(header: list[tuple[int, int, str]], column: int) -> str:
    for first, span, text in header:
        if first <= column < first + span:
            return text
    return ""


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# What Word does not show of a paragraph: text deleted or moved away with tracked changes, a
# text box's own paragraphs, the fallback copy of an alternate content, properties.
_UNSHOWN = {
    _W + "del",
    _W + "moveFrom",
    _W + "txbxContent",
    _W + "pPr",
    _W + "rPr",
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
}
_CHARACTERS = {_W + "tab": "\t", _W + "br": "\n", _W + "cr": "\n", _W + "noBreakHyphen": "-"}
_OFF = {"0", "false", "off"}


def _hidden(run: _Element) -> bool:
    vanish = run.find(f"{_W}rPr/{_W}vanish")
    return vanish is not None and vanish.get(_W + "val", "true").lower() not in _OFF


def shown_text(paragraph: _Element) -> str:
    """A .docx paragraph's text as Word shows it: tracked insertions, fields, content controls
    and hyperlinks read in place; deletions, hidden text and text boxes left out (python-docx
    reads only the paragraph's direct runs: "đạt 6<ins>6,7</ins>%" read as "đạt 6%")."""
    parts: list[str] = []

    def walk(element: _Element) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _UNSHOWN:
                continue
            if tag == _W + "t":
                parts.append(child.text or "")
            elif tag in _CHARACTERS:
                parts.append(_CHARACTERS[tag])
            elif tag != _W + "r" or not _hidden(child):
                walk(child)

    walk(paragraph)
    return "".join(parts)


def _cell_text(cell: _Element) -> str:
    """A table cell's paragraphs (also those of a content control), not those of a table nested
    in it (its cells are no part of this one's figures)."""
    paragraphs = cell.findall(f"{_W}p") + cell.findall(f"{_W}sdt/{_W}sdtContent/{_W}p")
    return "\n".join(shown_text(p) for p in paragraphs)


def _pdf_text(path: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        raise InputError(
            f"Không đọc được tệp PDF {path.name}: máy chưa cài poppler (lệnh pdftotext). "
            "Hãy cài poppler-utils, hoặc dùng bản .docx của báo cáo."
        )
    try:
        done = subprocess.run(  # noqa: S603 - a fixed tool on a file name, no shell
            [tool, "-bbox-layout", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise InputError(f"Không đọc được tệp PDF {path.name} ({exc}).") from exc
    if done.returncode != 0:
        raise InputError(f"Tệp PDF {path.name} bị hỏng hoặc có mật khẩu, không đọc được chữ.")
    return done.stdout.decode("utf-8", errors="replace")


def _pdf_blocks(path: Path) -> list[Block]:
    """Paragraphs and table cells of each page (`trang 2, đoạn 5`), never across cells."""
    from dean5299_cli.verify.pdf_text import pdf_pages

    blocks = [
        Block(f"trang {p}, đoạn {n}", _clean(text))
        for p, texts in enumerate(pdf_pages(_pdf_text(path)), 1)
        for n, text in enumerate(texts, 1)
    ]
    if not any(block.text for block in blocks):  # "no slip in 0 figures" would read as a pass
        raise InputError(
            f"Tệp PDF {path.name} không có chữ đọc được (có thể là bản scan, chỉ có hình ảnh): "
            "không kiểm tra được số liệu nào. Hãy dùng bản .docx hoặc PDF xuất từ Word."
        )
    return blocks


MAX_TEXT_BYTES = 2 * 1024 * 1024
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def _plain_text(data: bytes, name: str = "") -> str:
    """The text of a plain-text report: UTF-8, a BOM-marked UTF-16 (Notepad "Unicode") or the
    Vietnamese Windows code page; UTF-16 without a BOM is refused (it would read as nothing)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break
    if b"\x00" in data:
        raise InputError(
            f"Tệp {name} không phải văn bản UTF-8 (có thể là Unicode không có dấu BOM). "
            "Mở bằng Notepad, chọn Lưu thành…, mục Mã hóa chọn UTF-8, rồi kiểm tra lại."
        )
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _text_blocks(text: str) -> list[Block]:
    """The lines of a text file (`dòng N`)."""
    text = text.replace("**", "").replace("\f", "\n")
    return [
        Block(f"dòng {i}", _clean(line))
        for i, line in enumerate(text.splitlines(), 1)
        if line.strip()
    ]
