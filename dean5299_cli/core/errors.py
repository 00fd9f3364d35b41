"""Errors that stop a command, each with the exit code of contract.md."""

from __future__ import annotations

from collections.abc import Iterable


class Dean5299Error(Exception):
    """Base: a message for the user (Vietnamese) and an exit code."""

    exit_code = 1

    def __init__(self, message: str, *, paths: Iterable[object] = ()) -> None:
        """`paths`: the paths written in `message` (as `str()` writes them), each kept whole on
        one line when the message is wrapped to the console (cli/errors.say): a path with spaces,
        broken across two lines, can no longer be copied."""
        super().__init__(message)
        self.message = message
        self.paths = tuple(str(path) for path in paths)


class InputError(Dean5299Error):
    """The input has errors (exit 1)."""

    exit_code = 1


class UsageError(Dean5299Error):
    """Wrong usage of the command line (exit 2)."""

    exit_code = 2


class ConfigError(Dean5299Error):
    """A settings or targets file is invalid (exit 3)."""

    exit_code = 3


class MissingSetError(ConfigError):
    """No indicator set for a year (exit 3 when that year is the one asked); a set that exists but
    is invalid is a plain ConfigError, never taken for a missing one."""


class OutputError(Dean5299Error):
    """An output could not be written (exit 4)."""

    exit_code = 4


_ERRNO_VI: dict[str, str] = {
    "ENOENT": "không tìm thấy tệp hoặc thư mục",
    "EACCES": "không có quyền truy cập (tệp đang mở trong chương trình khác hoặc bị khóa quyền)",
    "EPERM": "hệ điều hành không cho phép thao tác này",
    "ENOSPC": "ổ đĩa đã đầy, không còn chỗ trống",
    "EDQUOT": "đã hết dung lượng được cấp trên ổ đĩa",
    "EFBIG": "tệp vượt quá kích thước tối đa cho phép",
    "EROFS": "ổ đĩa chỉ cho phép đọc, không ghi được",
    "ENAMETOOLONG": "tên tệp hoặc đường dẫn quá dài",
    "EISDIR": "đây là một thư mục, không phải tệp",
    "ENOTDIR": "một phần của đường dẫn không phải là thư mục",
    "EEXIST": "tệp đã có",
    "EBUSY": "tệp hoặc thiết bị đang bận",
    "ETXTBSY": "tệp đang được sử dụng",
    "EMFILE": "đang mở quá nhiều tệp cùng lúc",
    "ENFILE": "hệ thống đang mở quá nhiều tệp cùng lúc",
    "EIO": "lỗi đọc/ghi của ổ đĩa",
    "ELOOP": "đường dẫn có liên kết vòng",
    "EXDEV": "không chuyển được tệp sang ổ đĩa khác",
    "EINVAL": "tên tệp hoặc thao tác không hợp lệ",
    "ENXIO": "thiết bị không sẵn sàng",
    "ENOTEMPTY": "thư mục không trống",
}
# Windows error codes that have no errno of their own (OSError.winerror).
_WINERROR_VI: dict[int, str] = {
    32: "tệp đang mở trong chương trình khác (đóng tệp rồi chạy lại)",
    33: "tệp đang bị một chương trình khác khóa (đóng tệp rồi chạy lại)",
    112: "ổ đĩa đã đầy, không còn chỗ trống",
    206: "tên tệp hoặc đường dẫn quá dài",
}


def os_error_reason(exc: OSError) -> str:
    """The Vietnamese reason of an OS error (errno → sentence), never the English strerror."""
    import errno

    winerror = getattr(exc, "winerror", None)
    if isinstance(winerror, int) and winerror in _WINERROR_VI:
        return _WINERROR_VI[winerror]
    name = errno.errorcode.get(exc.errno or -1, "")
    return _ERRNO_VI.get(name, f"lỗi hệ thống (mã {name or exc.errno or 'không rõ'})")


def os_error_vi(exc: OSError, path: object | None = None) -> str:
    """A Vietnamese sentence for an OS error, naming the path (given, or the error's own)."""
    where = path if path is not None else exc.filename
    reason = os_error_reason(exc)
    if where is None:
        return reason[:1].upper() + reason[1:] + "."
    return f"{where}: {reason}."
