"""Flags a clerk can trust: peers (median/MAD), jumps, contradictions, targets checked against themselves."""

from __future__ import annotations

from pathlib import Path

from dean5299_cli.core.figures import compute_figures
from dean5299_cli.core.indicators import load_set
from dean5299_cli.core.settings import load_settings
from dean5299_cli.core.status import FlagKind
from dean5299_cli.folder import validate_folder
from tests.helpers import VALUES_2023, make_workspace, submit

COMMUNES = ["Xã An", "Xã Bình", "Xã Cát", "Xã Định", "Xã Hòa", "Xã Khánh"]


def settings_text(own: str, allocations: dict[str, str], extra: str = "") -> str:
    units = "\n".join(f"  - name: {u}" for u in COMMUNES)
    alloc = "\n".join(f"      {u}: {a}" for u, a in allocations.items()) or "      {}"
    return f"""parent_body: TỈNH ĐOÀN BÌNH ĐỊNH
issuing_body: BCH ĐOÀN HUYỆN TUY PHƯỚC
issuer_symbol: HĐTN
place: Tuy Phước
signer: {{on_behalf: TM. BAN THƯỜNG VỤ, title: BÍ THƯ, name: Nguyễn Văn A}}
recipients: [Lưu VP.]
units:
{units}
targets:
  2023:
    own: {own}
    units:
{alloc}
submissions: bao-cao
{extra}"""


def run(folder: Path):
    loaded = load_settings(folder.parent / "don-vi.yaml")
    return validate_folder(folder, settings=loaded.settings, year=2023, quarter=4), loaded


def peer_flags(tmp_path, allocations: dict[str, str], ct1s: list[int]):
    """(report, settings, peer flags) of the six communes with these ct1 figures."""
    folder = make_workspace(tmp_path, settings_text("{1: 600}", allocations))
    for unit, ct1 in zip(COMMUNES, ct1s, strict=True):
        submit(folder, f"{unit}.xlsx", unit=unit, ct1=ct1)
    report, loaded = run(folder)
    return report, loaded, [f for f in report.flags if f.kind is FlagKind.PEER_OUTLIER]


def test_one_unit_four_times_its_peers_is_flagged_with_the_reason(tmp_path):
    allocations = {u: "{1: 100}" for u in COMMUNES}
    report, loaded, peers = peer_flags(tmp_path, allocations, [100, 110, 95, 105, 100, 420])
    assert [(f.unit, f.indicator) for f in peers] == [("Xã Khánh", 1)]
    # median of 95, 100, 100, 105, 110, 420 % is 102,5 %; 420 / 102,5 = 4,097…
    assert peers[0].reason == (
        "gấp 4,1 lần trung vị các đơn vị (đạt 420,0% chỉ tiêu giao; "
        "trung vị của 6 đơn vị: đạt 102,5% chỉ tiêu giao)"
    )
    far = [p for p in report.problems if p.code == "far-above-target"]
    assert [(p.unit, p.cell) for p in far] == [("Xã Khánh", "E9")]
    assert far[0].message == f"Chỉ tiêu 1: {peers[0].reason}; đề nghị kiểm tra lại số liệu."
    # The summary's and report's flags are the same set as validate's (one owner).
    figures = compute_figures(report, load_set(2023), loaded.settings)
    assert figures.flags == tuple((f.unit, f.indicator, f.reason) for f in report.flags)


def test_a_district_uniformly_at_268_percent_is_not_flagged_per_unit(tmp_path):
    # Seed 000's chỉ tiêu 2: 18.907 against 7.057 for the district, every commune alike.
    allocations = [1176, 1176, 1176, 1176, 1176, 1177]
    done = [3152, 3152, 3152, 3152, 3152, 3147]
    assert sum(allocations) == 7057 and sum(done) == 18907
    folder = make_workspace(
        tmp_path,
        settings_text(
            "{2: 7057}", {u: f"{{2: {a}}}" for u, a in zip(COMMUNES, allocations, strict=True)}
        ),
    )
    for unit, ct2 in zip(COMMUNES, done, strict=True):
        submit(folder, f"{unit}.xlsx", unit=unit, ct2=ct2)
    report, _ = run(folder)
    assert report.flags == ()
    assert not [p for p in report.problems if p.code in ("far-above-target", "target-suspect")]
    assert {
        p.unit for p in report.problems if p.code == "above-target" and p.field == "ct2"
    } == set(COMMUNES)


