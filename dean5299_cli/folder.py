"""Read a whole submissions folder (in parallel when it pays) and judge it."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from dean5299_cli.core.checks import ValidationReport, judge
from dean5299_cli.core.errors import UsageError
from dean5299_cli.core.indicators import load_set
from dean5299_cli.core.records import RawFile
from dean5299_cli.core.settings import Settings
from dean5299_cli.readers.files import read_file, skip_reason

PARALLEL_FROM = 48  # below this many files, starting worker processes costs more than it saves


def _leave_interrupt_to_main() -> None:
    """Workers ignore Ctrl-C: the main process says one line and stops the pool."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _start_reading(
    pool: ProcessPoolExecutor, items: list[tuple[Path, str]], chunk: int
) -> Iterator[RawFile]:
    """Submit the work (this starts the workers) with Ctrl-C held back until they ignore it."""
    hold = getattr(signal, "pthread_sigmask", None)  # POSIX: a held signal is delivered afterwards
    if hold is None:
        return pool.map(_read_one, items, chunksize=chunk)
    hold(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        return pool.map(_read_one, items, chunksize=chunk)
    finally:
        hold(signal.SIG_UNBLOCK, {signal.SIGINT})


def list_folder(folder: Path) -> tuple[list[tuple[Path, str]], list[tuple[str, str]]]:
    """(files to read, files skipped with the reason), sorted, paths relative with `/`."""
    to_read: list[tuple[Path, str]] = []
    skipped: list[tuple[str, str]] = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(folder).as_posix()
        reason = skip_reason(path)
        if reason:
            skipped.append((rel, reason))
        else:
            to_read.append((path, rel))
    return to_read, skipped


def _read_one(item: tuple[Path, str]) -> RawFile:
    return read_file(*item)


def read_all(
    items: list[tuple[Path, str]],
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[RawFile]:
    """Read every file; results in the order of `items` whatever the number of workers."""
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(items) < PARALLEL_FROM:
        result = []
        for item in items:
            result.append(_read_one(item))
            if progress:
                progress(1)
        return result
    chunk = max(1, len(items) // (workers * 8))
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_leave_interrupt_to_main)
    try:
        result = []
        for raw in _start_reading(pool, items, chunk):
            result.append(raw)
            if progress:
                progress(1)
    except BaseException:  # Ctrl-C above all: drop the files not yet read, do not wait for them
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return result


def validate_folder(
    folder: Path,
    *,
    settings: Settings | None = None,
    year: int | None = None,
    quarter: int | None = None,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
    on_count: Callable[[int], None] | None = None,
) -> ValidationReport:
    """Check every submission under `folder` (the library call behind `dean5299 validate`)."""
    if not folder.is_dir():
        raise UsageError(f"Không có thư mục {folder}.")
    items, skipped = list_folder(folder)
    if on_count:
        on_count(len(items))
    raw_files = read_all(items, jobs=jobs, progress=progress)
    return judge(
        raw_files, load_set=load_set, settings=settings, year=year, quarter=quarter, skipped=skipped
    )
