"""Fill the Word template (docxtpl: autoescaped, sandboxed, strict) with the report context."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dean5299_cli.core.errors import ConfigError
from dean5299_cli.resources import data_dir

DEFAULT_TEMPLATE = "bao-cao-5299.docx"


def default_template() -> Path:
    return data_dir("templates") / DEFAULT_TEMPLATE


def _rich(segments: list[tuple[str, bool]]):
    from docxtpl import RichText

    rich = RichText()
    for text, bold in segments:
        rich.add(text, bold=bold)
    return rich


APPENDIX_MARKER = "[[dean5299:bang-theo-don-vi]]"


def _appendix(document, context: dict[str, Any]) -> None:
    """Put the table by unit where the template's `{{ appendix }}` paragraph is; its columns
    follow the year's indicator set, so it is built here rather than in the template."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    marker = next((p for p in document.paragraphs if p.text.strip() == APPENDIX_MARKER), None)
    if marker is None:
        return  # a custom template without the appendix
    headers = context["appendix_headers"]
    rows = context["appendix_rows"] + [context["appendix_total"]]
    table = document.add_table(rows=1 + len(rows), cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    n_ind = len(headers) - 3
    usable = 29.7 - 2.0 - 1.5
    fixed = [1.3, 4.4, 2.2]
    each = min(3.0, (usable - sum(fixed)) / max(n_ind, 1))
    widths = [Cm(fixed[0]), Cm(fixed[1])] + [Cm(each)] * n_ind + [Cm(fixed[2])]

    def put(cell, lines: list[str], *, bold: bool = False, align=WD_ALIGN_PARAGRAPH.RIGHT) -> None:
        cell.paragraphs[0].text = ""
        for i, text in enumerate(lines):
            p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            p.alignment = align
            p.paragraph_format.first_line_indent = Cm(0)
            p.paragraph_format.space_after = Pt(0)
            run = p.add_run(text)
            run.font.size = Pt(12)
            run.font.name = "Times New Roman"
            run.bold = bold

    for c, text in enumerate(headers):
        put(table.cell(0, c), [text], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(tr_pr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"}))
    for r, row in enumerate(rows, start=1):
        last = r == len(rows)
        put(table.cell(r, 0), [row["stt"]], bold=last, align=WD_ALIGN_PARAGRAPH.CENTER)
        put(table.cell(r, 1), [row["unit"]], bold=last, align=WD_ALIGN_PARAGRAPH.LEFT)
        for c, lines in enumerate(row["cells"], start=2):
            put(table.cell(r, c), [line for line in lines if line] or [""], bold=last)
        put(table.cell(r, len(headers) - 1), [row["teams"]], bold=last)
    from dean5299_cli.writers.report_template import keep_rows_whole, set_widths

    set_widths(table, widths)
    keep_rows_whole(table)
    marker._p.addnext(table._tbl)
    marker._p.getparent().remove(marker._p)


def render_report(context: dict[str, Any], output: Path, template: Path | None = None) -> None:
    """Write the .docx report to `output` from `context`."""
    from docxtpl import DocxTemplate
    from jinja2 import StrictUndefined, TemplateError
    from jinja2.sandbox import SandboxedEnvironment

    source = template or default_template()
    if not source.is_file():
        raise ConfigError(f"Không tìm thấy mẫu báo cáo {source}.")
    try:
        tpl = DocxTemplate(source)
    except Exception as exc:  # noqa: BLE001 - a broken .docx given as template
        raise ConfigError(f"Mẫu báo cáo {source} không phải tệp Word hợp lệ ({exc}).") from exc
    data = dict(context)
    data["teams_line"] = _rich(context["teams_line"]) if context["teams_line"] else ""
    data["indicators"] = [{**item, "line": _rich(item["line"])} for item in context["indicators"]]
    data["appendix"] = APPENDIX_MARKER
    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    try:
        tpl.render(data, jinja_env=env, autoescape=True)
    except TemplateError as exc:
        raise ConfigError(f"Mẫu báo cáo {source} có thẻ không hợp lệ: {exc}.") from exc
    _appendix(tpl.docx, context)
    tpl.save(output)
