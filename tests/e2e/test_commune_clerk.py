"""A commune's clerk (examples/xa-cat-tien-2026) at the end of a quarter and at the start of a
new year: what the console says must name whom to call and must be true."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.paths import EXAMPLES


def _commune(tmp_path: Path) -> Path:
    work = tmp_path / "xa-cat-tien"
    shutil.copytree(EXAMPLES / "xa-cat-tien-2026", work, ignore=shutil.ignore_patterns("ket-qua"))
    return work


def test_strict_refusal_for_a_unit_not_sent_names_it(cli, tmp_path: Path) -> None:
    """Kim Đông sent nothing, every file is clean: --strict refused with "Có 0 lỗi, 0 cảnh báo;
    9/10 đơn vị…" and named nobody, so the clerk saw no problem and no one to call."""
    work = _commune(tmp_path)
    result = cli("report", "--quarter", "III", "--strict", cwd=work)
    assert result.exit_code == 1
    assert not (work / "ket-qua").exists()
    said = " ".join(result.stderr.split())
    assert said == (
        "Không tính vào tổng hợp: 1 đơn vị (chi tiết: `dean5299 validate`): "
        "Chi đoàn thôn Kim Đông — chưa gửi "
        "Lỗi: Mới có 9/10 đơn vị được tính vào tổng hợp (--strict): chưa ghi kết quả."
    )
