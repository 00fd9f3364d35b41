"""The problem catalogue: every code is produced by some test of the session, from real input."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from dean5299_cli.core.problems import BRIEF, BRIEF_MAX, CATALOGUE, CODES, Severity, brief, problem
from tests import problem_codes


@pytest.fixture
def unrecorded() -> Iterator[None]:
    """Problems built by hand here must not count as produced by real input."""
    before = set(problem_codes.produced)
    yield
    problem_codes.produced.clear()
    problem_codes.produced.update(before)


def test_a_problem_carries_its_catalogue_severity_and_vietnamese_message(unrecorded: None) -> None:
    found = problem("skipped-file", "desktop.ini", reason="tệp hệ thống")
    assert found.severity is Severity.INFO
    assert found.message == "Bỏ qua: tệp hệ thống."
    assert found.to_json()["severity"] == "info"


def test_the_recorder_sees_every_problem_built_and_names_a_code_never_produced(
    unrecorded: None,
) -> None:
    problem_codes.produced.discard("period-inferred")
    assert "period-inferred" in problem_codes.missing(CODES)
    problem("period-inferred", "a.xlsx", what="kỳ báo cáo", value="Quý IV", date="31/12/2023")
    assert "period-inferred" not in problem_codes.missing(CODES)
    assert problem_codes.missing(("khong-bao-gio-co",)) == ["khong-bao-gio-co"]


def test_every_catalogue_code_is_produced(request: pytest.FixtureRequest) -> None:
    """Runs last (see conftest); enforced only when the whole suite runs, since a subset
    (`-k`, one file) legitimately produces fewer codes."""
    if not problem_codes.whole_suite(request.config):
        pytest.skip("chỉ kiểm tra khi chạy toàn bộ bộ kiểm thử")
    assert problem_codes.missing(CODES) == []
    assert problem_codes.unbriefed == set()  # every brief form filled from real problems' params


def test_a_brief_form_says_what_is_wrong_in_one_cell_or_nothing(unrecorded: None) -> None:
    assert set(BRIEF) <= set(CATALOGUE)
    error = problem("formula-error", "a.xlsx", cell="E10", label="Số người (ct2)", error="#DIV/0!")
    assert brief(error) == "kết quả lỗi #DIV/0!"
    assert brief(problem("formula-error", "a.xlsx", label="Số người (ct2)", error="#N/A")) is None
    long_text = "x" * BRIEF_MAX
    typed = problem("not-a-number", "a.xlsx", cell="E9", raw=long_text, label="ct1", why="")
    assert brief(typed) is None  # a unit's long text: the cell alone is named
    assert brief(problem("not-a-number", "a.xlsx", cell="E9", raw="abc", label="ct1", why=""))
    bare = problem("negative-value", "a.xlsx", cell="E9", value="-5", label="ct1")
    assert brief(bare) == "số âm -5"
    assert brief(dataclasses.replace(bare, params={})) is None  # read back without its params
    assert brief(problem("skipped-file", "desktop.ini", reason="tệp hệ thống")) is None
