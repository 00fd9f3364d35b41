""".ods: a figure cell whose data style makes LibreOffice show another figure than the one
stored is counted as stored and said, naming the cell, as for .xlsx (the data styles are
translated into the code LibreOffice makes of them; checked against `soffice --convert-to
csv` showing the cells as formatted)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from dean5299_cli.core.problems import Severity
from dean5299_cli.readers.files import read_file
from tests import hostile
from tests.helpers import make_workspace, validate_workspace
from tests.paths import FIXTURES

CODE = "shown-otherwise"
# The figure of ct2 in the fixture (cell F10, after two empty cells repeated as one element)
FIGURE = (
    '<table:table-cell office:value-type="float" office:value="1200" '
    'calcext:value-type="float"><text:p>1200</text:p></table:table-cell>'
)


def num(**attrs: object) -> str:
    spelt = " ".join(f'number:{k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f"<number:number {spelt}/>"


def text(t: str) -> str:
    return f"<number:text>{t}</number:text>"


def data_style(body: str, kind: str = "number-style", name: str = "NX") -> str:
    return f'<number:{kind} style:name="{name}">{body}</number:{kind}>'


def cell_style(name: str, data: str | None, parent: str = "Default") -> str:
    data_attr = f' style:data-style-name="{data}"' if data else ""
    return f'<style:style style:name="{name}" style:family="table-cell" style:parent-style-name="{parent}"{data_attr}/>'


def ods_submission(
    folder: Path,
    automatic: str,
    *,
    figure: str | None = None,
    shared: str = "",
    styles_old: str = "",
    styles_new: str = "",
    content: tuple[str, str] = ("", ""),
    name: str = "x.ods",
) -> Path:
    """The fixture with `automatic` styles added to content.xml, the figure of ct2 replaced by
    `figure`, `shared` styles added to styles.xml."""
    parts = hostile.read_zip(FIXTURES / "phuoc-son-q4.ods")
    body = parts["content.xml"].decode()
    assert body.count(FIGURE) == 1
    body = body.replace("</office:automatic-styles>", automatic + "</office:automatic-styles>", 1)
    body = body.replace(FIGURE, figure if figure is not None else FIGURE)
    if content[0]:
        assert content[0] in body
        body = body.replace(content[0], content[1], 1)
    parts["content.xml"] = body.encode()
    styles = parts["styles.xml"].decode()
    styles = styles.replace("</office:styles>", shared + "</office:styles>", 1)
    if styles_old:
        assert styles_old in styles
        styles = styles.replace(styles_old, styles_new, 1)
    parts["styles.xml"] = styles.encode()
    path = folder / name
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", parts.pop("mimetype"))  # stored first, as the format asks
        for part, data in parts.items():
            z.writestr(part, data, zipfile.ZIP_DEFLATED)
    return path


def figure(value: str, style: str = "ceX", kind: str = "float") -> str:
    if kind == "string":
        return f'<table:table-cell table:style-name="{style}" office:value-type="string"><text:p>{value}</text:p></table:table-cell>'
    return (
        f'<table:table-cell table:style-name="{style}" office:value-type="float" '
        f'office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
    )


run = validate_workspace


def warnings_of(report) -> list[tuple[str | None, str]]:
    return [(p.cell, p.message) for p in report.problems if p.code == CODE]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


SCALED = data_style(num(decimal_places=0, min_integer_digits=1, grouping="true", display_factor=1000))


@pytest.mark.parametrize(
    ("style", "stored", "said"),
    [
        (SCALED, "1669000", 'ô hiển thị "1.669" (định dạng số chia cho 1.000) nhưng giá trị trong ô là 1.669.000; công cụ tính 1.669.000'),
        (data_style(text("đã nhập")), "1200", 'ô hiển thị "đã nhập" (định dạng ô không hiển thị số)'),
        (data_style("<number:text/>"), "1200", "ô hiển thị ô trống (định dạng ô không hiển thị số)"),
        (data_style(num(decimal_places=0, min_integer_digits=1) + text("0")), "1200", 'ô hiển thị "12000" (định dạng ô viết thêm chữ số bên cạnh số)'),
        (data_style(num(decimal_places=0, min_integer_digits=1) + text("%"), "percentage-style"), "12", 'ô hiển thị "1200%" (định dạng phần trăm nhân số với 100)'),
        (  # a map: LibreOffice's `[>100]"lớn";0`
            data_style(num(decimal_places=0, min_integer_digits=1) + '<style:map style:condition="value()&gt;100" style:apply-style-name="NP"/>')
            + data_style(text("lớn"), name="NP"),
            "1200",
            'ô hiển thị "lớn" (định dạng ô không hiển thị số)',
        ),
        (  # `0"-"000`: text embedded among the digits
            data_style('<number:number number:decimal-places="0" number:min-integer-digits="4"><number:embedded-text number:position="3">-</number:embedded-text></number:number>'),
            "1669",
            'ô hiển thị "1-669" (định dạng ô chen ký tự vào giữa các chữ số)',
        ),
        (  # grouping and text embedded among the integer digits: LibreOffice drops the grouping
            data_style('<number:number number:decimal-places="0" number:min-integer-digits="1" number:grouping="true"><number:embedded-text number:position="3">-</number:embedded-text></number:number>'),
            "1669000",
            'ô hiển thị "1669-000" (định dạng ô chen ký tự vào giữa các chữ số)',
        ),
    ],
)
def test_a_figure_shown_otherwise_is_counted_as_stored_and_said(folder, style, stored, said):
    ods_submission(folder, style + cell_style("ceX", "NX"), figure=figure(stored))
    report = run(folder)
    hits = [p for p in report.problems if p.code == CODE]
    assert [(p.file, p.sheet, p.cell, p.field) for p in hits] == [("x.ods", "Báo cáo", "F10", "ct2")]
    assert hits[0].severity is Severity.WARNING
    assert said in hits[0].message
    assert report.current[0].values["ct2"] == int(stored)


@pytest.mark.parametrize(
    "style",
    [
        data_style(num(decimal_places=0, min_integer_digits=1, grouping="true")),
        data_style(num(decimal_places=0, min_integer_digits=1) + text(" người")),
        data_style('<number:currency-symbol>₫</number:currency-symbol>' + num(decimal_places=0, min_integer_digits=1, grouping="true"), "currency-style"),
        data_style(num(min_integer_digits=1, grouping="true", display_factor=1000)),  # no decimal-places: General
        data_style(num(decimal_places=0, min_integer_digits=1, display_factor=31)),  # round(log10 / 3) = 0
        data_style(num(decimal_places=0, min_integer_digits=1, display_factor="1e999")),  # overflow: ignored
        data_style(num(decimal_places=0, min_integer_digits=1, display_factor="-1000")),
        data_style('<number:year/><number:text>-</number:text><number:month/>', "date-style"),  # not judged
    ],
)
def test_data_styles_that_show_the_stored_figure_say_nothing(folder, style):
    ods_submission(folder, style + cell_style("ceX", "NX"), figure=figure("1669000"))
    report = run(folder)
    assert warnings_of(report) == []
    assert report.current[0].values["ct2"] == 1669000


@pytest.mark.parametrize(
    ("factor", "shown"),
    [("100", "1669"), ("500", "1669"), ("100000", "2"), ("1,000", "1669"), ("1000abc", "1669"), ("32", "1669")],
)
def test_a_display_factor_divides_as_libreoffice_rounds_it(folder, factor, shown):
    """LibreOffice writes round(log10(factor) / 3) thousands commas, reading the factor as it
    reads any number (checked with `soffice --convert-to csv`, text as shown): 100 shows
    1669000 as 1669, 100000 as 2."""
    style = data_style(num(decimal_places=0, min_integer_digits=1, display_factor=factor))
    ods_submission(folder, style + cell_style("ceX", "NX"), figure=figure("1669000"))
    report = run(folder)
    said = warnings_of(report)
    assert [c for c, _ in said] == ["F10"]
    assert f'ô hiển thị "{shown}"' in said[0][1]
    assert report.current[0].values["ct2"] == 1669000


def test_the_unchanged_fixture_says_nothing(folder):
    ods_submission(folder, "")
    assert warnings_of(run(folder)) == []


def test_a_data_style_of_styles_xml_and_a_parent_cell_style(folder):
    """LibreOffice keeps custom data styles in styles.xml; a cell style may take its data style
    from its parent."""
    ods_submission(
        folder,
        cell_style("ceX", None, parent="Tien"),
        shared=SCALED + cell_style("Tien", "NX"),
        figure=figure("1669000"),
    )
    assert [c for c, _ in warnings_of(run(folder))] == ["F10"]


def test_a_column_default_style_applies_to_cells_without_their_own(folder):
    columns = '<table:table-column table:style-name="co1" table:number-columns-repeated="16384" table:default-cell-style-name="Default"/>'
    mine = (
        '<table:table-column table:style-name="co1" table:number-columns-repeated="5" table:default-cell-style-name="Default"/>'
        '<table:table-column table:style-name="co1" table:default-cell-style-name="ceX"/>'
        '<table:table-column table:style-name="co1" table:number-columns-repeated="16378" table:default-cell-style-name="Default"/>'
    )
    unstyled = FIGURE.replace("1200", "1669000")
    ods_submission(folder, SCALED + cell_style("ceX", "NX"), figure=unstyled, content=(columns, mine))
    report = run(folder)
    said = sorted(c for c, _ in warnings_of(report))
    assert "F10" in said and "F9" in said  # every figure of column F: shown divided
    assert report.current[0].values["ct2"] == 1669000


def test_a_repeated_cell_is_found_at_each_position(folder):
    """`number-columns-repeated` and `number-rows-repeated` place the cell as LibreOffice."""
    row = figure("1669000").replace("<table:table-cell ", '<table:table-cell table:number-columns-repeated="2" ', 1)
    ods_submission(
        folder,
        SCALED + cell_style("ceX", "NX"),
        figure=row,
        content=('<table:table-cell table:number-columns-repeated="16378"/>', '<table:table-cell table:number-columns-repeated="16377"/>'),
    )
    report = run(folder)
    assert [c for c, _ in warnings_of(report)] == ["F10"]  # G10 is the note column: no figure


def test_a_figure_typed_as_text_and_hidden(folder):
    """LibreOffice's `;;;`: a text style whose three maps print nothing, text included."""
    empty = "<number:text/>"
    maps = "".join(
        f'<style:map style:condition="value(){op}0" style:apply-style-name="{n}"/>'
        for op, n in (("&gt;", "P0"), ("&lt;", "P1"), ("=", "P2"))
    )
    styles = data_style(empty + maps, "text-style") + "".join(data_style(empty, name=n) for n in ("P0", "P1", "P2"))
    ods_submission(folder, styles + cell_style("ceX", "NX"), figure=figure("1200", kind="string"))
    report = run(folder)
    assert [c for c, _ in warnings_of(report)] == ["F10"]
    assert "định dạng ô không hiển thị chữ" in warnings_of(report)[0][1]
    assert report.current[0].values["ct2"] == 1200


