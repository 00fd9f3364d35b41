"""Problems as data: a stable code, a severity, where it is, and one Vietnamese message catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from enum import Enum
from typing import Any

from dean5299_cli.core.text import sheet_label


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


SEVERITY_VI = {Severity.ERROR: "Lỗi", Severity.WARNING: "Cảnh báo", Severity.INFO: "Thông tin"}

# code → (severity, message template). Templates use str.format with the problem's params.
CATALOGUE: dict[str, tuple[Severity, str]] = {
    "unreadable-file": (
        Severity.ERROR,
        "Không đọc được tệp: {reason}. Hãy mở tệp bằng Excel, lưu lại dạng .xlsx rồi gửi lại.",
    ),
    "encrypted-file": (
        Severity.ERROR,
        "Tệp được đặt mật khẩu nên không đọc được. Đề nghị đơn vị bỏ mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm việc) và gửi lại.",
    ),
    "too-large": (
        Severity.ERROR,
        "Tệp vượt giới hạn an toàn ({reason}); không mở để tránh treo máy. Đề nghị đơn vị gửi lại đúng biểu mẫu.",
    ),
    "no-data-table": (
        Severity.ERROR,
        'Không tìm thấy bảng số liệu: cần một dòng tiêu đề có ô "Mã" và ô "Số liệu" (hoặc bảng tổng hợp có cột "Đơn vị" và các mã chỉ tiêu). Hãy điền số liệu vào đúng biểu mẫu được hướng dẫn.',
    ),
    "missing-header": (
        Severity.ERROR,
        'Thiếu thông tin {what}: cần ô "{label}" và giá trị ở ô bên phải.',
    ),
    "unknown-unit": (
        Severity.ERROR,
        'Đơn vị "{raw}" không có trong danh sách đơn vị của tệp cấu hình.{hint}',
    ),
    "not-a-unit-name": (
        Severity.ERROR,
        'Tên đơn vị ghi "{raw}" chỉ gồm tên tổ chức và loại đơn vị, chưa phải tên của một đơn vị: không biết đây là báo cáo của đơn vị nào. Đề nghị ghi đủ tên đơn vị rồi gửi lại.',
    ),
    "unit-name-loose": (
        Severity.WARNING,
        'Tên đơn vị "{raw}" {why}; đã tính là đơn vị "{listed}" trong danh sách. Lần sau đề nghị ghi đúng tên "{listed}".{hint}',
    ),
    "period-mismatch": (
        Severity.ERROR,
        "{what} báo cáo {found}, không phải kỳ đang tổng hợp ({asked}).",
    ),
    "duplicate-submission": (
        Severity.ERROR,
        'Đơn vị {unit} có hai tệp khác nhau cho cùng kỳ: "{other}" và tệp này. Hãy giữ lại {keep}.',
    ),
    "identical-duplicate": (Severity.INFO, 'Tệp trùng nội dung với "{other}"; chỉ tính một lần.'),
    "duplicate-sheet": (
        Severity.ERROR,
        'Đơn vị {unit} có {count} trang khác nhau cho cùng kỳ trong tệp này: {sheets}. Số liệu khác nhau ({order}): {differences}. Chưa tính vào tổng hợp: hãy giữ lại một trang đúng, xóa trang kia.',
    ),
    "identical-sheet": (
        Severity.INFO,
        'Trang {sheet_name} trùng nội dung với trang {other_sheet} của tệp này; chỉ tính một lần.',
    ),
    "earlier-sheet": (
        Severity.INFO,
        'Trang {sheet_name} là báo cáo {found} của đơn vị, kỳ trước kỳ đang tổng hợp ({asked}): chỉ dùng để so sánh, không cộng vào tổng hợp.',
    ),
    "sheet-set-aside": (Severity.INFO, 'Không dùng trang {sheet_name}: {reason}.'),
    "later-period": (
        Severity.INFO,
        "{what} là báo cáo {found} của đơn vị, kỳ sau kỳ đang tổng hợp ({asked}): đơn vị đã có báo cáo {asked}, nên không cộng vào tổng hợp, không kiểm tra ở kỳ này.",
    ),
    "not-a-number": (
        Severity.ERROR,
        'Giá trị "{raw}" của {label} không phải là số{why}. Hãy nhập số nguyên.',
    ),
    "negative-value": (
        Severity.ERROR,
        "Giá trị {value} của {label} là số âm. Số liệu phải từ 0 trở lên.",
    ),
    "not-an-integer": (
        Severity.ERROR,
        "Giá trị {value} của {label} không phải số nguyên{hint}. Hãy nhập số nguyên.",
    ),
    "formula-without-value": (
        Severity.ERROR,
        "Ô chứa công thức chưa có kết quả ({label}): tệp được tạo bằng chương trình, chưa mở bằng Excel. Hãy mở tệp bằng Excel/LibreOffice, lưu lại rồi gửi lại.",
    ),
    "numerator-exceeds-denominator": (
        Severity.ERROR,
        "Chỉ tiêu {number}: tử số {num} lớn hơn mẫu số {den} ({num_label} không thể nhiều hơn {den_label}).",
    ),
    "parts-do-not-add-up": (
        Severity.ERROR,
        "Chỉ tiêu {number}: tổng các phần {parts_sum} khác với tổng số {total}.",
    ),
    "empty-form": (
        Severity.ERROR,
        "Biểu mẫu chưa có số liệu nào (cả {fields} ô số liệu đều trống): có thể đơn vị gửi nhầm "
        "biểu mẫu trống. Đề nghị đơn vị điền số liệu rồi gửi lại.",
    ),
    "blank-value": (Severity.WARNING, "{label} {state}: tính là 0."),
    "reinterpreted-number": (
        Severity.WARNING,
        'Giá trị "{raw}" của {label} được nhập dạng chữ; đã đọc là {value}. Kiểm tra lại nếu không đúng.',
    ),
    "shown-otherwise": (
        Severity.WARNING,
        "{label}: ô hiển thị {shown} ({how}) nhưng giá trị trong ô là {value}; công cụ tính {value}. "
        "Đề nghị đơn vị kiểm tra lại định dạng ô và số liệu.",
    ),
    "unknown-field": (
        Severity.WARNING,
        'Mã "{found_code}" không có trong bộ chỉ tiêu năm {year}; dòng này bị bỏ qua.',
    ),
    "cumulative-decrease": (
        Severity.WARNING,
        "{label} giảm từ {before} ({earlier}) xuống {after}; số liệu phải cộng dồn từ ngày 01/01.",
    ),
    "far-above-target": (
        Severity.WARNING,
        "Chỉ tiêu {number}: {reason}; đề nghị kiểm tra lại số liệu.",
    ),
    "missing-unit": (Severity.WARNING, "Đơn vị {unit} {state}.{hint}"),
    "above-target": (Severity.INFO, "Chỉ tiêu {number}: đạt {percent}, vượt chỉ tiêu."),
    "skipped-file": (Severity.INFO, "Bỏ qua: {reason}."),
    "invalid-year": (
        Severity.ERROR,
        'Năm "{raw}" không hợp lệ: cần ghi năm báo cáo, ví dụ 2024.',
    ),
    "invalid-period": (
        Severity.ERROR,
        'Không hiểu kỳ báo cáo "{raw}": hãy ghi {expected}.',
    ),
    "period-inferred": (
        Severity.WARNING,
        'Thiếu {what}; đã suy ra {value} từ ô "Tính đến ngày" ({date}). Đề nghị đơn vị ghi rõ.',
    ),
    "suspect-as-of": (
        Severity.WARNING,
        'Ngày ở ô "Tính đến ngày" ({value}) {why}; đề nghị kiểm tra lại.',
    ),
    "above-population": (
        Severity.ERROR,
        "{label}: {value} lớn hơn số {population_label} của đơn vị ({population}). "
        "Kiểm tra lại số liệu, hoặc số dân đã khai cho đơn vị.",
    ),
    "target-suspect": (
        Severity.WARNING,
        "Chỉ tiêu {number}: {reason}; đề nghị kiểm tra lại chỉ tiêu giao trước khi viết báo cáo.",
    ),
    "formula-error": (
        Severity.ERROR,
        "Ô công thức của {label} có kết quả lỗi {error}, không phải số liệu. Hãy sửa công thức (hoặc nhập số) trong Excel, lưu lại rồi gửi lại.",
    ),
    "duplicate-field": (
        Severity.ERROR,
        'Mã "{found_code}" xuất hiện hai lần trong bảng (ô {first} và ô {second}); không biết lấy số liệu nào. Hãy giữ lại một dòng.',
    ),
    "implausible-value": (
        Severity.ERROR,
        "Giá trị {value} của {label} lớn hơn mọi số liệu có thể có (quá {limit}); có thể nhập nhầm. Hãy kiểm tra lại.",
    ),
    "hidden-sheet": (
        Severity.WARNING,
        'Bảng số liệu nằm ở trang tính bị ẩn {sheet_name}; đã đọc trang này vì không trang hiện nào có số liệu. Kiểm tra lại đây có đúng là báo cáo của đơn vị.',
    ),
    "merged-history": (
        Severity.INFO,
        "Số liệu {earlier} của {unit} dùng để so sánh là tổng của các đơn vị cũ đã hợp nhất: {sources} (tệp {files}).",
    ),
    "merged-history-incomplete": (
        Severity.INFO,
        "Không so sánh với {earlier} cho {unit}: có số liệu của {present} nhưng thiếu {missing} (đơn vị cũ đã hợp nhất), nên chưa có tổng để so sánh.",
    ),
    "export-differs": (
        Severity.WARNING,
        'Đơn vị {unit} có cả tệp đơn vị "{other}" và một dòng trong tệp xuất này: dùng số liệu của tệp đơn vị, để riêng dòng tệp xuất. Số liệu khác nhau: {differences}.',
    ),
    "exports-differ": (
        Severity.ERROR,
        'Đơn vị {unit} có dòng trong tệp xuất này và trong tệp xuất "{other}", số liệu khác nhau (tệp này ↔ tệp kia): {differences}. Chưa biết số liệu nào đúng nên chưa tính đơn vị vào tổng hợp: hãy hỏi đơn vị số liệu nào đúng, hoặc đề nghị đơn vị gửi báo cáo của đơn vị (báo cáo của đơn vị được dùng thay dòng tệp xuất).',
    ),
    "two-values": (
        Severity.ERROR,
        'Dòng mã "{found_code}" có {count} số khác nhau trong cột Số liệu ({values}): không biết lấy số nào. Hãy để lại một số rồi gửi lại.',
    ),
    "total-row-differs": (
        Severity.ERROR,
        'Dòng tổng cộng ghi {total} cho mã "{found_code}", nhưng cộng các dòng {rows_where} ({rows}) được {added}: không biết số nào đúng. Hãy sửa cho khớp rồi gửi lại.',
    ),
    "group-row-differs": (
        Severity.WARNING,
        'Dòng "{label}" (dòng cộng của một nhóm) ghi {total} cho mã "{found_code}"{more}, nhưng '
        "cộng các dòng đơn vị của nhóm ({rows}) được {added}. Dòng này không được cộng vào số "
        "liệu của đơn vị; đề nghị kiểm tra lại số liệu của nhóm và sửa cho khớp.{others}",
    ),
    "rows-like-groups": (
        Severity.WARNING,
        "Bảng tổng hợp không đánh STT; các dòng {rows} mỗi dòng bằng đúng tổng các dòng ngay "
        "bên dưới, như dòng cộng của một nhóm, nhưng số liệu quá nhỏ để biết chắc: vẫn được cộng "
        "như đơn vị. Nếu đó là dòng cộng nhóm, hãy đánh STT cho các dòng đơn vị (hoặc thêm dòng "
        "tổng cộng) rồi gửi lại.",
    ),
    "row-like-total": (
        Severity.WARNING,
        'Dòng "{name}" bằng đúng tổng các dòng {rows_where} như một dòng tổng cộng, nhưng không '
        'ghi "Tổng cộng" và số liệu quá nhỏ để biết chắc: vẫn được cộng như đơn vị. Nếu đó là '
        'dòng tổng cộng, hãy ghi "Tổng cộng" vào ô tên rồi gửi lại.',
    ),
    "total-rows-differ": (
        Severity.ERROR,
        'Bảng có {count} dòng tổng cộng ghi khác nhau cho mã "{found_code}" ({values}): không biết dòng nào đúng. Hãy để lại một dòng tổng cộng đúng rồi gửi lại.',
    ),
    "second-table": (
        Severity.WARNING,
        "Bên dưới bảng tổng hợp còn một bảng khác (từ dòng {row}) chưa được đọc; số liệu của đơn "
        "vị chỉ lấy từ bảng ở trên. Nếu bảng dưới là phần tiếp theo của bảng trên, hãy gộp thành "
        "một bảng rồi gửi lại.",
    ),
    "repeated-member": (
        Severity.WARNING,
        'Đơn vị "{name}" có {count} dòng trong bảng tổng hợp (ô {cells}): số liệu của mọi dòng '
        "đều được cộng. Nếu đây là một đơn vị ghi nhiều lần, hãy xóa dòng thừa (và sửa dòng tổng "
        "cộng) rồi gửi lại.",
    ),
    "partial-summary": (
        Severity.WARNING,
        "Số liệu của bảng tổng hợp này chỉ gồm {covered}/{members} đơn vị trực thuộc; chưa có: "
        "{missing}. Vẫn tính vào tổng hợp theo số liệu của bảng; khi đơn vị có đủ số liệu của các "
        "đơn vị trực thuộc, đề nghị đơn vị gửi lại bảng tổng hợp.",
    ),
    "quarter-chosen": (
        Severity.INFO,
        "Chưa ghi kỳ cần tổng hợp: đã chọn {asked}, kỳ báo cáo mới nhất của {count} đơn vị; {later_count} đơn vị đã có báo cáo {later} ({units}). Để tổng hợp {later}, chạy lại với --quarter {roman}.",
    ),
    "year-assumed": (
        Severity.INFO,
        "Không tệp nào ghi năm; dùng bộ chỉ tiêu năm {year}{why}.",
    ),
    "earlier-year-files": (
        Severity.INFO,
        "{count} tệp là báo cáo năm {years} (năm trước): để trong thư mục được, đơn vị không phải sửa; chương trình không kiểm tra, không cộng và không dùng các tệp này để so sánh với năm {year} (số liệu cộng dồn tính lại từ đầu mỗi năm).",
    ),
}

CODES = tuple(CATALOGUE)

# `invalid-period`'s {expected}: how to write the period asked, a quarter or (`--month`) a month
PERIOD_EXPECTED = {
    False: "Quý I, Quý II, Quý III hoặc Quý IV",
    True: "tháng báo cáo bằng số, từ Tháng 1 đến Tháng 12 (ví dụ Tháng 10)",
}

# `duplicate-submission`'s {keep}: what the clerk keeps and how the other copy goes, by which
# copies are sheets of a workbook that also holds another unit's report (`sheet`: this copy's
# sheet as messages name it, quoted; `other_sheet` and `other`: the other copy's). Such a
# workbook is never to be moved out of the folder: the other unit's report would go with it
# (was: "chuyển tệp kia ra khỏi thư mục" for it too).
KEEP_COPY: dict[str, str] = {
    "files": "một tệp đúng, chuyển tệp kia ra khỏi thư mục",
    "other-shared": (
        'một bản đúng: chuyển tệp này ra khỏi thư mục, hoặc xóa trang {other_sheet} trong tệp '
        '"{other}" (không chuyển tệp "{other}" ra khỏi thư mục: tệp còn báo cáo của đơn vị khác)'
    ),
    "this-shared": (
        'một bản đúng: chuyển tệp "{other}" ra khỏi thư mục, hoặc xóa trang {sheet} trong tệp '
        "này (không chuyển tệp này ra khỏi thư mục: tệp còn báo cáo của đơn vị khác)"
    ),
    "both-shared": (
        'một bản đúng: xóa trang {sheet} trong tệp này hoặc trang {other_sheet} trong tệp '
        '"{other}" (không chuyển tệp nào ra khỏi thư mục: hai tệp còn báo cáo của đơn vị khác)'
    ),
}

# a unit's two differing copies for the period: two files (or sheets of files) it sent, or its
# rows in two of the office's exports (which it never sent)
COPY_PAIR_CODES = ("duplicate-submission", "exports-differ")

# code → what is wrong in one cell, in a few words, for the line of whom to call
# ("sửa 1 lỗi: ô E10 (kết quả lỗi #DIV/0!)"); the catalogue's message says it whole under the unit.
BRIEF: dict[str, str] = {
    "formula-error": "kết quả lỗi {error}",
    "formula-without-value": "công thức chưa có kết quả",
    "not-a-number": '"{raw}" không phải là số',
    "not-an-integer": "{value} không phải số nguyên",
    "negative-value": "số âm {value}",
    "implausible-value": "{value} lớn quá mức",
    "numerator-exceeds-denominator": "tử số {num} lớn hơn mẫu số {den}",
    "parts-do-not-add-up": "tổng các phần {parts_sum} khác tổng số {total}",
    "above-population": "{value} lớn hơn số {population_label} ({population})",
    "reinterpreted-number": 'số nhập dạng chữ "{raw}"',
    "cumulative-decrease": "giảm từ {before} xuống {after}",
    "blank-value": "{state}, tính là 0",
    "two-values": "{count} số {numbers}",
    "total-row-differs": "dòng tổng {total} khác tổng các dòng {added}",
    "total-rows-differ": "các dòng tổng cộng ghi khác nhau",
    "rows-like-groups": "dòng {rows} bằng tổng các dòng dưới, vẫn cộng như đơn vị",
    "row-like-total": 'dòng "{name}" bằng tổng các dòng {rows_where}, vẫn cộng như đơn vị',
    "group-row-differs": "dòng cộng nhóm {total} khác tổng các dòng {added}",
    "partial-summary": "chỉ gồm {covered}/{members} đơn vị trực thuộc",
    "second-table": "còn một bảng khác từ dòng {row}, chưa đọc",
    "repeated-member": '"{name}" ghi {count} dòng',
    "not-a-unit-name": '"{raw}" chưa phải tên đơn vị',
}
BRIEF_MAX = 48  # longer (a unit's long text in the cell): the cell alone is named


@dataclass(frozen=True)
class Problem:
    """One finding about one place of one file (or about a unit, for `missing-unit`)."""

    code: str
    severity: Severity
    file: str
    message: str
    sheet: str | None = None
    cell: str | None = None
    unit: str | None = None
    field: str | None = None
    params: dict[str, Any] = dc_field(default_factory=dict, compare=False, repr=False)
    # its sheet's place among the workbook's sheets (1 = the first tab; 0 = not known), set by
    # the judge once every problem is found
    sheet_position: int = dc_field(default=0, compare=False, repr=False)

    def sheet_shown(self, *, quoted: bool = True) -> str:
        """The sheet as messages name it (`text.sheet_label`); "" for none."""
        return sheet_label(self.sheet, self.sheet_position, quoted=quoted) if self.sheet else ""

    def to_json(self) -> dict[str, Any]:
        """The problem as JSON: every field but `params`, in declaration order (no deep copy)."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "file": self.file,
            "message": self.message,
            "sheet": self.sheet,
            "cell": self.cell,
            "unit": self.unit,
            "field": self.field,
        }


