"""Auditing a report's arithmetic: recompute every figure claim exactly and say what is wrong."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from enum import Enum
from fractions import Fraction

from dean5299_cli.core.numbers import Rounding, RoundingMode, format_decimal, format_int
from dean5299_cli.verify.claims import Number, RateClaim, find_claims
from dean5299_cli.verify.documents import Block


class FindingKind(str, Enum):
    WRONG_ARITHMETIC = "wrong-arithmetic"
    MIXED_ROUNDING = "mixed-rounding"
    MALFORMED_NUMBER = "malformed-number"
    PARTS_DO_NOT_ADD_UP = "parts-do-not-add-up"
    DIFFERS_FROM_DATA = "differs-from-data"


class Reading(str, Enum):
    """How a printed percentage relates to its exact value."""

    BOTH = "both"  # truncation and half-up rounding print the same
    TRUNCATED = "truncated"  # only truncation gives the printed value
    HALF_UP = "half-up"  # only half-up rounding gives it
    WRONG = "wrong"  # neither


@dataclass(frozen=True)
class Finding:
    where: str
    text: str
    kind: FindingKind
    message: str  # Vietnamese: what is wrong
    expected: str  # Vietnamese: what it should read
    block: int  # index of the block (for Word comments)


@dataclass(frozen=True)
class RateCheck:
    """One percentage of the document, its exact value and how it was rounded."""

    where: str
    claim: str
    exact: str
    reading: Reading
    block: int
    value: Fraction  # exact percentage
    decimals: int


@dataclass(frozen=True)
class AuditResult:
    file: str
    findings: tuple[Finding, ...]
    rates: tuple[RateCheck, ...]
    claims: int

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "claims": self.claims,
            "findings": [
                {
                    "where": f.where,
                    "text": f.text,
                    "kind": f.kind.value,
                    "message": f.message,
                    "expected": f.expected,
                }
                for f in self.findings
            ],
            "rates": [
                {"where": r.where, "claim": r.claim, "exact": r.exact, "reading": r.reading.value}
                for r in self.rates
            ],
            "summary": {"findings": len(self.findings), "claims": self.claims},
        }


def show_exact(value: Fraction, decimals: int) -> str:
    """146,2469…% style: two more decimals than printed, `…` when not exact."""
    shown = Rounding(RoundingMode.TRUNCATE, decimals + 2).round(value)
    return format_decimal(shown) + ("…" if Fraction(shown) != value else "")


def reading_of(exact: Fraction, printed: Number) -> Reading:
    decimals = printed.decimals
    truncated = Rounding(RoundingMode.TRUNCATE, decimals).round(exact)
    half_up = Rounding(RoundingMode.HALF_UP, decimals).round(exact)
    if printed.value == truncated == half_up:
        return Reading.BOTH
    if printed.value == truncated:
        return Reading.TRUNCATED
    if printed.value == half_up:
        return Reading.HALF_UP
    return Reading.WRONG


def as_written(value: Decimal, decimals: int) -> str:
    with localcontext() as exact:  # a percentage written with 60 decimals is still shown whole
        exact.prec = max(value.adjusted() + 1 + decimals + 1, 28)
        return format_decimal(value.quantize(Decimal(1).scaleb(-decimals))) + "%"


def _sentence(slips: Sequence[str]) -> str:
    text = "; ".join(slips)
    return text[:1].upper() + text[1:] + "."


def _snippet(text: str, start: int, end: int) -> str:
    return text[start:end].strip()


class _Auditor:
    """Collects findings and rate readings over the blocks of one document."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.rates: list[RateCheck] = []
        self.claims = 0

    def add(
        self, block: Block, index: int, snippet: str, kind: FindingKind, message: str, expected: str
    ) -> None:
        self.findings.append(Finding(block.where, snippet, kind, message, expected, index))

    def malformed(self, block: Block, index: int, number: Number, right: str) -> None:
        if number.slips:
            self.add(
                block,
                index,
                number.text,
                FindingKind.MALFORMED_NUMBER,
                _sentence(number.slips),
                right,
            )

    def rate(self, block: Block, index: int, claim: RateClaim) -> None:
        text = _snippet(block.text, claim.start, claim.end)
        num, den, pct = claim.numerator, claim.denominator, claim.percent
        fraction_text = f"{format_int(int(num.value))}/{format_int(int(den.value))}"
        for number in (num, den):
            self.malformed(block, index, number, format_int(int(number.value)))
        if claim.fraction_slips:
            self.add(
                block,
                index,
                text,
                FindingKind.MALFORMED_NUMBER,
                _sentence(claim.fraction_slips),
                fraction_text,
            )
        if den.value == 0:
            self.add(
                block,
                index,
                text,
                FindingKind.WRONG_ARITHMETIC,
                "Mẫu số bằng 0: không tính được tỷ lệ.",
                "kiểm tra lại mẫu số",
            )
            return
        exact = Fraction(int(num.value), int(den.value)) * 100
        reading = reading_of(exact, pct)
        self.malformed(block, index, pct, as_written(pct.value, pct.decimals))
        self.rates.append(
            RateCheck(
                block.where,
                text,
                show_exact(exact, pct.decimals) + "%",
                reading,
                index,
                exact,
                pct.decimals,
            )
        )
        if reading is Reading.WRONG:
            right = Rounding(RoundingMode.HALF_UP, pct.decimals).round(exact)
            self.add(
                block,
                index,
                text,
                FindingKind.WRONG_ARITHMETIC,
                f"Tính sai: {fraction_text} = {show_exact(exact, pct.decimals)}%, "
                f"không phải {pct.text}.",
                f"{fraction_text}, đạt {as_written(right, pct.decimals)}",
            )
        if claim.target_rate is not None and claim.versus_target is not None:
            self.versus(block, index, text, exact, claim.target_rate, claim.versus_target)

    def versus(
        self, block: Block, index: int, text: str, rate: Fraction, target: Number, claim: Number
    ) -> None:
        """ "đạt 73,4% (chỉ tiêu 40%), bằng 183,6% chỉ tiêu": a second figure of the claim,
        counted among those recomputed (the report's words, "so với chỉ tiêu" read too)."""
        self.malformed(block, index, target, as_written(target.value, target.decimals))
        self.malformed(block, index, claim, as_written(claim.value, claim.decimals))
        if target.value == 0:
            return
        self.claims += 1
        exact = rate / Fraction(target.value) * 100
        reading = reading_of(exact, claim)
        self.rates.append(
            RateCheck(
                block.where,
                f"(chỉ tiêu {target.text}), bằng {claim.text} chỉ tiêu",
                show_exact(exact, claim.decimals) + "%",
                reading,
                index,
                exact,
                claim.decimals,
            )
        )
        if reading is Reading.WRONG:
            right = Rounding(RoundingMode.HALF_UP, claim.decimals).round(exact)
            self.add(
                block,
                index,
                text,
                FindingKind.WRONG_ARITHMETIC,
                f"Tính sai: với chỉ tiêu {target.text}, tỷ lệ đạt bằng "
                f"{show_exact(exact, claim.decimals)}% chỉ tiêu, không phải {claim.text}.",
                f"bằng {as_written(right, claim.decimals)} chỉ tiêu",
            )

    def block(self, block: Block, index: int) -> None:
        claims = find_claims(block.text)
        self.claims += len(claims.rates) + len(claims.parts) + len(claims.teams)
        for rate in claims.rates:
            self.rate(block, index, rate)
        for parts in claims.parts:
            for number in (parts.total, *parts.parts):  # "8,240": written as a rate's would be
                self.malformed(block, index, number, format_int(int(number.value)))
            total = sum(int(p.value) for p in parts.parts)
            if total != int(parts.total.value):
                shown = " + ".join(format_int(int(p.value)) for p in parts.parts)
                self.add(
                    block,
                    index,
                    _snippet(block.text, parts.start, parts.end),
                    FindingKind.PARTS_DO_NOT_ADD_UP,
                    f"Các phần cộng lại {shown} = {format_int(total)}, khác tổng "
                    f"{parts.total.text}.",
                    f"tổng {format_int(total)} (hoặc sửa các phần)",
                )
        for teams in claims.teams:
            for number in (teams.teams, teams.members, teams.total):
                self.malformed(block, index, number, format_int(int(number.value)))
            product = int(teams.teams.value) * int(teams.members.value)
            if product != int(teams.total.value):
                self.add(
                    block,
                    index,
                    _snippet(block.text, teams.start, teams.end),
                    FindingKind.WRONG_ARITHMETIC,
                    f"{teams.teams.text} tổ × {teams.members.text} thành viên = "
                    f"{format_int(product)}, không phải {teams.total.text}.",
                    f"tổng số {format_int(product)} thành viên",
                )

    def mixing(self, blocks: Sequence[Block]) -> None:
        """A document that truncates in some places and rounds half-up in others."""
        truncated = [r for r in self.rates if r.reading is Reading.TRUNCATED]
        half_up = [r for r in self.rates if r.reading is Reading.HALF_UP]
        if not truncated or not half_up:
            return
        minority, mode = (
            (half_up, "làm tròn") if len(half_up) <= len(truncated) else (truncated, "cắt bớt")
        )
        majority = RoundingMode.TRUNCATE if mode == "làm tròn" else RoundingMode.HALF_UP
        for rate in minority:
            right = as_written(Rounding(majority, rate.decimals).round(rate.value), rate.decimals)
            self.add(
                blocks[rate.block],
                rate.block,
                rate.claim,
                FindingKind.MIXED_ROUNDING,
                f"Tài liệu vừa cắt bớt ({len(truncated)} chỗ) vừa làm tròn ({len(half_up)} "
                f"chỗ) số thập phân; chỗ này {mode} (giá trị đúng {rate.exact}).",
                f"{right} (cách làm của phần lớn tài liệu)",
            )


def audit_blocks(file: str, blocks: Sequence[Block]) -> AuditResult:
    """Every finding of a document's blocks, in document order, and each percentage's reading."""
    auditor = _Auditor()
    for index, block in enumerate(blocks):
        auditor.block(block, index)
    auditor.mixing(blocks)
    order = {id(f): i for i, f in enumerate(auditor.findings)}
    findings = sorted(auditor.findings, key=lambda f: (f.block, order[id(f)]))
    return AuditResult(file, tuple(findings), tuple(auditor.rates), auditor.claims)
