"""Standard output for every command: JSON as UTF-8 bytes, and a quiet end when stdout is closed or full."""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import sys
from typing import IO, Any, TextIO, cast

import typer

EXIT_OUTPUT = 4  # core/errors.OutputError
EXIT_CLOSED = 141  # 128 + SIGPIPE: the reader went away (`dean5299 validate --json | head -1`)

_STREAM_ERRORS: dict[int, str] = {
    errno.ENOSPC: "đĩa đã đầy",
    errno.EFBIG: "tệp vượt quá dung lượng cho phép",
    getattr(errno, "EDQUOT", errno.ENOSPC): "đã hết hạn mức dung lượng",
    errno.EIO: "lỗi đọc ghi của thiết bị",
}


class StdoutFailure(typer.Exit):
    """Standard output cannot take more text: stop the command (passes `handle_errors` untouched)."""


def _silence_stdout() -> None:
    """Point stdout at the null device so nothing (not even the exit flush) writes there again."""
    devnull = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives until exit
    with contextlib.suppress(OSError, ValueError, AttributeError, io.UnsupportedOperation):
        os.dup2(devnull.fileno(), sys.stdout.fileno())  # the failing stream's own descriptor
    sys.stdout = devnull


def stdout_failure(exc: OSError) -> StdoutFailure:
    """Silence stdout and say (for a full disk, not a closed pipe) why the output stopped."""
    _silence_stdout()
    if isinstance(exc, BrokenPipeError) or exc.errno in (errno.EPIPE, errno.EINVAL):
        return StdoutFailure(EXIT_CLOSED)
    reason = _STREAM_ERRORS.get(exc.errno or 0, "không ghi tiếp được")
    sys.stderr.write(f"Lỗi: không ghi được kết quả ra đầu ra của lệnh ({reason}).\n")
    return StdoutFailure(EXIT_OUTPUT)


class _GuardedBinary:
    """`sys.stdout.buffer`, with write errors turned into `StdoutFailure`."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw

    def write(self, data: bytes) -> int:
        try:
            return self._raw.write(data)
        except OSError as exc:
            raise stdout_failure(exc) from None

    def flush(self) -> None:
        try:
            self._raw.flush()
        except OSError as exc:
            raise stdout_failure(exc) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)


class GuardedStdout:
    """A stand-in for `sys.stdout` (Rich writes through it) that stops quietly on a closed pipe."""

    def __init__(self, stream: IO[str]) -> None:
        self.wrapped = stream
        raw = getattr(stream, "buffer", None)
        self.buffer = _GuardedBinary(raw) if raw is not None else None

    def write(self, text: str) -> int:
        try:
            return self.wrapped.write(text)
        except OSError as exc:
            raise stdout_failure(exc) from None

    def flush(self) -> None:
        try:
            self.wrapped.flush()
        except OSError as exc:
            raise stdout_failure(exc) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.wrapped, name)


def prepare_streams() -> None:
    """UTF-8 for human text whatever the code page (Windows), and a guarded stdout."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding != "utf8" and reconfigure is not None:
            with contextlib.suppress(OSError, ValueError):
                reconfigure(encoding="utf-8", errors="replace")
    if not isinstance(sys.stdout, GuardedStdout):
        sys.stdout = cast(TextIO, GuardedStdout(sys.stdout))


_PIECES = 1 << 16  # characters of JSON gathered before they are encoded


def json_bytes(data: object) -> io.BytesIO:
    """`json.dumps(data, ensure_ascii=False, indent=2)` and a new line, as UTF-8, encoded a few
    pieces at a time: `json.dumps` with an indent keeps every piece until the end (millions of
    small strings for `rank --json` of 10.000 units: 500 MB of the 890 MB it took)."""
    out = io.BytesIO()
    pieces: list[str] = []
    size = 0
    for piece in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(data):
        pieces.append(piece)
        size += len(piece)
        if size >= _PIECES:
            out.write("".join(pieces).encode("utf-8"))
            pieces.clear()
            size = 0
    pieces.append("\n")
    out.write("".join(pieces).encode("utf-8"))
    return out


def write_json(data: object) -> None:
    """The one way a command prints JSON: UTF-8 bytes on stdout, whatever the console code page;
    all of it or nothing (it is written once whole)."""
    payload = json_bytes(data)
    stream = sys.stdout
    stream.flush()
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a text-only stream (tests): it takes str
        stream.write(payload.getvalue().decode("utf-8"))
    else:
        buffer.write(payload.getbuffer())
    stream.flush()
    if buffer is not None:
        buffer.flush()
