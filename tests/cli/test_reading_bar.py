"""The reading's progress bar on a terminal: drawn, and no second thread alive when the readers
fork (a fork while another thread runs may leave the child waiting on a lock that thread held)."""

from __future__ import annotations

import io
import sys
import threading
from pathlib import Path

import pytest

import dean5299_cli.folder as folder_module
from dean5299_cli.cli import cmd_validate
from tests.helpers import UNITS, make_workspace, submit


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_is_drawn_with_no_thread_beside_the_readers(tmp_path, monkeypatch):
    folder = make_workspace(tmp_path)
    for index in range(3):
        submit(folder, f"don-vi-{index}.xlsx", unit=UNITS[index])
    screen = _Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    monkeypatch.setenv("FORCE_COLOR", "1")  # Rich: a terminal, whatever pytest captures
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    monkeypatch.chdir(tmp_path)
    threads_at_reading: list[int] = []
    real_read_all = folder_module.read_all

    def read_all(items: list[tuple[Path, str]], **kwargs: object) -> object:
        threads_at_reading.append(threading.active_count())
        progress = kwargs["progress"]
        assert callable(progress)
        return real_read_all(items, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(folder_module, "read_all", read_all)
    before = threading.active_count()  # 1, unless an earlier test left one behind
    _loaded, _path, report = cmd_validate.load_report(None, None, None, None, show_progress=True)
    assert threads_at_reading == [before]  # the bar started no thread of its own
    assert "Đang đọc tệp" in screen.getvalue()  # the bar was drawn, by the reading's progress
    assert "3/3" in screen.getvalue()
    assert len(report.current) == 3


@pytest.mark.parametrize(("files", "seconds_apart", "most"), [(50, 0.03, 13), (5, 0.5, 6)])
def test_the_bar_is_redrawn_at_most_ten_times_a_second(monkeypatch, files, seconds_apart, most):
    drawn: list[float] = []
    now = [0.0]

    class Bar:
        def update(self, task: object, total: int) -> None:
            pass

        def advance(self, task: object, done: int) -> None:
            pass

        def refresh(self) -> None:
            drawn.append(now[0])

    monkeypatch.setattr(cmd_validate.time, "monotonic", lambda: now[0])
    shown = cmd_validate._Shown(Bar(), 0)
    shown.count(files)
    for _ in range(files):
        now[0] += seconds_apart
        shown.advance(1)
    assert drawn[-1] == now[0]  # the last file read is drawn at once
    drawn = drawn[:-1] if len(drawn) > 1 and drawn[-1] - drawn[-2] < 0.1 else drawn
    gaps = [b - a for a, b in zip(drawn, drawn[1:], strict=False)]
    assert drawn[0] == 0.0  # drawn as soon as the count is known
    assert all(0.1 - 1e-9 <= gap <= 0.1 + seconds_apart + 1e-9 for gap in gaps)  # and kept moving
    assert len(drawn) <= most  # 1,5 s of 50 files: 13 redraws, not 51
    assert now[0] - drawn[-1] <= 0.1 + 1e-9


def test_the_last_file_read_is_drawn_at_once(monkeypatch):
    """The files read within a tenth of a second of the last redraw: the bar shows them all
    while the report is checked, not a count left behind."""
    drawn: list[tuple[int, int]] = []
    state = {"completed": 0, "total": 0}

    class Bar:
        def update(self, task: object, total: int) -> None:
            state["total"] = total

        def advance(self, task: object, done: int) -> None:
            state["completed"] += done

        def refresh(self) -> None:
            drawn.append((state["completed"], state["total"]))

    monkeypatch.setattr(cmd_validate.time, "monotonic", lambda: 5.0)
    shown = cmd_validate._Shown(Bar(), 0)
    shown.count(3)
    for _ in range(3):
        shown.advance(1)
    assert drawn == [(0, 3), (3, 3)]
