"""The reader records cross from the reading workers pickled: what arrives is what was read."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import pickle

import pytest

from dean5299_cli.core.records import RawFile, RawSubmission, RawValue, ReaderNote


def _file() -> RawFile:
    note = ReaderNote("duplicate-code", "C12", {"code": "ct1", "first": "C9"})
    sub = RawSubmission(
        sheet="Báo cáo",
        unit=RawValue("Xã Thử", "C3"),
        year=RawValue(2025.0, "C4"),
        quarter=RawValue("Quý IV", "C5"),
        as_of=RawValue(dt.date(2025, 12, 20), "C6"),
        values={
            "ct1": RawValue(361, "E9"),
            "ct2": RawValue(None, "E10", formula_without_value=True),
            "ct3_tu": RawValue(None, "E11", error="#DIV/0!"),
        },
        code_cells=(RawValue("ct1", "C9"), RawValue("ct1", "C12")),
        consolidated=True,
        notes=(note,),
    )
    return RawFile(
        "dv/Xã Thử.xlsx", submissions=(sub,), sheet_names=("Báo cáo", "Ẩn"), notes=(note,)
    )


def test_a_pickled_file_comes_back_equal_field_for_field() -> None:
    raw = _file()
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(
            pickle.dumps(
                [raw, RawFile("x.xls", refused_code="too-large", refused_reason="lý do")], protocol
            )
        )
        assert back[0] == raw
        assert back[1].refused_code == "too-large" and back[1].refused_reason == "lý do"
        sub = back[0].submissions[0]
        assert sub.values["ct2"].formula_without_value is True
        assert sub.values["ct3_tu"].error == "#DIV/0!"
        assert sub.as_of is not None and sub.as_of.value == dt.date(2025, 12, 20)
        assert sub.notes[0].params == {"code": "ct1", "first": "C9"}


def test_copies_are_equal_and_still_frozen() -> None:
    raw = _file()
    assert copy.copy(raw) == raw
    deep = copy.deepcopy(raw)
    assert deep == raw
    assert deep.submissions[0].values is not raw.submissions[0].values
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(deep.submissions[0].values["ct1"], "value", 0)  # noqa: B010 - frozen on purpose
