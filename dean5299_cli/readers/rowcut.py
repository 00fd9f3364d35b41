"""A large worksheet part cut, as it is inflated, into pieces of whole rows: each piece, put
between the part's head (up to `<sheetData>`) and a made-up end, is a small sheet of its own
that the guard's plain path can check, in little memory, at the speed of its regular
expressions rather than that of one Python call for each element of the part.

Only the plain spelling is cut: a `<sheetData>` start tag without attributes and rows ended by
`</row>`. Anything else (a head or an end too large, a row longer than a piece) is `Uncut`, and
the part is streamed as before. A `</row>` is always an end tag in a part the plain path accepts
(`<` is escaped in text and values, and comments, CDATA and processing instructions make it
decline), so a piece the plain path accepts holds whole rows; a piece cut elsewhere (inside a
comment) is not well-formed, or holds markup the plain path declines."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

DATA_START = b"<sheetData>"
DATA_END = b"</sheetData>"
ROW_END = b"</row>"
MADE_UP_END = DATA_END + b"</worksheet>"  # what ends each piece's sheet (the root's own end)
MAX_HEAD = 8 * 1024  # bytes before the rows: a sheet's view, columns and dimension (each piece
# holds the head again: a head of 24 KB made each piece's work four times that of its rows)
MAX_END = 1024 * 1024  # bytes after the rows: merges, page set-up, drawings…
MIN_PIECE = 4 * 1024  # a piece's room for rows below which cutting is not worth it


class Uncut(Exception):
    """The part is not cut (spelt otherwise, or its head, end or a row too large)."""


@dataclass(frozen=True)
class Piece:
    """One small sheet made from the part: `rows` between the part's head and an end (the made-up
    one, or the part's own for the last piece, which holds no rows)."""

    head: bytes
    rows: bytes
    end: bytes

    @property
    def sheet(self) -> bytes:
        return self.head + self.rows + self.end


def pieces(chunks: Iterator[bytes], size: int) -> Iterator[Piece]:
    """The part in `chunks` as pieces of whole rows, each sheet at most `size` bytes (the last
    one, the head and the part's own end, at most `MAX_HEAD` + `MAX_END`). Raises Uncut. Each
    piece is copied once from what is inflated, however large a chunk (a bomb's are megabytes)."""
    source = iter(chunks)
    buffer = b""
    for chunk in source:
        buffer += chunk
        if DATA_START[:-1] in buffer or len(buffer) > MAX_HEAD:
            break
    at = buffer.find(DATA_START[:-1])
    if at < 0 or at + len(DATA_START) > MAX_HEAD or not buffer.startswith(DATA_START, at):
        raise Uncut  # no `sheetData`, one with attributes or empty, or a head too large
    pos = at + len(DATA_START)
    head = buffer[:pos]
    room = size - len(head) - len(MADE_UP_END)
    if room < MIN_PIECE:
        raise Uncut
    while True:
        stop = buffer.find(DATA_END, pos, pos + room + len(DATA_END))
        if stop >= 0:  # the rows end within this piece
            if stop > pos:
                yield Piece(head, buffer[pos:stop], MADE_UP_END)
            yield Piece(head, b"", _end(buffer[stop:], source))
            return
        if len(buffer) - pos > room:
            cut = buffer.rfind(ROW_END, pos, pos + room)
            if cut < 0:
                raise Uncut  # a row longer than a piece
            cut += len(ROW_END)
            yield Piece(head, buffer[pos:cut], MADE_UP_END)
            pos = cut
            continue
        more = next(source, None)
        if more is None:
            raise Uncut  # the part ends before its rows do (expat would refuse it)
        buffer, pos = buffer[pos:] + more, 0


def _end(start: bytes, chunks: Iterator[bytes]) -> bytes:
    """The part from its `</sheetData>` to its end (Uncut when larger than `MAX_END`)."""
    parts, size = [start], len(start)
    if size > MAX_END:
        raise Uncut
    for chunk in chunks:
        parts.append(chunk)
        size += len(chunk)
        if size > MAX_END:
            raise Uncut
    return b"".join(parts)
