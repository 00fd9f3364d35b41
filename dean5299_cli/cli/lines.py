"""Lines for people on a console: wrapped at word boundaries to its width, with hanging indents.

One rule for everything a command says (cli/errors.say) and for `validate`'s view (cli/render):
as wide as the console (`COLUMNS`), at most MAX_WIDTH; a word (or a path) longer than a line
stays whole on a line of its own.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import textwrap
from collections.abc import Iterable

MAX_WIDTH = 100  # beyond this, lines get hard to read
_KEEP = "\0"  # stands for a space inside a path while wrapping (never in displayable text)
_NUMBERED = re.compile(r"\d+\. ")  # an item of a numbered list: "1. ", "12. "


def forget_unusable_width() -> None:
    """Drop a `COLUMNS` that is no width (0, "00", "-3", "abc"), as Python's own look-up ignores
    it: the console library takes "0" as zero columns and prints nothing at all."""
    columns = os.environ.get("COLUMNS")
    if columns is not None and not (columns.strip().isdigit() and int(columns) > 0):
        del os.environ["COLUMNS"]


def console_width() -> int:
    """The console's width (`COLUMNS`, else the terminal's), at most MAX_WIDTH."""
    return min(shutil.get_terminal_size((MAX_WIDTH, 24)).columns, MAX_WIDTH)


def said_width() -> int | None:
    """The width messages on standard error are wrapped to: the console's when there is one (a
    terminal, or `COLUMNS` set); None (one message a line) when they go to a file or a pipe."""
    if os.environ.get("COLUMNS") or sys.stderr.isatty():
        return console_width()
    return None


def wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    """Wrap at word boundaries with a hanging indent; a word longer than the line stays whole."""
    return textwrap.wrap(
        text,
        width=max(width, 20),
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [first.rstrip()]


def fit(text: str, width: int | None, whole: Iterable[str] = ()) -> str:
    """Each line of `text` that is wider than `width` wrapped under itself: a line at the margin
    goes on indented 2, an indented line (an item of a list) 4 more, a numbered item under its
    text ("  1. Sửa…" goes on at column 5); a line that fits is kept as it is (a list already
    wrapped stays). Each of `whole` (paths) is never broken. No
    width: `text` as it is."""
    if width is None:
        return text
    kept = [(w, w.replace(" ", _KEEP)) for w in whole if " " in w]
    out: list[str] = []
    for line in text.split("\n"):
        if len(line) <= width:
            out.append(line)
            continue
        for w, joined in kept:
            line = line.replace(w, joined)
        body = line.lstrip(" ")
        first = line[: len(line) - len(body)]
        rest = first + "    " if first else "  "
        number = _NUMBERED.match(body)
        if number:  # under the item's text
            rest = " " * (len(first) + number.end())
        out += [part.replace(_KEEP, " ") for part in wrap(body, width, first, rest)]
    return "\n".join(out)
