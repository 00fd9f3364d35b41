"""Read files in worker processes, each bounded in memory and time; a worker that dies (a
native abort, memory exhaustion, a hang) costs only the file it was reading."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from dean5299_cli.core.records import RawFile
from dean5299_cli.readers.consolidated import LabelBook
from dean5299_cli.readers.files import read_file
from dean5299_cli.readers.forked import (
    SECONDS_PER_FILE,
    WORKER_MEMORY,
    Item,
    crashed,
    interrupt_held,
)
from dean5299_cli.readers.forked import limit_worker as _limit_worker

__all__ = ["WORKER_MEMORY", "read_isolated"]

_THREADS_END = 5.0  # seconds a retired pool's threads are waited for, at most


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


def _pool(workers: int) -> ProcessPoolExecutor:
    """Workers forked from this process on Linux, whatever Python's default start method (a fork
    server from Python 3.14): they start at once, with every module already imported; elsewhere
    the platform's own (spawn on Windows and macOS)."""
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_limit_worker, initargs=(os.getpid(),)
    )


def _retire(pool: ProcessPoolExecutor, kill: bool = False) -> None:
    """Stop `pool` and wait (a few seconds at most) for the threads it started, its manager and
    its queue's feeder: workers are forked next, and one forked while another thread runs may
    wait forever on a lock that thread held (Python 3.12+ warns of it). Threads of the program
    that hosts this one are not waited for. `kill`: its workers are killed first, as one still
    reading (its file already lost) would hold its manager."""
    if kill:
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            with contextlib.suppress(OSError, ValueError):
                process.kill()
    # Read before the shutdown, which forgets them (private names: none found, none waited for).
    threads = [
        getattr(pool, "_executor_manager_thread", None),
        getattr(getattr(pool, "_call_queue", None), "_thread", None),
    ]
    pool.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + _THREADS_END
    for thread in threads:
        if isinstance(thread, threading.Thread) and thread.is_alive():
            thread.join(max(0.0, deadline - time.monotonic()))


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
                raw = crashed(item)
                _retire(pool, kill=True)
                pool = _pool(1)
            result.append(raw)
            if progress:
                progress(1)
    except BaseException:  # Ctrl-C, the callback's failure: the worker is left to end alone
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    _retire(pool)
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
        with interrupt_held():  # the workers start here: Ctrl-C waits until they ignore it
            futures: list[Future[list[RawFile]]] = [
                pool.submit(_read_chunk, c, labels) for c in chunks
            ]
        for index, future in enumerate(futures):
            try:
                done[index] = future.result()
            except (BrokenProcessPool, Exception):  # noqa: BLE001 - a dead worker, a pickling error…
                failed.append(index)
                continue
            if progress:  # its failure is the caller's, not the worker's: no second reading
                progress(len(done[index]))
    except BaseException:  # Ctrl-C, the callback's failure: the workers are left to end alone
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        gc.unfreeze()
    _retire(pool)  # every chunk is done: its threads end before others are forked
    for index in failed:
        done[index] = _one_by_one(chunks[index], progress, labels)
    return [raw for index in range(len(chunks)) for raw in done[index]]
