"""Read files in worker processes, each bounded in memory and time; a worker that dies (a
native abort, memory exhaustion, a hang) costs only the file it was reading."""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from dean5299_cli.core.records import RawFile
from dean5299_cli.readers.consolidated import LabelBook
from dean5299_cli.readers.files import read_file

WORKER_MEMORY = (
    512 * 1024 * 1024
)  # address space of one worker (POSIX only): 2 workers + the main process stay near 1 GB
SECONDS_PER_FILE = 10  # a worker still reading one file after this is stopped
_CRASHED = "tệp làm hỏng trình đọc (tệp hỏng hoặc cố tình gây lỗi)"

Item = tuple[Path, str]


def _limit_worker() -> None:
    """Bound this worker's memory where the OS allows it (not on Windows); let SIGALRM end it.
    Workers ignore Ctrl-C: the main process says one line and stops the pool."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform == "win32":
        return
    import resource

    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = WORKER_MEMORY if hard == resource.RLIM_INFINITY else min(WORKER_MEMORY, hard)
    if soft == resource.RLIM_INFINITY or soft > wanted:
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def _read_chunk(items: list[Item], labels: LabelBook = ()) -> list[RawFile]:
    """In a worker: read each file under an alarm whose default action ends the worker."""
    alarm = getattr(__import__("signal"), "alarm", None)
    result = []
    for item in items:
        if alarm:
            alarm(SECONDS_PER_FILE)
        result.append(read_file(*item, labels=labels))
    if alarm:
        alarm(0)
    return result


@contextlib.contextmanager
def _interrupt_held() -> Iterator[None]:
    """Hold Ctrl-C back (POSIX) while workers start; a held signal is delivered afterwards."""
    import signal

    hold = getattr(signal, "pthread_sigmask", None)
    if hold is None:
        yield
        return
    hold(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        hold(signal.SIG_UNBLOCK, {signal.SIGINT})


def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, initializer=_limit_worker)


def _crashed(item: Item) -> RawFile:
    return RawFile(item[1], refused_code="unreadable-file", refused_reason=_CRASHED)


def _one_by_one(
    items: list[Item], progress: Callable[[int], None] | None, labels: LabelBook = ()
) -> list[RawFile]:
    """Read each file alone in a worker: the one that breaks it is the culprit."""
    result = []
    pool = _pool(1)
    try:
        for item in items:
            try:
                raw = pool.submit(_read_chunk, [item], labels).result(timeout=SECONDS_PER_FILE * 3)[
                    0
                ]
            except Exception:  # noqa: BLE001 - any failure of the worker is this file's
                raw = _crashed(item)
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _pool(1)
            result.append(raw)
            if progress:
                progress(1)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    return result


def read_isolated(
    items: list[Item],
    workers: int,
    progress: Callable[[int], None] | None = None,
    labels: LabelBook = (),
) -> list[RawFile]:
    """Read every file with `workers` processes; results in the order of `items`."""
    size = max(1, len(items) // (workers * 8))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    done: dict[int, list[RawFile]] = {}
    failed: list[int] = []
    # The main process's objects are left out of the workers' collections: forked workers then
    # neither walk nor copy them (copy-on-write), 0,1 s of CPU per 1.000 files.
    gc.freeze()
    pool = _pool(workers)
    try:
        with _interrupt_held():  # the workers start here: Ctrl-C waits until they ignore it
            futures: list[Future[list[RawFile]]] = [
                pool.submit(_read_chunk, c, labels) for c in chunks
            ]
        for index, future in enumerate(futures):
            try:
                done[index] = future.result()
                if progress:
                    progress(len(done[index]))
            except (BrokenProcessPool, Exception):  # noqa: BLE001 - a dead worker, a pickling error…
                failed.append(index)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        gc.unfreeze()
    for index in failed:
        done[index] = _one_by_one(chunks[index], progress, labels)
    return [raw for index in range(len(chunks)) for raw in done[index]]