@pytest.mark.parametrize(
    ("old", "new"),
    [("<office:styles>", "<office:styles><broken"), ("<?xml", "<!DOCTYPE x><?xml")],
)
def test_a_broken_styles_part_leaves_a_good_file_readable(folder, old, new):
    """The values reader does not read styles.xml: no formats from it, the figures as before."""
    ods_submission(
        folder, cell_style("ceX", "NX"), shared=SCALED, figure=figure("1200"), styles_old=old, styles_new=new
    )
    report = run(folder)
    assert [p.code for p in report.problems if p.severity is Severity.ERROR] == []
    assert report.current[0].values["ct2"] == 1200


def test_hostile_styles_are_bounded(folder):
    """Maps pointing at maps, at themselves or nowhere, huge factors and positions: not judged
    or judged within bounds, never a crash."""
    styles = (
        data_style(num(decimal_places=0) + '<style:map style:condition="value()&gt;0" style:apply-style-name="NX"/>')
        + data_style(num(decimal_places=0) + '<style:map style:condition="x" style:apply-style-name="NX"/>', name="NY")
        + data_style(num(decimal_places="99999", min_integer_digits="99999", display_factor="1e999999"), name="NZ")
        + cell_style("ceX", "NX")
        + cell_style("ceY", "NY")
        + cell_style("ceZ", "NZ")
        + cell_style("ceL", None, parent="ceL")
    )
    row = figure("1669000") + figure("5", "ceY") + figure("7", "ceZ") + figure("9", "ceL")
    ods_submission(folder, styles, figure=row)
    report = run(folder)
    assert "unreadable-file" not in {p.code for p in report.problems}
    assert report.current[0].values["ct2"] == 1669000


