"""Finding figure claims in report text: `a/b … đạt x%`, totals with parts, teams × members."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

# A count as written in prose: `8.529`, `27.180`, `112`, also `8,529` and `8 529` (a no-break
# or thin space, see documents.GROUP_SPACE): wrong separators, flagged.
GROUP_SPACE = "\u202f"
_NUM = rf"\d{{1,3}}(?:[.,{GROUP_SPACE}]\d{{3}})+|\d+"
_FRACTION = re.compile(rf"(?<![\d/.,{GROUP_SPACE}])({_NUM})(\s*/+\s*)({_NUM})(?![\d/])")
_PERCENT = re.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)(\s*)%")
_COUNT = re.compile(rf"(?<![\d.,/{GROUP_SPACE}])({_NUM})(?![\d/%]|[.,]\d|\s*%)")
_TARGET_RATE = re.compile(
    rf"^[^%/]{{0,20}}?chỉ tiêu\s+{_PERCENT.pattern}\s*\)?\s*[;,]?\s*bằng\s+{_PERCENT.pattern}",
    re.IGNORECASE,
)
_PARTS_INTRO = re.compile(r"\btrong đó\s*:?", re.IGNORECASE)
_SENTENCE_END = re.compile(r"\.(?=\s|$)|\n")
_PART_SPLIT = re.compile(r"[;,](?!\d)")
_TEAMS = re.compile(
    rf"({_NUM})\s*(?:“[^”]{{0,80}}”|\"[^\"]{{0,80}}\"|[^\d;.]{{0,80}}?)\s*,?\s*"
    rf"mỗi (?:tổ|đội)\s*(?:gồm|có)?\s*({_NUM})\s*thành viên\s*[,;]?\s*"
    rf"(?:với\s+)?tổng(?:\s+cộng|\s+số(?:\s+lượng)?)?(?:\s+là)?\s*:?\s*({_NUM})",
    re.IGNORECASE,
)
_INCREASE = re.compile(
    rf"(tăng|giảm)\s+({_NUM})\s+[^.;%]{{0,40}}?so với\s+(quý trước|quý\s+[IV]+|cùng kỳ)",
    re.IGNORECASE,
)
_INDICATOR = re.compile(r"chỉ tiêu\s+(\d{1,2})\b", re.IGNORECASE)
_NOT_A_RATE = re.compile(r"(chỉ tiêu|tăng|giảm|chiếm)\s*(?:là|khoảng)?\s*$", re.IGNORECASE)
_MAX_GAP = 160  # characters between a fraction and its percentage
# A word that puts a date after it: "tính đến 31/12", "trong tháng 3/2024", "hạn 15/12".
_DATE_WORD = re.compile(r"(?:ngày|đến|tới|từ|hết|trước|sau|hạn|tháng|hôm)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Number:
    """A number as written, its value and what is wrong with how it is written."""

    text: str
    value: Decimal
    decimals: int
    slips: tuple[str, ...] = ()


@dataclass(frozen=True)
class RateClaim:
    """`a/b … đạt x%`: x should be a/b in percent."""

    start: int
    end: int
    numerator: Number
    denominator: Number
    percent: Number
    fraction_slips: tuple[str, ...]
    target_rate: Number | None = None  # "(chỉ tiêu 40%), bằng 183,6% chỉ tiêu"
    versus_target: Number | None = None


@dataclass(frozen=True)
class PartsClaim:
    """ "27.180 … trong đó: 8.240 …, 11.350 …, 7.590 …"."""

    start: int
    end: int
    total: Number
    parts: tuple[Number, ...]


@dataclass(frozen=True)
class TeamsClaim:
    """ "14 tổ, mỗi tổ 08 thành viên, tổng 112"."""

    start: int
    end: int
    teams: Number
    members: Number
    total: Number


@dataclass(frozen=True)
class ChangeClaim:
    """ "tăng 2.486 … so với quý III": only checkable against the units' data."""

    start: int
    end: int
    change: int
    indicator: int | None


@dataclass(frozen=True)
class Claims:
    rates: tuple[RateClaim, ...]
    parts: tuple[PartsClaim, ...]
    teams: tuple[TeamsClaim, ...]
    changes: tuple[ChangeClaim, ...]
    indicator: int | None  # "Chỉ tiêu N" at the start of the block


def count(text: str) -> Number:
    """`8.529` → 8529; `8,529` and `8 529` → 8529 with a slip (another thousands separator)."""
    slips = tuple(
        slip
        for mark, slip in ((",", "dùng dấu phẩy"), (GROUP_SPACE, "dùng dấu cách"))
        if mark in text
    )
    slips = tuple(f"{slip} phân cách hàng nghìn" for slip in slips)
    return Number(text, Decimal(int(re.sub(rf"[.,{GROUP_SPACE}]", "", text))), 0, slips)