def test_absolute_threshold_only_when_the_settings_ask(tmp_path):
    allocations = {u: "{2: 1000}" for u in COMMUNES}
    folder = make_workspace(
        tmp_path, settings_text("{2: 6000}", allocations, "far_above_percent: 200\n")
    )
    for unit in COMMUNES:
        submit(folder, f"{unit}.xlsx", unit=unit, ct2=2680)
    report, _ = run(folder)
    absolute = [f for f in report.flags if f.kind is FlagKind.ABSOLUTE_THRESHOLD]
    assert {f.unit for f in absolute} == {"", *COMMUNES}
    assert absolute[0].reason == "đạt 268,0% chỉ tiêu giao, vượt ngưỡng 200%"


def test_jump_against_the_previous_quarter(tmp_path):
    folder = make_workspace(tmp_path, settings_text("{1: 600}", {}))
    submit(folder, "q4/an.xlsx", unit="Xã An", ct1=400)
    submit(folder, "q3/an.xlsx", unit="Xã An", quarter=3, ct1=50)
    submit(folder, "q4/binh.xlsx", unit="Xã Bình", ct1=300)
    submit(folder, "q3/binh.xlsx", unit="Xã Bình", quarter=3, ct1=320)
    report, _ = run(folder)
    jumps = {(f.unit, f.indicator): f.reason for f in report.flags if f.kind is FlagKind.JUMP}
    # 400 / 50 = 8× in one quarter, where an even pace gives 4/3×.
    assert jumps[("Xã An", 1)] == "tăng từ 50 (quý III) lên 400, gấp 8,0 lần sau một quý"
    assert jumps[("Xã Bình", 1)] == "giảm từ 320 (quý III) xuống 300"
    far = [p for p in report.problems if p.code == "far-above-target"]
    assert [(p.unit, p.field) for p in far] == [("Xã An", "ct1")]  # a fall is `cumulative-decrease`
    assert any(p.code == "cumulative-decrease" and p.unit == "Xã Bình" for p in report.problems)


def test_target_typed_wrong_is_suspect_before_any_report(tmp_path):
    # `23.000` read as 23 by YAML: 8.847/23 would print "đạt 38.465,2%".
    folder = make_workspace(tmp_path, settings_text("{1: 23}", {}))
    submit(folder, "an.xlsx", unit="Xã An", ct1=8847)
    report, _ = run(folder)
    suspect = [f for f in report.flags if f.kind is FlagKind.TARGET_SUSPECT]
    assert [(f.unit, f.indicator) for f in suspect] == [("", 1)]
    assert suspect[0].reason == (
        "đạt 38.465,2% chỉ tiêu giao (8.847/23): chỉ tiêu giao có thể bị nhập sai "
        "(ví dụ 23 thay cho 23.000?)"
    )
    problem = next(p for p in report.problems if p.code == "target-suspect")
    assert (
        problem.severity.value == "warning"
        and problem.file == ""
        and "38.465,2%" in problem.message
    )


def test_own_target_against_the_sum_of_allocations(tmp_path):
    allocations = {u: "{1: 100}" for u in COMMUNES}  # 600 in all
    folder = make_workspace(tmp_path, settings_text("{1: 700}", allocations))
    submit(folder, "an.xlsx", unit="Xã An")
    report, _ = run(folder)
    suspect = [f for f in report.flags if f.kind is FlagKind.TARGET_SUSPECT]
    assert [f.reason for f in suspect] == [
        "chỉ tiêu giao 700 khác tổng chỉ tiêu giao cho 6 đơn vị (600, chênh -100)"
    ]
    # Within what rounding each allocation explains (±0,5 each): no flag.
    folder2 = make_workspace(tmp_path / "b", settings_text("{1: 603}", allocations))
    submit(folder2, "an.xlsx", unit="Xã An")
    report2, _ = run(folder2)
    assert not [f for f in report2.flags if f.kind is FlagKind.TARGET_SUSPECT]
    # Only some units allocated, already more than the whole.
    some = {u: "{1: 300}" for u in COMMUNES[:3]}
    folder3 = make_workspace(tmp_path / "c", settings_text("{1: 800}", some))
    submit(folder3, "an.xlsx", unit="Xã An")
    report3, _ = run(folder3)
    assert [f.reason for f in report3.flags if f.kind is FlagKind.TARGET_SUSPECT] == [
        "tổng chỉ tiêu giao cho 3/6 đơn vị (900) đã vượt chỉ tiêu giao 800"
    ]