def test_a_table_inside_the_automatic_styles_is_still_guarded(folder):
    """The styles are read by their own handlers: a table hidden among them (the values reader
    reads it) still meets the guard's limits."""
    row = '<table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell></table:table-row>'
    ods_submission(folder, f'<table:table table:name="B">{row}</table:table>')
    report = run(folder)
    assert [p.code for p in report.problems if p.file == "x.ods"] == ["too-large"]


def test_cells_without_a_style_look_their_column_up_within_bounds(folder, monkeypatch):
    """3.000 column groups whose default style may alter a figure, and a cell repeated 3.000
    times without a style of its own: each position looked its column up among all groups
    (9 million steps here; a 16.384-wide sheet took minutes, ended by the reader's time limit).
    Counted, not timed: at most 1.024 positions of one cell, among at most 1.024 groups."""
    from dean5299_cli.readers import ods

    steps: list[int] = []
    real = ods._Scan._column_style

    def counting(t: object, col: int) -> str:
        steps.append(len(t.columns))  # type: ignore[attr-defined]
        return real(t, col)  # type: ignore[arg-type]

    monkeypatch.setattr(ods._Scan, "_column_style", staticmethod(counting))
    columns = '<table:table-column table:default-cell-style-name="ceX"/>' * 3000
    wide = (
        '<table:table-row><table:table-cell office:value-type="float" office:value="1" '
        'table:number-columns-repeated="3000"/></table:table-row>'
    )
    styles = data_style(num(decimal_places=0, display_factor=1000)) + cell_style("ceX", "NX")
    fixture_columns = (
        '<table:table-column table:style-name="co1" table:number-columns-repeated="16384" '
        'table:default-cell-style-name="Default"/>'
    )
    rest = '<table:table-column table:number-columns-repeated="13384"/>'
    path = ods_submission(folder, styles, content=(fixture_columns, columns + rest + wide))
    raw = read_file(path, path.name)  # in this process: the steps are counted here
    assert raw.refused_code is None
    assert max(steps) <= 1024  # groups kept
    assert 1024 < len(steps) <= 1024 + 100  # the wide cell's first 1.024, the fixture's 75
