"""A plain .xlsx written as a stream of rows: text and whole numbers, a bold header, no formulas.

For sheets of any length (the review workbook): no workbook object in memory and no openpyxl
import (half a second), only zipfile. Text is always written as text, never as a formula. Each
sheet prints on A4 landscape, one page wide, its header row on every page and page numbers
below; its header row is filtered (sort and filter by unit, severity, code).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from dean5299_cli.core.text import printable
from dean5299_cli.readers.limits import column_letters

Sheet = tuple[str, Sequence[str], Iterable[Sequence[str | int]], Sequence[int]]
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PR = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
PAGE_NUMBERS = "Trang &P/&N"  # the centred footer of every printed page (`&P` page, `&N` pages)
_PRINT = (
    '<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.6" header="0.3" footer="0.3"/>'
    '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
    f"<headerFooter><oddFooter>&amp;C&amp;9{escape(PAGE_NUMBERS)}</oddFooter></headerFooter>"
)
_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet {_NS}>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment wrapText="1" vertical="top"/></xf></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _cell(ref: str, value: str | int, style: int) -> str:
    if isinstance(value, int):
        return f'<c r="{ref}" s="{style}"><v>{value}</v></c>'
    if not value:
        return ""
    text = escape(printable(value))  # no character XML 1.0 cannot hold, whatever the source
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _row(number: int, values: Sequence[str | int], style: int) -> str:
    cells = "".join(_cell(f"{column_letters(c)}{number}", v, style) for c, v in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


def _write_sheet(zout: zipfile.ZipFile, index: int, sheet: Sheet) -> tuple[str, int]:
    """Write one sheet; the last column and row its filter covers (`G`, 54)."""
    _, headers, rows, widths = sheet
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, 1)
    )
    info = zipfile.ZipInfo(f"xl/worksheets/sheet{index}.xml")
    info.compress_type = zipfile.ZIP_DEFLATED
    with zout.open(info, "w") as out:
        out.write(
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {_NS}>'
            '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
            'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
            f"<cols>{cols}</cols><sheetData>{_row(1, headers, 1)}".encode()
        )
        last = 1
        for last, values in enumerate(rows, start=2):
            out.write(_row(last, values, 2).encode())
        column = column_letters(max(len(headers), 1) - 1)
        out.write(f'</sheetData><autoFilter ref="A1:{column}{last}"/>{_PRINT}</worksheet>'.encode())
    return column, last


def _workbook(names: list[str], ends: list[tuple[str, int]]) -> str:
    """The workbook part: its sheets, and for each its filter's range and its printed titles."""
    sheets = "".join(
        f'<sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, 1)
    )
    defined = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
        f"{_quoted(n)}!$A$1:${column}${row}</definedName>"
        f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">{_quoted(n)}!$1:$1</definedName>'
        for i, (n, (column, row)) in enumerate(zip(names, ends, strict=True))
    )
    return (
        f'<workbook {_NS} xmlns:r="{_R}"><sheets>{sheets}</sheets>'
        f"<definedNames>{defined}</definedNames></workbook>"
    )


def _quoted(escaped_name: str) -> str:
    """A sheet name as a formula spells it: in single quotes, a quote doubled."""
    return "'" + escaped_name.replace("'", "''") + "'"


def write_xlsx(path: Path, sheets: Sequence[Sheet]) -> None:
    """Write `sheets` (title, header, rows, column widths) to the workbook `path`."""
    names = [escape(title[:31]) for title, *_ in sheets]
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_CT}.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
        'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>{overrides}</Types>',
        "_rels/.rels": f'<Relationships xmlns="{_PR}"><Relationship Id="rId1" Type="{_R}/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{_PR}">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{_R}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        + f'<Relationship Id="rId{len(sheets) + 1}" Type="{_R}/styles" Target="styles.xml"/>'
        "</Relationships>",
        "xl/styles.xml": _STYLES,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, text in parts.items():
            zout.writestr(name, text)
        ends = [_write_sheet(zout, index, sheet) for index, sheet in enumerate(sheets, 1)]
        zout.writestr("xl/workbook.xml", _workbook(names, ends))
