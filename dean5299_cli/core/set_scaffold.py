"""A new year's indicator set scaffolded from the latest one, with comments on what to change."""

from __future__ import annotations

import calendar
import re
import unicodedata

_YEAR_LINE = re.compile(r"^year:\s*\d{4}\s*$", re.M)
_TITLE_LINE = re.compile(r"^(title:.*)$", re.M)
_SOURCE_LINE = re.compile(r"^source:.*$", re.M)
_DEADLINE_LINE = re.compile(r"^(\s*deadline:\s*[\"']?)(\d{4})(-\d{2}-\d{2})", re.M)


def _moved(match: re.Match[str], years: int) -> str:
    """A `deadline:` line's date `years` later, same day and month (29/02 becomes 28/02)."""
    year = int(match.group(2)) + years
    month, day = int(match.group(3)[1:3]), int(match.group(3)[4:])
    if (month, day) == (2, 29) and not calendar.isleap(year):
        day = 28
    return f"{match.group(1)}{year:04d}-{month:02d}-{day:02d}"


def scaffold_text(source_text: str, source_year: int, new_year: int, source_name: str) -> str:
    """The text of `chi-tieu/<new_year>.yaml`: the source set with its year changed, the old
    source line replaced, and a header saying it is illustrative until the official set exists."""
    header = (
        f"# BỘ CHỈ TIÊU NĂM {new_year}, CHÉP TỪ BỘ NĂM {source_year} ({source_name}).\n"
        "# ĐÂY LÀ BẢN MINH HỌA, CHƯA PHẢI BỘ CHỈ TIÊU CHÍNH THỨC: chỉ dùng số liệu trong tệp này\n"
        f"# sau khi đã sửa theo kế hoạch, hướng dẫn chính thức của năm {new_year}.\n"
        "# Cần sửa:\n"
        "#   - source: số, ngày của văn bản giao chỉ tiêu năm mới;\n"
        "#   - target / target_rate / minimum / deadline của từng chỉ tiêu (chỉ tiêu theo Đề án);\n"
        f"#     hạn (deadline) đã được chuyển sang năm {new_year}, cùng ngày tháng: sửa theo văn bản;\n"
        "#     tên chỉ tiêu (title) dùng {target}, {target_rate}, {minimum}, {deadline}, {year}\n"
        "#     nên chỉ cần sửa con số ở một chỗ;\n"
        "#   - thêm, bớt chỉ tiêu: đánh số lại 1, 2, 3… và đặt mã trường theo quy tắc ctN;\n"
        "#   - general_fields: số liệu chung không phải chỉ tiêu (mặc định: Tổ công nghệ số thanh niên).\n"
        "# Chỉ tiêu giao cho đơn vị mình và đơn vị trực thuộc ghi trong don-vi.yaml (khóa targets).\n"
        "# Kiểm tra sau khi sửa: dean5299 targets --year "
        f"{new_year}\n"
    )
    lines = source_text.splitlines()
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)  # the source's own header describes the source year
    text = "\n".join(lines) + "\n"
    text = _YEAR_LINE.sub(f"year: {new_year}", text, count=1)
    # A deadline of the source year (01/7/2024) would be printed as missed in every report of
    # the new year: it moves with the year, like the title, and stays to be checked.
    text = _DEADLINE_LINE.sub(lambda m: _moved(m, new_year - source_year), text)
    text = _TITLE_LINE.sub(
        lambda m: _marked(m.group(1).replace(str(source_year), str(new_year)).rstrip()),
        text,
        count=1,
    )
    source = f'source: "{_copied_source(new_year)} chép từ bộ năm {source_year}"'
    if _SOURCE_LINE.search(text):
        text = _SOURCE_LINE.sub(source, text, count=1)
    else:
        text = _YEAR_LINE.sub(lambda m: m.group(0) + "\n" + source, text, count=1)
    return header + "\n" + text


_MARK = " (bản minh họa, chưa chính thức)"


def _copied_source(year: int) -> str:
    """The start of the `source` line a scaffolded set of `year` is written with."""
    return f"Chưa có văn bản giao chỉ tiêu năm {year}: bản minh họa"


def still_copied(source: str, year: int) -> bool:
    """The set of `year` still has the `source` line `targets --new` wrote: its figures are
    still the copied year's (the clerk is told to change that line with them)."""
    return source.startswith(_copied_source(year))


def _marked(title: str) -> str:
    """The title with the mark once: a set made from a copy (2026 from 2025, itself from 2024)
    was titled "… (bản minh họa, chưa chính thức) (bản minh họa, chưa chính thức)"; a title
    that already says it is illustrative in its own words ("bộ minh họa") is left as it is."""
    said = unicodedata.normalize("NFC", title).casefold()
    return title if "minh họa" in said or "minh hoạ" in said else title + _MARK
