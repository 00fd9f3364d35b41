"""Number format codes (Excel's `numFmt`) parsed into sections, and what a cell shows: for a
count stored in a cell, the text Excel and LibreOffice print when the format makes it say
another figure (a scaling comma, a literal digit, a section that prints no digit at all).

Separators and the rounding of decimals are not judged here (other checks see fractions);
only whether the figure a reader sees is the figure stored."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

# Why a cell shows another figure (the wording is in core.values).
HIDDEN = "hidden"  # no digit at all: blank, or literal text only
SCALED = "scaled"  # thousands commas after the digits: shown divided by 1.000 per comma
PERCENT = "percent"  # `%`: shown multiplied by 100 (once, however many `%`, as LibreOffice)
LITERAL_DIGITS = "literal-digits"  # digits written in the format beside the figure's own
DATE = "date"  # a date or time section: the count is shown as a date
OTHER = "other"  # literal text inside the figure (`0"-"000`: 1669 shown as 1-669)
TEXT_HIDDEN = "text-hidden"  # a figure typed as text, the text section printing something else

_DIGITS = "0#?"
_SEPARATORS = " .,\u00a0'"  # what may stand between the digits of one figure as a reader reads it
_DATE_LETTERS = set("dmyhsDMYHS")
# A condition as LibreOffice reads one: spaces, a sign, a leading point, an exponent (`[>1E3]`)
_CONDITION = re.compile(
    r"\[\s*(<>|<=|>=|<|>|=)\s*([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)\s*\]"
)
_MAX_CODE = 255  # Excel's limit for a format code; anything longer is judged as its first 255


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # "digit", "point", "comma", "percent", "text", "at", "general", "date",
    # "exponent", "fraction"
    text: str = ""


@dataclass(frozen=True, slots=True)
class Section:
    tokens: tuple[Token, ...]
    condition: tuple[str, Decimal] | None = None

    def has(self, kind: str) -> bool:
        return any(t.kind == kind for t in self.tokens)


@dataclass(frozen=True, slots=True)
class Shown:
    """What the cell shows (`text`, as printed with Vietnamese separators) and why it differs."""

    text: str
    why: str
    factor: int = 0  # what a scaled figure is divided by (1.000, 1.000.000…)


def _bracket(body: str, tokens: list[Token]) -> tuple[str, Decimal] | None:
    """A `[...]` of a section: a condition (returned), a currency (its symbol is printed),
    elapsed time (a date token); colours and locales print nothing."""
    m = _CONDITION.fullmatch("[" + body + "]")
    if m:
        return m.group(1), Decimal(m.group(2))
    if body.startswith("$"):
        symbol = body[1:].partition("-")[0]
        if symbol:
            tokens.append(Token("text", symbol))
    elif body and set(body.lower()) <= set("hms"):
        tokens.append(Token("date"))
    return None


def _section(code: str) -> Section:
    """One section's tokens: quoted text, `\\x`, `_x` (a space), `*x` (a fill), brackets."""
    tokens: list[Token] = []
    condition = None
    i, n = 0, len(code)
    number_started = point = False
    while i < n:
        ch = code[i]
        if ch == '"':
            end = code.find('"', i + 1)
            end = n if end < 0 else end
            tokens.append(Token("text", code[i + 1 : end]))
            i = end + 1
            continue
        if ch == "\\" and i + 1 < n:
            tokens.append(Token("text", code[i + 1]))
            i += 2
            continue
        if ch == "_" and i + 1 < n:
            tokens.append(Token("text", " "))
            i += 2
            continue
        if ch == "*" and i + 1 < n:
            if code[i + 1].isdigit():  # a fill of digits: printed at least once beside the figure
                tokens.append(Token("text", code[i + 1]))
            i += 2
            continue
        if ch == "[":
            end = code.find("]", i + 1)
            end = n if end < 0 else end
            found = _bracket(code[i + 1 : end], tokens)
            condition = condition or found
            i = end + 1
            continue
        if code[i : i + 7].lower() == "general":
            tokens.append(Token("general"))
            i += 7
            continue
        if ch in _DIGITS:
            tokens.append(Token("digit", ch))
            number_started = True
        elif ch == "." and number_started and not point:
            tokens.append(Token("point"))
            point = True
        elif ch == "," and number_started:
            tokens.append(Token("comma"))
        elif ch == "%":
            tokens.append(Token("percent"))
        elif ch in "eE" and i + 1 < n and code[i + 1] in "+-" and number_started:
            tokens.append(Token("exponent"))
            i += 2
            continue
        elif ch == "/" and number_started:
            tokens.append(Token("fraction"))
        elif ch == "@":
            tokens.append(Token("at"))
        elif ch in _DATE_LETTERS or code[i : i + 5].upper() in ("AM/PM",) or (
            code[i : i + 3].upper() == "A/P"
        ):
            tokens.append(Token("date"))
            if code[i : i + 5].upper() == "AM/PM":
                i += 5
                continue
            if code[i : i + 3].upper() == "A/P":
                i += 3
                continue
        else:
            tokens.append(Token("text", ch))
        i += 1
    return Section(tuple(tokens), condition)


