"""The Jinja environment of report templates: sandboxed, autoescaped, strict, bounded in size and time."""

from __future__ import annotations

import contextlib
import re
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from types import FrameType
from typing import Any

from jinja2 import StrictUndefined
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context, Macro
from jinja2.sandbox import SandboxedEnvironment

MAX_TEXT = 2_000_000  # characters of one string or list a template may build
MAX_OUTPUT = 50_000_000  # characters of one rendered part (a real report: well under 1 MB)
MAX_RANGE_TOTAL = 1_000_000  # items of all `range()` calls of one rendering, summed
MAX_DEPTH = 60  # nested macro calls
MAX_POWER_BITS = 100_000  # size of `a ** b`
TIME_LIMIT = 30.0  # seconds for one rendered part, where a timer is available

_SIZED_METHODS = frozenset({"ljust", "rjust", "center", "zfill", "expandtabs"})
_WIDTH = re.compile(r"\d+")


def _too_big(what: str) -> SecurityError:
    return SecurityError(f"mẫu báo cáo tạo {what} quá lớn (giới hạn {MAX_TEXT:,} ký tự)")


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (str, bytes, list, tuple)) else 0


def _check_widths(text: str) -> None:
    """A format string such as `%999999999d` or `{:>999999999}` asks for a huge string."""
    if any(int(n) > MAX_TEXT for n in _WIDTH.findall(text) if len(n) < 30) or any(
        len(n) >= 30 for n in _WIDTH.findall(text)
    ):
        raise _too_big("chuỗi định dạng")


def _bounded_concat(parts: Iterable[str]) -> str:
    """Render a part (the whole template runs inside this loop): bounded in size and time."""
    out: list[str] = []
    total = 0
    with _time_limit(TIME_LIMIT):
        for piece in parts:
            total += len(piece)
            if total > MAX_OUTPUT:
                raise SecurityError(
                    f"mẫu báo cáo tạo ra văn bản quá lớn (giới hạn {MAX_OUTPUT:,} ký tự)"
                )
            out.append(piece)
    return "".join(out)


class ReportEnvironment(SandboxedEnvironment):
    """SandboxedEnvironment plus limits on what a custom template can make the machine do."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined)
        self.globals["range"] = self._range
        self._range_used = 0
        self._depth = 0
        for name in ("center", "indent", "wordwrap", "format", "replace", "join", "truncate"):
            self.filters[name] = self._bounded_filter(self.filters[name])

    def _range(self, *args: int) -> range:
        items = range(*args)
        self._range_used += len(items)
        if self._range_used > MAX_RANGE_TOTAL:
            raise SecurityError(
                f"mẫu báo cáo dùng range() quá lớn (tổng quá {MAX_RANGE_TOTAL:,} phần tử)"
            )
        return items

    def _bounded_filter(self, original: Callable[..., Any]) -> Callable[..., Any]:
        def bounded(*args: Any, **kwargs: Any) -> Any:
            values = (*args, *kwargs.values())
            for value in values:
                if isinstance(value, int) and not isinstance(value, bool) and value > MAX_TEXT:
                    raise _too_big("chuỗi")
            text = next((v for v in values if isinstance(v, str)), None)
            if original.__name__ == "do_format" and text is not None:
                _check_widths(text)
            total = sum(_size(v) for v in values)
            if original.__name__ == "do_replace" and len(values) >= 4:
                total *= max(_size(values[3]), 1)
            if total > MAX_TEXT:
                raise _too_big("chuỗi")
            result = original(*args, **kwargs)
            if _size(result) > MAX_TEXT:
                raise _too_big("chuỗi")
            return result

        bounded.__dict__.update(original.__dict__)  # keep jinja's pass_context/pass_eval_context
        bounded.__name__ = original.__name__
        return bounded

    def call_binop(self, context: Context, operator_: str, left: Any, right: Any) -> Any:
        if operator_ == "*":
            count = right if isinstance(right, int) else left if isinstance(left, int) else 1
            if max(_size(left), _size(right)) * max(count, 0) > MAX_TEXT:
                raise _too_big("chuỗi")
        elif operator_ == "**":
            big = isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0
            if big and abs(left).bit_length() * right > MAX_POWER_BITS:
                raise SecurityError("mẫu báo cáo tính lũy thừa quá lớn")
        elif operator_ == "+":
            if _size(left) + _size(right) > MAX_TEXT:
                raise _too_big("chuỗi")
        elif operator_ == "%" and isinstance(left, str):
            _check_widths(left)
        return super().call_binop(context, operator_, left, right)

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, str) and attribute in ("format", "format_map"):
            _check_widths(obj)  # jinja wraps str.format itself: check before it runs
        return super().getattr(obj, attribute)

    def call(self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        name = getattr(__obj, "__name__", "")
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            if name in _SIZED_METHODS and any(
                isinstance(a, int) and a > MAX_TEXT for a in (*args, *kwargs.values())
            ):
                raise _too_big("chuỗi")
            if name in ("format", "format_map"):
                _check_widths(owner)
            if name == "join":
                items = list(args[0]) if args else []
                if sum(_size(i) for i in items) + _size(owner) * len(items) > MAX_TEXT:
                    raise _too_big("chuỗi")
                args = (items, *args[1:])
            growth = _size(owner) * max(_size(args[1]), 1) if len(args) >= 2 else 0
            if name == "replace" and growth > MAX_TEXT:
                raise _too_big("chuỗi")
        if not isinstance(__obj, Macro):
            return super().call(__context, __obj, *args, **kwargs)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise SecurityError(f"mẫu báo cáo gọi macro lồng nhau quá {MAX_DEPTH} tầng")
            return super().call(__context, __obj, *args, **kwargs)
        finally:
            self._depth -= 1

    concat = staticmethod(_bounded_concat)


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise SecurityError after `seconds` (POSIX main thread; elsewhere no timer)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expired(signum: int, frame: FrameType | None) -> None:
        raise SecurityError(f"mẫu báo cáo chạy quá {seconds:g} giây")

    previous = signal.signal(signal.SIGALRM, expired)
    remaining = signal.setitimer(signal.ITIMER_REAL, seconds)[0]
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, remaining)
        signal.signal(signal.SIGALRM, previous)


def report_environment() -> SandboxedEnvironment:
    """A fresh environment for one report (the range budget is per rendering)."""
    return ReportEnvironment()
