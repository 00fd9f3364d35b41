"""Builders of hostile and broken workbooks, written as real files (used by tests and the benchmark)."""

from __future__ import annotations

import re
import struct
import zipfile
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET = "xl/worksheets/sheet1.xml"


def read_zip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def write_zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def patch_xlsx(path: Path, name: str = SHEET, **subs: str) -> Path:
    """Replace text in one part of an .xlsx (keyword `old=new` pairs given as a dict)."""
    parts = read_zip(path)
    text = parts[name].decode("utf-8")
    for old, new in subs.items():
        assert old in text, old
        text = text.replace(old, new)
    parts[name] = text.encode("utf-8")
    return write_zip(path, parts)


def replace_in_part(path: Path, name: str, old: str, new: str, count: int = 1) -> Path:
    parts = read_zip(path)
    text = parts[name].decode("utf-8")
    assert old in text, (old, text[:300])
    parts[name] = text.replace(old, new, count).encode("utf-8")
    return write_zip(path, parts)


def set_cell_xml(path: Path, ref: str, xml: str) -> Path:
    """Replace the whole `<c r="ref" …>…</c>` element of sheet1 by `xml`."""
    parts = read_zip(path)
    text = parts[SHEET].decode("utf-8")
    pattern = re.compile(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', re.S)
    assert pattern.search(text), ref
    parts[SHEET] = pattern.sub(xml, text, count=1).encode("utf-8")
    return write_zip(path, parts)


def sheet_with_cells(path: Path, cells_xml: str, *, prefix: str = "") -> Path:
    """Replace sheet1's whole sheetData by `cells_xml` (rows), optionally namespace-prefixed."""
    parts = read_zip(path)
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    parts[SHEET] = (
        f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet {xmlns}><{p}sheetData>'
        f"{cells_xml}</{p}sheetData></{p}worksheet>"
    ).encode()
    return write_zip(path, parts)


# --- .xls: a minimal compound file holding a BIFF8 Workbook stream -------------------------


def _record(typ: int, body: bytes) -> bytes:
    return struct.pack("<HH", typ, len(body)) + body


def biff_workbook(sheets: list[list[bytes]], globals_records: tuple[bytes, ...] = ()) -> bytes:
    """A BIFF8 Workbook stream: globals (`globals_records`, then one BOUNDSHEET per sheet), then
    each sheet's records."""
    bof = _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0, 0, 0, 0))
    eof = _record(0x000A, b"")
    bodies = [bof + b"".join(recs) + eof for recs in sheets]
    names = [f"Sheet{i + 1}".encode("latin-1") for i in range(len(sheets))]
    bound_len = sum(4 + 8 + len(n) for n in names)
    extra = b"".join(globals_records)
    offset = len(bof) + len(extra) + bound_len + len(eof)
    globals_ = bof + extra
    for name, body in zip(names, bodies, strict=True):
        globals_ += _record(0x0085, struct.pack("<IBBBB", offset, 0, 0, len(name), 0) + name)
        offset += len(body)
    return globals_ + eof + b"".join(bodies)


def number(row: int, col: int, value: float = 1.0) -> bytes:
    return _record(0x0203, struct.pack("<HHHd", row, col, 0, value))


def formula_error(row: int, col: int, code: int = 0x07) -> bytes:
    result = bytes([2, 0, code, 0, 0, 0, 0xFF, 0xFF])
    return _record(0x0006, struct.pack("<HHH", row, col, 0) + result + b"\0" * 6 + b"\0\0")


def dimensions(rows: int, cols: int) -> bytes:
    return _record(0x0200, struct.pack("<IIHHH", 0, rows, 0, cols, 0))


