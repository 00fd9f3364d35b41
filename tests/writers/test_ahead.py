"""`report` builds the summary workbook in a forked child while it writes the Word report
(writers/ahead.py): the same workbook as when it is built after the report, and whatever goes
wrong in the child, the run is the one without a child — no summary lost, no file left behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

import dean5299_cli.reporting as reporting
from dean5299_cli.core.errors import OutputError
from dean5299_cli.writers import ahead
from tests.paths import EXAMPLES, ROOT

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork: Linux")

SUMMARY = "tong-hop-5299-2023-quy-4.xlsx"
ARGS = ("report", "--quarter", "IV", "--force")


def _example(root: Path) -> Path:
    folder = root / "tuy-phuoc"
    shutil.copytree(EXAMPLES / "tuy-phuoc-2023", folder, ignore=shutil.ignore_patterns("ket-qua"))
    return folder


def _parts(path: Path) -> dict[str, bytes]:
    """Every part of a workbook but its save time (docProps/core.xml)."""
    with zipfile.ZipFile(path) as package:
        return {n: package.read(n) for n in package.namelist() if n != "docProps/core.xml"}


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".dean5299-"))


def _log_builds(monkeypatch: pytest.MonkeyPatch, log: Path, child=None) -> None:
    """Record in `log` which process builds the summary; `child(path)`: what the child does
    instead of building, when given."""
    real, parent = reporting.summary_builder, os.getpid()

    def builder(*args, **kwargs):
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\n")
        if child is not None and os.getpid() != parent:
            return child
        return real(*args, **kwargs)

    monkeypatch.setattr(reporting, "summary_builder", builder)


def _serial_summary(cli, root: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    folder = _example(root)
    with monkeypatch.context() as patch:
        patch.setattr(ahead, "build_ahead", lambda *args, **kwargs: None)
        result = cli(*ARGS, cwd=folder)
    assert result.exit_code == 0, result.output
    return _parts(folder / "ket-qua" / SUMMARY)


def test_the_summary_is_built_in_a_child_and_is_the_same_workbook(cli, tmp_path, monkeypatch):
    serial = _serial_summary(cli, tmp_path / "a", monkeypatch)
    folder = _example(tmp_path / "b")
    log = tmp_path / "builds.txt"
    _log_builds(monkeypatch, log)
    result = cli(*ARGS, cwd=folder)
    assert result.exit_code == 0, result.output
    builders = log.read_text(encoding="utf-8").split()
    assert len(builders) == 1 and int(builders[0]) != os.getpid()  # built once, by the child
    assert _parts(folder / "ket-qua" / SUMMARY) == serial
    assert "Đã ghi bảng tổng hợp" in result.output
    assert _leftovers(folder / "ket-qua") == []


def _crash(path: Path) -> None:
    os.abort()  # what a native crash does to the child


def _fail(path: Path) -> None:
    raise RuntimeError("lỗi trong tiến trình con")


def _nothing(path: Path) -> None:
    """Ends well without writing: an empty file is not a workbook, never taken."""


@pytest.mark.parametrize("child", [_crash, _fail, _nothing], ids=["crash", "error", "empty"])
def test_a_child_that_does_not_finish_leaves_the_summary_to_this_process(
    cli, tmp_path, monkeypatch, child
):
    serial = _serial_summary(cli, tmp_path / "a", monkeypatch)
    folder = _example(tmp_path / "b")
    log = tmp_path / "builds.txt"
    _log_builds(monkeypatch, log, child)
    result = cli(*ARGS, cwd=folder)
    assert result.exit_code == 0, result.output
    builders = log.read_text(encoding="utf-8").split()
    assert len(builders) == 2 and int(builders[1]) == os.getpid()  # the child, then this one
    assert _parts(folder / "ket-qua" / SUMMARY) == serial
    assert result.output.count("Đã ghi bảng tổng hợp") == 1
    assert _leftovers(folder / "ket-qua") == []


def test_when_the_word_report_fails_the_child_is_stopped_and_nothing_is_left(
    cli, tmp_path, monkeypatch
):
    folder = _example(tmp_path)
    (folder / "ket-qua").mkdir()
    pids = tmp_path / "child.txt"

    def slow(path: Path) -> None:
        pids.write_text(str(os.getpid()), encoding="utf-8")
        time.sleep(60)

    _log_builds(monkeypatch, tmp_path / "builds.txt", slow)

    def refused(*args, **kwargs):
        deadline = time.monotonic() + 10
        while not pids.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        raise OutputError("Không ghi được báo cáo: ổ đĩa đầy.")

    monkeypatch.setattr(reporting, "write_report", refused)
    started = time.monotonic()
    result = cli(*ARGS, cwd=folder)
    assert result.exit_code == 4, result.output
    assert "ổ đĩa đầy" in result.output
    assert time.monotonic() - started < 30  # the sleeping child was not waited for
    assert not (folder / "ket-qua" / SUMMARY).exists()
    assert _leftovers(folder / "ket-qua") == []
    with pytest.raises(ProcessLookupError):  # stopped and reaped
        os.kill(int(pids.read_text(encoding="utf-8")), 0)


_ORPHAN = """
import os, signal, sys, time
from pathlib import Path
from dean5299_cli.writers.ahead import build_ahead