def test_a_unit_left_out_for_an_error_is_still_flagged_in_the_same_round(tmp_path):
    folder = make_workspace(tmp_path, settings_text("{1: 600}", {}))
    submit(folder, "q3.xlsx", unit="Xã An", quarter=3, ct1=40)
    # parts do not add up (an error), and ct1 jumped from 40 to 450: both said at once
    submit(folder, "q4.xlsx", unit="Xã An", ct8_tong=9999)
    report, _ = run(folder)
    assert report.left_out == [("Xã An", "q4.xlsx")]
    kinds = {(f.kind, f.indicator) for f in report.flags if f.unit == "Xã An"}
    assert (FlagKind.CONTRADICTION, 8) in kinds and (FlagKind.JUMP, 1) in kinds
    codes = {p.code for p in report.problems if p.file == "q4.xlsx"}
    assert {"parts-do-not-add-up", "far-above-target"} <= codes
    assert VALUES_2023["ct1"] == 450


def test_the_shipped_tuy_phuoc_example_raises_no_flag():
    # District at 267,9% on chỉ tiêu 2 (seed 000), communes between 238% and 306%: nothing unusual.
    from tests.paths import EXAMPLES

    work = EXAMPLES / "tuy-phuoc-2023"
    loaded = load_settings(work / "don-vi.yaml")
    report = validate_folder(work / "bao-cao-don-vi", settings=loaded.settings)
    assert len(report.current) == 13
    assert report.flags == ()
    assert not [p for p in report.problems if p.code in ("far-above-target", "target-suspect")]


def test_per_capita_where_a_population_is_given_and_no_median_of_too_few(tmp_path):
    populations = "{" + ", ".join(f"{u}: 1000" for u in COMMUNES) + "}"
    text = settings_text("{}", {}).replace(
        "    units:\n      {}", f"    units: {{}}\n    population: {populations}"
    )
    folder = make_workspace(tmp_path, text)
    for unit, ct5 in zip(COMMUNES, [50, 55, 60, 45, 50, 5], strict=True):
        submit(folder, f"{unit}.xlsx", unit=unit, ct5=ct5)
    report, _ = run(folder)
    peers = [f for f in report.flags if f.kind is FlagKind.PEER_OUTLIER]
    # ct5 per 1.000 people: 45, 50, 50, 55, 60 and 5; median 50; 5/50 = 0,1
    assert [(f.unit, f.indicator, f.reason) for f in peers] == [
        (
            "Xã Khánh",
            5,
            "chỉ bằng 0,1 lần trung vị các đơn vị (5,0 trên 1.000 người; "
            "trung vị của 6 đơn vị: 50,0 trên 1.000 người)",
        )
    ]
    # Four units are too few for a median to say anything.
    folder2 = make_workspace(tmp_path / "b", text)
    for unit, ct5 in zip(COMMUNES[:4], [50, 55, 60, 500], strict=True):
        submit(folder2, f"{unit}.xlsx", unit=unit, ct5=ct5)
    report2, _ = run(folder2)
    assert not [f for f in report2.flags if f.kind is FlagKind.PEER_OUTLIER]


def test_a_unit_in_the_thousands_of_percent_is_named(tmp_path):
    folder = make_workspace(tmp_path, settings_text("{}", {"Xã An": "{1: 400}"}))
    submit(folder, "an.xlsx", unit="Xã An", ct1=4000)
    report, _ = run(folder)
    suspect = [f for f in report.flags if f.kind is FlagKind.TARGET_SUSPECT]
    assert [(f.unit, f.reason) for f in suspect] == [
        (
            "Xã An",
            "Xã An đạt 1.000,0% chỉ tiêu giao (4.000/400): "
            "số liệu hoặc chỉ tiêu giao của đơn vị có thể bị nhập sai",
        )
    ]


def test_far_above_a_per_unit_minimum_is_no_suspect_target(tmp_path):
    # Chỉ tiêu 6 asks each unit for at least 6 articles; 73 is 1.216,7% of it, and normal.
    folder = make_workspace(tmp_path, settings_text("{}", {}))
    submit(folder, "an.xlsx", unit="Xã An", ct6=73)
    report, _ = run(folder)
    assert not [f for f in report.flags if f.kind is FlagKind.TARGET_SUSPECT]


def test_a_ratio_is_compared_by_its_rate(tmp_path):
    folder = make_workspace(tmp_path, settings_text("{}", {}))
    for unit, ct3 in zip(COMMUNES, [300, 300, 300, 300, 300, 30], strict=True):
        submit(folder, f"{unit}.xlsx", unit=unit, ct3_tu=ct3)  # out of 410
    report, _ = run(folder)
    peers = [
        (f.unit, f.indicator, f.reason) for f in report.flags if f.kind is FlagKind.PEER_OUTLIER
    ]
    assert peers == [
        (
            "Xã Khánh",
            3,
            "chỉ bằng 0,1 lần trung vị các đơn vị (tỷ lệ 7,3%; trung vị của 6 đơn vị: tỷ lệ 73,2%)",
        )
    ]


