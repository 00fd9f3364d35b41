"""The clerk's narrative as the report renders it: sections of paragraphs of bold/italic runs.

`sections_of` is the one adapter from `core.narrative.Narrative` (helper "clerk" reshapes it to
`sections: tuple[Section, ...]` of `Paragraph`s of `Run`s; this accepts both shapes).
"""

from __future__ import annotations

from dataclasses import dataclass

from dean5299_cli.core.narrative import Narrative
from dean5299_cli.core.text import fold


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
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class NarrativeSection:
    key: str | None  # subject, opening, direction, results, closing; None: the clerk's own
    heading: str
    paragraphs: tuple[Paragraph, ...]


def _plain(paragraphs: list[str]) -> tuple[Paragraph, ...]:
    return tuple(Paragraph((Run(text),)) for text in paragraphs)


def _strip_number(heading: str) -> str:
    """`IV. Phương hướng` → `Phương hướng`: the template numbers sections."""
    head, _, rest = heading.partition(" ")
    if rest and fold(head).rstrip(".").upper() in {
        "I",
        "II",
        "III",
        "IV",
        "V",
        "VI",
        "VII",
        "VIII",
        "IX",
        "X",
    }:
        return rest.strip()
    return heading


def sections_of(narrative: Narrative) -> tuple[NarrativeSection, ...]:
    """Known sections first (by key), then the clerk's own, in the order written."""
    sections = narrative.sections
    if isinstance(sections, dict):  # today's parser: plain paragraphs by key, `extra` after
        known = [NarrativeSection(k, k, _plain(v)) for k, v in sections.items()]
        extra = [NarrativeSection(None, _strip_number(h), _plain(v)) for h, v in narrative.extra]
        return tuple(known + extra)
    return tuple(  # the interface's shape (helper "clerk")
        NarrativeSection(
            s.key,
            _strip_number(s.heading),
            tuple(
                Paragraph(tuple(Run(r.text, r.bold, r.italic) for r in p.runs))
                for p in s.paragraphs
            ),
        )
        for s in sections
    )


def narrative_notices(narrative: Narrative) -> tuple[str, ...]:
    """What the parser has to tell the clerk (unknown heading, empty section…), if anything."""
    notices: tuple[str, ...] = getattr(narrative, "notices", ())
    return tuple(notices)
