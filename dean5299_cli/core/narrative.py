"""The clerk's own text of the report: sections under `## Heading` lines in a plain text file."""

from __future__ import annotations

from dataclasses import dataclass, field

from dean5299_cli.core.text import clean_spaces, fold

KNOWN = {
    "trich yeu": "subject",
    "mo dau": "opening",
    "cong tac chi dao trien khai": "direction",
    "chi dao trien khai": "direction",
    "ket qua hoat dong": "results",
    "ket luan": "closing",
}


@dataclass
class Narrative:
    """Paragraphs by section; `extra` keeps other sections in the order written."""

    sections: dict[str, list[str]] = field(default_factory=dict)
    extra: list[tuple[str, list[str]]] = field(default_factory=list)

    def get(self, key: str) -> list[str]:
        return self.sections.get(key, [])


def _paragraphs(lines: list[str]) -> list[str]:
    paragraphs, current = [], []
    for line in lines:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(clean_spaces(" ".join(current)))
            current = []
    if current:
        paragraphs.append(clean_spaces(" ".join(current)))
    return [p for p in paragraphs if not (p.startswith("<") and p.endswith(">"))]


def parse_narrative(text: str, placeholders: dict[str, str] | None = None) -> Narrative:
    """Parse the narrative file; `{ky}`-style placeholders are replaced (nothing else is)."""
    for key, value in (placeholders or {}).items():
        text = text.replace("{" + key + "}", value)
    narrative = Narrative()
    heading: str | None = None
    lines: list[str] = []

    def flush() -> None:
        if heading is None:
            return
        key = KNOWN.get(fold(heading).strip(" .:"))
        paragraphs = _paragraphs(lines)
        if key:
            narrative.sections[key] = paragraphs
        else:
            narrative.extra.append((heading, paragraphs))

    for line in text.splitlines():
        if line.startswith("## "):
            flush()
            heading, lines = line[3:].strip(), []
        elif heading is not None:
            lines.append(line)
    flush()
    return narrative
