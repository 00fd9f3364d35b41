"""Where there is no fork and no SIGALRM (Windows), files are still read isolated and bounded in
time: few files by a pool of one worker, each file under a watchdog that ends the worker even
while native code holds the interpreter. Where no worker process runs at all, the files are read
in this process, behind the guards, never all called unreadable. Shown here on Linux, with fork
and the alarm taken away the way Windows lacks them."""

from __future__ import annotations

import multiprocessing.process
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from dean5299_cli.folder import PARALLEL_FROM, read_all
from dean5299_cli.readers import forked, pool
from tests.helpers import make_workspace, submit
from tests.readers.isolation import (
    act_up,
    check_only_culprit_lost,
    folder_items,
    run_python,
    run_script_on_folder,
)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forked pool: Linux")


_CRASH_WITHOUT_FORK = """
import os, sys
from pathlib import Path
from dean5299_cli.folder import list_folder, read_all
from dean5299_cli.readers import forked, pool

forked.can_fork = lambda: False  # as on Windows
real = pool.read_file

def reader(path, rel, reading=pool.PLAIN):
    if rel == "f1.xlsx":
        os.abort()  # what a native crash of the reader does to its process
    return real(path, rel, reading)

pool.read_file = reader
items, _ = list_folder(Path(sys.argv[1]))
seen = []
raws = read_all(items, progress=seen.append)
print(sum(seen), [(raw.path, raw.refused_code, len(raw.submissions)) for raw in raws])
"""


def test_without_fork_a_crash_on_one_of_few_files_costs_only_it(tmp_path: Path) -> None:
    """Before, few files were read in the main process where there is no fork: a file that
    crashed the native reader took the whole run down, with no message for anyone."""
    folder = make_workspace(tmp_path)
    for i in range(4):
        submit(folder, f"f{i}.xlsx")
    script = tmp_path / "read.py"
    script.write_text(_CRASH_WITHOUT_FORK, encoding="utf-8")
    out = run_python(str(script), str(folder))
    assert out.returncode == 0, out.stderr[-2000:]
    expected = [("f0.xlsx", None, 1), ("f1.xlsx", "unreadable-file", 0)]
    expected += [("f2.xlsx", None, 1), ("f3.xlsx", None, 1)]
    assert out.stdout.strip() == f"4 {expected}"


@pytest.mark.parametrize("count", [5, PARALLEL_FROM], ids=["few", "many"])
def test_without_alarm_a_file_holding_the_interpreter_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    """No SIGALRM: a reader stuck in native code that holds the interpreter (no Python thread
    could run) is ended by the watchdog; before, the run waited for it without end."""
    import ctypes

    items = folder_items(tmp_path, count, "f{:02}.xlsx")
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    monkeypatch.delattr(signal, "alarm")
    monkeypatch.setattr(pool, "SECONDS_PER_FILE", 1)
    act_up(monkeypatch, pool, "f03.xlsx", lambda: ctypes.PyDLL(None).sleep(40))
    start = time.monotonic()
    raws = read_all(items, jobs=2)
    assert time.monotonic() - start < 20
    check_only_culprit_lost(raws, items, "f03.xlsx")


def _no_process(self: multiprocessing.process.BaseProcess) -> None:
    raise OSError(11, "Resource temporarily unavailable")  # a process limit reached


@pytest.mark.parametrize("count", [5, PARALLEL_FROM], ids=["few", "many"])
def test_no_worker_process_to_be_had_reads_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    """No worker process can be started (a process limit; a start method that fails): the files
    are read in this process, each one's figures, rather than a traceback."""
    items = folder_items(tmp_path, count, "f{:02}.xlsx")
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", _no_process)
    seen: list[int] = []
    raws = read_all(items, jobs=2, progress=seen.append)
    check_only_culprit_lost(raws, items, None)
    assert sum(seen) == count


def _leave(parent: int) -> None:
    os._exit(1)


