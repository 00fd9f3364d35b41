"""Read a few files in one forked child process (POSIX), bounded in memory and time like the
pool's workers: a file that crashes, exhausts or hangs the child costs only itself. Cheaper to
start than the process pool (a fork, a pipe: a few milliseconds), so small folders, the usual
case of an office, are read isolated too."""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import os
import pickle
import signal
import struct
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from dean5299_cli.core.records import RawFile
from dean5299_cli.readers.files import PLAIN, Reading, read_file
from dean5299_cli.readers.limits import MAX_FILE_BYTES

WORKER_MEMORY = 512 * 1024 * 1024  # what one worker may add to the address space it was born with
SECONDS_PER_FILE = 10  # a worker still reading a small file after this is stopped
# ...and a larger one has this much more for each whole MB it weighs: guarding a large sheet
# takes ~1,4 s a MB of the file on one quiet core (a 10.000-unit summary, 10,6 MB: ~15 s).
SECONDS_PER_MB = 4
_FRAME = struct.Struct("<Q")  # the length of each pickled result in the pipe
_MAX_FRAME = 1 << 30  # no result of a file within the readers' limits comes near this

Item = tuple[Path, str]

# Where a watchdog that ends a worker writes: the null device, kept open as a bare descriptor (a
# file object never closed is a ResourceWarning on the console at exit under `python -X dev`).
_WATCHDOG_OUT: list[int] = []


