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
from dean5299_cli.readers.files import PLAIN, Reading, read_file
from dean5299_cli.readers.forked import (
    SECONDS_PER_FILE,
    WORKER_MEMORY,
    Item,
    bound_time,
    crashed,
    interrupt_held,
    read_here,
    seconds_for,
)
from dean5299_cli.readers.forked import limit_worker as _limit_worker

__all__ = ["WORKER_MEMORY", "read_isolated"]

_THREADS_END = 5.0  # seconds a retired pool's threads are waited for, at most


def _read_chunk(items: list[Item], reading: Reading = PLAIN) -> list[RawFile]:
    """In a worker: read each file bounded in time (`bound_time` ends the worker)."""
    result = []
    for item in items:
        bound_time(seconds_for(item[0], SECONDS_PER_FILE))
        result.append(read_file(*item, reading))
    bound_time(0)
    return result


def _import_readers() -> None:
    """What every worker imports to read its first file (the guards of each format; ctypes, for
    `end_with`), imported once here before the workers are forked: each worker imported them
    again (~10 ms of CPU each)."""
    import ctypes  # noqa: F401

    import dean5299_cli.readers.biff
    import dean5299_cli.readers.ods
    import dean5299_cli.readers.ooxml  # noqa: F401


def _usable(pool: ProcessPoolExecutor) -> bool:
    """Whether `pool` has a worker that runs at all: when none starts or lives (no process to be
    had, a platform's start method that fails), no file is to blame for it."""
    try:
        return pool.submit(os.getpid).result(timeout=SECONDS_PER_FILE * 3) > 0
    except Exception:  # noqa: BLE001 - whatever keeps a worker from running
        return False


def _pool(workers: int) -> ProcessPoolExecutor:
    """Workers forked from this process on Linux, whatever Python's default start method (a fork
    server from Python 3.14): they start at once, with every module already imported; elsewhere
    the platform's own (spawn on Windows and macOS)."""
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_limit_worker, initargs=(os.getpid(),)
    )


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    """Kill the workers of `pool` (whatever they are reading is not wanted any more), then close
    this process's end of the pipe they send results through. A worker killed while it wrote a
    result left the pool's manager thread waiting for the rest of it for ever, and the
    interpreter's exit waits for that thread: a Ctrl-C answered, then a console stuck. With no
    writer left, the thread reads the end of the pipe instead, and stops."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(OSError, ValueError):
            process.kill()
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
    if writer is not None:
        with contextlib.suppress(OSError):
            writer.close()


def _retire(pool: ProcessPoolExecutor, kill: bool = False) -> None:
    """Stop `pool` and wait (a few seconds at most) for the threads it started, its manager and
    its queue's feeder: workers are forked next, and one forked while another thread runs may
    wait forever on a lock that thread held (Python 3.12+ warns of it). Threads of the program
    that hosts this one are not waited for. `kill`: its workers are killed first, as one still
    reading (its file already lost) would hold its manager. On Ctrl-C too: a manager still
    ending when the interpreter exits races the exit's own wake-up call (CPython writes to the
    pipe the manager is closing: an English traceback after "Đã dừng")."""
    if kill:
        _kill_workers(pool)
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
    items: list[Item],
    progress: Callable[[int], None] | None,
    reading: Reading = PLAIN,
    worked: bool = False,
) -> list[RawFile]:
    """Read each file alone in a worker: the one that breaks it is the culprit, provided a fresh
    worker then runs. When none does, the files left are read in this process, behind the guards
    alone, rather than all called unreadable; the file that broke its worker too, unless a worker
    had read a file before (`worked`): then it is the culprit whatever comes after, never read
    here."""
    result: list[RawFile] = []
    pool = _pool(1)
    try:
        for index, item in enumerate(items):
            try:
                future = pool.submit(_read_chunk, [item], reading)
                raw = future.result(timeout=seconds_for(item[0], SECONDS_PER_FILE) * 3)[0]
                worked = True
            except Exception:  # noqa: BLE001 - any failure of the worker is this file's…
                _retire(pool, kill=True)
                pool = _pool(1)
                if not _usable(pool):  # …unless no worker runs at all
                    _retire(pool, kill=True)
                    rest = items[index + 1 :] if worked else items[index:]
                    lost = [crashed(item, SECONDS_PER_FILE)] if worked else []
                    if lost and progress:
                        progress(1)
                    return result + lost + read_here(rest, progress, reading)
                raw = crashed(item, SECONDS_PER_FILE)
            result.append(raw)
            if progress:
                progress(1)
    except BaseException:  # Ctrl-C, the callback's failure: the worker is stopped, and its pool
        _retire(pool, kill=True)  # ended before the interpreter's exit, which races its end
        raise
    _retire(pool)
    return result


def read_isolated(
    items: list[Item],
    workers: int,
    progress: Callable[[int], None] | None = None,
    reading: Reading = PLAIN,
) -> list[RawFile]:
    """Read every file with `workers` processes; results in the order of `items`."""
    size = max(1, len(items) // (workers * 8))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    done: dict[int, list[RawFile]] = {}
    failed: list[int] = []
    # The main process's objects are left out of the workers' collections: forked workers then
    # neither walk nor copy them (copy-on-write), 0,1 s of CPU per 1.000 files.
    _import_readers()
    gc.freeze()
    pool = _pool(workers)
    try:
        futures: list[Future[list[RawFile]]] = []
        # The workers start here: Ctrl-C waits until they ignore it. None to be had (a process
        # limit…): the chunks left are read one by one below, where that is found out.
        with interrupt_held(), contextlib.suppress(OSError, BrokenProcessPool):
            for chunk in chunks:
                futures.append(pool.submit(_read_chunk, chunk, reading))
        failed += range(len(futures), len(chunks))  # never submitted: read one by one below
        for index, future in enumerate(futures):
            try:
                done[index] = future.result()
            except (BrokenProcessPool, Exception):  # noqa: BLE001 - a dead worker, a pickling error…
                failed.append(index)
                continue
            if progress:  # its failure is the caller's, not the worker's: no second reading
                progress(len(done[index]))
    except BaseException:  # Ctrl-C, the callback's failure: the workers are stopped, and the
        _retire(pool, kill=True)  # pool ended before the interpreter's exit, which races its end
        raise
    finally:
        gc.unfreeze()
    _retire(pool, kill=len(futures) < len(chunks))  # its threads end before others are forked
    # A dead worker breaks the whole pool: every chunk not yet read failed with it. Their files
    # are read one by one by a single worker, not a new one for each chunk (a process started
    # and its modules imported each time: seconds on Windows, where workers are spawned).
    failed.sort()
    lost = [item for index in failed for item in chunks[index]]
    again, start = (_one_by_one(lost, progress, reading, worked=bool(done)) if lost else []), 0
    for index in failed:
        done[index], start = again[start : start + len(chunks[index])], start + len(chunks[index])
    return [raw for index in range(len(chunks)) for raw in done[index]]
