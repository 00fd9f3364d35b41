"""Many files are read by a pool of workers; what goes wrong in the main process is not taken
for a dead worker."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from dean5299_cli.folder import PARALLEL_FROM, list_folder, read_all
from dean5299_cli.readers.forked import limit_worker
from dean5299_cli.readers.pool import _read_chunk
from tests.helpers import UNITS, make_workspace, submit
from tests.readers.isolation import run_python, run_script_on_folder


def test_a_failing_progress_callback_is_not_a_dead_worker(tmp_path: Path) -> None:
    """The callback's exception reaches the caller; the chunk was not read a second time one by
    one (counted twice by the progress bar) as if its worker had died."""
    folder = make_workspace(tmp_path)
    for i in range(PARALLEL_FROM):
        submit(folder, f"f{i:02}.xlsx")
    items, _ = list_folder(folder)
    seen: list[int] = []

    def progress(count: int) -> None:
        seen.append(count)
        if len(seen) == 1:
            raise RuntimeError("the progress bar failed")

    with pytest.raises(RuntimeError):
        read_all(items, jobs=2, progress=progress)
    assert len(seen) == 1


_READ_WITH_DEFAULT = """
import multiprocessing, sys
from pathlib import Path
if __name__ == "__main__":
    multiprocessing.set_start_method(sys.argv[1], force=True)
    from dean5299_cli.folder import list_folder, read_all
    items, _ = list_folder(Path(sys.argv[2]))
    print(sorted({str(raw.refused_code) for raw in read_all(items, jobs=2)}))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="Windows has only spawn, its default")
@pytest.mark.parametrize("method", ["forkserver", "spawn"])
def test_workers_read_whatever_python_starts_processes_with(tmp_path: Path, method: str) -> None:
    """Python 3.14 starts pool workers from a fork server by default on Linux: each worker then
    took the server for a dead parent and left, and every file of a large folder was unreadable."""
    folder = make_workspace(tmp_path)
    for i in range(PARALLEL_FROM):
        submit(folder, f"f{i:02}.xlsx")
    script = tmp_path / "read.py"
    script.write_text(_READ_WITH_DEFAULT, encoding="utf-8")
    out = run_python(str(script), method, str(folder))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "['None']", out.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent death signal: Linux")
def test_a_worker_whose_parent_is_a_fork_server_still_reads(tmp_path: Path) -> None:
    """The check that the main process still lives does not take a fork server for its death."""
    folder = make_workspace(tmp_path)
    submit(folder, "tot.xlsx")
    items, _ = list_folder(folder)
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(
        1, mp_context=context, initializer=limit_worker, initargs=(os.getpid(),)
    ) as pool:
        raw = pool.submit(_read_chunk, items).result(timeout=60)
    assert [r.refused_code for r in raw] == [None]
    assert raw[0].submissions


def _state(pid: int) -> str:
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent death signal: Linux")
def test_a_worker_whose_main_process_died_unreaped_leaves() -> None:
    """The main process died before the worker asked for its death signal, and its own parent
    has not reaped it yet: signal 0 still finds the zombie, which must not pass for alive (the
    worker would wait for work forever)."""
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        for _ in range(500):  # not waited for: it stays a zombie
            if _state(dead.pid) == "Z":
                break
            time.sleep(0.01)
        assert _state(dead.pid) == "Z"
        child = os.fork()
        if child == 0:  # pragma: no cover - in the child
            try:
                limit_worker(dead.pid)
            finally:
                os._exit(0)
        _, status = os.waitpid(child, 0)
    finally:
        dead.wait()
    assert os.waitstatus_to_exitcode(status) == 1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pool workers forked: Linux")
def test_no_thread_runs_when_workers_are_forked_after_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crashed worker breaks the pool and its files are read again one by one: the broken
    pool's threads had ended before each new worker was forked (one forked while another thread
    runs may wait forever on a lock that thread held; Python 3.12+ warns of it)."""
    from dean5299_cli.readers import pool

    folder = make_workspace(tmp_path)
    for i in range(PARALLEL_FROM):
        submit(folder, f"f{i:02}.xlsx")
    items, _ = list_folder(folder)
    real_read, real_fork = pool.read_file, os.fork

    def crash_on_one(path: Path, rel: str, reading: object = pool.PLAIN) -> object:
        if rel == "f07.xlsx":
            os._exit(3)
        return real_read(path, rel, reading)  # type: ignore[arg-type]

    threads_at_fork: list[int] = []

    def fork() -> int:
        threads_at_fork.append(threading.active_count())
        return real_fork()

    monkeypatch.setattr(pool, "read_file", crash_on_one)
    monkeypatch.setattr(os, "fork", fork)
    before = threading.active_count()
    raws = read_all(items, jobs=2)
    assert [raw.path for raw in raws if raw.refused_code] == ["f07.xlsx"]
    assert len(threads_at_fork) > 2  # the first pool's two workers, then others
    assert max(threads_at_fork) <= before, threads_at_fork


_READ_AS_ELSEWHERE = """
import multiprocessing, sys, types
from pathlib import Path
if __name__ == "__main__":
    multiprocessing.set_start_method("spawn", force=True)
    from dean5299_cli.readers import pool
    pool.sys = types.SimpleNamespace(platform="darwin")  # the platform's own start method
    from dean5299_cli.folder import list_folder, read_all
    items, _ = list_folder(Path(sys.argv[1]))
    seen = []
    raws = read_all(items, jobs=3, progress=seen.append)
    print([raw.path for raw in raws] == [rel for _, rel in items], sum(seen), len(items))
    print(sorted({str(raw.refused_code) for raw in raws}), all(raw.submissions for raw in raws))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="spawn is already Windows's own")
