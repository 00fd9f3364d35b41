"""Copy a zip package (.docx, .xlsx) with some parts replaced or added, part by part: the
stamp, the output marks and the ranking appendix all change a few parts of a file whose body may
be tens of megabytes, and none of them needs the whole package in memory."""

from __future__ import annotations

import shutil
import time
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO

# A part's new content: bytes, or a function that writes it to the open part, in pieces.
PartData = bytes | Callable[[IO[bytes]], None]
DateTime = tuple[int, int, int, int, int, int]


def _write(archive: zipfile.ZipFile, name: str, date_time: DateTime, data: PartData) -> None:
    entry = zipfile.ZipInfo(name, date_time)
    entry.compress_type = zipfile.ZIP_DEFLATED
    if isinstance(data, bytes):
        archive.writestr(entry, data)
        return
    with archive.open(entry, "w") as part:
        data(part)


def copy_package(
    source: Path | IO[bytes], target: Path | IO[bytes], replaced: Mapping[str, PartData]
) -> None:
    """Write to `target` the package `source` with the parts of `replaced` (by name) in place of
    its own, in the same order, and those it lacks added at the end; every other part copied in
    pieces, whatever its size."""
    left = dict(replaced)
    with (
        zipfile.ZipFile(source) as package,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy,
    ):
        for info in package.infolist():
            if info.filename in left:
                _write(copy, info.filename, info.date_time, left.pop(info.filename))
                continue
            with package.open(info) as part, copy.open(info, "w") as out:
                shutil.copyfileobj(part, out, 1 << 20)
        t = time.localtime()
        now = (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec)
        for name, data in left.items():
            _write(copy, name, now, data)


def rewrite_package(path: Path, replaced: Mapping[str, PartData]) -> None:
    """`copy_package` onto the package at `path` itself, through a file beside it."""
    staging = path.with_name(path.name + ".part")
    try:
        copy_package(path, staging, replaced)
        staging.replace(path)
    finally:
        staging.unlink(missing_ok=True)
