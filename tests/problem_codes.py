"""Records every problem code built during a test session, to check the whole catalogue is exercised."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dean5299_cli.core.problems import BRIEF, Problem

TESTS = Path(__file__).resolve().parent
CHECK = "test_every_catalogue_code_is_produced"  # runs last: see tests/core/test_problems.py

produced: set[str] = set()
unbriefed: set[str] = set()  # codes built with params that their brief form cannot be filled from
_patch = pytest.MonkeyPatch()
_deselected: list[bool] = []


def start_recording() -> None:
    """Wrap `Problem.__init__` so that every problem built in this process records its code, and
    whether its brief form (the action line's words) can be filled from its params."""
    original = Problem.__init__

    def recording_init(self: Problem, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        produced.add(self.code)
        if self.code in BRIEF and self.params:
            try:
                BRIEF[self.code].format(**self.params)
            except (KeyError, IndexError, ValueError):
                unbriefed.add(self.code)

    _patch.setattr(Problem, "__init__", recording_init)


def stop_recording() -> None:
    _patch.undo()


def note_deselection() -> None:
    _deselected.append(True)


def check_last(items: list[pytest.Item]) -> None:
    """Move the catalogue check after every other test, in place."""
    items.sort(key=lambda item: item.name == CHECK)


def whole_suite(config: pytest.Config) -> bool:
    """True when this session runs every test: no -k/-m, nothing deselected or ignored, and the
    paths asked for are the tests folder or a folder holding it (CI runs pytest without
    arguments in a copy that has no pyproject.toml, hence no testpaths)."""
    option = config.option
    if option.keyword or option.markexpr or _deselected:
        return False
    if getattr(option, "ignore", None) or getattr(option, "ignore_glob", None):
        return False
    if getattr(option, "deselect", None):
        return False
    base = config.invocation_params.dir
    asked = [(base / arg).resolve() for arg in config.args]
    return all(path == TESTS or path in TESTS.parents for path in asked)


def missing(codes: list[str] | tuple[str, ...]) -> list[str]:
    """The codes of `codes` that no problem built so far in this session carried."""
    return [code for code in codes if code not in produced]