def test_spawned_workers_read_every_file_in_order(tmp_path: Path) -> None:
    """Windows and macOS spawn the pool's workers (the functions pickled by reference, the main
    pid passed to each): every file is read, its result in its place. The test above cannot show
    it on Linux, whose workers are always forked."""
    folder = make_workspace(tmp_path)
    for i in range(PARALLEL_FROM + 2):
        submit(folder, f"f{i:02}.xlsx", unit=UNITS[i % len(UNITS)])
    script = tmp_path / "read.py"
    script.write_text(_READ_AS_ELSEWHERE, encoding="utf-8")
    out = run_python(str(script), str(folder))
    assert out.returncode == 0, out.stderr
    count = PARALLEL_FROM + 2
    assert out.stdout.split("\n")[:2] == [f"True {count} {count}", "['None'] True"], out.stderr


def test_a_thread_of_the_host_is_not_waited_for(tmp_path: Path) -> None:
    """Only the pool's own threads are waited for before the next fork: a thread the program
    hosting the readers starts meanwhile (here from the progress callback) keeps its own pace."""
    folder = make_workspace(tmp_path)
    for i in range(PARALLEL_FROM):
        submit(folder, f"f{i:02}.xlsx")
    items, _ = list_folder(folder)
    release = threading.Event()
    hosts: list[threading.Thread] = []

    def progress(count: int) -> None:
        if not hosts:
            hosts.append(threading.Thread(target=release.wait, daemon=True))
            hosts[0].start()

    start = time.monotonic()
    try:
        raws = read_all(items, jobs=2, progress=progress)
        took = time.monotonic() - start
        assert hosts and hosts[0].is_alive()
    finally:
        release.set()
        for host in hosts:
            host.join()
    assert [raw.refused_code for raw in raws] == [None] * PARALLEL_FROM
    assert took < 4  # the pool's threads waited for at most 5 s each: not this one


_CTRL_C_WHILE_A_RESULT_IS_HALF_SENT = """
import os, signal, struct, sys, time
from pathlib import Path
from dean5299_cli.folder import list_folder, read_all
from dean5299_cli.readers import pool

pools = []
real_pool, real_read = pool._pool, pool.read_file

def made(workers):
    pools.append(real_pool(workers))  # before its workers are forked: they see it too
    return pools[-1]

def reader(path, rel, reading=pool.PLAIN):
    if rel == "f00.xlsx":  # a result half sent: its length, a part of it, then the worker stops
        head = struct.pack("!i", 1 << 20) + b"x" * 100
        os.write(pools[0]._result_queue._writer.fileno(), head)
        time.sleep(60)
    return real_read(path, rel, reading)

def interrupt(signum, frame):
    raise KeyboardInterrupt

pool._pool, pool.read_file = made, reader
signal.signal(signal.SIGALRM, interrupt)
signal.setitimer(signal.ITIMER_REAL, 1.5)  # Ctrl-C, while the main process waits for f00
items, _ = list_folder(Path(sys.argv[1]))
try:
    read_all(items, jobs=2)
except KeyboardInterrupt:
    print("stopped", flush=True)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pool workers forked: Linux")
def test_ctrl_c_ends_the_run_even_when_a_worker_was_sending_a_result(tmp_path: Path) -> None:
    """Ctrl-C kills the pool's workers. One killed while it sent a result left the pool's manager
    thread waiting for the rest for ever, and the interpreter's exit waits for that thread: the
    clerk saw "Đã dừng", then a console that never came back (seen once in 20 runs of the Ctrl-C
    test of test_help.py on Python 3.12)."""
    try:
        out, seconds = run_script_on_folder(
            tmp_path, PARALLEL_FROM, _CTRL_C_WHILE_A_RESULT_IS_HALF_SENT, timeout=30
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the run did not end after Ctrl-C")
    assert (out.stdout, out.stderr) == ("stopped\n", "")
    assert seconds < 10  # a file's bound is 10 s: not waited for
