"""Closed sets: `assert_never` fails loudly, and every table keyed by an enum covers all its members."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from enum import Enum

import pytest

import dean5299_cli
from dean5299_cli.core.exhaustive import assert_never
from dean5299_cli.core.reminders import Need


def _modules() -> list[str]:
    return [
        m.name
        for m in pkgutil.walk_packages(dean5299_cli.__path__, prefix="dean5299_cli.")
        if not m.name.endswith("__main__")
    ]


def enum_tables() -> dict[str, tuple[type[Enum], set[Enum]]]:
    """Module-level mappings whose keys are all members of one enum: name → (enum, keys)."""
    tables: dict[str, tuple[type[Enum], set[Enum]]] = {}
    for name in _modules():
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if not isinstance(value, Mapping) or not value:
                continue
            kinds = {type(k) for k in value}
            if len(kinds) == 1 and issubclass(enum := kinds.pop(), Enum):
                tables[f"{name}.{attr}"] = (enum, set(value))
    return tables


def test_assert_never_raises_naming_the_value():
    with pytest.raises(AssertionError, match="Giá trị không được xử lý: <Need.CHECK: 'check'>"):
        assert_never(Need.CHECK)  # type: ignore[arg-type]  # on purpose: the runtime guard


def test_every_enum_keyed_table_covers_every_member():
    tables = enum_tables()
    assert "dean5299_cli.core.problems.SEVERITY_VI" in tables  # the scan finds the tables
    missing = {
        name: sorted(m.name for m in set(enum) - keys)
        for name, (enum, keys) in tables.items()
        if set(enum) - keys
    }
    assert missing == {}
