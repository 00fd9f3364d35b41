"""Read a whole submissions folder (in parallel when it pays, each file isolated) and judge it."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path

from dean5299_cli.core.checking.intake import own_office_key
from dean5299_cli.core.checking.records import FolderReading
from dean5299_cli.core.checks import ValidationReport, judge
from dean5299_cli.core.errors import InputError, UsageError
from dean5299_cli.core.indicator_sets import SetLibrary, export_labels
from dean5299_cli.core.indicators import load_set
from dean5299_cli.core.records import RawFile, ReaderNote
from dean5299_cli.core.settings import Settings
from dean5299_cli.readers.files import PLAIN, Reading, skip_reason

PARALLEL_FROM = 48  # below this many files, a pool of workers costs more than it saves
MAX_DEPTH = 16  # sub-folders deeper than this are not walked (and said so)


def shown_name(text: str) -> str:
    """A file name as valid UTF-8 text: undecodable bytes become replacement characters."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")


def _unreadable_folder(path: Path, exc: OSError) -> InputError:
    why = "không có quyền đọc" if isinstance(exc, PermissionError) else "không mở được"
    return InputError(
        f'Không đọc được thư mục "{shown_name(str(path))}" ({why}); '
        "chưa thể biết đơn vị nào đã gửi báo cáo. Hãy cấp quyền đọc rồi chạy lại."
    )


def _special_reason(entry: os.DirEntry[str]) -> str | None:
    """Why a directory entry that is neither a file nor a folder is skipped (None if neither)."""
    try:
        mode = entry.stat().st_mode
    except FileNotFoundError:
        return "liên kết tới tệp không còn tồn tại"
    except OSError:
        return "liên kết hỏng hoặc vòng lặp liên kết"
    if stat.S_ISFIFO(mode):
        return "không phải tệp thường (ống dẫn FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "không phải tệp thường (thiết bị)"
    if stat.S_ISSOCK(mode):
        return "không phải tệp thường (socket)"
    return None


def list_folder(folder: Path) -> tuple[list[tuple[Path, str]], list[tuple[str, str]]]:
    """(files to read, entries skipped with the reason), sorted, paths relative with `/`.
    Raises InputError when the folder or one of its sub-folders cannot be read."""
    to_read: list[tuple[Path, str]] = []
    skipped: list[tuple[str, str]] = []
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[Path, str, int]] = [(folder, "", 0)]
    while stack:
        directory, prefix, depth = stack.pop()
        try:
            info = directory.stat()
            if (info.st_dev, info.st_ino) in seen and info.st_ino:
                continue  # a folder reached twice through links: read once
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(directory) as entries:
                listed = list(entries)
        except OSError as exc:
            raise _unreadable_folder(directory, exc) from exc
        for entry in listed:
            rel = prefix + shown_name(entry.name)
            path = Path(entry.path)
            special = _special_reason(entry)
            if special:
                skipped.append((rel, special))
            elif entry.is_dir():
                if entry.name.lower().endswith(tuple(_SUFFIXES)):
                    skipped.append((rel, "là thư mục, không phải tệp bảng tính"))
                if depth + 1 > MAX_DEPTH:
                    skipped.append((rel, f"thư mục lồng quá {MAX_DEPTH} cấp, không đọc"))
                else:
                    stack.append((path, rel + "/", depth + 1))
            else:
                reason = skip_reason(path)
                (skipped.append((rel, reason)) if reason else to_read.append((path, rel)))
    to_read.sort(key=lambda item: item[1])
    skipped.sort()
    return to_read, skipped


_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


def read_all(
    items: list[tuple[Path, str]],
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
    reading: Reading = PLAIN,
) -> list[RawFile]:
    """Read every file; results in the order of `items` whatever the number of workers. Each
    file is read in another process (a pool of workers for many files, one forked child for
    few), so a file that crashes, exhausts or hangs its reader is unreadable, alone. Where there
    is no fork (Windows), few files are read by a pool of one worker; only where no worker
    process can be had at all are files read in this process, behind the guards alone."""
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if not items:
        return []
    from dean5299_cli.readers.forked import can_fork, read_forked

    many = workers > 1 and len(items) >= PARALLEL_FROM
    if many or not can_fork():
        from dean5299_cli.readers.pool import read_isolated  # heavier to start than one fork

        return read_isolated(items, workers if many else 1, progress, reading)
    return read_forked(items, progress, reading)