def cfb(stream: bytes, name: str = "Workbook") -> bytes:
    """A version-3 compound file (512-byte sectors) holding one stream ≥ 4096 bytes (up to
    about 7 MB: the FAT's sectors all listed in the header)."""
    stream = stream.ljust(4096, b"\0")
    size = 512
    n_stream = -(-len(stream) // size)
    n_fat = -(-(n_stream + 2) // (size // 4 - 1))  # the FAT covers itself, the directory, the stream
    assert n_fat <= 109
    dir_sector, first_stream = n_fat, n_fat + 1
    fat = [0xFFFFFFFD] * n_fat + [0xFFFFFFFE]
    fat += [first_stream + i + 1 for i in range(n_stream - 1)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (n_fat * size // 4 - len(fat))
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 0x2C, n_fat, dir_sector, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    struct.pack_into("<109I", header, 0x4C, *range(n_fat), *([0xFFFFFFFF] * (109 - n_fat)))

    def entry(label: str, kind: int, start: int, length: int, child: int = 0xFFFFFFFF) -> bytes:
        raw = bytearray(128)
        encoded = (label + "\0").encode("utf-16-le")
        raw[: len(encoded)] = encoded
        struct.pack_into("<HBB", raw, 64, len(encoded), kind, 1)
        struct.pack_into("<III", raw, 68, 0xFFFFFFFF, 0xFFFFFFFF, child)
        struct.pack_into("<II", raw, 116, start, length)
        return bytes(raw)

    directory = entry("Root Entry", 5, 0xFFFFFFFE, 0, child=1) + entry(name, 2, first_stream, len(stream))
    directory = directory.ljust(size, b"\0")
    body = struct.pack(f"<{len(fat)}I", *fat) + directory + stream.ljust(n_stream * size, b"\0")
    return bytes(header) + body


def format_record(index: int, code: str) -> bytes:
    """A BIFF8 FORMAT record: the code's index, then its characters (UTF-16 when not Latin-1)."""
    wide = any(ord(c) > 0xFF for c in code)
    raw = code.encode("utf-16-le" if wide else "latin-1")
    return _record(0x041E, struct.pack("<HHB", index, len(code), int(wide)) + raw)


def xf_record(ifmt: int, *, style: bool = False) -> bytes:
    """A BIFF8 XF record (20 bytes) using the format `ifmt`: a cell XF unless `style`."""
    return _record(0x00E0, struct.pack("<HHH", 0, ifmt, 0xFFF5 if style else 0x0001) + b"\0" * 14)


def _biff_split(stream: bytes) -> list[list[tuple[int, bytes]]]:
    """The records of a Workbook stream, one list per substream (each ending with its EOF)."""
    parts: list[list[tuple[int, bytes]]] = [[]]
    pos = 0
    while pos + 4 <= len(stream):
        typ, length = struct.unpack_from("<HH", stream, pos)
        if typ == 0 and length == 0:
            break  # the padding after the last substream
        parts[-1].append((typ, stream[pos + 4 : pos + 4 + length]))
        pos += 4 + length
        if typ == 0x000A:
            parts.append([])
    return [p for p in parts if p]


def restyled_xls(
    source: bytes,
    formats: dict[str, str | int],
    *,
    numbers: dict[str, float] | None = None,
    extra_globals: tuple[bytes, ...] = (),
) -> bytes:
    """A real .xls (`source`, one worksheet) whose cells `formats` (A1 → a format code, or the
    index of a built-in format) use new cell XFs, and whose cells `numbers` hold new figures.
    `extra_globals`: records added after the XFs (hostile ones)."""
    from dean5299_cli.readers.biff import _Cfb

    stream = _Cfb(source).stream(("workbook",))
    assert stream is not None
    globals_, *sheets = _biff_split(stream)
    n_xf = sum(t == 0x00E0 for t, _ in globals_)
    codes = sorted({c for c in formats.values() if isinstance(c, str)})
    index_of = {c: 200 + k for k, c in enumerate(codes)}

    def ifmt_of(code: str | int) -> int:
        return index_of[code] if isinstance(code, str) else code

    ifmts = sorted({ifmt_of(c) for c in formats.values()})
    xf_of = {ifmt: n_xf + k for k, ifmt in enumerate(ifmts)}
    added = b"".join(format_record(i, c) for c, i in index_of.items())
    added += b"".join(xf_record(i) for i in ifmts) + b"".join(extra_globals)
    last_xf = max(k for k, (t, _) in enumerate(globals_) if t == 0x00E0)
    cells = {_a1(ref): xf_of[ifmt_of(c)] for ref, c in formats.items()}
    values = {_a1(ref): v for ref, v in (numbers or {}).items()}
    bodies = []
    for recs in sheets:
        out = b""
        for typ, body in recs:
            if typ in (0x0203, 0x027E, 0x00FD, 0x0204) and len(body) >= 6:
                row, col, xf = struct.unpack_from("<HHH", body)
                xf = cells.get((row, col), xf)
                if (row, col) in values:
                    typ, body = 0x0203, struct.pack("<HHHd", row, col, xf, values[(row, col)])
                else:
                    body = struct.pack("<HHH", row, col, xf) + body[6:]
            out += _record(typ, body)
        bodies.append(out)
    head = b"".join(_record(t, b) for t, b in globals_[: last_xf + 1]) + added
    tail_recs = globals_[last_xf + 1 :]
    size = len(head) + sum(4 + len(b) for _, b in tail_recs)
    offsets = [size + sum(len(b) for b in bodies[:k]) for k in range(len(bodies))]
    sheet_no = 0
    tail = b""
    for typ, body in tail_recs:
        if typ == 0x0085:
            body = struct.pack("<I", offsets[sheet_no]) + body[4:]
            sheet_no += 1
        tail += _record(typ, body)
    return cfb(head + tail + b"".join(bodies))


def _a1(ref: str) -> tuple[int, int]:
    m = re.fullmatch(r"([A-Z]+)([0-9]+)", ref)
    assert m
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


# --- .ods: a minimal OpenDocument spreadsheet -------------------------------------------------

ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"'
)


def ods(path: Path, tables_xml: str) -> Path:
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS} office:version="1.2">'
        f"<office:body><office:spreadsheet>{tables_xml}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


def ods_cell(text: str) -> str:
    return f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'


def lie_about_size(path: Path, name: str, size: int) -> Path:
    """Patch the declared uncompressed size of one entry (local and central headers)."""
    data = bytearray(path.read_bytes())
    encoded = name.encode()
    pos = 0
    while (pos := data.find(b"PK\x03\x04", pos)) >= 0:
        n, e = struct.unpack_from("<HH", data, pos + 26)
        if bytes(data[pos + 30 : pos + 30 + n]) == encoded:
            struct.pack_into("<I", data, pos + 22, size)
        pos += 4
    pos = 0
    while (pos := data.find(b"PK\x01\x02", pos)) >= 0:
        n = struct.unpack_from("<H", data, pos + 28)[0]
        if bytes(data[pos + 46 : pos + 46 + n]) == encoded:
            struct.pack_into("<I", data, pos + 24, size)
        pos += 4
    path.write_bytes(bytes(data))
    return path


def write_hostile_set(folder: Path, good: Path) -> list[str]:
    """One file per attack class in `folder`, built from the good submission `good`."""
    folder.mkdir(parents=True, exist_ok=True)
    base = good.read_bytes()

    def copy(name: str) -> Path:
        target = folder / name
        target.write_bytes(base)
        return target

    far = '<row r="1"><c s="1" r=\'XFD1048576\'><v>1</v></c></row>'
    sheet_with_cells(copy("o-xa.xlsx"), far)
    sheet_with_cells(copy("tien-to.xlsx"), '<x:row><x:c r="A99999999"><x:v>1</x:v></x:c></x:row>', prefix="x")
    sheet_with_cells(copy("khong-r.xlsx"), "<row>" + "<c><v>1</v></c>" * 40_000 + "</row>")
    sheet_with_cells(copy("chuoi-dai.xlsx"), f'<row r="1"><c r="A1" t="inlineStr"><is><t>{"x" * 60_000_000}</t></is></c></row>')
    parts = read_zip(good)
    parts[SHEET] = parts[SHEET].replace(b"<sheetData>", b"<sheetData>" + b" " * 150_000_000)
    lie_about_size(write_zip(folder / "noi-doi-kich-thuoc.xlsx", parts), SHEET, 6000)
    sheets = [[number(0, 0), number(65535, 255)] for _ in range(4)]
    (folder / "bom.xls").write_bytes(cfb(biff_workbook(sheets)))
    row = f'<table:table-row table:number-rows-repeated="1048576">{ods_cell("a") * 50}</table:table-row>'
    ods(folder / "lap-dong.ods", f'<table:table table:name="B">{row}</table:table>')
    rows = "".join(
        f'<row r="{r}">' + "".join(f"<c r=\"{_col(c)}{r}\"><v>{r}</v></c>" for c in range(1000)) + "</row>"
        for r in range(1, 1001)
    )
    sheet_with_cells(copy("lon-nhung-hop-le.xlsx"), rows)  # 1.000 × 1.000 cells: within the limits
    texts = "".join(  # 200.000 formulas' text results, each read back to its cell's type
        f'<row r="{r}">'
        + "".join(f'<c r="{_col(c)}{r}" t="str"><f>"a"&amp;"b"</f><v>a &amp; b</v></c>' for c in range(10))
        + "</row>"
        for r in range(1, 20_001)
    )
    sheet_with_cells(copy("nhieu-ket-qua-chu.xlsx"), texts)
    with (folder / "qua-nang.xlsx").open("wb") as handle:
        handle.truncate(60 * 1024 * 1024)
    heaviest(copy("nang-trong-gioi-han.xlsx"))
    many_groups(folder / "tong-hop-nhieu-nhom.xlsx")
    return sorted(p.name for p in folder.iterdir())


def many_groups(path: Path, rows: int = 99_000) -> Path:
    """A lower office's hand-made summary of `rows` rows, every group's row carrying its two
    units' sum with a figure mistyped, closed by a subtotal (each checked against its units):
    the summary's rules must take time linear in the rows (a search from the table's top for
    each row was minutes)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Tổng hợp")
    for line in (["", "Đơn vị báo cáo", "Đoàn khối X"], ["", "Năm", 2023], ["", "Kỳ báo cáo", "Quý IV"]):
        sheet.append(line)
    sheet.append(["STT", "Đơn vị", "ct1", "ct2"])
    for g in range(rows // 4):
        sheet.append(["", f"KHỐI {g}", 2, 3])
        sheet.append([2 * g + 1, f"Chi đoàn {g}a", 1, 1])
        sheet.append([2 * g + 2, f"Chi đoàn {g}b", 1, 1])
        sheet.append(["", "Cộng", 2, 3])
    book.save(path)
    return path


def heaviest(path: Path, sheets: int = 3) -> Path:
    """The most reading work within every limit: beside its own sheet, `sheets` sheets of
    100.000 rows × 20 numbers (2.000.000 cells, the most a sheet may hold; 58 MB each, a part may
    inflate to 64 MB; three of them 173 MB of the package's 200 MB). 12,8 MB on disk: it must be
    read (a real province's summary is as large), in the time its weight gives it."""
    parts = read_zip(path)
    letters = [_col(c) for c in range(20)]
    rows = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{r % 997}</v></c>' for c in letters) + "</row>"
        for r in range(1, 100_001)
    )
    big = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>'
    data = big.encode()
    ns_r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    workbook = parts["xl/workbook.xml"].decode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    types = parts["[Content_Types].xml"].decode()
    for k in range(2, 2 + sheets):
        parts[f"xl/worksheets/sheet{k}.xml"] = data
        workbook = workbook.replace(
            "</sheets>", f'<sheet xmlns:r="{ns_r}" name="Lớn {k}" sheetId="{k}" r:id="rIdL{k}"/></sheets>'
        )
        rels = rels.replace(
            "</Relationships>",
            f'<Relationship Type="{ns_r}/worksheet" Target="/xl/worksheets/sheet{k}.xml" Id="rIdL{k}"/>'
            "</Relationships>",
        )
        types = types.replace(
            "</Types>",
            f'<Override PartName="/xl/worksheets/sheet{k}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        )
    parts["xl/workbook.xml"], parts["xl/_rels/workbook.xml.rels"] = workbook.encode(), rels.encode()
    parts["[Content_Types].xml"] = types.encode()
    return write_zip(path, parts)


def _col(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
