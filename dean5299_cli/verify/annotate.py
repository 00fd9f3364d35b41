"""A copy of an audited .docx with a Word comment on each finding; the original is never touched."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from dean5299_cli.core.errors import OutputError, UsageError
from dean5299_cli.verify.audit import AuditResult
from dean5299_cli.verify.documents import Block
from dean5299_cli.writers.atomic import write_atomic

AUTHOR = "dean5299 audit"
_LARGEST_ID = 2**31 - 1  # a comment's id is a signed 32-bit number (python-docx, Word)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and a.samefile(b))
    except OSError:
        return False


def write_annotated(
    source: Path, blocks: Sequence[Block], result: AuditResult, target: Path, *, force: bool
) -> tuple[int, Path | None]:
    """Write `target`; return how many comments were placed and the backup of an old target.
    No comment to place: nothing is written (a copy without a comment is the report again)."""
    if source.suffix.lower() != ".docx":
        raise UsageError("--annotate chỉ dùng được khi báo cáo là tệp Word .docx.")
    if target.suffix.lower() != ".docx":
        raise UsageError(f"Tệp ghi chú {target.name} phải có đuôi .docx.")
    if _same_file(source, target):
        raise OutputError(
            f"Không ghi đè tệp đang kiểm tra {source}: hãy chọn một tên khác cho --annotate."
        )
    if not result.findings:
        return 0, None
    from docx import Document

    document = Document(str(source))
    # Listed once: python-docx builds every paragraph, or every row of a table, anew at each
    # index (one finding per row of a 5.000-unit appendix took minutes).
    paragraphs = document.paragraphs
    rows = [list(table.rows) for table in document.tables]
    with _numbered_once():
        placed = _place(document, paragraphs, rows, blocks, result)
    if not placed:
        return 0, None
    backup = write_atomic(target, lambda tmp: document.save(str(tmp)), force=force)
    return placed, backup


def _place(
    document: Any,
    paragraphs: list[Any],
    rows: list[list[Any]],
    blocks: Sequence[Block],
    result: AuditResult,
) -> int:
    """Add a comment for each finding that has text to hang on; how many were placed."""
    placed = 0
    for finding in result.findings:
        block = blocks[finding.block]
        if block.paragraph is not None:
            runs = paragraphs[block.paragraph].runs
        elif block.cell is not None:
            runs = _cell_runs(rows, block.cell)
        else:
            runs = []
        if not runs:
            continue
        text = f"{finding.message} Nên ghi: {finding.expected}."
        document.add_comment(runs, text=text, author=AUTHOR, initials="5299")
        placed += 1
    return placed


def _cell_runs(rows: list[list[Any]], where: tuple[int, int, int]) -> list[Any]:
    """The runs of a table cell; none for a cell python-docx cannot find (a row "continuing" a
    merge from no row above raises in `row.cells`): the finding is still listed, uncommented."""
    t, r, c = where
    try:
        cell = rows[t][r].cells[c]
    except (ValueError, IndexError):
        return []
    return [run for p in cell.paragraphs for run in p.runs]


@contextlib.contextmanager
def _numbered_once() -> Iterator[None]:
    """New comments numbered from the ids read once. python-docx reads every comment's id again
    for each new one (max + 1): 4.000 findings took 8,6 s, 30.000 (a national appendix checked
    against the wrong quarter) would take minutes. Ids the report already uses (a clerk's own
    comments) are never given again; one that is no number is no id to avoid. Where python-docx
    numbers otherwise (its method renamed), its own numbering is left as it is: slower, still
    right."""
    from docx.oxml.comments import CT_Comments

    original = CT_Comments.__dict__.get("_next_available_comment_id")
    if original is None:
        yield
        return
    used: set[int] = set()
    state = {"next": -1}

    def next_id(self: CT_Comments) -> int:
        if state["next"] < 0:  # the first comment: the ids already there, read once
            for text in self.xpath("./w:comment/@w:id"):
                with contextlib.suppress(ValueError):
                    used.add(int(text))
            state["next"] = max(used, default=-1) + 1
        candidate = state["next"]
        while candidate in used or candidate > _LARGEST_ID:
            candidate = 0 if candidate > _LARGEST_ID else candidate + 1
        used.add(candidate)
        state["next"] = candidate + 1
        return candidate

    CT_Comments._next_available_comment_id = next_id  # type: ignore[method-assign]  # patched for this run
    try:
        yield
    finally:
        CT_Comments._next_available_comment_id = original  # type: ignore[method-assign]  # restored
