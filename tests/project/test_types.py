"""The type check: mypy --strict configured narrowly, run by CI through the README's test command."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

import dean5299_cli
from tests.paths import ROOT

PACKAGE = Path(dean5299_cli.__file__).resolve().parent
IGNORE = re.compile(r"#\s*type:\s*ignore(?P<rest>.*)$")
# `# type: ignore[code] # why`: only for a wrong third-party stub, with its error code and a reason.
NARROW_IGNORE = re.compile(r"^\[[a-z-]+(, ?[a-z-]+)*\]\s+#\s*\S")


def _readme_test_command() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"CI chạy đúng lệnh này\):\s*```bash\n(?P<command>[^\n]+)\n```", text)
    assert block, "README.md: the test command block is missing"
    return block["command"].strip()


def test_ci_runs_the_readme_test_command_with_the_type_check():
    ci = ROOT / ".ci" / "run"
    if not ci.is_file():
        pytest.skip("a copy of the tests outside the checkout (CI step 1)")
    command = _readme_test_command()
    assert command.endswith("&& python -m mypy")
    assert "types]" in command  # the extra that installs mypy and the stubs
    lines = [line.strip() for line in ci.read_text(encoding="utf-8").splitlines()]
    assert command in lines


def test_mypy_is_strict_and_its_exceptions_narrow():
    if sys.version_info < (3, 11):
        pytest.skip("tomllib is 3.11+")
    import tomllib

    pyproject = ROOT / "pyproject.toml"
    if not pyproject.is_file():
        pytest.skip("a copy of the tests outside the checkout (CI step 1)")
    config = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    mypy = config["tool"]["mypy"]
    assert mypy["strict"] is True
    assert mypy["files"] == ["dean5299_cli"]
    assert mypy["python_version"] == "3.10"
    overrides = mypy.get("overrides", [])
    assert [o["module"] for o in overrides] == [["docxtpl", "docxtpl.*"]]  # no stubs, nothing else
    assert all(set(o) == {"module", "ignore_missing_imports"} for o in overrides)
    extra = config["project"]["optional-dependencies"]["types"]
    assert {re.split(r"[<>=]", r, maxsplit=1)[0] for r in extra} == {
        "mypy",
        "types-PyYAML",
        "types-openpyxl",
        "lxml-stubs",  # verify/docx_stream.py reads a report with lxml directly
    }


def test_type_ignores_name_their_error_code_and_a_reason():
    loose: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            found = IGNORE.search(line)
            if found and not NARROW_IGNORE.match(found["rest"]):
                loose.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert loose == []


def test_the_ignore_rule_rejects_blanket_and_silent_ignores():
    def accepted(line: str) -> bool:
        found = IGNORE.search(line)
        return bool(found and NARROW_IGNORE.match(found["rest"]))

    assert accepted("x = f()  # type: ignore[arg-type]  # stub says str, runtime takes int")
    assert not accepted("x = f()  # type: ignore")
    assert not accepted("x = f()  # type: ignore[arg-type]")