def validate_folder(
    folder: Path,
    *,
    settings: Settings | None = None,
    year: int | None = None,
    quarter: int | None = None,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
    on_count: Callable[[int], None] | None = None,
    indicator_sets: SetLibrary | None = None,
    set_aside: Mapping[str, str] | None = None,
    keep_reading: bool = False,
    sheets_aside: Mapping[tuple[str, str], str] | None = None,
) -> ValidationReport:
    """Check every submission under `folder` (the library call behind `dean5299 validate`);
    `set_aside` (relative path → reason) lists files not to read, shown as skipped;
    `keep_reading`: the report keeps what was read (`judge_again`), not only the copies;
    `sheets_aside` ((relative path, sheet) → reason): sheets of a file not to use, each said."""
    if not folder.is_dir():
        shown = shown_name(str(folder))
        raise UsageError(f"Không có thư mục {shown}.", paths=(shown,))
    items, skipped = list_folder(folder)
    if set_aside:
        skipped += [(rel, set_aside[rel]) for _, rel in items if rel in set_aside]
        items = [(path, rel) for path, rel in items if rel not in set_aside]
    if on_count:
        on_count(len(items))
    labels = export_labels(indicator_sets, settings) if indicator_sets else ()
    raw_files = []
    reading = Reading(labels, own_office_key(settings))
    for raw in read_all(items, jobs=jobs, progress=progress, reading=reading):
        if raw.refused_code == "skipped-file":  # e.g. a review workbook this tool wrote
            skipped.append((raw.path, raw.refused_reason or ""))
        else:
            raw_files.append(raw)
    # the one list of what was read: judged from it, and let go of as it is (`_judged`)
    raw_files = without_sheets(raw_files, sheets_aside or {})
    return _judged(raw_files, tuple(skipped), settings, year, quarter, indicator_sets, keep_reading)


def judge_again(
    folder: Path,
    report: ValidationReport,
    *,
    settings: Settings | None,
    indicator_sets: SetLibrary | None,
    set_aside: Mapping[str, str],
    sheets_aside: Mapping[tuple[str, str], str] | None = None,
) -> ValidationReport:
    """`report`'s folder judged again for the same period with the files of `set_aside`
    (relative path → reason) shown as skipped, and the sheets of `sheets_aside` ((relative
    path, sheet) → reason) not used, each said: from the reading the report kept, else by
    reading the folder again."""
    kept = report.reading
    if kept is None:
        return validate_folder(
            folder,
            settings=settings,
            year=report.year,
            quarter=report.quarter,
            indicator_sets=indicator_sets,
            set_aside=set_aside,
            sheets_aside=sheets_aside,
        )
    kept_files = [rf for rf in kept.files if rf.path not in set_aside]
    files = without_sheets(kept_files, sheets_aside or {})
    aside = [(rf.path, set_aside[rf.path]) for rf in kept.files if rf.path in set_aside]
    skipped = (*kept.skipped, *aside)
    return _judged(files, skipped, settings, report.year, report.quarter, indicator_sets, False)


def without_sheets(files: list[RawFile], aside: Mapping[tuple[str, str], str]) -> list[RawFile]:
    """The files with the sheets of `aside` ((path, sheet) → reason) taken out of their
    submissions, each said in a note of its file (`sheet-set-aside`)."""
    if not aside:
        return files
    kept = []
    for rf in files:
        out = [s for s in rf.submissions if (rf.path, s.sheet) in aside]
        if not out:
            kept.append(rf)
            continue
        notes = tuple(
            ReaderNote(
                "sheet-set-aside", None, {"sheet_name": sheet, "reason": aside[(rf.path, sheet)]}
            )
            for sheet in dict.fromkeys(s.sheet for s in out)
        )
        subs = tuple(s for s in rf.submissions if (rf.path, s.sheet) not in aside)
        kept.append(replace(rf, submissions=subs, notes=(*rf.notes, *notes)))
    return kept


def _judged(
    files: list[RawFile],
    skipped: tuple[tuple[str, str], ...],
    settings: Settings | None,
    year: int | None,
    quarter: int | None,
    indicator_sets: SetLibrary | None,
    keep_reading: bool,
) -> ValidationReport:
    """`files` judged; handed over: unless the reading is kept whole (`keep_reading`), `judge`
    lets go of each file's submissions in it once they are read, but the copies'."""
    reading = FolderReading(tuple(files), skipped) if keep_reading else None
    report = judge(
        files,
        load_set=indicator_sets.load if indicator_sets else load_set,
        settings=settings,
        year=year,
        quarter=quarter,
        skipped=skipped,
        release=not keep_reading,
    )
    copies = {rel for pair in (*report.copy_pairs(), *report.same_copies()) for rel in pair}
    report.copies = {rf.path: rf for rf in files if rf.path in copies}  # not read again
    report.reading = reading
    return report