def build(path):
    path.write_bytes(b"half a workbook")
    time.sleep(60)

child = build_ahead(build, Path(sys.argv[1]), ".xlsx")
print(child.path, flush=True)
time.sleep(0.3)
os.kill(os.getpid(), signal.SIGKILL)  # the parent dies, with no chance to clean up
"""


def test_a_child_whose_parent_dies_removes_its_file(tmp_path):
    out = subprocess.run(
        [sys.executable, "-c", _ORPHAN, str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert out.returncode == -signal.SIGKILL, out.stderr
    path = Path(out.stdout.strip())
    assert path.parent == tmp_path and path.name.startswith(".dean5299-")
    deadline = time.monotonic() + 10
    while path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not path.exists()


def test_no_child_where_it_cannot_help_or_is_not_safe(tmp_path, monkeypatch):
    def build(path: Path) -> None:
        path.write_bytes(b"x")

    started = ahead.build_ahead(build, tmp_path, ".xlsx")
    assert started is not None and started.finished()
    started.take(tmp_path / "taken.xlsx")
    started.cancel()
    assert (tmp_path / "taken.xlsx").read_bytes() == b"x" and _leftovers(tmp_path) == []

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:  # another thread may hold a lock the child would wait on for ever
        assert ahead.build_ahead(build, tmp_path, ".xlsx") is None
    finally:
        stop.set()
        other.join()
    with monkeypatch.context() as patch:
        patch.setattr(os, "cpu_count", lambda: 1)
        assert ahead.build_ahead(build, tmp_path, ".xlsx") is None
    with monkeypatch.context() as patch:
        patch.setattr(ahead, "can_fork", lambda: False)  # as on Windows
        assert ahead.build_ahead(build, tmp_path, ".xlsx") is None
    assert _leftovers(tmp_path) == []


def test_a_child_whose_parent_died_before_it_could_ask_to_be_told_removes_its_file(tmp_path):
    """The parent died before the child asked for its death signal (and is not reaped yet: a
    zombie): no signal will come, so the child sends itself the one it asked for."""
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    path = tmp_path / ".dean5299-half.xlsx"
    path.write_bytes(b"half a workbook")
    try:
        deadline = time.monotonic() + 10
        while _state(dead.pid) != "Z" and time.monotonic() < deadline:
            time.sleep(0.01)
        assert _state(dead.pid) == "Z"
        child = os.fork()
        if child == 0:  # pragma: no cover - in the child
            ahead._child(lambda p: time.sleep(60), path, dead.pid)
        _, status = os.waitpid(child, 0)
    finally:
        dead.wait()
    assert os.waitstatus_to_exitcode(status) == 1
    assert not path.exists()


def _state(pid: int) -> str:
    with open(f"/proc/{pid}/stat", "rb") as stat:
        return stat.read().rsplit(b")", 1)[1].split()[0].decode()
