"""The command line's start-up: pydantic looks for no plugin in its process (importing
`importlib.metadata` and `email` cost ~15 ms of `validate` on the example), and the settings are
validated exactly as before; a library user of dean5299_cli keeps pydantic's own loader."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.paths import EXAMPLES

PROBE = """
import contextlib, io, json, sys
from dean5299_cli.__main__ import main
sys.argv = ["dean5299", *sys.argv[1:]]
out = io.StringIO()
try:
    with contextlib.redirect_stdout(out):
        main()
except SystemExit as stop:
    code = stop.code
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("email",) or m == "importlib.metadata")
print(json.dumps({"code": code, "loaded": loaded, "out": out.getvalue()}))
"""


def _run(cwd: Path, *args: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=cwd, capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_validate_loads_no_plugin_machinery_and_reads_the_settings_as_before(tmp_path):
    folder = tmp_path / "vi-du"
    shutil.copytree(EXAMPLES / "tuy-phuoc-2023", folder)
    result = _run(folder, "validate", "--json")
    assert result["code"] == 0 and result["loaded"] == []
    data = json.loads(str(result["out"]))
    assert data["year"] == 2023 and len(data["units"]) == 13
    # A setting pydantic refuses is still refused, with its Vietnamese message (exit 3).
    settings = folder / "don-vi.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\nkhoa_la: 1\n", encoding="utf-8")
    refused = subprocess.run(
        [sys.executable, "-m", "dean5299_cli", "validate"],
        cwd=folder, capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
    )  # fmt: skip
    assert refused.returncode == 3 and "khoa_la" in refused.stderr + refused.stdout


def test_a_library_user_keeps_pydantics_own_plugin_loader():
    code = (
        "from pathlib import Path\nfrom dean5299_cli.core.settings import Settings\n"
        "import pydantic.plugin._loader as loader\n"
        "print(Path(loader.__file__).name)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "_loader.py"


def test_any_other_name_asked_of_the_loader_is_the_real_ones():
    code = (
        "import sys\nfrom dean5299_cli.startup import no_pydantic_plugins\n"
        "no_pydantic_plugins()\n"
        "from pydantic.plugin._loader import get_plugins\n"
        "assert tuple(get_plugins()) == ()\n"
        "from pydantic.plugin._loader import PYDANTIC_ENTRY_POINT_GROUP\n"
        "print(PYDANTIC_ENTRY_POINT_GROUP, 'importlib.metadata' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["pydantic", "True"]
