"""Write outputs safely: to a temporary file, then moved into place; never overwrite silently."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from dean5299_cli.core.errors import OutputError


def check_target(path: Path, force: bool) -> None:
    """Stop before any work when `path` exists and --force was not given."""
    if path.exists() and not force:
        raise OutputError(
            f"Tệp {path} đã có. Dùng --force để ghi đè (tệp cũ sẽ được giữ lại làm bản sao lưu) "
            "hoặc chọn tên khác với -o."
        )


def backup_name(path: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.stem}.bak-{stamp}{path.suffix}")
    n = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}.bak-{stamp}-{n}{path.suffix}")
        n += 1
    return candidate


def write_atomic(path: Path, write: Callable[[Path], None], *, force: bool = False) -> Path | None:
    """Call `write(tmp)` then move tmp to `path`. Returns the backup made of an old file, if any."""
    check_target(path, force)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent
        )
        os.close(fd)
    except OSError as exc:
        raise OutputError(
            f"Không tạo được tệp trong {path.parent}: {exc.strerror or exc}."
        ) from exc
    tmp = Path(tmp_name)
    backup = None
    try:
        write(tmp)
        if path.exists():
            backup = backup_name(path)
            shutil.copy2(path, backup)
        os.replace(tmp, path)
    except PermissionError as exc:
        raise OutputError(
            f"Không ghi được {path}: tệp đang mở trong chương trình khác hoặc không có quyền ghi. "
            "Đóng tệp rồi chạy lại."
        ) from exc
    except OSError as exc:
        raise OutputError(f"Không ghi được {path}: {exc.strerror or exc}.") from exc
    finally:
        if tmp.exists():
            tmp.unlink(missing_ok=True)
    return backup
