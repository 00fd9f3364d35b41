"""The same figures, laid out as units really do it, read back identically (hypothesis)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dean5299_cli.folder import validate_folder
from dean5299_cli.samples import Layout
from tests.helpers import submit

layouts = st.builds(
    Layout,
    row_offset=st.integers(0, 6),
    col_offset=st.integers(0, 4),
    reverse_rows=st.booleans(),
    blank_every=st.integers(0, 3),
    value_shift=st.booleans(),
    text_numbers=st.booleans(),
    sheet_name=st.sampled_from(["Báo cáo", "Sheet1", "BC Q4", "Mẫu 5299"]),
    extra_sheet_first=st.booleans(),
    total_row=st.booleans(),
    quarter_text=st.sampled_from([None, "Quý {q}", "Q{q}", "{r}", "quý {r}"]),
    date_as_text=st.booleans(),
    unit_label=st.sampled_from(["Đơn vị", "Tên đơn vị", "ĐƠN VỊ", "Don vi"]),
)
figures = st.fixed_dictionaries(
    {
        "ct1": st.integers(0, 99999),
        "ct2": st.integers(0, 99999),
        "ct5": st.integers(0, 5000),
        "ct6": st.integers(0, 40),
        "ct7": st.integers(0, 99999),
        "to_cns": st.integers(0, 5),
    }
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layout=layouts, values=figures, suffix=st.sampled_from([".xlsx", ".xlsm"]))
def test_layout_does_not_change_the_figures(layout, values, suffix):
    base = {
        "ct3_tu": 10,
        "ct3_mau": 20,
        "ct4_tu": 5,
        "ct4_mau": 9,
        "ct8_tong": 6,
        "ct8_cho_duyet": 1,
        "ct8_khong_hop_le": 2,
        "ct8_hop_le": 3,
        "to_cns_thanh_vien": 8,
        **values,
    }
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        submit(folder, f"plain{suffix}", values=base)
        plain = validate_folder(folder, year=2023, quarter=4)
        (folder / f"plain{suffix}").unlink()
        submit(folder, f"moved{suffix}", values=base, layout=layout)
        moved = validate_folder(folder, year=2023, quarter=4)
    assert [s.values for s in moved.current] == [s.values for s in plain.current] == [base]
    assert moved.current[0].unit == plain.current[0].unit
    assert moved.current[0].as_of == plain.current[0].as_of
    errors = [p for p in moved.problems if p.severity.value == "error"]
    assert errors == []


def test_a_blank_figure_is_named_in_the_figures_column_whatever_is_written_below_the_table() -> None:
    """`Số liệu` over C:D, figures typed in D; below the table the signature block fills C
    (more lines than the table has figures): a figure left blank is still named in D."""
    from dean5299_cli.readers.layout import parse_table_sheet
    from dean5299_cli.readers.workbook import Grid

    rows: list[list[object]] = [["Mã", "Chỉ tiêu", "Số liệu", None]]
    rows += [["ct1", "a", None, 5], ["ct2", "b", None, None], ["ct3", "c", None, 7]]
    rows += [[None, None, line, None] for line in ("Người lập biểu", "(ký)", "", "Nguyễn Văn A")]
    rows += [[None, None, "Ngày 20/12", None]]
    sub = parse_table_sheet(Grid("Báo cáo", rows))
    assert sub is not None
    assert (sub.values["ct2"].value, sub.values["ct2"].cell) == (None, "D3")


def test_a_chunk_of_files_read_carries_each_cell_address_once(tmp_path):
    """The files a worker reads are sent to the main process together: an address (`D12`) is
    one string there for all of them, not one per file (the figures' addresses of 10.000 files,
    kept with what is judged, were 22 MB of copies of a few hundred strings)."""
    import pickle

    from dean5299_cli.readers.files import read_file
    from tests.helpers import make_workspace, submit

    folder = make_workspace(tmp_path / "w")
    paths = [submit(folder, "a.xlsx"), submit(folder, "b.xlsx", unit="Xã Phước Hòa")]
    sent = pickle.loads(pickle.dumps([read_file(p, p.name) for p in paths]))
    cells = [{code: v.cell for code, v in rf.submissions[0].values.items()} for rf in sent]
    assert cells[0] == cells[1] and len(cells[0]) > 10
    assert all(cells[0][code] is cells[1][code] for code in cells[0])
