"""The console script builds only the command it runs (`app.app_for`): what a user sees is what
the whole app gives, for every command, its help and its usage errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dean5299_cli.cli.app import app, app_for
from tests.paths import EXAMPLES

NAMES = [info.name or "" for info in app.registered_commands]


def _both(runner: CliRunner, args: list[str]) -> tuple[tuple[int, str], tuple[int, str]]:
    one = app_for(args)
    named = next(arg for arg in args if not arg.startswith("-"))
    assert [info.name for info in one.registered_commands] == [named]
    whole = runner.invoke(app, args, catch_exceptions=False)
    alone = runner.invoke(one, args, catch_exceptions=False)
    return (whole.exit_code, whole.output), (alone.exit_code, alone.output)


@pytest.mark.parametrize("name", NAMES)
def test_each_command_alone_says_what_the_whole_app_says(name: str, monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for args in ([name, "--help"], ["--debug", name, "--khong-co"], [name, "--year", "hai"]):
        whole, alone = _both(runner, args)
        assert alone == whole, args
        assert whole[0] == (0 if "--help" in args else 2), whole  # help; a usage error
    assert len(app.registered_commands) == len(NAMES) == 10  # the app itself is left whole


def test_a_run_alone_gives_the_same_answer(monkeypatch, tmp_path: Path) -> None:
    work = tmp_path / "vi-du"
    shutil.copytree(EXAMPLES / "tuy-phuoc-2023", work)
    monkeypatch.chdir(work)
    whole, alone = _both(CliRunner(), ["validate", "--json"])
    assert whole[0] == alone[0] == 0
    assert alone == whole


@pytest.mark.parametrize("args", [[], ["--help"], ["--version"], ["validat"], ["--debug"]])
def test_no_command_named_is_the_whole_app(args: list[str]) -> None:
    assert app_for(args) is app
