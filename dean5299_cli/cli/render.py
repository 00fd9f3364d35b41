"""Print a validation report for people: wrapped lines with Rich styles (JSON: cli/output.py).

Every piece of text that comes from the inputs (unit, file, sheet names, messages quoting cells) is
printed as a `rich.text.Text`, never parsed as markup, and made `displayable` (no control characters).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import replace
from typing import TextIO

from rich.console import Console
from rich.text import Text

from dean5299_cli.cli.lines import MAX_WIDTH, wrap
from dean5299_cli.core.checks import ValidationReport
from dean5299_cli.core.problems import SEVERITY_VI, Severity
from dean5299_cli.core.settings import Settings
from dean5299_cli.core.text import displayable
from dean5299_cli.core.validation_view import Rank, View, ViewMode, build_view

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_RANK_STYLE = {Rank.FIX: "red", Rank.WRONG_FILE: "red", Rank.NOT_SENT: "yellow", Rank.CHECK: ""}

def view_lines(view: View, width: int, *, with_codes: bool) -> list[Text]:
    """The view as styled lines no wider than `width` (except a single word longer than a line)."""
    out: list[Text] = []

    def add(text: str, first: str = "", rest: str = "", style: str = "", head: int = 0) -> None:
        for i, line in enumerate(wrap(displayable(text), width, first, rest)):
            styled = Text(line)
            if style and (i == 0 or not head):
                styled.stylize(style, 0, head or len(line))
            out.append(styled)

    for notice in view.notices:
        add(notice, style="bold yellow", rest="  ")
    if view.notices:
        out.append(Text(""))
    add(view.title, style="bold")
    add(view.actions_heading, style="bold" if view.actions else "")
    not_sent = [i for i, a in enumerate(view.actions) if a.rank is Rank.NOT_SENT]
    for i, a in enumerate(view.actions):
        add(f"{a.who} — {a.text}", "  ", "      ", _RANK_STYLE[a.rank], len(a.who) + 2)
        if view.not_sent_note and not_sent and i == not_sent[-1]:  # once, under those units
            add(f"({view.not_sent_note})", "  ", "   ", _RANK_STYLE[Rank.NOT_SENT])
    add(view.summary, style="bold", rest="  ")
    if view.groups:
        out.append(Text(""))
        add("Chi tiết theo đơn vị:", style="bold")
    for group in view.groups:
        add(group.heading, style="bold", rest="  ")
        for d in group.details:
            label = SEVERITY_VI[d.severity] + (f" {d.where}" if d.where else "")
            code = f" [{d.code}]" if with_codes and d.code else ""
            add(f"{label}: {d.message}{code}", "  ", "      ", _STYLE[d.severity], len(label) + 3)
    for line in view.footer:
        add(line, rest="  ")
    return out


def print_report(
    report: ValidationReport,
    *,
    settings: Settings | None = None,
    mode: ViewMode = ViewMode.NORMAL,
    notes: Mapping[tuple[str, str], Sequence[str]] | None = None,
    choosable: AbstractSet[tuple[str, str]] = frozenset(),
    stream: TextIO | None = None,
    notices: Sequence[str] = (),
) -> None:
    """The human view, wrapped to the console's width (`COLUMNS`), at most MAX_WIDTH columns;
    `notes`, `choosable`: as for `build_view`; `notices`: said first, after the view's own."""
    console = Console(file=stream or sys.stdout, highlight=False)
    width = min(console.width, MAX_WIDTH)
    view = build_view(report, settings, mode=mode, notes=notes, choosable=choosable)
    view = replace(view, notices=(*view.notices, *notices))
    for line in view_lines(view, width, with_codes=mode is ViewMode.ALL):
        console.print(line, soft_wrap=True)