def brief(p: Problem) -> str | None:
    """What is wrong in the problem's one cell, in a few words (`BRIEF`); None when it has no
    cell, no brief form, or the words would be long."""
    template = BRIEF.get(p.code)
    if template is None or not p.cell:
        return None
    try:
        words = template.format(**p.params)
    except (KeyError, IndexError, ValueError):  # a report read back without its params
        return None
    return words if len(words) <= BRIEF_MAX and "\n" not in words else None


def is_unit_state(p: Problem) -> bool:
    """A unit without a usable report of the period (`missing-unit`): a line of the list of units
    (whom to call, who is counted), never a finding listed or counted among the warnings, in
    validate's view as in the review workbook and the reminders. `--json` keeps it as a warning
    (contract.md)."""
    return p.code == "missing-unit"


def problem(
    code: str,
    file: str,
    *,
    sheet: str | None = None,
    cell: str | None = None,
    unit: str | None = None,
    field: str | None = None,
    **params: Any,
) -> Problem:
    """Build a problem from the catalogue; the message is the Vietnamese template filled in."""
    severity, template = CATALOGUE[code]
    return Problem(
        code=code,
        severity=severity,
        file=file,
        message=template.format(unit=unit or "", **params),
        sheet=sheet,
        cell=cell,
        unit=unit,
        field=field,
        params=params,
    )
