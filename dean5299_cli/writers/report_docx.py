"""Fill the Word template with the report model (docxtpl: sandboxed, autoescaped, strict)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from dean5299_cli.core.errors import ConfigError
from dean5299_cli.core.numbers import format_percent
from dean5299_cli.core.report_model import ReportModel
from dean5299_cli.core.text import clean_spaces, printable
from dean5299_cli.resources import data_dir
from dean5299_cli.writers.appendix_xml import TableWords, splice, table_chunks
from dean5299_cli.writers.report_filters import report_environment

if TYPE_CHECKING:
    from fractions import Fraction

    from docxtpl import DocxTemplate

DEFAULT_TEMPLATE = "bao-cao-5299.docx"


def default_template() -> Path:
    return data_dir("templates") / DEFAULT_TEMPLATE


def _open(source: Path) -> DocxTemplate:
    from docxtpl import DocxTemplate

    if not source.is_file():
        raise ConfigError(f"Không tìm thấy mẫu báo cáo {source}.", paths=(source,))
    try:
        tpl = DocxTemplate(source)
        tpl.init_docx()  # docxtpl opens lazily: make a broken file fail here, as a config error
    except Exception as exc:  # noqa: BLE001 - a broken .docx given as template
        raise ConfigError(f"Mẫu báo cáo {source} không phải tệp Word hợp lệ ({exc}).") from exc
    return tpl


def _charts(tpl: DocxTemplate, model: ReportModel) -> list[dict[str, object]]:
    """The figures as docxtpl images with their captions (matplotlib is imported only here)."""
    import io

    from docx.shared import Cm
    from docxtpl import InlineImage

    from dean5299_cli.writers.report_charts import report_charts

    return [
        {"hinh": InlineImage(tpl, io.BytesIO(c.png), width=Cm(c.width_cm)), "chu_thich": c.caption}
        for c in report_charts(model)
    ]


def _describe(tpl: DocxTemplate, model: ReportModel) -> None:
    """The file's own properties (Word's File › Info) name the report and its issuing body, not
    the library that wrote it, and the template's blank-page thumbnail (shown as the file's preview
    by Windows and macOS) is dropped."""
    from docx.opc.constants import RELATIONSHIP_TYPE

    properties = tpl.docx.core_properties
    properties.title = clean_spaces(printable(model.subject))
    properties.author = clean_spaces(printable(model.issuing_body))
    for field in ("subject", "keywords", "category", "comments", "last_modified_by"):
        setattr(properties, field, "")
    properties.revision = 1
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    properties.created = properties.modified = now
    package = tpl.docx.part.package.rels
    for rid in [k for k, rel in package.items() if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL]:
        package.pop(rid)


def render_report(model: ReportModel, output: Path, template: Path | None = None) -> None:
    """Write the .docx report of `model` to `output`."""
    from jinja2 import TemplateError

    source = template or default_template()
    tpl = _open(source)
    context: dict[str, object] = {f.name: getattr(model, f.name) for f in dataclasses.fields(model)}
    whole = model.words.whole_area
    table_words = TableWords(total=whole[:1].upper() + whole[1:])
    context["bang_theo_don_vi"] = table_words
    context["bieu_do"] = _charts(tpl, model) if model.charts else []
    try:
        tpl.render(context, jinja_env=report_environment(model.rounding), autoescape=True)
    except (TemplateError, ValueError) as exc:
        raise ConfigError(f"Mẫu báo cáo {source} có thẻ không hợp lệ: {exc}.") from exc

    def percent(value: Fraction | None) -> str:
        return format_percent(value, model.rounding)

    with tempfile.TemporaryDirectory() as work:
        rendered = Path(work) / "rendered.docx"
        _describe(tpl, model)
        tpl.save(rendered)
        splice(rendered, output, table_chunks(model, percent, table_words))
