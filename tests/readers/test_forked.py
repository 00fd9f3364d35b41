"""Few files are read in one forked child: a file that kills, exhausts or hangs it costs only
itself, the other files are read, and nothing is left running (the usual office is small)."""

from __future__ import annotations

import faulthandler
import os
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

from dean5299_cli.folder import PARALLEL_FROM, list_folder, read_all
from dean5299_cli.readers import forked
from dean5299_cli.readers.files import read_file
from tests.paths import EXAMPLES
from tests.readers.isolation import act_up, check_only_culprit_lost, folder_items, weigh

pytestmark = pytest.mark.skipif(not forked.can_fork(), reason="fork: POSIX only")


def _breaking(monkeypatch: pytest.MonkeyPatch, culprit: str, act) -> list[int]:
    """read_file acts up on `culprit` (in the child, where it runs); the children's pids."""
    act_up(monkeypatch, forked, culprit, act)
    pids: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(forked.os, "fork", fork)
    return pids


def _reaped(pids: list[int]) -> bool:
    for pid in pids:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            continue  # already waited for: gone
        return False
    return True


def test_few_files_are_read_in_a_child_like_in_this_process(tmp_path: Path) -> None:
    items, _ = list_folder(EXAMPLES / "tuy-phuoc-2023" / "bao-cao-don-vi")
    assert 1 < len(items) < PARALLEL_FROM
    seen: list[int] = []
    raws = read_all(items, progress=seen.append)
    assert raws == [read_file(*item) for item in items]
    assert sum(seen) == len(items)


@pytest.mark.parametrize(
    "act",
    [
        lambda: os._exit(3),  # what a native abort looks like from outside
        lambda: (faulthandler.disable(), os.kill(os.getpid(), signal.SIGSEGV)),  # native crash
        lambda: os.kill(os.getpid(), signal.SIGKILL),  # the kernel's out-of-memory killer
    ],
    ids=["abort", "segfault", "killed"],
)
def test_a_file_that_kills_the_child_costs_only_itself(tmp_path, monkeypatch, act) -> None:
    items = folder_items(tmp_path, 5)
    pids = _breaking(monkeypatch, "f1.xlsx", act)
    seen: list[int] = []
    raws = read_all(items, progress=seen.append)
    check_only_culprit_lost(raws, items, "f1.xlsx")
    assert sum(seen) == len(items)
    assert len(pids) == 2 and _reaped(pids)  # a new child went on after the culprit


def test_the_last_file_killing_the_child_starts_no_other(tmp_path, monkeypatch) -> None:
    items = folder_items(tmp_path, 3)
    pids = _breaking(monkeypatch, "f2.xlsx", lambda: os._exit(3))
    check_only_culprit_lost(read_all(items), items, "f2.xlsx")
    assert len(pids) == 1 and _reaped(pids)


def test_a_file_that_hangs_the_child_is_stopped(tmp_path, monkeypatch) -> None:
    items = folder_items(tmp_path, 5)
    pids = _breaking(monkeypatch, "f3.xlsx", lambda: time.sleep(60))
    monkeypatch.setattr(forked, "SECONDS_PER_FILE", 1)
    start = time.perf_counter()
    raws = read_all(items)
    assert time.perf_counter() - start < 10
    check_only_culprit_lost(raws, items, "f3.xlsx")
    assert _reaped(pids)


def test_a_large_file_has_more_time_than_a_small_one(tmp_path, monkeypatch) -> None:
    """A good large workbook (another office's summary of thousands of units) takes seconds a MB
    to guard: it is read, not stopped at a small file's bound; hanging, it is still stopped, at
    its own bound, which the message names."""
    items = folder_items(tmp_path, 3)
    weigh(items[1][0], 1)
    monkeypatch.setattr(forked, "SECONDS_PER_FILE", 1)
    assert forked.seconds_for(items[0][0], 1) == 1
    assert forked.seconds_for(items[1][0], 1) == 1 + forked.SECONDS_PER_MB
    assert forked.seconds_for(tmp_path / "gone.xlsx", 1) == 1
    pids = _breaking(monkeypatch, "f1.xlsx", lambda: time.sleep(2))
    check_only_culprit_lost(read_all(items), items, None)
    assert len(pids) == 1 and _reaped(pids)
    stopped = forked.crashed(items[1], 1).refused_reason
    assert f"đọc quá {1 + forked.SECONDS_PER_MB} giây" in (stopped or "")


def test_a_file_that_exhausts_memory_costs_only_itself(tmp_path, monkeypatch) -> None:
    items = folder_items(tmp_path, 5)
    grown: list[bytearray] = []
    _breaking(monkeypatch, "f0.xlsx", lambda: grown.append(bytearray(4 * forked.WORKER_MEMORY)))
    check_only_culprit_lost(read_all(items), items, "f0.xlsx")


def test_ctrl_c_while_reading_ends_the_child(tmp_path, monkeypatch) -> None:
    items = folder_items(tmp_path, 5)
    pids = _breaking(monkeypatch, "f0.xlsx", lambda: time.sleep(30))
    # Python's own Ctrl-C handler, even when these tests run with Ctrl-C ignored (a background job)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    start = time.perf_counter()
    try:
        with pytest.raises(KeyboardInterrupt):
            read_all(items)
    finally:
        timer.join()
        signal.signal(signal.SIGINT, previous)
    assert time.perf_counter() - start < 10  # the child was not waited for until it finished
    assert len(pids) == 1 and _reaped(pids)