def _split(code: str) -> list[str]:
    """The code cut at every `;` outside quotes, escapes and brackets."""
    parts, start, i, n = [], 0, 0, len(code)
    while i < n:
        ch = code[i]
        if ch == '"':
            end = code.find('"', i + 1)
            i = n if end < 0 else end + 1
            continue
        if ch in "\\_*":
            i += 2
            continue
        if ch == "[":
            end = code.find("]", i + 1)
            i = n if end < 0 else end + 1
            continue
        if ch == ";":
            parts.append(code[start:i])
            start = i + 1
        i += 1
    parts.append(code[start:])
    return parts


@dataclass(frozen=True, slots=True)
class NumberFormat:
    """A parsed format code: its sections for numbers (up to three) and for text (or None)."""

    code: str
    numeric: tuple[Section, ...]
    text: Section | None


@functools.lru_cache(maxsize=512)
def parse_format(code: str) -> NumberFormat:
    """Sections of a format code (the first 255 characters, Excel's own limit; at most four)."""
    parts = _split(code[:_MAX_CODE])[:4]
    sections = [_section(p) for p in parts]
    if len(sections) == 1 and sections[0].has("at"):
        return NumberFormat(code, (Section((Token("general"),)),), sections[0])
    text = _text_section(sections[3]) if len(sections) == 4 else None
    return NumberFormat(code, tuple(sections[:3]), text)


def _text_section(section: Section) -> Section:
    """A text section's `General` prints the text itself, as `@` (LibreOffice)."""
    tokens = tuple(Token("at") if t.kind == "general" else t for t in section.tokens)
    return Section(tokens, section.condition)


def _holds(condition: tuple[str, Decimal], value: Decimal) -> bool:
    op, bound = condition
    return {
        "<": value < bound,
        "<=": value <= bound,
        ">": value > bound,
        ">=": value >= bound,
        "=": value == bound,
        "<>": value != bound,
    }[op]


def _section_for(fmt: NumberFormat, value: Decimal) -> Section | None:
    """The section used for `value` ≥ 0 (its conditions, else positive and zero), or None
    when the figure is shown as General. Conditions as LibreOffice takes them (checked on
    every mix of conditions over one to three sections): the first section must have one and
    the third none (else the whole code is General); a second section without one is `[<0]`,
    the last without one takes every other value; a value no section takes is General."""
    numeric = fmt.numeric
    if not any(s.condition for s in numeric):
        if value == 0 and len(numeric) >= 3:
            return numeric[2]
        return numeric[0]
    if numeric[0].condition is None or (len(numeric) >= 3 and numeric[2].condition is not None):
        return None
    for k, section in enumerate(numeric):
        condition = section.condition
        if condition is None:
            if k == len(numeric) - 1:
                return section
            condition = ("<", Decimal(0))
        if _holds(condition, value):
            return section
    return None


