"""Shared fixtures (a CLI runner that never leaves the test in another directory) and the
session hooks that record every problem code produced (tests/problem_codes.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result  # typer's own copy of click: no `click` package

from tests import problem_codes


def pytest_sessionstart(session: pytest.Session) -> None:
    problem_codes.start_recording()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    problem_codes.stop_recording()


def pytest_deselected(items: list[pytest.Item]) -> None:
    if items:
        problem_codes.note_deselection()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    problem_codes.check_last(items)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Callable[..., Result]:
    """Invoke `dean5299 ARGS…` in-process in `cwd` (default: an empty folder of its own, so that
    no test depends on where pytest was started); returns the click Result."""
    from dean5299_cli.cli.app import app

    def invoke(*args: str | Path, cwd: Path | None = None) -> Result:
        with monkeypatch.context() as patch:
            patch.chdir(cwd if cwd is not None else tmp_path_factory.mktemp("cwd"))
            return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)

    return invoke
