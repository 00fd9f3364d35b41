"""Write outputs safely: to a temporary file, then into place; never overwrite silently, never an input."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import gc
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

from dean5299_cli.core.errors import OutputError, os_error_reason, os_error_vi
from dean5299_cli.writers.marks import mark_output

BACKUP_FOLDER = "sao-luu"
KEEP_BACKUPS = 5
MAX_NAME_BYTES = 240  # most file systems allow 255 bytes; keep room for the backup's stamp
_FULL = (errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC))
_FULL_WORDS = {
    "IO_ENOSPC": errno.ENOSPC,
    "IO_EFBIG": errno.EFBIG,
    "No space left": errno.ENOSPC,
    "File too large": errno.EFBIG,
}


def check_target(path: Path, force: bool, *, protected: Iterable[Path] = ()) -> None:
    """Stop before any work: an input in the way (even with --force), an existing file without
    --force, a file name too long."""
    try:
        _check_target(path, force, tuple(protected))
    except OSError as exc:  # a folder name too long, a loop of links…
        raise OutputError(f"Không ghi được {os_error_vi(exc, path)}", paths=(path,)) from exc


def _check_target(path: Path, force: bool, protected: tuple[Path, ...]) -> None:
    if len(path.name.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES:
        raise OutputError(
            f"Tên tệp kết quả quá dài ({len(path.name)} ký tự): hãy đặt tên ngắn hơn với -o."
        )
    resolved = path.resolve()
    for item in protected:
        inside = item.resolve()
        same = resolved == inside or (path.exists() and item.exists() and path.samefile(item))
        if same or (item.is_dir() and inside in resolved.parents and path.exists()):
            raise OutputError(
                f"Không ghi {path}: đây là tệp đầu vào ({item}). Kết quả không bao giờ được ghi đè "
                "tệp cấu hình, phần lời hay tệp báo cáo của đơn vị, kể cả khi dùng --force. "
                "Chọn tên khác với -o.",
                paths=(path, item),
            )
    if path.is_dir():
        raise OutputError(
            f"Không ghi được {path}: đây là một thư mục. Chọn tên tệp với -o.", paths=(path,)
        )
    if path.exists() and not force:
        raise OutputError(
            f"Tệp {path} đã có. Dùng --force để ghi đè (tệp cũ sẽ được giữ lại trong thư mục "
            f"{BACKUP_FOLDER}) hoặc chọn tên khác với -o.",
            paths=(path,),
        )


def _backup_pattern(path: Path) -> re.Pattern[str]:
    stamp = r"\d{8}-\d{6}-\d{6}(?:-\d+)?"
    return re.compile(rf"^{re.escape(path.stem)}\.{stamp}{re.escape(path.suffix)}$")


def backup_name(path: Path) -> Path:
    """A fresh name in `sao-luu/` beside `path`, stamped to the microsecond."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    folder = path.parent / BACKUP_FOLDER
    candidate = folder / f"{path.stem}.{stamp}{path.suffix}"
    n = 1
    while candidate.exists():
        candidate = folder / f"{path.stem}.{stamp}-{n}{path.suffix}"
        n += 1
    return candidate


def _make_backup(path: Path) -> Path:
    """Copy `path` into `sao-luu/` (created exclusively: two runs never share a name)."""
    (path.parent / BACKUP_FOLDER).mkdir(exist_ok=True)
    while True:
        backup = backup_name(path)
        try:
            with path.open("rb") as src, backup.open("xb") as dst:
                shutil.copyfileobj(src, dst)
        except FileExistsError:
            continue
        except BaseException:
            backup.unlink(missing_ok=True)
            raise
        shutil.copystat(path, backup)
        return backup


def prune_backups(path: Path, keep: int = KEEP_BACKUPS) -> list[Path]:
    """Delete all but the newest `keep` backups of `path`; return what was deleted."""
    folder = path.parent / BACKUP_FOLDER
    if not folder.is_dir():
        return []
    pattern = _backup_pattern(path)
    backups = sorted(p for p in folder.iterdir() if pattern.match(p.name))
    old = backups[: max(len(backups) - keep, 0)]
    for item in old:
        item.unlink(missing_ok=True)
    return old


