"""The clerk's working folder: settings, submissions folder, narrative text, outputs."""

from __future__ import annotations

from pathlib import Path

from dean5299_cli.core.errors import OutputError, os_error_vi
from dean5299_cli.core.settings import SETTINGS_NAME, LoadedSettings
from dean5299_cli.resources import data_dir

SUBMISSIONS = "bao-cao-don-vi"
NARRATIVE = "noi-dung-bao-cao.md"


def create_workspace(folder: Path) -> list[Path]:
    """Create settings, submissions folder and narrative file; refuse to write over anything."""
    source = data_dir("templates") / "init"
    planned = [folder / SETTINGS_NAME, folder / NARRATIVE, folder / SUBMISSIONS]
    existing = [p for p in planned if p.exists()]
    if existing:
        names = ", ".join(str(p) for p in existing)
        raise OutputError(f"Không tạo được vì đã có: {names}. Không ghi đè tệp của người dùng.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / SUBMISSIONS).mkdir()
        for name in (SETTINGS_NAME, NARRATIVE):
            text = (source / name).read_text(encoding="utf-8")
            with (folder / name).open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
    except OSError as exc:
        raise OutputError(f"Không ghi được vào {folder}: {os_error_vi(exc)}") from exc
    return planned


def input_paths(loaded: LoadedSettings | None, submissions: Path | None = None) -> tuple[Path, ...]:
    """What an output may never replace: the settings file, the narrative, the submissions folder."""
    paths: list[Path] = []
    if loaded is not None:
        paths += [
            loaded.path,
            loaded.resolve(loaded.settings.narrative),
            loaded.resolve(loaded.settings.submissions),
        ]
        if loaded.settings.template:
            paths.append(loaded.resolve(loaded.settings.template))
    if submissions is not None:
        paths.append(submissions)
    return tuple(paths)
