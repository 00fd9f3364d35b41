"""A sheet larger than the tree's limit is guarded in chunks as they are inflated, cut into pieces
of whole rows (`rowcut`) or streamed: whatever the chunk and piece sizes, every example file is
read exactly as when each part is parsed whole. (A number cut between two chunks, `<v>1` then
`4</v>`, once refused a good 1.000-unit summary.)"""

from __future__ import annotations

import pytest

from dean5299_cli.folder import list_folder
from dean5299_cli.readers import parts, rowcut, sheetscan
from dean5299_cli.readers.files import read_file
from tests.paths import EXAMPLES

FOLDERS = sorted(EXAMPLES.glob("*/bao-cao-don-vi"))


@pytest.fixture(scope="module")
def whole() -> dict[tuple[str, str], object]:
    assert len(FOLDERS) >= 3
    return {
        (folder.parent.name, rel): read_file(path, rel)
        for folder in FOLDERS
        for path, rel in list_folder(folder)[0]
    }


@pytest.mark.parametrize(("chunk", "piece"), [(7, 0), (997, 0), (7, 3000), (997, sheetscan._PIECE)])
def test_every_example_reads_the_same_streamed_in_any_chunks(whole, chunk, piece, monkeypatch):
    # Custom properties (the tool's mark) are read whole only: no example carries one.
    monkeypatch.setattr(parts, "TREE_BELOW", 0)  # every part streamed
    monkeypatch.setattr(parts, "_CHUNK", chunk)
    monkeypatch.setattr(rowcut, "MIN_PIECE", 64)
    answered: list[bool] = []
    if piece:  # cut into pieces of whole rows, as a large plain part is
        real = sheetscan._plain_streamed
        monkeypatch.setattr(sheetscan, "_PIECE", piece)
        monkeypatch.setattr(sheetscan, "_plain_streamed", lambda *a: _noted(real(*a), answered))
    else:  # the streaming pass alone, as a part spelt otherwise is
        monkeypatch.setattr(sheetscan, "_plain_streamed", lambda *a: None)
    streamed = {
        (folder.parent.name, rel): read_file(path, rel)
        for folder in FOLDERS
        for path, rel in list_folder(folder)[0]
    }
    assert streamed == whole
    assert sum(1 for raw in whole.values() if raw.submissions) >= 40  # files of figures, compared
    if piece:
        assert answered.count(True) >= 100  # sheets the pieces answered, not the stream


def _noted(found: object, answered: list[bool]) -> object:
    answered.append(found is not None)
    return found