def seconds_for(path: Path, base: int) -> int:
    """The time a worker has to read `path`: `base`, and `SECONDS_PER_MB` more for each whole MB
    it weighs (up to the readers' limit). A good large workbook, another office's summary of
    thousands of units, is read, not stopped halfway; a file that hangs is stopped all the same.
    Its size not to be had: `base` (the reading then refuses it at once)."""
    try:
        size = min(path.stat().st_size, MAX_FILE_BYTES)
    except OSError:
        return base
    return base + SECONDS_PER_MB * (size // (1024 * 1024))


def bound_time(seconds: int) -> None:
    """End this worker process if it is still reading the file it starts now after `seconds`
    (0: the file is read, stand down). SIGALRM where there is one (its default action ends the
    process); elsewhere (Windows) faulthandler's watchdog, a thread in C that needs no lock held
    by the reader: it ends the process even while native code holds the interpreter."""
    alarm = getattr(signal, "alarm", None)  # POSIX; Windows has none
    if alarm is not None:
        alarm(seconds)
    elif seconds:
        if not _WATCHDOG_OUT:
            _WATCHDOG_OUT.append(os.open(os.devnull, os.O_WRONLY))
        faulthandler.dump_traceback_later(seconds, exit=True, file=_WATCHDOG_OUT[0])
    else:
        faulthandler.cancel_dump_traceback_later()


def limit_worker(parent: int) -> None:
    """Bound this worker's memory where the OS allows it (not on Windows); let SIGALRM end it;
    end it with `parent`, the process it reads for. Workers ignore Ctrl-C: the main process says
    one line and stops them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform == "win32":
        return
    end_with(parent)
    import resource

    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    space = _address_space()
    if not space:  # unknown (no /proc): a bound counted from 0 could leave it no room at all
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = space + WORKER_MEMORY
    wanted = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft == resource.RLIM_INFINITY or soft > wanted:
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def end_with(parent: int, signum: int | None = None) -> None:
    """Linux: the kernel sends this process `signum` (SIGKILL when None) when its parent dies
    (SIGTERM, SIGKILL, a crash), so no worker is left reading, or waiting for work forever as a
    pool's worker did."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        death = signal.SIGKILL if signum is None else signum
        ctypes.CDLL(None).prctl(1, death, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # no prctl to be had: ended as before, when it next writes
        return
    if os.getppid() != parent and not _alive(parent):  # it died before: no signal comes
        if signum is not None:  # the one asked for, to this process's own handler
            os.kill(os.getpid(), signum)
        os._exit(1)


def _alive(pid: int) -> bool:
    """Whether process `pid` still runs. Asked only when it is not this worker's parent: a
    worker started by a fork server (another start method than fork) has that server for parent,
    and must still read."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, under another user
        pass
    return not _ended(pid)


def _ended(pid: int) -> bool:
    """Linux: whether `pid` has ended and only waits to be reaped (a zombie, which signal 0 still
    finds: a main process killed before its worker asked for the death signal, whose own parent
    has not yet reaped it)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] in (b"Z", b"X")
    except (OSError, IndexError):
        return False


def _address_space() -> int:
    """The address space this process already has (Linux; 0 elsewhere). A forked worker shares
    it with its parent: a host that already maps much (numpy's thread buffers…) must not leave
    the worker no room at all."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


@contextlib.contextmanager
def interrupt_held() -> Iterator[None]:
    """Hold Ctrl-C back (POSIX) while workers start; a held signal is delivered afterwards."""
    hold = getattr(signal, "pthread_sigmask", None)
    if hold is None:
        yield
        return
    hold(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        hold(signal.SIG_UNBLOCK, {signal.SIGINT})


def crashed(item: Item, base: int) -> RawFile:
    """`item` unreadable: its worker died. Why is not known to the parent: a native abort,
    memory, or the time bound (`seconds_for` with `base`), which the message gives."""
    seconds = seconds_for(item[0], base)
    reason = (
        f"tệp làm hỏng trình đọc hoặc đọc quá {seconds} giây "
        "(tệp hỏng, quá lớn hoặc cố tình gây lỗi)"
    )
    return RawFile(item[1], refused_code="unreadable-file", refused_reason=reason)


def can_fork() -> bool:
    return hasattr(os, "fork") and sys.platform != "win32"


def read_forked(
    items: list[Item], progress: Callable[[int], None] | None = None, reading: Reading = PLAIN
) -> list[RawFile]:
    """Read every file in a forked child, in order; when the child dies (a native abort, memory
    exhaustion, SIGALRM after the file's `seconds_for`), the file it was reading is unreadable
    and a new child goes on with the next one."""
    result: list[RawFile] = []
    while len(result) < len(items):
        try:
            result += _one_child(items[len(result) :], progress, reading)
        except OSError:  # no process or pipe to be had (a system limit): read here, guarded
            return result + read_here(items[len(result) :], progress, reading)
        if len(result) < len(items):
            result.append(crashed(items[len(result)], SECONDS_PER_FILE))
            if progress:
                progress(1)
    return result


def read_here(
    items: list[Item], progress: Callable[[int], None] | None = None, reading: Reading = PLAIN
) -> list[RawFile]:
    """Read every file in this process, behind the guards alone (where there is no fork)."""
    result = []
    for item in items:
        result.append(read_file(*item, reading))
        if progress:
            progress(1)
    return result


def _one_child(
    items: list[Item], progress: Callable[[int], None] | None, reading: Reading
) -> list[RawFile]:
    """What one child read before it finished or died. Whatever stops the parent (Ctrl-C…),
    the child is ended and waited for."""
    readable, writable = os.pipe()
    parent, pid = os.getpid(), 0
    found: list[RawFile] = []
    try:
        # The parent's objects are left out of the child's collections: it neither walks nor
        # copies them (copy-on-write).
        gc.freeze()
        try:
            with interrupt_held():  # Ctrl-C waits until the child ignores it
                pid = os.fork()
                if pid == 0:  # the child never returns from here
                    _child(items, reading, readable, writable, parent)
        finally:
            gc.unfreeze()
            os.close(writable)
        with os.fdopen(readable, "rb") as pipe:
            readable = -1  # closed with the pipe
            while len(found) < len(items):
                raw = _next_result(pipe, items[len(found)][1])
                if raw is None:
                    break
                found.append(raw)
                if progress:
                    progress(1)
    finally:
        if readable >= 0:
            os.close(readable)
        if pid:
            if len(found) < len(items):  # stopped early (Ctrl-C, a broken frame): end it
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
    return found


def _next_result(pipe: BinaryIO, relative: str) -> RawFile | None:
    """The next result in the pipe, that of the file `relative`; None at its end, when the child
    died mid-frame or the frame is not that file's result (the child's memory was corrupted by
    native code…): the file is then unreadable, never given another's figures or a traceback."""
    head = pipe.read(_FRAME.size)
    if len(head) < _FRAME.size:
        return None
    (size,) = _FRAME.unpack(head)
    if size > _MAX_FRAME:  # a garbled length: never asked of memory
        return None
    data = pipe.read(size)
    if len(data) < size:
        return None
    try:
        raw = pickle.loads(data)  # written by our own child, never by a file's author
    except Exception:  # noqa: BLE001 - a garbled frame (UnpicklingError, EOFError, …)
        return None
    return raw if isinstance(raw, RawFile) and raw.path == relative else None


def _child(items: list[Item], reading: Reading, readable: int, writable: int, parent: int) -> None:
    """In the child: read each file under an alarm whose default action ends the child, send
    each result as soon as it is read, and leave without running the parent's exit code."""
    code = 1
    try:
        limit_worker(parent)
        os.close(readable)
        with os.fdopen(writable, "wb") as out:
            for item in items:
                signal.alarm(seconds_for(item[0], SECONDS_PER_FILE))
                data = pickle.dumps(read_file(*item, reading), pickle.HIGHEST_PROTOCOL)
                signal.alarm(0)
                out.write(_FRAME.pack(len(data)) + data)
                out.flush()
        code = 0
    except BaseException:  # noqa: BLE001 - whatever stops the child, the parent names the file
        pass
    finally:
        os._exit(code)