@pytest.mark.parametrize("measured", [True, False], ids=["linux", "no-proc"])
def test_a_host_that_already_maps_much_still_reads(tmp_path, monkeypatch, measured) -> None:
    """The memory bound is what a child may add to what it was born with: a host process that
    already maps more than 512 MB (numpy's thread buffers, a big cache) must not make every file
    'unreadable'. Where the address space cannot be measured (no /proc: macOS, BSD), no bound
    is set rather than one counted from nothing."""
    import mmap

    if measured and not Path("/proc/self/statm").exists():
        pytest.skip("address space: Linux")
    if not measured:
        monkeypatch.setattr(forked, "_address_space", lambda: 0)
    items = folder_items(tmp_path, 3)
    reserved = mmap.mmap(-1, 2 * forked.WORKER_MEMORY)  # mapped, never touched
    try:
        raws = read_all(items)
    finally:
        reserved.close()
    assert [r.refused_code for r in raws] == [None, None, None]


def test_no_process_to_be_had_reads_here(tmp_path, monkeypatch) -> None:
    """fork refused (a process limit, no memory): the files are read in this process, guarded,
    never all called unreadable."""
    import errno

    items = folder_items(tmp_path, 3)

    def refused() -> int:
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(forked.os, "fork", refused)
    seen: list[int] = []
    assert read_all(items, progress=seen.append) == [read_file(*item) for item in items]
    assert sum(seen) == 3


@pytest.mark.parametrize(
    "frame",
    [
        lambda raw: b"\x80\x05garbage",  # a garbled frame: was an UnpicklingError traceback
        lambda raw: forked.pickle.dumps(forked.RawFile("khac.xlsx")),  # another file's result
        lambda raw: forked.pickle.dumps(("not", "a", "RawFile")),
    ],
    ids=["garbage", "other-file", "not-a-result"],
)
def test_a_frame_that_is_not_the_files_result_makes_it_unreadable(
    tmp_path, monkeypatch, frame
) -> None:
    """Whatever the child writes for a file, that file never gets another's figures, and the
    run goes on (the worst bug is a figure silently attributed to the wrong unit)."""
    items = folder_items(tmp_path, 4)
    real = forked.pickle.dumps

    def dumps(raw, protocol=None):  # in the child, where results are pickled
        return frame(raw) if getattr(raw, "path", None) == "f1.xlsx" else real(raw, protocol)

    monkeypatch.setattr(forked.pickle, "dumps", dumps)
    pids = _breaking(monkeypatch, "", lambda: None)
    check_only_culprit_lost(read_all(items), items, "f1.xlsx")
    assert len(pids) == 2 and _reaped(pids)


_HANGING_RUN = """
import sys, time
from pathlib import Path
from dean5299_cli.folder import list_folder, read_all
from dean5299_cli.readers import forked, pool

def hang(path, rel, reading=pool.PLAIN):
    time.sleep(120)

forked.read_file = pool.read_file = hang
forked.SECONDS_PER_FILE = pool.SECONDS_PER_FILE = 100
print("reading", flush=True)
read_all(list_folder(Path(sys.argv[1]))[0], jobs=2)
"""


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/stat") as stat:
                if entry.isdigit() and int(stat.read().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry))
        except (OSError, ValueError, IndexError):
            continue
    return found


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="process table: Linux")
@pytest.mark.parametrize("count", [3, PARALLEL_FROM], ids=["forked", "pool"])
def test_no_reader_outlives_a_killed_parent(tmp_path, count) -> None:
    """SIGTERM (or a crash) of the main process: no reading process is left behind; a pool's
    workers used to wait for work forever, a forked child read on until its alarm."""
    import subprocess

    folder = tmp_path / "bao-cao"
    folder.mkdir()
    for i in range(count):
        (folder / f"f{i:02}.xlsx").write_bytes(b"PK")
    root = Path(__file__).resolve().parents[2]
    run = subprocess.Popen(
        [sys.executable, "-c", _HANGING_RUN, str(folder)], cwd=root, stdout=subprocess.PIPE
    )
    try:
        assert run.stdout is not None and run.stdout.readline() == b"reading\n"
        deadline = time.monotonic() + 10
        while len(readers := _children(run.pid)) < (1 if count < PARALLEL_FROM else 2):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        time.sleep(0.3)  # the workers are set up and reading
    finally:
        run.terminate()
        run.wait()
    deadline = time.monotonic() + 3
    while any(_running(pid) for pid in readers) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in readers if _running(pid)]
    for pid in left:  # do not leave them to the next tests
        os.kill(pid, signal.SIGKILL)
    assert left == []


def test_a_garbled_frame_length_is_never_asked_of_memory() -> None:
    """A length no result can have (corrupted memory in the child) ends the reading of that
    child; the parent never tries to allocate it (a MemoryError before)."""
    readable, writable = os.pipe()
    os.write(writable, forked._FRAME.pack(1 << 62) + b"\x80\x05")
    os.close(writable)
    with os.fdopen(readable, "rb") as pipe:
        assert forked._next_result(pipe, "f0.xlsx") is None