@pytest.mark.parametrize("count", [5, PARALLEL_FROM], ids=["few", "many"])
def test_workers_that_all_die_at_start_are_no_files_fault(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    """Every worker leaves before reading anything (as each did under Python 3.14's fork server
    before 22c42f6): no file is to blame; they are read here rather than all called unreadable."""
    items = folder_items(tmp_path, count, "f{:02}.xlsx")
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    monkeypatch.setattr(pool, "_limit_worker", _leave)
    seen: list[int] = []
    raws = read_all(items, jobs=2, progress=seen.append)
    check_only_culprit_lost(raws, items, None)
    assert sum(seen) == count


def test_a_crash_with_workers_to_be_had_is_still_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fallback is not a way round isolation: a file that kills its worker, when a fresh one
    runs, is unreadable; the others are read by workers."""
    items = folder_items(tmp_path, PARALLEL_FROM, "f{:02}.xlsx")
    act_up(monkeypatch, pool, "f07.xlsx", lambda: os._exit(3))
    here: list[int] = []
    real_here = pool.read_here
    monkeypatch.setattr(pool, "read_here", lambda *a, **k: here.append(1) or real_here(*a, **k))
    raws = read_all(items, jobs=2)
    check_only_culprit_lost(raws, items, "f07.xlsx")
    assert not here


_WATCHDOG_ARMED = """
import signal, time
del signal.alarm  # as on Windows: the watchdog bounds the file's reading
from dean5299_cli.readers.forked import bound_time
bound_time(30)
time.sleep(0.1)
bound_time(0)
print("read")
"""


def test_the_watchdog_leaves_nothing_on_the_console_under_dev_mode(tmp_path: Path) -> None:
    """Under `python -X dev` (passed on to spawned workers), the null device the watchdog writes
    to was a file object never closed: each worker printed a ResourceWarning at its exit."""
    out = run_python("-X", "dev", "-c", _WATCHDOG_ARMED, timeout=60)
    assert (out.returncode, out.stdout, out.stderr) == (0, "read\n", "")


def test_the_watchdog_still_ends_a_reader_holding_the_interpreter() -> None:
    """The watchdog writes its traceback to the null device, not the console, and ends the
    process even while native code holds the interpreter."""
    script = "import ctypes, signal\ndel signal.alarm\n"
    script += "from dean5299_cli.readers.forked import bound_time\n"
    script += "bound_time(1)\nctypes.PyDLL(None).sleep(30)\n"
    start = time.monotonic()
    out = run_python("-X", "dev", "-c", script, timeout=60)
    assert time.monotonic() - start < 15
    assert (out.returncode, out.stdout, out.stderr) == (1, "", "")


_CTRL_C_WHILE_A_FILE_HANGS = """
import sys, time
from pathlib import Path
from dean5299_cli.folder import list_folder, read_all
from dean5299_cli.readers import forked, pool

forked.can_fork = lambda: False  # as on Windows
pool.SECONDS_PER_FILE = 30
real = pool.read_file

def reader(path, rel, reading=pool.PLAIN):
    if rel == sys.argv[2]:
        time.sleep(60)  # a file whose reading hangs, up to its time bound
    return real(path, rel, reading)

def progress(count):
    time.sleep(0.5)  # the worker is by now in the file that hangs
    raise KeyboardInterrupt  # Ctrl-C

pool.read_file = reader
items, _ = list_folder(Path(sys.argv[1]))
try:
    read_all(items, jobs=2, progress=progress)
except KeyboardInterrupt:
    print("stopped", flush=True)
"""


@pytest.mark.parametrize(("count", "hangs"), [(5, "f01.xlsx"), (PARALLEL_FROM, "f04.xlsx")])
def test_ctrl_c_stops_the_workers_at_once(tmp_path: Path, count: int, hangs: str) -> None:
    """Ctrl-C while a worker reads a file that hangs: the process ends at once. Before, its
    workers were left to finish their chunk, and the interpreter's exit waited for them up to
    the file's time bound: the clerk saw the line "Đã dừng", then a console stuck for 10 s."""
    out, seconds = run_script_on_folder(tmp_path, count, _CTRL_C_WHILE_A_FILE_HANGS, hangs)
    assert (out.stdout, out.stderr) == ("stopped\n", "")
    assert seconds < 15  # the file's bound is 30 s


@pytest.mark.parametrize("count", [8, PARALLEL_FROM], ids=["few", "many"])
def test_chunks_lost_with_a_broken_pool_are_reread_by_one_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    """A worker that dies breaks its whole pool: every chunk not yet read fails with it. Before,
    each was re-read by a pool of its own, a process started for each (on Windows spawned, its
    modules imported: a second or more each, for a folder of 26 files nine of them)."""
    items = folder_items(tmp_path, count, "f{:02}.xlsx")
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    act_up(monkeypatch, pool, "f01.xlsx", lambda: os._exit(3))
    started: list[int] = []
    real_pool = pool._pool
    monkeypatch.setattr(
        pool, "_pool", lambda workers: started.append(workers) or real_pool(workers)
    )
    seen: list[int] = []
    raws = read_all(items, jobs=2, progress=seen.append)
    check_only_culprit_lost(raws, items, "f01.xlsx")
    assert sum(seen) == count
    # the first pool, the one re-reading file by file, the one started after the culprit
    assert len(started) == 3, started


def test_a_culprit_is_never_read_here_once_workers_have_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers have read files, then one file kills its worker and no fresh worker runs (a
    process limit reached meanwhile, a probe too slow): that file is the culprit, never read in
    this process; the files after it are read here."""
    items = folder_items(tmp_path, PARALLEL_FROM, "f{:02}.xlsx")
    main = os.getpid()
    read_in_main: list[str] = []

    def act() -> None:
        if os.getpid() != main:
            os._exit(3)
        read_in_main.append("f40.xlsx")

    act_up(monkeypatch, pool, "f40.xlsx", act)
    monkeypatch.setattr(pool, "_usable", lambda _pool: False)
    seen: list[int] = []
    raws = read_all(items, jobs=2, progress=seen.append)
    check_only_culprit_lost(raws, items, "f40.xlsx")
    assert not read_in_main
    assert sum(seen) == PARALLEL_FROM
