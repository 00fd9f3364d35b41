"""The clerk's working folder: settings, submissions folder, narrative text, outputs."""

from __future__ import annotations

from pathlib import Path

from dean5299_cli.core.errors import OutputError, os_error_vi
from dean5299_cli.core.settings import SETTINGS_NAME, LoadedSettings
from dean5299_cli.resources import data_dir

SUBMISSIONS = "bao-cao-don-vi"
NARRATIVE = "noi-dung-bao-cao.md"


# The starter's year (its `targets:` key and the `targets --year` it cites), set to this year's.
STARTER_YEAR = 2024


def starter_settings(text: str, year: int) -> str:
    """The commented don-vi.yaml with its targets keyed by `year`: an office set up in 2026 does
    not start from 2024's key."""
    for old, new in (
        (f"\n  {STARTER_YEAR}:\n", f"\n  {year}:\n"),
        (f"targets --year {STARTER_YEAR}", f"targets --year {year}"),
    ):
        if old not in text:
            raise ValueError(f"init/don-vi.yaml: thiếu {old!r}")  # the starter was edited
        text = text.replace(old, new)
    return text


def create_workspace(folder: Path, year: int = STARTER_YEAR) -> list[Path]:
    """Create settings, submissions folder and narrative file; refuse to write over anything.
    The settings' targets are keyed by `year` (the year the office is set up)."""
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
            if name == SETTINGS_NAME:
                text = starter_settings(text, year)
            with (folder / name).open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
    except OSError as exc:
        raise OutputError(
            f"Không ghi được vào {folder}: {os_error_vi(exc)}", paths=(folder,)
        ) from exc
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