def test_without_targets_a_figure_ten_times_its_peers_is_flagged(tmp_path):
    """A commune's chi đoàn, a province's communes: no target and no population per unit. The
    figure itself is compared (a typo of one 0 too many was never seen, and went into the
    signed report); ct2 of every unit is like its peers: no flag, not noise."""
    report, _, peers = peer_flags(tmp_path, {}, [180, 210, 195, 2050, 160, 230])
    assert [(f.unit, f.indicator) for f in peers] == [("Xã Định", 1)]
    # median of 160, 180, 195, 210, 230, 2050 is (195 + 210) / 2 = 202,5; 2050 / 202,5 = 10,12…
    assert peers[0].reason == (
        "gấp 10,1 lần trung vị các đơn vị (2.050 tài khoản; trung vị của 6 đơn vị: 202,5 tài khoản)"
    )
    assert [p.cell for p in report.problems if p.code == "far-above-target"] == ["E9"]


def _five_peers_and_khanh(tmp_path) -> Path:
    """The five other communes near 100 % of their 100; Xã Khánh's copies are added by the test."""
    allocations = {u: "{1: 100}" for u in COMMUNES}
    folder = make_workspace(tmp_path, settings_text("{1: 600}", allocations))
    for unit, ct1 in zip(COMMUNES[:5], [100, 110, 95, 105, 100], strict=True):
        submit(folder, f"{unit}.xlsx", unit=unit, ct1=ct1)
    return folder


def _far(report) -> list[tuple[str, str | None, str | None, str]]:
    return [
        (p.file, p.sheet, p.cell, p.message)
        for p in report.problems
        if p.code == "far-above-target"
    ]


FAR_420 = (
    "Chỉ tiêu 1: gấp 4,2 lần trung vị các đơn vị (đạt 420,0% chỉ tiêu giao; "
    "trung vị của 5 đơn vị: đạt 100,0% chỉ tiêu giao); đề nghị kiểm tra lại số liệu."
)


def test_two_differing_files_of_a_unit_warn_on_the_file_holding_the_figure(tmp_path):
    # Was: the warning about khanh-b's 420 was put on khanh-a.xlsx, cell E9, which holds 100.
    folder = _five_peers_and_khanh(tmp_path)
    submit(folder, "khanh-a.xlsx", unit="Xã Khánh", ct1=100)
    submit(folder, "khanh-b.xlsx", unit="Xã Khánh", ct1=420)
    report, _ = run(folder)
    assert {p.file for p in report.problems if p.code == "duplicate-submission"} == {
        "khanh-a.xlsx",
        "khanh-b.xlsx",
    }
    assert _far(report) == [("khanh-b.xlsx", "Báo cáo", "E9", FAR_420)]


def test_two_differing_sheets_of_a_unit_warn_on_the_sheet_holding_the_figure(tmp_path):
    # Was: 'trang Báo cáo, ô E9' named for the figure 420 of sheet BC2 (Báo cáo's E9 holds 100).
    import openpyxl

    folder = _five_peers_and_khanh(tmp_path)
    path = submit(folder, "khanh.xlsx", unit="Xã Khánh", ct1=100)
    wb = openpyxl.load_workbook(path)
    copy = wb.copy_worksheet(wb.active)
    copy.title = "BC2"
    copy["E9"] = 420
    wb.save(path)
    report, _ = run(folder)
    assert [p.sheet for p in report.problems if p.code == "duplicate-sheet"] == ["Báo cáo", "BC2"]
    assert _far(report) == [("khanh.xlsx", "BC2", "E9", FAR_420)]


def test_one_copy_per_unit_keeps_its_warning_where_it_was(tmp_path):
    folder = _five_peers_and_khanh(tmp_path)
    submit(folder, "khanh.xlsx", unit="Xã Khánh", ct1=420)
    report, _ = run(folder)
    message = (
        "Chỉ tiêu 1: gấp 4,1 lần trung vị các đơn vị (đạt 420,0% chỉ tiêu giao; "
        "trung vị của 6 đơn vị: đạt 102,5% chỉ tiêu giao); đề nghị kiểm tra lại số liệu."
    )
    assert _far(report) == [("khanh.xlsx", "Báo cáo", "E9", message)]
