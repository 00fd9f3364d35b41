"""Placeholders left from `init` (`<TÊN …>`, `‹Tên địa danh›`) in the settings or the narrative."""

from __future__ import annotations

import re
from dataclasses import dataclass

# `<…>` or `‹…›` on one line, not starting or ending with a space ("a < b > c" is not one).
_PLACEHOLDER = re.compile(r"<(?!\s)[^<>\n]{1,120}(?<!\s)>|‹[^‹›\n]{1,120}›")
_YAML_COMMENT = re.compile(r"(^|\s)#.*$")
_HEADING = re.compile(r"^\s*#{2,3}(?!#)")


@dataclass(frozen=True)
class Placeholder:
    file: str
    line: int
    text: str


def in_yaml(text: str, file: str) -> list[Placeholder]:
    """Placeholders in YAML values; comments (which explain the placeholders) are not read."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        value = _YAML_COMMENT.sub("", line)
        found += [Placeholder(file, number, m.group(0)) for m in _PLACEHOLDER.finditer(value)]
    return found


def in_narrative(text: str, file: str) -> list[Placeholder]:
    """Placeholders in the narrative's sections; the guide before the first `##` is not printed."""
    found = []
    started = False
    for number, line in enumerate(text.splitlines(), start=1):
        started = started or bool(_HEADING.match(line))
        if started:
            found += [Placeholder(file, number, m.group(0)) for m in _PLACEHOLDER.finditer(line)]
    return found


def describe(found: list[Placeholder], limit: int = 10) -> str:
    """'don-vi.yaml dòng 5: <TÊN …>; …' for the refusal message."""
    parts = [f"{p.file} dòng {p.line}: {p.text}" for p in found[:limit]]
    if len(found) > limit:
        parts.append(f"và {len(found) - limit} chỗ khác")
    return "; ".join(parts)
