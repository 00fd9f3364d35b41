"""A PDF's text as paragraphs and table cells, from the word boxes of `pdftotext -bbox-layout`.

Plain `pdftotext` joins a table row's cells (and the rows below) into one flow of text, so
"12/13 đơn vị đạt tối thiểu" in one cell and "25,0%" in the next read as one claim. Here a
wide gap on a line ends a cell, and a line continues the piece above it only when it lies
under it (their horizontal extents overlap)."""

from __future__ import annotations

import html
import itertools
import re
import statistics
from dataclasses import dataclass, field

_PAGE = re.compile(r"<page\b[^>]*>(.*?)</page>", re.DOTALL)
_BLOCK = re.compile(r"<block\b[^>]*>(.*?)</block>", re.DOTALL)
_LINE = re.compile(r"<line\b[^>]*>(.*?)</line>", re.DOTALL)
_WORD = re.compile(
    r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>',
    re.DOTALL,
)
JOIN = 0.1  # a gap below this share of the line height: one word split by the PDF (`đ` `ơ` `n`)
CELL = 0.45  # a gap above this share of the height (and twice the line's spaces): a new cell


@dataclass(frozen=True)
class Word:
    left: float
    right: float
    height: float
    text: str


@dataclass
class Piece:
    """Consecutive lines of one paragraph or one table cell."""

    left: float
    right: float
    texts: list[str] = field(default_factory=list)


def _words(line: str) -> list[Word]:
    found = []
    for m in _WORD.finditer(line):
        x0, y0, x1, y1 = (float(m.group(i)) for i in range(1, 5))
        found.append(Word(x0, x1, max(y1 - y0, 0.1), html.unescape(m.group(5))))
    return found


def _segments(words: list[Word]) -> list[Piece]:
    """One line cut where the gap between words is wide enough to be a cell border."""
    if not words:
        return []
    height = statistics.median(w.height for w in words)
    gaps = [b.left - a.right for a, b in itertools.pairwise(words)]
    spaces = [g for g in gaps if JOIN * height <= g <= CELL * height]
    cell = max(CELL * height, 2 * statistics.median(spaces)) if spaces else CELL * height
    pieces = [Piece(words[0].left, words[0].right, [words[0].text])]
    for gap, word in zip(gaps, words[1:], strict=True):
        current = pieces[-1]
        if gap > cell:
            pieces.append(Piece(word.left, word.right, [word.text]))
            continue
        current.texts[-1] += word.text if gap < JOIN * height else " " + word.text
        current.right = word.right
    return pieces


def _overlaps(a: Piece, b: Piece) -> bool:
    return a.left < b.right and b.left < a.right


def block_texts(block: str) -> list[str]:
    """The paragraphs and cells of one pdftotext block, in reading order."""
    done: list[Piece] = []
    above: list[Piece] = []  # the pieces the previous line added to
    for line in _LINE.findall(block):
        here: list[Piece] = []
        for segment in _segments(_words(line)):
            target = next(
                (p for p in above if _overlaps(p, segment) and all(p is not q for q in here)), None
            )
            if target is None:
                done.append(segment)
                here.append(segment)
                continue
            target.texts.extend(segment.texts)
            target.left, target.right = (
                min(target.left, segment.left),
                max(target.right, segment.right),
            )
            here.append(target)
        above = here
    return [" ".join(p.texts) for p in done]


def pdf_pages(xhtml: str) -> list[list[str]]:
    """Per page, its paragraphs and table cells as text."""
    return [
        [text for block in _BLOCK.findall(page) for text in block_texts(block) if text.strip()]
        for page in _PAGE.findall(xhtml)
    ]
