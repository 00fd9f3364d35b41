"""Build an output in a forked child while this process writes another (POSIX, two processors or
more): `report` builds the summary workbook beside the Word report instead of after it.

The child only ever writes its own temporary file. The output is put in place by this process,
through `write_atomic`, as when it is built here. When the child does not finish its file (any
exception, a crash, no process to be had), this process builds the output itself, so every
message and every error is the one the run without a child gives."""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from dean5299_cli.readers.forked import can_fork, end_with, interrupt_held

__all__ = ["Ahead", "build_ahead"]


class Ahead:
    """A child building one output into `path` (its own temporary file)."""

    def __init__(self, pid: int, path: Path) -> None:
        self.pid, self.path = pid, path
        self._status: int | None = None

    def finished(self) -> bool:
        """Wait for the child; whether it built its file whole (exit 0, a file not empty)."""
        if self._status is None:
            try:
                _, self._status = os.waitpid(self.pid, 0)
            except ChildProcessError:  # reaped elsewhere: its file is not to be trusted
                self._status = -1
        try:
            return self._status == 0 and self.path.stat().st_size > 0
        except OSError:
            return False

    def take(self, tmp: Path) -> None:
        """Put the child's file at `tmp` (`write_atomic`'s temporary file, in the output folder)."""
        shutil.move(self.path, tmp)

    def cancel(self) -> None:
        """Stop the child if it still runs and remove its file (none left after `take`)."""
        if self._status is None:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                _, self._status = os.waitpid(self.pid, 0)
        self.path.unlink(missing_ok=True)


def build_ahead(build: Callable[[Path], None], folder: Path, suffix: str) -> Ahead | None:
    """Start `build(path)` in a forked child, its file a hidden temporary one in `folder` (the
    system's temporary folder while `folder` does not exist yet). None where it would not help or
    not be safe: no fork (Windows), one processor, or another thread running in this process (a
    child forked then may wait forever on a lock that thread holds)."""
    if not can_fork() or (os.cpu_count() or 1) < 2 or threading.active_count() > 1:
        return None
    try:
        where = folder if folder.is_dir() else None
        fd, name = tempfile.mkstemp(prefix=".dean5299-", suffix=suffix, dir=where)
        os.close(fd)
    except OSError:
        return None
    path, parent = Path(name), os.getpid()
    gc.freeze()  # the child neither walks nor copies this process's objects (copy-on-write)
    try:
        with interrupt_held():  # Ctrl-C waits until the child ignores it
            pid = os.fork()
            if pid == 0:  # the child never returns from here
                _child(build, path, parent)
    except OSError:  # no process to be had (a system limit): built here, as without a child
        path.unlink(missing_ok=True)
        return None
    finally:
        gc.unfreeze()
    return Ahead(pid, path)


def _child(build: Callable[[Path], None], path: Path, parent: int) -> None:
    """In the child: build into `path`, silently (this process says nothing; the parent, building
    again, says what a failure is), and leave without running the parent's exit code. Its file
    is removed when the parent dies first."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)

        def gone(signum: int, frame: FrameType | None) -> None:
            path.unlink(missing_ok=True)
            os._exit(1)

        signal.signal(signal.SIGTERM, gone)
        end_with(parent, signal.SIGTERM)
        faulthandler.disable()  # a crash of the child is not shown: this process builds again
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        build(path)
        code = 0
    except BaseException:  # noqa: BLE001 - whatever stops the child, the parent builds again
        pass
    finally:
        os._exit(code)
