"""Packaging: runtime dependencies are exactly the imports, `python -m dean5299_cli` runs, CI tests the wheel."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

import dean5299_cli

PACKAGE = Path(dean5299_cli.__file__).resolve().parent


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_distributions() -> set[str]:
    """Distributions of every third-party module the package imports (stdlib and itself aside)."""
    modules: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    third_party = modules - set(sys.stdlib_module_names) - {"dean5299_cli", "__future__"}
    owners = metadata.packages_distributions()
    return {_normal(owners.get(module, [module])[0]) for module in third_party}


def declared_runtime() -> set[str]:
    requires = metadata.requires("dean5299") or []
    runtime = [r for r in requires if "extra ==" not in r]
    return {_normal(re.split(r"[\s<>=!~;\[]", r, maxsplit=1)[0]) for r in runtime}


def optional_extra(name: str) -> set[str]:
    """Distributions of an optional extra (imported lazily, only when its feature is asked for)."""
    requires = metadata.requires("dean5299") or []
    pattern = re.compile(rf"extra == [\"']{re.escape(name)}[\"']")
    return {
        _normal(re.split(r"[\s<>=!~;\[]", r, maxsplit=1)[0]) for r in requires if pattern.search(r)
    }


def test_runtime_dependencies_are_exactly_the_imports():
    charts = optional_extra("bieu-do")
    assert charts == {"matplotlib"}
    assert declared_runtime() == imported_distributions() - charts
    assert "pandas" not in declared_runtime()


def test_test_extras_are_separate():
    requires = metadata.requires("dean5299") or []
    extras = {
        _normal(re.split(r"[\s<>=!~;]", r, maxsplit=1)[0])
        for r in requires
        if re.search(r"extra == [\"']test[\"']", r)
    }
    assert {"pytest", "ruff"} <= extras
    assert not extras & declared_runtime()


def test_typer_is_the_pinned_version():
    """cli/vietnamese.py patches Typer internals; the pin must hold what is installed."""
    requires = metadata.requires("dean5299") or []
    requirement = next(r for r in requires if _normal(r).startswith("typer"))
    low = re.search(r">=\s*(\d+)\.(\d+)", requirement)
    high = re.search(r"<\s*(\d+)\.(\d+)", requirement)
    assert low and high, f"typer must be pinned with a lower and an upper bound: {requirement}"
    installed = tuple(int(x) for x in metadata.version("typer").split(".")[:2])
    bottom = (int(low.group(1)), int(low.group(2)))
    top = (int(high.group(1)), int(high.group(2)))
    assert bottom <= installed < top


def test_python_m_runs_the_command(tmp_path: Path):
    result = subprocess.run(
        [sys.executable, "-m", "dean5299_cli", "--version"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"dean5299 {metadata.version('dean5299')}"


@pytest.mark.skipif(
    os.environ.get("DEAN5299_INSTALLED_WHEEL") != "1", reason="only in CI, against the built wheel"
)
def test_the_tests_run_against_the_installed_wheel():
    from dean5299_cli.resources import data_dir

    assert "site-packages" in PACKAGE.parts
    assert not (PACKAGE.parent / "pyproject.toml").exists()  # not a checkout
    assert data_dir("targets").is_relative_to(PACKAGE)
    assert (data_dir("templates") / "bao-cao-5299.docx").is_file()
    files = metadata.files("dean5299") or []
    assert not any(str(f).endswith(".pth") for f in files)  # a wheel install, not an editable one


def test_the_console_script_runs(tmp_path: Path):
    """`dean5299` starts through `__main__.main`, which also covers Ctrl-C while loading."""
    (entry,) = metadata.entry_points(group="console_scripts", name="dean5299")
    assert entry.value == "dean5299_cli.__main__:main"
    script = Path(sys.executable).parent / ("dean5299.exe" if os.name == "nt" else "dean5299")
    if not script.exists():
        pytest.skip("console script not installed beside this Python")
    result = subprocess.run(
        [str(script)], capture_output=True, text=True, encoding="utf-8", cwd=tmp_path, timeout=60
    )
    assert result.returncode == 0 and result.stderr == ""
    assert "Cách dùng: dean5299 [TÙY-CHỌN] LỆNH" in result.stdout