def _default_mode() -> int:
    """0666 minus the umask (what any other program's new file would get)."""
    if os.name != "posix":
        return 0o666
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _disk_full(exc: BaseException) -> int | None:
    """ENOSPC/EFBIG somewhere in `exc`, its causes or its text (lxml and zipfile wrap them)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in _FULL:
            return current.errno
        text = str(current)
        for word, code in _FULL_WORDS.items():
            if word in text:
                return code
        current = current.__cause__ or current.__context__
    return None


class _Terminated(KeyboardInterrupt):
    """SIGTERM/SIGHUP while writing: unwinds like Ctrl-C so the temporary file is removed."""


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    names = [n for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n)]
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        raise _Terminated(signum)

    # A signal the user asked to ignore (SIGHUP under nohup) stays ignored.
    names = [n for n in names if signal.getsignal(getattr(signal, n)) is not signal.SIG_IGN]
    old = {n: signal.signal(getattr(signal, n), handler) for n in names}
    try:
        yield
    finally:
        for n, previous in old.items():
            signal.signal(getattr(signal, n), previous)


@contextlib.contextmanager
def _quiet_finalizers() -> Iterator[None]:
    """Swallow "Exception ignored in ZipFile.__del__" from a writer that failed mid-way."""
    previous = sys.unraisablehook

    def hook(unraisable: Any) -> None:
        if _disk_full(unraisable.exc_value) is None:
            previous(unraisable)

    sys.unraisablehook = hook
    try:
        yield
    except BaseException:
        gc.collect()  # the failed writer's objects are finalized now, under the hook
        raise
    finally:
        sys.unraisablehook = previous


def _place(tmp: Path, path: Path, *, force: bool) -> Path | None:
    """Move `tmp` to `path`: exclusively when not forcing, else after a backup of the old file."""
    if force and path.exists():
        backup = _make_backup(path)
        os.replace(tmp, path)
        return backup
    try:
        os.link(tmp, path)  # fails if another run created `path` meanwhile
    except FileExistsError:
        raise OutputError(
            f"Tệp {path} vừa được tạo bởi một lần chạy khác. Dùng --force để ghi đè "
            "(tệp kia được giữ lại làm bản sao lưu) hoặc chọn tên khác với -o.",
            paths=(path,),
        ) from None
    except OSError:  # no hard links here (FAT, some network shares): exclusive copy instead
        try:
            with tmp.open("rb") as src, path.open("xb") as dst:
                shutil.copyfileobj(src, dst)
        except FileExistsError:
            raise OutputError(
                f"Tệp {path} vừa được tạo bởi một lần chạy khác.", paths=(path,)
            ) from None
    return None


def write_atomic(
    path: Path,
    write: Callable[[Path], None],
    *,
    force: bool = False,
    protected: Iterable[Path] = (),
    mark: bool | str = True,
) -> Path | None:
    """Call `write(tmp)` then put tmp at `path`. Returns the backup made of an old file, if any.

    `protected`: inputs (files, or folders whose existing files are inputs) never replaced.
    `mark`: give an .xlsx/.docx the `dean5299-output` property (not for forms units fill in);
    a string names the kind of output (`review`), else it follows the suffix.
    """
    protected = tuple(protected)
    check_target(path, force, protected=protected)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".dean5299-", suffix=path.suffix, dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise OutputError(
            f"Không tạo được tệp trong {path.parent}: {os_error_reason(exc)}."
        ) from exc
    tmp = Path(tmp_name)
    mode = path.stat().st_mode & 0o777 if force and path.exists() else _default_mode()
    failure: OutputError | None = None
    backup: Path | None = None
    try:
        with _quiet_finalizers():
            try:
                with _signals_raise():
                    write(tmp)
                    if mark:
                        mark_output(tmp, mark if isinstance(mark, str) else None)
                    os.chmod(tmp, mode)
                    backup = _place(tmp, path, force=force)
            except Exception as exc:  # noqa: BLE001 - sorted below: disk problems or re-raised
                failure = _write_failure(path, exc)
                if failure is None:
                    raise
            # Out of the except block: the failed writer's frames are freed here, so its
            # half-closed zip files are finalised under the quiet hook, not at exit.
            if failure is not None:
                gc.collect()
    finally:
        tmp.unlink(missing_ok=True)
    if failure is not None:
        raise failure
    if backup is not None:
        prune_backups(path)
    return backup


def _write_failure(path: Path, exc: Exception) -> OutputError | None:
    """The OutputError for a failed write, or None when `exc` is not about the disk or the file."""
    if isinstance(exc, OutputError):
        return exc
    if isinstance(exc, PermissionError):
        return OutputError(
            f"Không ghi được {path}: tệp đang mở trong chương trình khác hoặc không có quyền ghi. "
            "Đóng tệp rồi chạy lại.",
            paths=(path,),
        )
    code = _disk_full(exc)
    if code is not None:
        reason = os_error_reason(OSError(code, ""))
    elif isinstance(exc, OSError):
        reason = os_error_reason(exc)
    else:
        return None
    return OutputError(
        f"Không ghi được {path}: {reason}. Tệp cũ (nếu có) vẫn giữ nguyên.", paths=(path,)
    )