def percent(text: str, space: str) -> Number:
    """`146,2` → 146.2; `146.2` → 146.2 with a slip (decimal point instead of comma)."""
    slips: list[str] = []
    whole, comma, frac = text.partition(",")
    if not comma and re.fullmatch(r"\d+\.\d{1,2}|\d+\.\d{4,}", text):
        whole, _, frac = text.partition(".")
        slips.append("dùng dấu chấm thay cho dấu phẩy thập phân")
    if space:
        slips.append("có dấu cách thừa trước dấu %")
    digits = whole.replace(".", "")
    value = Decimal(f"{digits}.{frac}") if frac else Decimal(digits)
    return Number(text + space + "%", value, len(frac), tuple(slips))


def _achievement(text: str, start: int, limit: int) -> re.Match[str] | None:
    """The first percentage after a fraction that states its rate: not a target rate
    ("chỉ tiêu 40%") and not a change ("tăng 12%")."""
    for pct in _PERCENT.finditer(text, start, limit):
        if _NOT_A_RATE.search(text[max(start, pct.start() - 30) : pct.start()]):
            continue
        return pct
    return None


def _is_date(text: str, fraction: re.Match[str]) -> bool:
    """A day/month or month/year after a date word is no fraction ("đến 31/12, đạt 75%")."""
    if not _DATE_WORD.search(text, max(0, fraction.start() - 12), fraction.start()):
        return False
    first, second = fraction.group(1), fraction.group(3)
    if not (first.isdigit() and second.isdigit()):
        return False
    a, b = int(first), int(second)
    return (1 <= a <= 31 and 1 <= b <= 12) or (1 <= a <= 12 and 1900 <= b <= 2100)


def _rate_claims(text: str) -> list[RateClaim]:
    fractions = [f for f in _FRACTION.finditer(text) if not _is_date(text, f)]
    claims: list[RateClaim] = []
    for i, frac in enumerate(fractions):
        limit = fractions[i + 1].start() if i + 1 < len(fractions) else len(text)
        limit = min(limit, frac.end() + _MAX_GAP)
        pct = _achievement(text, frac.end(), limit)
        if pct is None or _SENTENCE_END.search(text, frac.end(), pct.start()):
            continue
        slips = ("hai dấu gạch chéo `//`",) if frac.group(2).count("/") > 1 else ()
        target = _TARGET_RATE.match(text[pct.end() : pct.end() + 120])
        claims.append(
            RateClaim(
                start=frac.start(),
                end=pct.end(),
                numerator=count(frac.group(1)),
                denominator=count(frac.group(3)),
                percent=percent(pct.group(1), pct.group(2)),
                fraction_slips=slips,
                target_rate=percent(target.group(1), target.group(2)) if target else None,
                versus_target=percent(target.group(3), target.group(4)) if target else None,
            )
        )
    return claims


def _parts_claims(text: str) -> list[PartsClaim]:
    claims: list[PartsClaim] = []
    for intro in _PARTS_INTRO.finditer(text):
        before = text[: intro.start()]
        sentence_start = max((m.end() for m in _SENTENCE_END.finditer(before)), default=0)
        totals = list(_COUNT.finditer(before, sentence_start))
        if not totals:
            continue
        end_match = _SENTENCE_END.search(text, intro.end())
        end = end_match.start() if end_match else len(text)
        parts: list[Number] = []
        for segment in _PART_SPLIT.split(text[intro.end() : end]):
            found = _COUNT.search(segment)
            if found is not None:
                parts.append(count(found.group(1)))
        if len(parts) >= 2:
            total = totals[-1]
            claims.append(PartsClaim(total.start(), end, count(total.group(1)), tuple(parts)))
    return claims


def find_claims(text: str) -> Claims:
    """Every figure claim of one paragraph or table cell."""
    teams = tuple(
        TeamsClaim(m.start(), m.end(), count(m.group(1)), count(m.group(2)), count(m.group(3)))
        for m in _TEAMS.finditer(text)
    )
    heading = _INDICATOR.search(text[:40])
    indicator = int(heading.group(1)) if heading else None
    changes = tuple(
        ChangeClaim(
            m.start(),
            m.end(),
            int(count(m.group(2)).value) * (1 if m.group(1).lower() == "tăng" else -1),
            indicator,
        )
        for m in _INCREASE.finditer(text)
    )
    return Claims(tuple(_rate_claims(text)), tuple(_parts_claims(text)), teams, changes, indicator)
