"""Many files are read by a pool of workers; what goes wrong in the main process is not taken
for a dead worker."""

from __future__ import annotations

from pathlib import Path

import pytest

from dean5299_cli.folder import PARALLEL_FROM, list_folder, read_all
from tests.helpers import make_workspace, submit


def test_a_failing_progress_callback_is_not_a_dead_worker(tmp_path: Path) -> None:
    """The callback's exception reaches the caller; the chunk was not read a second time one by
    one (counted twice by the progress bar) as if its worker had died."""
    folder = make_workspace(tmp_path)
    for i in range(PARALLEL_FROM):
        submit(folder, f"f{i:02}.xlsx")
    items, _ = list_folder(folder)
    seen: list[int] = []

    def progress(count: int) -> None:
        seen.append(count)
        if len(seen) == 1:
            raise RuntimeError("the progress bar failed")

    with pytest.raises(RuntimeError):
        read_all(items, jobs=2, progress=progress)
    assert len(seen) == 1
