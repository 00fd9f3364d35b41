"""The number formats of an .xls workbook (BIFF8) that may make a cell show another figure than
the one stored (see `numfmt`): cell format (XF) index → its number format, only those.

FORMAT records (0x041E) give the codes by index, XF records (0x00E0) each cell format's code
index in order; an index without a FORMAT record is one of Excel's built-in formats
(`styles.BUILTIN`: of these only the percentages show a count otherwise). A format code holds
at most 255 characters, so its record never needs a CONTINUE. Every list is bounded; a broken
record gives no format and never makes the file unreadable."""

from __future__ import annotations

import struct

from dean5299_cli.readers.limits import MAX_FORMATTED, SheetFacts, column_letters
from dean5299_cli.readers.numfmt import NumberFormat
from dean5299_cli.readers.styles import MAX_CODES, MAX_XFS, altering_formats

FORMAT, XF = 0x041E, 0x00E0
_CODE_CHARS = 255  # Excel's limit for a code; `parse_format` judges no more
# Cell records holding a number or a text, whose cell format is at offset 4 (row, col, XF).
_SINGLE = {0x0203, 0x027E, 0x00FD, 0x0204, 0x00D6, 0x0006}  # NUMBER, RK, LABELSST, LABEL,
_MULRK = 0x00BD  # RSTRING, FORMULA; MULRK: row, first col, (XF, RK)…, last col
FORMATTED = frozenset(_SINGLE | {_MULRK})
_FORMULA = 0x0006


class BiffFormats:
    """Format codes by index and each XF's code index (None for a style XF), from the
    workbook globals' records; then, per cell record, the cells whose format may alter."""

    def __init__(self) -> None:
        self.codes: dict[int, str] = {}
        self.xfs: list[int | None] = []
        self.altering: dict[int, NumberFormat] = {}
        self.formatted = 0  # cell positions noted, for the whole workbook

    def record(self, typ: int, rec: bytes) -> None:
        """Take a FORMAT or XF record of the globals (BIFF8)."""
        if typ == FORMAT and len(rec) >= 5 and len(self.codes) < MAX_CODES:
            index, chars, flags = struct.unpack_from("<HHB", rec, 0)
            wide = flags & 1
            raw = rec[5 : 5 + min(chars, _CODE_CHARS) * (2 if wide else 1)]
            if wide:
                raw = raw[: len(raw) // 2 * 2]
            code = raw.decode("utf-16-le" if wide else "latin-1", "replace")
            self.codes.setdefault(index, code)  # the first of one index (as `styles`)
        elif typ == XF and len(rec) >= 6 and len(self.xfs) < MAX_XFS:
            ifmt, kind = struct.unpack_from("<HH", rec, 2)
            self.xfs.append(None if kind & 0x0004 else ifmt)

    def judge(self) -> None:
        """The XFs whose number format may alter a figure: each code index judged once; most
        workbooks have none (built-in formats, `General`), and their cells are not looked at."""
        self.altering = altering_formats(self.codes, self.xfs)

    def cell(self, typ: int, stream: bytes, body: int, length: int, facts: SheetFacts) -> None:
        """Note the format of one cell record (each cell of a MULRK) when it may alter its
        figure; an error or a boolean result of a formula is no figure."""
        if self.formatted >= MAX_FORMATTED:
            return
        if typ in _SINGLE and length >= 6:
            row, col, xf = struct.unpack_from("<HHH", stream, body)
            # as the guard reads a result (biff._scan_sheet): only within the record's own bytes
            special = (
                typ == _FORMULA and length >= 14 and stream[body + 12 : body + 14] == b"\xff\xff"
            )
            if not special or stream[body + 6] in (0, 3):  # a text result (3: empty) or none
                self._note(facts, row, col, xf)
        elif typ == _MULRK and length >= 12:
            row, first = struct.unpack_from("<HH", stream, body)
            for k in range(min((length - 6) // 6, MAX_FORMATTED)):
                (xf,) = struct.unpack_from("<H", stream, body + 4 + 6 * k)
                if not self._note(facts, row, first + k, xf):
                    return

    def _note(self, facts: SheetFacts, row: int, col: int, xf: int) -> bool:
        fmt = self.altering.get(xf)
        if fmt is not None:
            self.formatted += 1
            if self.formatted > MAX_FORMATTED:
                return False
            facts.formats[f"{column_letters(col)}{row + 1}"] = fmt
        return True