def _general(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f").replace(".", ",")


def _group(digits: str) -> str:
    out = []
    for k, ch in enumerate(reversed(digits)):
        if k and k % 3 == 0:
            out.append(".")
        out.append(ch)
    return "".join(reversed(out))


def _render(section: Section, value: Decimal) -> tuple[str, int, int]:
    """(text printed, start, end of the figure's own characters) for `value` ≥ 0."""
    tokens = list(section.tokens)
    if any(t.kind in ("exponent", "fraction") for t in tokens):
        return "", -1, -1  # scientific notation and fractions: not judged (see module doc)
    digit_at = [k for k, t in enumerate(tokens) if t.kind in ("digit", "general")]
    if not digit_at:
        text = "".join(t.text for t in tokens if t.kind == "text")
        return text + "%" * sum(t.kind == "percent" for t in tokens), -1, -1
    last = digit_at[-1]
    point = next((k for k, t in enumerate(tokens) if t.kind == "point"), None)
    int_end = point if point is not None else len(tokens)
    int_digits = [k for k in digit_at if k < int_end]
    scale = _scales(section)
    grouping = any(
        t.kind == "comma" and any(d > k for d in int_digits) and any(d < k for d in int_digits)
        for k, t in enumerate(tokens)
    )
    shown = value * 100 if section.has("percent") else value
    shown = shown / Decimal(1000) ** scale
    decimals = sum(1 for k in digit_at if point is not None and k > point)
    if tokens[last].kind == "general":
        whole_text, frac_text = _general(shown), ""
    else:
        q = Decimal(1).scaleb(-decimals)
        rounded = shown.quantize(q, rounding=ROUND_HALF_UP)
        whole_text, _, frac_text = format(rounded, "f").partition(".")
        whole_text = whole_text.lstrip("0")
    return _lay_out(tokens, int_end, whole_text, frac_text, grouping)


def _lay_out(
    tokens: list[Token], int_end: int, whole: str, frac: str, grouping: bool
) -> tuple[str, int, int]:
    """The integer digits placed from the right (extra ones at the leftmost placeholder),
    literal text where it stands, then the decimals."""
    pieces: list[tuple[str, bool]] = []
    remaining = whole
    int_digits = [k for k in range(int_end) if tokens[k].kind in ("digit", "general")]
    first = int_digits[0] if int_digits else -1
    for k in range(int_end - 1, -1, -1):
        t = tokens[k]
        if t.kind == "general":
            pieces.append((remaining, True))
            remaining = ""
        elif t.kind == "digit":
            if k == first:
                part = remaining or ("0" if t.text == "0" else "")
                remaining = ""
            elif remaining:
                part, remaining = remaining[-1], remaining[:-1]
            else:
                part = "0" if t.text == "0" else ""
            pieces.append((part, True))
        elif t.kind == "text":
            pieces.append((t.text, False))
        elif t.kind == "percent":
            pieces.append(("%", False))
        elif t.kind == "date":
            pieces.append(("", False))
    pieces.reverse()
    if grouping:  # the figure's digits grouped by thousands, as a Vietnamese reader sees them
        pieces = _grouped(tokens[:int_end], "".join(p for p, mine in pieces if mine))
    frac_digits = iter(frac)
    for t in tokens[int_end:]:
        if t.kind == "point":
            pieces.append((",", True))
        elif t.kind == "digit":
            pieces.append((next(frac_digits, ""), True))
        elif t.kind == "text":
            pieces.append((t.text, False))
        elif t.kind == "percent":
            pieces.append(("%", False))
    text, start, end = "", -1, -1
    for part, mine in pieces:
        if mine and part:
            start = len(text) if start < 0 else start
            end = len(text) + len(part)
        text += part
    return text, start, end


def _grouped(tokens: list[Token], own: str) -> list[tuple[str, bool]]:
    """The integer part of a grouped format: the digits grouped (`1.669.000`), literal text
    before and after them kept there, and literal text between the digit placeholders kept as
    many digits from the right as it stands (LibreOffice shows 1669000 in `#,##0"-"0` as
    1,669,00-0, and in `#,"-"##0` as 1,669-,000: a group separator at the same place stays
    right of it); one with more placeholders to its right than digits comes left of them."""
    digit_at = [k for k, t in enumerate(tokens) if t.kind in ("digit", "general")]

    def literal(part: list[Token]) -> list[tuple[str, bool]]:
        return [("%" if t.kind == "percent" else t.text, False) for t in part if t.kind in ("text", "percent")]

    before, after = tokens[: digit_at[0]], tokens[digit_at[-1] + 1 :]
    placed: dict[int, list[Token]] = {}  # digits to its right → literal tokens (right to left)
    right = 0
    for t in reversed(tokens[digit_at[0] : digit_at[-1] + 1]):
        if t.kind in ("digit", "general"):
            right += 1
        else:
            placed.setdefault(right, []).append(t)
    laid: list[tuple[str, bool]] = []  # right to left
    for i, ch in enumerate(reversed(own)):
        if i and i % 3 == 0:
            laid.append((".", True))
        laid.extend(literal(placed.pop(i, [])))
        laid.append((ch, True))
    for i in sorted(placed):
        laid.extend(literal(placed[i]))
    return [*literal(before), *reversed(laid), *literal(after)]


def _figure_run(text: str, start: int, end: int) -> str:
    """The characters a reader takes for the figure: its own, and any digits or separators
    written beside them."""
    while start > 0 and (text[start - 1].isdigit() or text[start - 1] in _SEPARATORS):
        start -= 1
    while end < len(text) and (text[end].isdigit() or text[end] in _SEPARATORS):
        end += 1
    return text[start:end].strip(_SEPARATORS)


def _read_run(run: str) -> Decimal | None:
    """A figure as a Vietnamese reader reads it: `.`, spaces and `'` group, `,` is decimal."""
    plain = re.sub(r"[ .\u00a0']", "", run)
    whole, _, frac = plain.partition(",")
    if not whole.isdigit() or (frac and not frac.replace(",", "").isdigit()):
        return None
    return Decimal(whole + ("." + frac.replace(",", "") if frac else ""))


def shown_number(fmt: NumberFormat, value: float | int) -> Shown | None:
    """What a cell of this format shows for the count `value` (≥ 0), when a reader would read
    another figure there than the one stored; None when the figure shown is the stored one."""
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if number < 0 or not number.is_finite():
        return None
    with localcontext() as exact:  # every digit printed (`<v>1E+300</v>`, 255 decimals)
        exact.prec = max(number.adjusted(), 0) + 2 * _MAX_CODE + 32
        return _shown_number(fmt, number)


def _shown_number(fmt: NumberFormat, number: Decimal) -> Shown | None:
    section = _section_for(fmt, number)
    if section is None:
        return None  # General: the stored figure
    if section.has("date") and not section.has("digit"):
        return Shown("", DATE)
    text, start, end = _render(section, number)
    if start < 0:
        if section.has("exponent") or section.has("fraction"):
            return None
        if number == 0 and not any(c.isdigit() for c in text):
            return None  # a zero shown blank or as `-`: the tool counts 0 as well
        return Shown(text.strip(), HIDDEN if not any(c.isdigit() for c in text) else LITERAL_DIGITS)
    run = _figure_run(text, start, end)
    read = _read_run(run)
    if read is not None:
        places = Decimal(1).scaleb(int(read.as_tuple().exponent))  # decimals shown: rounding
        if read == number.quantize(places, rounding=ROUND_HALF_UP):  # them is not judged here
            return None
    if section.has("percent"):
        return Shown(text.strip(), PERCENT)
    if _has_literal_digit(section):
        return Shown(text.strip(), LITERAL_DIGITS)
    if read is not None and read < number and _scales(section):
        return Shown(text.strip(), SCALED, 1000 ** _scales(section))
    return Shown(text.strip(), OTHER)


def _has_literal_digit(section: Section) -> bool:
    return any(t.kind == "text" and any(c.isdigit() for c in t.text) for t in section.tokens)


def shown_text(fmt: NumberFormat, value: str) -> Shown | None:
    """What a cell of this format shows for the text `value`, when its text section does not
    print it (`;;;`, `"đã nhập"`) or writes digits beside it."""
    section = fmt.text
    if section is None or not value.strip():
        return None
    pieces = [(value if t.kind == "at" else t.text) for t in section.tokens if t.kind in ("at", "text")]
    text = "".join(pieces)
    if not section.has("at"):
        return Shown(text.strip(), TEXT_HIDDEN)
    at = next(k for k, t in enumerate(section.tokens) if t.kind == "at")
    start = sum(len(t.text) for t in section.tokens[:at] if t.kind == "text")
    end = start + len(value)
    run = _figure_run(text, start, end)
    if run != value.strip(_SEPARATORS) and any(c.isdigit() for c in run):
        return Shown(text.strip(), LITERAL_DIGITS)
    return None


def read_as_date(code: str) -> bool:
    """Whether the values reader (calamine) gives a number of this format as a date or time,
    by its own rule (its first section only, letters outside quotes, escapes and brackets): the
    tool then says the cell is a date, whatever section Excel would use."""
    escaped = quoted = ap = hms = False
    brackets = 0
    prev = " "
    for ch in code:
        if escaped:
            escaped = False
        elif ch in "_\\*":
            escaped = True
        elif quoted:
            quoted = ch != '"'
        elif ch == '"':
            quoted = True
        elif ch == ";":
            return False
        elif ch == "[":
            brackets = min(brackets + 1, 255)
        elif ch == "]" and brackets == 1 and hms:
            return True
        elif ch == "]":
            brackets = max(brackets - 1, 0)
        elif ch in "aA" and not ap and not brackets:
            ap = True
        elif not brackets and ch in ("pm/PM" if ap else "dmhysDMHYS"):
            return True
        elif not (hms and ch.lower() == prev.lower()):
            hms = prev == "[" and ch in "mhsMHS"
        prev = ch
    return False


def may_alter(fmt: NumberFormat) -> bool:
    """Whether any count (≥ 0) or text could be shown otherwise than stored: a cheap look at
    the sections that a non-negative count or a text can reach, without any value (a format
    the values reader reads as a date: its text section only).

    The date rule walks the code until a letter decides; a hostile code of megabytes took a
    quarter of a second each. Its first 255 characters suffice: a decision there is the values
    reader's own, and one it takes later gives a date, which is never judged (`_with_shown`)."""
    if fmt.text is not None and (not fmt.text.has("at") or _has_literal_digit(fmt.text)):
        return True
    if read_as_date(fmt.code[:_MAX_CODE]):  # (see below)
        return False
    conditional = any(s.condition for s in fmt.numeric)
    reach = list(fmt.numeric) if conditional else [fmt.numeric[0]]
    if not conditional and len(fmt.numeric) >= 3:
        zero = fmt.numeric[2]
        if _has_literal_digit(zero) or (zero.has("date") and not zero.has("digit")):
            return True
    for section in reach:
        kinds = {t.kind for t in section.tokens}
        if "exponent" in kinds or "fraction" in kinds:
            continue
        if not kinds & {"digit", "general"} or kinds & {"percent", "date"}:
            return True
        if _has_literal_digit(section) or ("comma" in kinds and _scales(section)):
            return True
        if _text_inside(section):
            return True
    return False


def _text_inside(section: Section) -> bool:
    """Literal text other than separators between the figure's digits (`0"-"000`)."""
    at = [k for k, t in enumerate(section.tokens) if t.kind in ("digit", "general")]
    if not at:
        return False
    inside = section.tokens[at[0] : at[-1]]
    return any(t.kind == "text" and t.text.strip(_SEPARATORS) for t in inside)


def _scales(section: Section) -> int:
    """How many thousands commas divide the figure (the rule of `_render`)."""
    tokens = section.tokens
    int_end = next((k for k, t in enumerate(tokens) if t.kind == "point"), len(tokens))
    int_digits = [k for k in range(int_end) if tokens[k].kind in ("digit", "general")]
    return sum(
        1
        for k, t in enumerate(tokens)
        if t.kind == "comma"
        and k > 0
        and tokens[k - 1].kind in ("digit", "comma", "point")
        and not any(d > k for d in int_digits)
    )
