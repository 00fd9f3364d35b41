"""The clerk's narrative file: forgiving headings, one paragraph per line, bold and italic runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dean5299_cli.core.narrative import Paragraph, Run, parse_narrative
from dean5299_cli.workspace import NARRATIVE, create_workspace

PLACEHOLDERS = {"ky": "quý III năm 2024", "nam": "2024", "quy": "quý III"}


def texts(paragraphs: tuple[Paragraph, ...]) -> list[str]:
    return [p.text for p in paragraphs]


@pytest.mark.parametrize(
    ("heading", "key"),
    [
        ("## I. Công tác chỉ đạo, triển khai", "direction"),
        ("## Công tác chỉ đạo triển khai", "direction"),
        ("## CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI:", "direction"),
        ("## cong tac chi dao, trien khai", "direction"),
        ("## 2. Kết quả hoạt động", "results"),
        ("##2.Kết quả hoạt động", "results"),
        ("### II - KẾT QUẢ HOẠT ĐỘNG", "results"),
        ("## Mở đầu:", "opening"),
        ("## III. Kết luận.", "closing"),
        ("## Trích yếu", "subject"),
    ],
)
def test_headings_are_matched_forgivingly(heading: str, key: str) -> None:
    narrative = parse_narrative(f"{heading}\nNội dung.\n")
    assert [s.key for s in narrative.sections] == [key]
    assert texts(narrative.get(key)) == ["Nội dung."]
    assert not any("không phải mục có sẵn" in n for n in narrative.notices)


def test_unknown_heading_stays_where_written_with_a_notice() -> None:
    text = (
        "Chú thích không in.\n"
        "## Mở đầu\nMở.\n"
        "## IV. Phương hướng quý IV\n- Việc một\n"
        "## Kết quả hoạt động\nKết quả.\n"
        "## Kết luận\nHết./.\n"
    )
    narrative = parse_narrative(text)
    assert [(s.key, s.heading) for s in narrative.sections] == [
        ("opening", "Mở đầu"),
        (None, "Phương hướng quý IV"),
        ("results", "Kết quả hoạt động"),
        ("closing", "Kết luận"),
    ]
    assert narrative.notices == (
        "Mục “Phương hướng quý IV” của phần lời không phải mục có sẵn (“Trích yếu”, “Mở đầu”, "
        "“Công tác chỉ đạo, triển khai”, “Kết quả hoạt động”, “Kết luận”): in thành mục riêng ở "
        "đúng chỗ đã viết.",
    )
    assert narrative.extra == (("Phương hướng quý IV", narrative.sections[1].paragraphs),)
    assert narrative.get("direction") == ()


def test_each_line_and_list_item_is_its_own_paragraph() -> None:
    text = (
        "## Công tác chỉ đạo, triển khai\n"
        "Ban hành Kế hoạch số 12.\n"
        "Tổ chức hội nghị.\n"
        "\n"
        "- Ý một\n"
        "+ Ý phụ\n"
        "* Ý hai\n"
        "1. Ý ba\n"
        "   dòng   có   nhiều   khoảng trắng   \n"
        "<Viết phần công tác chỉ đạo tại đây.>\n"
    )
    assert texts(parse_narrative(text).get("direction")) == [
        "Ban hành Kế hoạch số 12.",
        "Tổ chức hội nghị.",
        "- Ý một",
        "+ Ý phụ",
        "- Ý hai",
        "1. Ý ba",
        "dòng có nhiều khoảng trắng",
    ]


def test_bold_and_italic_become_runs() -> None:
    narrative = parse_narrative(
        "## Kết quả hoạt động\n"
        "Đạt **95,2%** kế hoạch, *vượt* chỉ tiêu.\n"
        "**Toàn bộ *đơn vị* đã báo cáo**\n"
        "2 * 3 = 6 và dấu sao \\*thật\\*\n"
        "**chưa đóng\n"
    )
    first, second, third, fourth = narrative.get("results")
    assert first.runs == (
        Run("Đạt "),
        Run("95,2%", bold=True),
        Run(" kế hoạch, "),
        Run("vượt", italic=True),
        Run(" chỉ tiêu."),
    )
    assert first.text == "Đạt 95,2% kế hoạch, vượt chỉ tiêu."
    assert second.runs == (
        Run("Toàn bộ ", bold=True),
        Run("đơn vị", bold=True, italic=True),
        Run(" đã báo cáo", bold=True),
    )
    assert third.runs == (Run("2 * 3 = 6 và dấu sao *thật*"),)
    assert fourth.runs == (Run("**chưa đóng"),)


def test_empty_and_missing_required_sections_are_noticed() -> None:
    narrative = parse_narrative("## Mở đầu\n\n<Viết tại đây>\n## Kết quả hoạt động\nCó.\n")
    assert narrative.notices == (
        "Mục “Mở đầu” của phần lời còn trống.",
        "Phần lời chưa có mục “Kết luận” (dòng “## Kết luận”).",
    )


def test_a_section_written_twice_is_joined_not_printed_twice() -> None:
    narrative = parse_narrative(
        "## Kết luận\nMột.\n## Mở đầu\nMở.\n## 3. Kết luận\nHai.\n## Kết quả\nCó.\n"
    )
    assert [s.key for s in narrative.sections] == ["closing", "opening", "results"]
    assert texts(narrative.get("closing")) == ["Một.", "Hai."]
    assert narrative.notices == (
        "Phần lời có hai mục “Kết luận”: nội dung mục thứ hai được nối vào mục thứ nhất.",
    )


def test_placeholders_replaced_and_unknown_ones_noticed() -> None:
    narrative = parse_narrative(
        "Chú thích {khong_in}\n## Mở đầu\nBáo cáo {ky}, năm {nam}, {quy}; {so_bao_cao}.\n"
        "## Kết quả hoạt động\nCó.\n## Kết luận\nHết.\n",
        PLACEHOLDERS,
    )
    assert texts(narrative.get("opening")) == [
        "Báo cáo quý III năm 2024, năm 2024, quý III; {so_bao_cao}."
    ]
    assert narrative.notices == (
        "Phần lời có chỗ thay chưa biết: {so_bao_cao} (giữ nguyên). "
        "Các chỗ thay được: {ky}, {nam}, {quy}.",
    )


def test_starter_file_comments_are_not_printed_and_placeholders_documented(tmp_path: Path) -> None:
    create_workspace(tmp_path)  # the starter as `init` gives it, from the installed package
    text = (tmp_path / NARRATIVE).read_text(encoding="utf-8")
    preamble = text.split("\n## ", 1)[0]
    for placeholder in ("{ky}", "{quy}", "{nam}", "{ban_thuong_vu}", "{bao_cao_len}"):
        assert placeholder in preamble
    from dean5299_cli.core.levels import narrative_placeholders

    class Commune:  # what the level words need from the settings
        level_key, issuer_symbol, level_words, place = "xã", "ĐTN", {}, "Cát Tiến"

    words = narrative_placeholders(Commune())
    narrative = parse_narrative(text, {**PLACEHOLDERS, **words})
    assert texts(narrative.get("closing"))[0].endswith(
        "Ban Thường vụ Đoàn xã kính báo cáo Ban Thường vụ Tỉnh đoàn theo dõi, chỉ đạo./."
    )
    assert [s.key for s in narrative.sections] == [
        "subject",
        "opening",
        "direction",
        "results",
        "closing",
    ]
    assert texts(narrative.get("subject")) == ["Kết quả thực hiện Đề án 5299 quý III năm 2024"]
    assert narrative.get("direction") == ()
    # the starter leaves the results for the clerk to write: the one reminder
    assert narrative.notices == ("Mục “Kết quả hoạt động” của phần lời còn trống.",)
    printed = " ".join(p.text for s in narrative.sections for p in s.paragraphs)
    assert "Cách viết" not in printed and "{ky}" not in printed


@given(st.lists(st.text(alphabet="ab *#-+\n<>{}", max_size=30), max_size=8))
def test_any_text_parses_and_every_body_line_is_one_paragraph(chunks: list[str]) -> None:
    text = "## Kết quả hoạt động\n" + "\n".join(chunks)
    narrative = parse_narrative(text, PLACEHOLDERS)
    body = [line for line in text.splitlines()[1:]]
    assert all(p.runs and p.text.strip() for s in narrative.sections for p in s.paragraphs)
    if len(narrative.sections) == 1:  # no further heading in the random lines
        kept = [
            line
            for line in body
            if line.strip() and not (line.strip().startswith("<") and line.strip().endswith(">"))
        ]
        assert len(narrative.get("results")) == len(kept)
