"""A copy of an audited .docx with a Word comment on each finding; the original is never touched."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from dean5299_cli.core.errors import OutputError, UsageError
from dean5299_cli.verify.audit import AuditResult
from dean5299_cli.verify.documents import Block
from dean5299_cli.writers.atomic import write_atomic

AUTHOR = "dean5299 audit"


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
    placed = 0
    for finding in result.findings:
        block = blocks[finding.block]
        if block.paragraph is not None:
            runs = paragraphs[block.paragraph].runs
        elif block.cell is not None:
            t, r, c = block.cell
            runs = [run for p in rows[t][r].cells[c].paragraphs for run in p.runs]
        else:
            runs = []
        if not runs:
            continue
        text = f"{finding.message} Nên ghi: {finding.expected}."
        document.add_comment(runs, text=text, author=AUTHOR, initials="5299")
        placed += 1
    if not placed:
        return 0, None
    backup = write_atomic(target, lambda tmp: document.save(str(tmp)), force=force)
    return placed, backup
