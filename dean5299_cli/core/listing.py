"""A list said to the clerk on the console: a heading, one line per unit, a closing advice."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Listing:
    """Laid out by the console as `validate`'s list of units to call: the heading, then each
    line indented (wrapped under itself), then the closing line."""

    heading: str  # `Không tính vào tổng hợp: 4 đơn vị …:`
    lines: tuple[str, ...]  # `Phước An (tệp "…") — sửa 1 lỗi: …`: one unit each
    closing: str = ""  # what to do about them all, when one sentence says it
