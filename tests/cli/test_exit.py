"""The console script leaves what is still alive when its command is over out of the collections
the interpreter makes while it shuts down (cli/app.py `main`), and nothing is lost by it: the
files the command wrote are whole, nothing temporary is left, the exit code is the command's."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.paths import EXAMPLES

# Runs the console script's `main` as the installed `dean5299` does, then says what the
# interpreter's own collections at exit would still have to walk.
_RUN = """
import gc, json, sys
from dean5299_cli.cli.app import main
sys.argv = ["dean5299", *sys.argv[1:]]
try:
    main()
    code = 0
except SystemExit as stop:
    code = stop.code
sys.stdout.flush()
print(json.dumps({"code": code, "frozen": gc.get_freeze_count(), "tracked": len(gc.get_objects())}))
"""


def _run(folder: Path, *args: str) -> tuple[dict[str, int], str]:
    result = subprocess.run(
        [sys.executable, "-c", _RUN, *args],
        cwd=folder,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1]), result.stderr


def test_what_the_command_leaves_alive_is_not_walked_at_exit_and_nothing_is_lost(tmp_path: Path):
    folder = tmp_path / "tuy-phuoc"
    shutil.copytree(EXAMPLES / "tuy-phuoc-2023", folder, ignore=shutil.ignore_patterns("ket-qua"))

    checked, _ = _run(folder, "validate")
    assert checked["code"] == 0
    # Tens of thousands of objects (modules, the indicator sets, the folder's figures) are set
    # aside; what the collector could still walk is what the exit itself creates.
    assert checked["frozen"] > 20_000 and checked["tracked"] < 1_000

    reported, said = _run(folder, "report", "--quarter", "IV", "--force")
    assert reported["code"] == 0 and reported["frozen"] > 20_000
    out = folder / "ket-qua"
    written = sorted(p.name for p in out.iterdir() if p.is_file())
    assert written == [
        "bao-cao-5299-2023-quy-4.docx",
        "ra-soat-2023-quy-4.xlsx",
        "tong-hop-5299-2023-quy-4.xlsx",
    ]
    for name in written:  # each whole: every part of the package reads back
        with zipfile.ZipFile(out / name) as package:
            assert package.testzip() is None
    assert "Đã ghi báo cáo" in said and "Đã ghi bảng tổng hợp" in said

    wrong, _ = _run(folder, "report", "--quarter", "V")
    assert wrong["code"] == 2  # a usage error keeps its exit code
