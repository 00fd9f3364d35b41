"""Fill the Word template (docxtpl: autoescaped, sandboxed, strict) with the report context."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from dean5299_cli.core.errors import ConfigError
from dean5299_cli.core.text import printable, printable_tree
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
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _cell_xml(lines: list[str], width: int, *, bold: bool, align: str) -> str:
    run_pr = (
        '<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/>'
        + ("<w:b/>" if bold else "")
        + '<w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr>'
    )
    paragraphs = "".join(
        f'<w:p><w:pPr><w:spacing w:after="0"/><w:ind w:firstLine="0"/><w:jc w:val="{align}"/></w:pPr>'
        f'<w:r>{run_pr}<w:t xml:space="preserve">{escape(printable(line))}</w:t></w:r></w:p>'
        for line in (lines or [""])
    )
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{paragraphs}</w:tc>'


def appendix_table_xml(context: dict[str, Any]) -> str:
    """The table by unit as WordprocessingML: written directly, since python-docx's cell API
    costs seconds for a thousand units. Header row repeated on every page, rows never split."""
    headers = context["appendix_headers"]
    rows = context["appendix_rows"] + [context["appendix_total"]]
    n_ind = len(headers) - 3
    usable = 29.7 - 2.0 - 1.5
    fixed = [1.3, 4.4, 2.2]
    each = min(3.0, (usable - sum(fixed)) / max(n_ind, 1))
    cm = [fixed[0], fixed[1], *([each] * n_ind), fixed[2]]
    widths = [round(w * 567) for w in cm]  # twips
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    out = [
        f'<w:tbl xmlns:w="{_W}"><w:tblPr><w:tblStyle w:val="TableGrid"/><w:jc w:val="center"/>'
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>"
    ]
    out.append("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>")
    out += [
        _cell_xml([h], w, bold=True, align="center") for h, w in zip(headers, widths, strict=True)
    ]
    out.append("</w:tr>")
    for r, row in enumerate(rows, start=1):
        last = r == len(rows)
        out.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        out.append(_cell_xml([row["stt"]], widths[0], bold=last, align="center"))
        out.append(_cell_xml([row["unit"]], widths[1], bold=last, align="left"))
        for lines, width in zip(row["cells"], widths[2:-1], strict=True):
            out.append(_cell_xml([line for line in lines if line], width, bold=last, align="right"))
        out.append(_cell_xml([row["teams"]], widths[-1], bold=last, align="right"))
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _appendix(document, context: dict[str, Any]) -> None:
    """Put the table by unit where the template's `{{ appendix }}` paragraph is; its columns
    follow the year's indicator set, so it is built here rather than in the template."""
    from docx.oxml import parse_xml

    marker = next((p for p in document.paragraphs if p.text.strip() == APPENDIX_MARKER), None)
    if marker is None:
        return  # a custom template without the appendix
    table = parse_xml(appendix_table_xml(context))
    marker._p.addnext(table)
    marker._p.getparent().remove(marker._p)


def render_report(context: dict[str, Any], output: Path, template: Path | None = None) -> None:
    """Write the .docx report to `output` from `context`."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    from dean5299_cli.writers.sandbox import report_environment

    context = printable_tree(context)  # no control character may reach the document's XML
    source = template or default_template()
    if not source.is_file():
        raise ConfigError(f"Không tìm thấy mẫu báo cáo {source}.")
    try:
        tpl = DocxTemplate(source)
        tpl.init_docx()  # docxtpl opens lazily: make a broken file fail here, as a config error
    except Exception as exc:  # noqa: BLE001 - a broken .docx given as template
        raise ConfigError(f"Mẫu báo cáo {source} không phải tệp Word hợp lệ ({exc}).") from exc
    data = dict(context)
    data["teams_line"] = _rich(context["teams_line"]) if context["teams_line"] else ""
    data["indicators"] = [{**item, "line": _rich(item["line"])} for item in context["indicators"]]
    data["appendix"] = APPENDIX_MARKER
    env = report_environment()
    try:
        tpl.render(data, jinja_env=env, autoescape=True)
    except TemplateError as exc:
        raise ConfigError(f"Mẫu báo cáo {source} có thẻ không hợp lệ: {exc}.") from exc
    _appendix(tpl.docx, context)
    tpl.save(output)
