"""The clerk's narrative as the report renders it: sections of paragraphs of bold/italic runs,
the clerk's own headings without the number the template gives them."""

from __future__ import annotations

from dataclasses import dataclass

from dean5299_cli.core.narrative import Narrative, Paragraph, Run
from dean5299_cli.core.text import fold

__all__ = ["NarrativeSection", "Paragraph", "Run", "narrative_notices", "sections_of"]


@dataclass(frozen=True)
class NarrativeSection:
    key: str | None  # subject, opening, direction, results, closing; None: the clerk's own
    heading: str
    paragraphs: tuple[Paragraph, ...]


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
    """The sections in the order written, the clerk's own headings without their number."""
    return tuple(
        NarrativeSection(section.key, _strip_number(section.heading), section.paragraphs)
        for section in narrative.sections
    )


def narrative_notices(narrative: Narrative) -> tuple[str, ...]:
    """What the parser has to tell the clerk (unknown heading, empty section…), if anything."""
    return tuple(narrative.notices)
