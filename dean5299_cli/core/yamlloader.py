"""The YAML loader of every file the tool reads: no duplicate keys, numbers read the Vietnamese way."""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import yaml
from yaml.constructor import ConstructorError

from dean5299_cli.core.numbers import MAX_TYPED_DIGITS, parse_number_text

# libyaml parses when present (~10× faster); construction stays in Python either way.
if TYPE_CHECKING:
    _Base = yaml.SafeLoader
else:
    _Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE = "tag:yaml.org,2002:merge"
_PLAIN_NUMBER = re.compile(r"^[-+]?\d[\d.,]*\Z")
_CODED_NUMBER = re.compile(r":|^[-+]?0[xXoObB]")  # sexagesimal, hexadecimal, octal, binary


def vietnamese_number(text: str) -> int | Decimal | None:
    """A plain scalar as a Vietnamese writes it: `23.000` → 23000, `8,5` → 8.5, `0.4` → 0.4.

    A dot or comma followed by groups of three digits separates thousands (like a cell);
    a leading `0.` is always a decimal mark. None when the text is no such number.
    """
    if text.isascii() and text.isdigit():
        return int(text)  # the common case, without the separator rules
    if not _PLAIN_NUMBER.match(text):
        return None
    parsed = parse_number_text(text)  # `0.500`, `0,500`: 0,5 (no grouping starts with 0)
    if parsed is None or (parsed.ambiguous and "," in text):
        return None  # `1,250`: a decimal comma or an English thousands comma? Left as text.
    value = parsed.value
    if value.denominator == 1:
        return int(value)
    return Decimal(value.numerator) / Decimal(value.denominator)


class StrictLoader(_Base):
    """A safe loader that refuses duplicate keys and reads numbers from their original text."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[str, yaml.Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == _MERGE:
                continue
            key = str(self.construct_object(key_node, deep=True)).strip()
            if key in seen:
                first = seen[key].start_mark.line + 1
                raise ConstructorError(
                    None,
                    None,
                    f"khóa `{key}` viết hai lần (dòng {first} và dòng "
                    f"{key_node.start_mark.line + 1}): xóa hoặc gộp một trong hai",
                    key_node.start_mark,
                )
            seen[key] = key_node
        return super().construct_mapping(node, deep=deep)

    def construct_vietnamese_number(self, node: yaml.ScalarNode) -> Any:
        text = str(node.value)
        if sum(c.isdigit() for c in text) > MAX_TYPED_DIGITS:
            raise self._too_long(node)  # 5.000 digits would not even convert (exit 5)
        value = vietnamese_number(text)
        if value is not None:
            return value
        if node.tag.endswith((":int", ":float")) and _CODED_NUMBER.search(text):
            # YAML 1.1 reads `0x10` as 16 and `1:38` as 98: never what an office typed
            raise ConstructorError(
                None,
                None,
                f"số {text} không rõ nghĩa: ghi số bằng chữ số thập phân, dấu chấm ngăn cách "
                'hàng nghìn (ví dụ 5.832), tỷ lệ ghi dạng "40%"',
                node.start_mark,
            )
        if node.tag.endswith(":int"):
            return self.construct_yaml_int(node)
        if node.tag.endswith(":float"):
            number = self.construct_yaml_float(node)
            if math.isfinite(number) and abs(number) >= 10**MAX_TYPED_DIGITS:
                raise self._too_long(node)  # `1.0e+300`: the same slip written shorter
            # `.nan`, `.inf`: no count or rate; kept as text so the schema says what to write
            return number if math.isfinite(number) else text
        return text

    @staticmethod
    def _too_long(node: yaml.ScalarNode) -> ConstructorError:
        text = str(node.value)
        shown = text if len(text) <= 24 else text[:20] + "…"
        return ConstructorError(
            None,
            None,
            f"số {shown} quá lớn hoặc quá dài (tối đa {MAX_TYPED_DIGITS} chữ số): có phải gõ "
            "thừa chữ số?",
            node.start_mark,
        )

    def construct_checked_date(self, node: yaml.ScalarNode) -> Any:
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:
            raise ConstructorError(
                None,
                None,
                f"ngày {node.value} không có thật (kiểm tra ngày và tháng)",
                node.start_mark,
            ) from None


# Plain scalars YAML itself reads as text but a Vietnamese writes as numbers: `1.294.000`, `8,5`.
_NUMBER_TAG = "tag:dean5299,2024:number"
StrictLoader.add_implicit_resolver(
    _NUMBER_TAG,
    re.compile(r"^[-+]?(?:\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+,\d+)\Z"),
    list("-+0123456789"),
)
StrictLoader.add_constructor(_NUMBER_TAG, StrictLoader.construct_vietnamese_number)
StrictLoader.add_constructor("tag:yaml.org,2002:int", StrictLoader.construct_vietnamese_number)
StrictLoader.add_constructor("tag:yaml.org,2002:float", StrictLoader.construct_vietnamese_number)
StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", StrictLoader.construct_checked_date)


def parse_day_month_year(value: object) -> object:
    """`05/10/2024` or `5-10-2024` (day first, as Vietnamese write) → a date; other values unchanged."""
    if not isinstance(value, str):
        return value
    match = re.fullmatch(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*", value)
    if match is None:
        return value
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f'ngày "{value.strip()}" không có thật (kiểm tra ngày và tháng)') from None
