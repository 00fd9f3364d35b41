"""What the tests of isolated reading share: a folder of good submissions, a reader that acts up
on one file where it runs (a forked child, a pool's worker), and the check that only that file
was lost."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from dean5299_cli.folder import list_folder
from dean5299_cli.readers.files import PLAIN
from tests.helpers import make_workspace, submit


def folder_items(tmp_path: Path, count: int, name: str = "f{}.xlsx") -> list[tuple[Path, str]]:
    """`count` good submissions named `name` (formatted with 0, 1, …), as the folder lists them."""
    folder = make_workspace(tmp_path)
    for i in range(count):
        submit(folder, name.format(i))
    items, _ = list_folder(folder)
    assert len(items) == count
    return items


def act_up(
    monkeypatch: pytest.MonkeyPatch, module: ModuleType, culprit: str, act: Callable[[], object]
) -> None:
    """`module`'s read_file runs `act` before reading `culprit` (in the process that reads it:
    patched before the fork, the child or worker has it too)."""
    real = module.read_file

    def reader(path: Path, rel: str, reading=PLAIN):
        if rel == culprit:
            act()
        return real(path, rel, reading)

    monkeypatch.setattr(module, "read_file", reader)


def weigh(path: Path, megabytes: int) -> None:
    """Make the workbook at `path` weigh `megabytes` MB more, still a good submission: an image
    part of that many random bytes (stored as they are, as a photo is), which no reader parses."""
    import zipfile

    with zipfile.ZipFile(path, "a") as package:
        data = os.urandom(megabytes * 1024 * 1024)
        package.writestr("xl/media/image1.png", data, compress_type=zipfile.ZIP_STORED)
    assert path.stat().st_size >= megabytes * 1024 * 1024


# The parent does not know why a worker died; the bound it names is the file's own.
CRASHED = re.compile(
    r"tệp làm hỏng trình đọc hoặc đọc quá \d+ giây \(tệp hỏng, quá lớn hoặc cố tình gây lỗi\)"
)


def check_only_culprit_lost(raws, items, culprit: str | None) -> None:
    """Every file, in order: `culprit` unreadable as a crashed reader, every other one read."""
    assert [r.path for r in raws] == [rel for _, rel in items]
    for raw in raws:
        if raw.path == culprit:
            assert raw.refused_code == "unreadable-file"
            assert CRASHED.fullmatch(raw.refused_reason or ""), raw.refused_reason
        else:
            assert raw.refused_code is None and len(raw.submissions) == 1, raw


ROOT = Path(__file__).resolve().parents[2]


def run_python(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """This Python on `args` (a script and its arguments, or options and `-c`), from the project's
    root, its output captured as text: reading that may crash or hang watched from outside."""
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT
    )


def run_script_on_folder(
    tmp_path: Path, count: int, source: str, *args: str, timeout: float = 120
) -> tuple[subprocess.CompletedProcess[str], float]:
    """`source` run as a script on a folder of `count` good submissions (f00.xlsx, f01.xlsx, …),
    `args` after the folder: its output, and the seconds the run took (the folder made before)."""
    folder = make_workspace(tmp_path)
    for i in range(count):
        submit(folder, f"f{i:02}.xlsx")
    script = tmp_path / "script.py"
    script.write_text(source, encoding="utf-8")
    start = time.monotonic()
    out = run_python(str(script), str(folder), *args, timeout=timeout)
    return out, time.monotonic() - start
