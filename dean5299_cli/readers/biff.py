"""Guard an .xls (BIFF8 in a CFB container): a small bounded CFB reader finds the Workbook
stream, and one scan of its records bounds each sheet's extent, finds error results and the
cells whose number format may show another figure (`biffformat`)."""

from __future__ import annotations

import struct

from dean5299_cli.readers.biffformat import FORMAT, FORMATTED, XF, BiffFormats
from dean5299_cli.readers.limits import (
    MAX_TEXT_REFERENCED,
    Refused,
    WorkbookFacts,
    check_extent,
    column_letters,
    corrupt,
)

_END_OF_CHAIN = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
_CELL_RECORDS = {0x0203, 0x00FD, 0x027E, 0x0201, 0x0204, 0x0205, 0x0006, 0x00D6}
_MULTI_RECORDS = {0x00BD, 0x00BE}  # MULRK, MULBLANK: row, first col, …, last col
_ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?",
           0x24: "#NUM!", 0x2A: "#N/A", 0x2B: "#GETTING_DATA"}  # fmt: skip
_MAX_STRING_BYTES = 2 * 32_767 + 3


class _Cfb:
    """A compound file: sectors, the FAT, the directory; every chain bounded and cycle-free."""

    def __init__(self, data: bytes) -> None:
        if len(data) < 512:
            raise corrupt()
        self.data = data
        shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
        if shift not in (9, 12) or mini_shift != 6:
            raise corrupt()
        self.size = 1 << shift
        if (len(data) - 512) % self.size:
            raise corrupt()  # cut short (a partly sent file): sectors are whole in a real one
        self.count = max(0, (len(data) - 512) // self.size + 1)
        n_fat, first_dir = struct.unpack_from("<II", data, 0x2C)
        self.cutoff, first_minifat, _, first_difat, n_difat = struct.unpack_from(
            "<IIIII", data, 0x38
        )
        difat = list(struct.unpack_from("<109I", data, 0x4C))
        sector, seen = first_difat, 0
        while sector < self.count and seen <= n_difat and seen < self.count:
            entries = struct.unpack_from(f"<{self.size // 4}I", self._sector(sector))
            difat.extend(entries[:-1])
            sector, seen = entries[-1], seen + 1
        fat_sectors = [s for s in difat[: max(n_fat, 0)] if s < self.count]
        self.fat = b"".join(self._sector(s) for s in fat_sectors)
        self.fat_len = len(self.fat) // 4
        self.directory = self._chain_bytes(first_dir)
        root = self._entry(0)
        self.mini = self._chain_bytes(root[1])[: root[2]] if root else b""
        self.minifat = self._chain_bytes(first_minifat) if first_minifat < self.count else b""

    def _sector(self, index: int) -> bytes:
        start = (index + 1) * self.size
        chunk = self.data[start : start + self.size]
        if len(chunk) < self.size:
            chunk += b"\0" * (self.size - len(chunk))  # a truncated last sector
        return chunk

    def _next(self, table: bytes, length: int, index: int) -> int:
        if index >= length:
            raise corrupt()
        value: int = struct.unpack_from("<I", table, index * 4)[0]
        return value

    def _chain_bytes(self, start: int) -> bytes:
        parts: list[bytes] = []
        seen: set[int] = set()
        sector = start
        while sector not in (_END_OF_CHAIN, _FREE):
            if sector in seen or sector >= self.count:
                raise corrupt()
            seen.add(sector)
            parts.append(self._sector(sector))
            sector = self._next(self.fat, self.fat_len, sector)
        return b"".join(parts)

    def _entry(self, index: int) -> tuple[str, int, int] | None:
        raw = self.directory[index * 128 : index * 128 + 128]
        if len(raw) < 128 or raw[66] not in (1, 2, 5):
            return None
        name_len = min(struct.unpack_from("<H", raw, 64)[0], 64)
        name = raw[: max(name_len - 2, 0)].decode("utf-16-le", "replace")
        start, size = struct.unpack_from("<II", raw, 116)
        return name, start, size

    def stream(self, wanted: tuple[str, ...]) -> bytes | None:
        for index in range(len(self.directory) // 128):
            entry = self._entry(index)
            if entry is None or entry[0].lower() not in wanted:
                continue
            _, start, size = entry
            if size >= self.cutoff:
                return self._chain_bytes(start)[:size]
            parts: list[bytes] = []
            seen: set[int] = set()
            sector = start
            mini_len = len(self.minifat) // 4
            while sector not in (_END_OF_CHAIN, _FREE) and len(parts) * 64 < size:
                if sector in seen or (sector + 1) * 64 > len(self.mini):
                    raise corrupt()
                seen.add(sector)
                parts.append(self.mini[sector * 64 : sector * 64 + 64])
                sector = self._next(self.minifat, mini_len, sector)
            return b"".join(parts)[:size]
        return None


def _records(stream: bytes, start: int) -> list[tuple[int, int, int]]:
    """(type, offset of the body, length) of the records of one substream, up to its EOF."""
    found, pos, end = [], start, len(stream)
    while pos + 4 <= end:
        typ, length = struct.unpack_from("<HH", stream, pos)
        found.append((typ, pos + 4, length))
        pos += 4 + length
        if typ == 0x000A:  # EOF
            break
    return found


def _sheet_names(stream: bytes, formats: BiffFormats) -> tuple[list[tuple[str, int]], int]:
    """Worksheets (name, offset of their BOF), and the string table's size in bytes; the
    number formats go to `formats` (BIFF8 only: an older BOF spells its strings otherwise)."""
    sheets, sst_bytes, in_sst = [], 0, False
    biff8 = stream[4:6] == b"\x00\x06"  # the globals' BOF: version 0x0600
    for typ, body, length in _records(stream, 0):
        rec = stream[body : body + length]
        if typ in (FORMAT, XF) and biff8:
            formats.record(typ, rec)
        elif typ == 0x002F:
            raise Refused("encrypted-file", "tệp có mật khẩu")
        in_sst = typ == 0x00FC or (in_sst and typ == 0x003C)
        if in_sst:
            sst_bytes += length
        if typ == 0x0085 and len(rec) >= 8 and rec[5] == 0:
            cch, high = rec[6], rec[7] & 1
            raw = rec[8 : 8 + cch * (2 if high else 1)]
            name = raw.decode("utf-16-le" if high else "latin-1", "replace")
            sheets.append((name, struct.unpack_from("<I", rec, 0)[0]))
    return sheets, sst_bytes


def scan_xls(data: bytes) -> WorkbookFacts:
    """Guard every worksheet of an .xls workbook; collect the error results of formulas."""
    try:
        stream = _Cfb(data).stream(("workbook", "book"))
    except (struct.error, IndexError, ValueError) as exc:
        raise corrupt() from exc
    if stream is None:
        raise Refused("unreadable-file", "tệp không có phần sổ tính (Workbook)")
    facts = WorkbookFacts("xls")
    try:
        formats = BiffFormats()
        sheets, sst_bytes = _sheet_names(stream, formats)
        formats.judge()
        shared_cells = 0
        for name, offset in sheets:
            shared_cells += _scan_sheet(stream, offset, name, facts, formats)
    except struct.error as exc:
        raise corrupt() from exc
    if shared_cells * min(sst_bytes, _MAX_STRING_BYTES) > MAX_TEXT_REFERENCED:
        raise Refused("too-large", f"{shared_cells} ô dùng chung chuỗi ký tự quá dài")
    return facts


def _scan_sheet(
    stream: bytes, offset: int, name: str, facts: WorkbookFacts, formats: BiffFormats
) -> int:
    """Bound one sheet's extent; return how many cells refer to the string table."""
    max_row = max_col = shared = 0
    # Most workbooks have no format that may alter a figure: no cell's format is looked at.
    formatted = facts.sheet(name) if formats.altering else None
    for typ, body, length in _records(stream, offset):
        if typ in _CELL_RECORDS and length >= 4:
            row, col = struct.unpack_from("<HH", stream, body)
            last = col
            shared += typ == 0x00FD
            if typ == 0x0006 and length >= 14 and stream[body + 12 : body + 14] == b"\xff\xff":
                if stream[body + 6] == 2:
                    code = _ERRORS.get(stream[body + 8], "#VALUE!")
                    facts.sheet(name).errors[f"{column_letters(col)}{row + 1}"] = code
            elif typ == 0x0205 and length >= 8 and stream[body + 7] == 1:
                code = _ERRORS.get(stream[body + 6], "#VALUE!")
                facts.sheet(name).errors[f"{column_letters(col)}{row + 1}"] = code
        elif typ in _MULTI_RECORDS and length >= 6:
            row, col = struct.unpack_from("<HH", stream, body)
            (last,) = struct.unpack_from("<H", stream, body + length - 2)
        elif typ == 0x0200 and length >= 14:
            _, row_end, _, col_end = struct.unpack_from("<IIHH", stream, body)
            check_extent(name, row_end, col_end)
            continue
        else:
            continue
        max_row, max_col = max(max_row, row + 1), max(max_col, col + 1, last + 1)
        check_extent(name, max_row, max_col)
        if formatted is not None and typ in FORMATTED:
            formats.cell(typ, stream, body, length, formatted)
    return shared
