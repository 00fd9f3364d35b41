"""The clerk's own text of the report: sections under `## Heading` lines in a plain text file.

Rules (the starter file `dean5299_cli/data/templates/init/noi-dung-bao-cao.md` explains them to the clerk):
- everything before the first `##` line is comments and is not printed;
- a heading is matched to a known section ignoring case, diacritics, punctuation and a leading
  number or Roman numeral (`## I. Công tác chỉ đạo, triển khai`); any other heading starts a
  section of the clerk's own, kept where it was written, with a notice;
- every non-blank line is its own paragraph (a clerk writing in Notepad presses Enter to start a
  paragraph; Markdown's joining of consecutive lines would silently glue them). List markers
  (`- `, `+ `, `1. `, `a) `) are kept as written: the Đoàn style prints them; `* `/`• ` become `- `;
- `**đậm**` and `*nghiêng*` become bold and italic runs; `\\*` is a literal asterisk;
- a paragraph that is only `<…>` is an instruction left in the starter file, and is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dean5299_cli.core.text import fold

KNOWN: dict[str, str] = {
    "trich yeu": "subject",
    "mo dau": "opening",
    "cong tac chi dao trien khai": "direction",
    "chi dao trien khai": "direction",
    "cong tac chi dao": "direction",
    "cong tac trien khai": "direction",
    "ket qua hoat dong": "results",
    "ket qua thuc hien": "results",
    "ket qua": "results",
    "ket luan": "closing",
}
TITLES: dict[str, str] = {
    "subject": "Trích yếu",
    "opening": "Mở đầu",
    "direction": "Công tác chỉ đạo, triển khai",
    "results": "Kết quả hoạt động",
    "closing": "Kết luận",
}
REQUIRED = ("opening", "results", "closing")

_HEADING = re.compile(r"^\s*#{2,3}(?!#)\s*(?P<text>.*?)\s*#*\s*$")
_NUMBERING = re.compile(
    r"^\s*(?:[ivx]+\s*[.):\-]|\d+(?:\.\d+)*(?:\s*[.):\-]|(?=\s))|[a-z]\))\s*", re.I
)
_BULLET = re.compile(r"^[*•]\s+")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*(?!\*)")
_ITALIC = re.compile(r"(?<!\*)\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?!\*)")
_SPACES = re.compile(r"[ \t\u00a0\u200b]+")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_STAR = "\x00"  # stands for an escaped asterisk while the markup is read


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]

    @property
    def text(self) -> str:
        """Plain text, runs joined."""
        return "".join(run.text for run in self.runs)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Section:
    key: str | None  # "subject" | "opening" | "direction" | "results" | "closing" | None
    heading: str  # as written, without "## " and without a leading number
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Narrative:
    sections: tuple[Section, ...]  # in the order written
    notices: tuple[str, ...] = ()  # Vietnamese, for the console

    def get(self, key: str) -> tuple[Paragraph, ...]:
        """The paragraphs of a known section; () when absent."""
        for section in self.sections:
            if section.key == key:
                return section.paragraphs
        return ()

    @property
    def extra(self) -> tuple[tuple[str, tuple[Paragraph, ...]], ...]:
        """The clerk's own sections as (heading, paragraphs): the shape today's report context reads."""
        return tuple((s.heading, s.paragraphs) for s in self.sections if s.key is None)


def heading_key(heading: str) -> tuple[str | None, str]:
    """`I. Công tác chỉ đạo, triển khai` → ("direction", "Công tác chỉ đạo, triển khai")."""
    shown = _NUMBERING.sub("", heading, count=1).strip(" :") or heading.strip()
    words = re.sub(r"[^a-z0-9]+", " ", fold(shown)).strip()
    return KNOWN.get(words), shown


def parse_runs(text: str) -> tuple[Run, ...]:
    """`**đậm**` and `*nghiêng*` as runs; adjacent runs of the same style merged."""
    text = text.replace("\\*", _STAR)
    pieces: list[Run] = []
    for bold_index, part in enumerate(_BOLD.split(text)):
        bold = bold_index % 2 == 1
        for italic_index, chunk in enumerate(_ITALIC.split(part)):
            if chunk:
                pieces.append(Run(chunk.replace(_STAR, "*"), bold, italic_index % 2 == 1))
    runs: list[Run] = []
    for run in pieces:
        if runs and (runs[-1].bold, runs[-1].italic) == (run.bold, run.italic):
            runs[-1] = Run(runs[-1].text + run.text, run.bold, run.italic)
        else:
            runs.append(run)
    return tuple(runs)


def _paragraph(line: str) -> Paragraph | None:
    text = _SPACES.sub(" ", line).strip()
    if not text or (text.startswith("<") and text.endswith(">")):
        return None
    return Paragraph(parse_runs(_BULLET.sub("- ", text)))


@dataclass
class _Draft:
    key: str | None
    heading: str
    paragraphs: list[Paragraph]


# The sections a heading is matched to, each quoted: a title holds a comma of its own.
_KNOWN = ", ".join(f"“{title}”" for title in TITLES.values())


def _sections(lines: list[str], notices: list[str]) -> list[_Draft]:
    drafts: list[_Draft] = []
    by_key: dict[str, _Draft] = {}
    current: _Draft | None = None
    for line in lines:
        match = _HEADING.match(line)
        if match and match.group("text"):
            key, shown = heading_key(match.group("text"))
            if key is not None and key in by_key:
                notices.append(
                    f"Phần lời có hai mục “{TITLES[key]}”: nội dung mục thứ hai được nối vào mục thứ nhất."
                )
                current = by_key[key]
                continue
            current = _Draft(key, shown, [])
            drafts.append(current)
            if key is None:
                notices.append(
                    f"Mục “{shown}” của phần lời không phải mục có sẵn "
                    f"({_KNOWN}): in thành mục riêng ở đúng chỗ đã viết."
                )
            else:
                by_key[key] = current
        elif current is not None:
            paragraph = _paragraph(line)
            if paragraph is not None:
                current.paragraphs.append(paragraph)
    return drafts


def _empty_notices(drafts: list[_Draft]) -> list[str]:
    notices = []
    for key in REQUIRED:
        found = next((d for d in drafts if d.key == key), None)
        if found is None:
            notices.append(f"Phần lời chưa có mục “{TITLES[key]}” (dòng “## {TITLES[key]}”).")
        elif not found.paragraphs:
            notices.append(f"Mục “{TITLES[key]}” của phần lời còn trống.")
    return notices


def parse_narrative(text: str, placeholders: dict[str, str] | None = None) -> Narrative:
    """Parse the narrative file; `{ky}`-style placeholders are replaced (nothing else is)."""
    notices: list[str] = []
    if placeholders is not None:
        for key, value in placeholders.items():
            text = text.replace("{" + key + "}", value)
        first_heading = next((m.start() for m in re.finditer(r"(?m)^\s*##", text)), len(text))
        unknown = sorted(set(_PLACEHOLDER.findall(text[first_heading:])))
        if unknown:
            known = ", ".join("{" + k + "}" for k in placeholders)
            written = ", ".join("{" + k + "}" for k in unknown)
            notices.append(
                f"Phần lời có chỗ thay chưa biết: {written} (giữ nguyên). Các chỗ thay được: {known}."
            )
    drafts = _sections(text.splitlines(), notices)
    notices.extend(_empty_notices(drafts))
    sections = tuple(Section(d.key, d.heading, tuple(d.paragraphs)) for d in drafts)
    return Narrative(sections, tuple(notices))
