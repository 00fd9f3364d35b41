"""`assert_never` for exhaustive branches over a closed set (typing has it only from Python 3.11)."""

from __future__ import annotations

from typing import NoReturn


def assert_never(value: NoReturn) -> NoReturn:
    """Mark the branch after the last member: mypy reports a member no branch handles."""
    raise AssertionError(f"Giá trị không được xử lý: {value!r}")
