"""Console output of audit and reconcile: plain lines on standard output, a summary on standard error."""

from __future__ import annotations

import typer

from dean5299_cli.cli.errors import say
from dean5299_cli.verify.audit import AuditResult, Reading

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


def print_audit(result: AuditResult) -> None:
    """The findings, one block each, then how every percentage was rounded."""
    for n, finding in enumerate(result.findings, 1):
        typer.echo(f"{n}. [{finding.where}] {_KIND_VI[finding.kind.value]}: {finding.message}")
        typer.echo(f"   Trong văn bản: «{finding.text}»")
        typer.echo(f"   Nên ghi: {finding.expected}")
    if result.rates:
        typer.echo("Các tỷ lệ đã tính lại:")
        for rate in result.rates:
            typer.echo(
                f"   [{rate.where}] {rate.claim} → chính xác {rate.exact}: "
                f"{_READING_VI[rate.reading]}"
            )
    if result.findings:
        say(f"{result.file}: {len(result.findings)} chỗ cần sửa trên {result.claims} số liệu.")
    else:
        say(f"{result.file}: không thấy sai sót trên {result.claims} số liệu đã kiểm tra.")
