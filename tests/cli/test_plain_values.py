"""Plain option values are converted without pydantic (cli/vietnamese.py), exactly as Typer
converts them: the same values, the same errors, and Typer's own conversion on another Typer."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import typer
from typer import _coercion
from typer import core as typer_core
from typer._click import Context
from typer._click.exceptions import BadParameter

from dean5299_cli.cli import vietnamese
from dean5299_cli.cli.app import app
from tests.paths import EXAMPLES, ROOT

EXAMPLE = EXAMPLES / "tuy-phuoc-2023"


def _param(command: str, name: str) -> tuple[Any, Context]:
    group = typer.main.get_command(app)  # installs the Vietnamese adaptations
    sub = group.commands[command]  # type: ignore[attr-defined]
    param = next(p for p in sub.params if p.name == name)
    return param, Context(sub)


def _outcome(runtime: Any, value: object, param: Any, ctx: Context) -> object:
    try:
        return ("value", runtime.coerce(value, param=param, ctx=ctx))
    except BadParameter as exc:
        return ("error", exc.message)


def _same_as_typer(command: str, name: str, value: object, *, plain: bool = True) -> None:
    param, ctx = _param(command, name)
    ours = typer_core.build_runtime_param(param.type_descriptor)
    assert (type(ours).__name__ == "PlainRuntimeParam") is plain
    theirs = _coercion.build_runtime_param(param.type_descriptor)
    assert _outcome(ours, value, param, ctx) == _outcome(theirs, value, param, ctx)


@pytest.mark.parametrize(
    "value",
    [
        "2026",
        "+2026",
        "02026",
        "-0",
        " 12",
        "12 ",
        "1_000",
        "3.0",
        "1e3",
        "abc",
        "",
        "٣",
        "9" * 30,
        2026,
        None,
    ],
)
def test_whole_numbers_as_typer(value: object):
    _same_as_typer("targets", "new", value)  # --new: int | None


@pytest.mark.parametrize("value", ["2023", " 2023", "3000", "abc", "", 2023, None])
def test_our_parsers_as_typer(value: object):
    _same_as_typer("validate", "year", value)  # --year: parse_year


@pytest.mark.parametrize("value", ["IV", "", " q4 ", None])
def test_texts_as_typer(value: object):
    _same_as_typer("validate", "quarter", value)


@pytest.mark.parametrize("value", [(), ("xong",), ("xong", "đang xử lý"), None])
def test_lists_of_texts_as_typer(value: object):
    _same_as_typer("reconcile", "status", value)


def test_paths_as_typer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "thu-muc").mkdir()
    (tmp_path / "don-vi.yaml").write_text("x: 1\n", encoding="utf-8")
    values: list[object] = [
        "don-vi.yaml",
        "./don-vi.yaml",
        "don-vi.yaml/",
        "thu-muc",
        "thu-muc/",
        "chua-co.yaml",
        "",
        "-",
        "a\0b",
        str(tmp_path / "don-vi.yaml"),
        Path("don-vi.yaml"),
        None,
    ]
    for value in values:
        _same_as_typer("validate", "settings", value)  # --settings: a file, not a folder
        _same_as_typer("report", "output", value)
        _same_as_typer("validate", "folder", value)  # the folder argument


def test_flags_are_left_as_they_are():
    _same_as_typer("validate", "as_json", True)
    _same_as_typer("validate", "as_json", "yes")


# The same command lines through the whole CLI, with our conversion and with Typer's.
LINES = [
    ["validate", "--json", "--year", "2023"],
    ["validate", "--json", "--year", " 2023", "--quarter", "IV"],
    ["validate", "--year", "3000"],
    ["validate", "--year", "abc"],
    ["validate", "--settings", "bao-cao-don-vi"],
    ["validate", "--settings", "khong-co.yaml"],
    ["validate", "bao-cao-don-vi/khong-co"],
    ["targets", "--new", "abc"],
    ["targets", "--new", "1_000"],
    ["report", "--output", "bao-cao-don-vi"],
]


@pytest.mark.parametrize("args", LINES, ids=" ".join)
def test_the_cli_says_what_typer_says(args: list[str], cli: Any, monkeypatch: pytest.MonkeyPatch):
    ours = cli(*args, cwd=EXAMPLE)
    monkeypatch.setattr(typer_core, "build_runtime_param", _coercion.build_runtime_param)
    theirs = cli(*args, cwd=EXAMPLE)
    assert (ours.exit_code, ours.stdout, ours.stderr) == (
        theirs.exit_code,
        theirs.stdout,
        theirs.stderr,
    )


def test_a_typer_built_otherwise_keeps_its_own_conversion(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(typer_core, "build_runtime_param", _coercion.build_runtime_param)
    assert vietnamese._plain_values_first() is not None
    with monkeypatch.context() as patch:
        patch.delattr(_coercion, "RuntimeParam")
        assert vietnamese._plain_values_first() is None
    with monkeypatch.context() as patch:
        patch.delattr(typer_core, "build_runtime_param")
        assert vietnamese._plain_values_first() is None
    with monkeypatch.context() as patch:
        patch.setattr(typer_core, "build_runtime_param", lambda descriptor: None)
        assert vietnamese._plain_values_first() is None  # someone else's conversion: left alone
    with monkeypatch.context() as patch:
        patch.setattr(_coercion, "RuntimeParam", type("RuntimeParam", (), {}))
        assert vietnamese._plain_values_first() is None  # not the dataclass we know


def test_descriptors_of_another_shape_go_to_typer(monkeypatch: pytest.MonkeyPatch):
    def typers(descriptor: object) -> str:
        return "Typer's"

    monkeypatch.setattr(_coercion, "build_runtime_param", typers)
    monkeypatch.setattr(typer_core, "build_runtime_param", typers)
    build = vietnamese._plain_values_first()
    assert build is not None
    assert build(SimpleNamespace(annotation=int, parameter_info=object())) == "Typer's"
    assert build(SimpleNamespace(annotation=int)) == "Typer's"


def test_unknown_descriptors_go_to_typer():
    param, _ = _param("targets", "new")
    build = typer_core.build_runtime_param
    descriptor = param.type_descriptor
    assert type(build(descriptor)).__name__ == "PlainRuntimeParam"
    # (Typer itself fails on `dict[str, int]` or `set[int]` under Python 3.10: not kinds we use.)
    for annotation in (float, tuple[int, int], Decimal, complex):
        other = _coercion.TypeDescriptor(annotation, descriptor.parameter_info, None)
        assert type(build(other)).__name__ != "PlainRuntimeParam"


def test_validate_does_not_build_pydantic_adapters():
    """The point of it all: a plain run never imports Typer's pydantic adapters."""
    code = (
        "import sys\n"
        "from dean5299_cli.__main__ import main\n"
        "sys.argv = ['dean5299', 'validate', '--json', '--year', '2023', '--quarter', 'IV']\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    sys.stderr.write(repr(sorted(m for m in sys.modules if m.startswith('typer._adapters'))))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=EXAMPLE,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr.endswith("[]"), run.stderr
