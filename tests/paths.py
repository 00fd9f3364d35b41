"""Paths the tests use, computed from this file so that no test depends on the current directory."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
EXAMPLES = ROOT / "examples"
FIXTURES = TESTS / "fixtures"
TOOLS = ROOT / "tools"
