"""Console output of audit and reconcile: plain lines on standard output, a summary on standard error."""

from __future__ import annotations

from collections import Counter

import typer

from dean5299_cli.cli.errors import say
from dean5299_cli.cli.lines import console_width, fit
from dean5299_cli.core.numbers import format_int
from dean5299_cli.verify.audit import AuditResult, Reading
from dean5299_cli.verify.reconcile import Reconciliation


def _out(text: str) -> None:
    """A line on standard output wrapped to the console as validate's view is (cli/lines)."""
    typer.echo(fit(text, console_width()))


_KIND_VI = {
    "wrong-arithmetic": "Tính sai",
    "mixed-rounding": "Lẫn cách làm tròn",
    "malformed-number": "Số viết sai quy cách",
    "parts-do-not-add-up": "Các phần không khớp tổng",
    "differs-from-data": "Khác số liệu của đơn vị",
}
_READING_VI = {
    Reading.BOTH: "đúng",
    Reading.TRUNCATED: "đúng nếu cắt bớt (làm tròn thì khác)",
    Reading.HALF_UP: "đúng nếu làm tròn (cắt bớt thì khác)",
    Reading.WRONG: "sai",
}


def print_audit(result: AuditResult, *, every_rate: bool = False) -> None:
    """The findings, one block each, then how the percentages were rounded: a count per reading,
    or every percentage with `every_rate` (a province's report has hundreds, all right)."""
    for n, finding in enumerate(result.findings, 1):
        kind = _KIND_VI[finding.kind.value]
        message = finding.message.removeprefix(f"{kind}: ")  # not "Tính sai: Tính sai: …"
        _out(f"{n}. [{finding.where}] {kind}: {message}")
        _out(f"   Trong văn bản: «{finding.text}»")
        _out(f"   Nên ghi: {finding.expected}")
    if result.rates and every_rate:
        _out("Các tỷ lệ đã tính lại:")
        for rate in result.rates:
            _out(
                f"   [{rate.where}] {rate.claim} → chính xác {rate.exact}: "
                f"{_READING_VI[rate.reading]}"
            )
    elif result.rates:
        counts = Counter(rate.reading for rate in result.rates)
        tally = "; ".join(f"{format_int(counts[r])} {_READING_VI[r]}" for r in Reading if counts[r])
        _out(f"Đã tính lại {format_int(len(result.rates))} tỷ lệ: {tally}. Thêm --chi-tiet để in từng tỷ lệ.")
    if result.findings:
        say(f"{result.file}: {format_int(len(result.findings))} chỗ cần sửa trên {format_int(result.claims)} số liệu.")
    else:
        say(f"{result.file}: không thấy sai sót trên {format_int(result.claims)} số liệu đã kiểm tra.")


def print_reconciliation(result: Reconciliation) -> None:
    """The action list (worst first), then every line above the tolerance."""
    say(
        f"Đã đọc {result.export} ({result.read_as}, "
        f"{'bảng theo đơn vị' if result.shape == 'per-unit' else 'danh sách từng hồ sơ'}, "
        f"{format_int(result.rows)} dòng số liệu)."
    )
    for note in result.notes:
        say(f"Lưu ý: {note}")
    actions = result.actions()
    left_out = len(result.only_reported) if result.partial else 0
    asked = actions[: len(actions) - left_out]  # those left out of a partial export: one line
    if not asked:
        _out(
            f"Số liệu {format_int(len({x.unit for x in result.lines}))} đơn vị khớp với hệ thống "
            f"(chênh lệch không quá {float(result.tolerance * 100):g}%)."
        )
    else:
        _out(f"Cần hỏi lại {format_int(len(asked))} đơn vị (nặng nhất trước):")
        for n, (unit, reason) in enumerate(asked, 1):
            _out(f"{n}. {unit}: {reason}")
    if left_out:
        _out(
            f"Không đối chiếu được {format_int(left_out)} đơn vị đã báo cáo (không có trong tệp "
            f"xuất): {_some(result.only_reported)}."
        )


_NAMED = 5  # units of a long list named on the console, the rest counted


def _some(units: tuple[str, ...]) -> str:
    rest = len(units) - _NAMED
    return ", ".join(units[:_NAMED]) + (f" và {format_int(rest)} đơn vị khác" if rest > 0 else "")
