"""Where a year's indicator set comes from: the working folder first, then the shipped sets."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dean5299_cli.core.errors import ConfigError, MissingSetError
from dean5299_cli.core.indicators import (
    WORKING_SETS,
    IndicatorSet,
    load_set_file,
    missing_set_message,
    targets_dir,
)
from dean5299_cli.core.text import fold_label

if TYPE_CHECKING:
    from dean5299_cli.core.settings import LoadedSettings, Settings


@dataclass(frozen=True)
class YearChoice:
    """The set chosen for a command, and what to tell the clerk about the choice (or "")."""

    year: int
    notice: str = ""


@dataclass(frozen=True)
class SetLibrary:
    """Indicator sets by year: explicit files, then folders in order of precedence."""

    files: tuple[Path, ...] = ()
    folders: tuple[Path, ...] = ()
    _loaded: dict[Path, IndicatorSet] = field(default_factory=dict, compare=False, repr=False)

    def _load(self, path: Path) -> IndicatorSet:
        key = path.resolve()
        if key not in self._loaded:
            self._loaded[key] = load_set_file(path)
        return self._loaded[key]

    def paths(self) -> dict[int, Path]:
        """Year → the file that wins for it (explicit files, then the first folder having it)."""
        found: dict[int, Path] = {}
        for path in self.files:
            if not path.is_file():
                raise ConfigError(f"Không có tệp bộ chỉ tiêu {path} (khóa `indicator_sets`).")
            found.setdefault(self._load(path).year, path)
        for folder in self.folders:
            if not folder.is_dir():
                continue
            for path in sorted(folder.glob("*.yaml")):
                if path.stem.isdigit():
                    found.setdefault(int(path.stem), path)
        return dict(sorted(found.items()))

    def years(self) -> list[int]:
        return list(self.paths())

    def origin(self, year: int) -> str:
        """`chi-tieu/2026.yaml của thư mục làm việc` or `bộ có sẵn`: where the year's set is from."""
        path = self.paths().get(year)
        if path is None:
            return ""
        shipped = targets_dir().resolve()
        if path.resolve().parent == shipped:
            return "bộ có sẵn của dean5299"
        return f"tệp {path}"

    def load(self, year: int) -> IndicatorSet:
        """The set of `year`; ConfigError saying how to add one when there is none."""
        path = self.paths().get(year)
        if path is None:
            raise MissingSetError(missing_set_message(year, self.years()))
        return self._load(path)

    def choose(self, asked: int | None, today_year: int) -> YearChoice:
        """The asked year (which must exist), else the current year; when the current year has
        no set, the latest earlier one, with a notice naming it: never a silent replacement."""
        years = self.years()
        if asked is not None:
            if asked not in years:
                raise ConfigError(missing_set_message(asked, years))
            return YearChoice(asked)
        if today_year in years:
            return YearChoice(today_year)
        earlier = [y for y in years if y < today_year]
        if not earlier:
            raise ConfigError(missing_set_message(today_year, years))
        used = earlier[-1]
        return YearChoice(
            used,
            f"Chưa có bộ chỉ tiêu năm {today_year}: đang dùng bộ chỉ tiêu năm {used} "
            f"({self.origin(used)}). Muốn dùng bộ năm {today_year}, chạy "
            f"`dean5299 targets --new {today_year}` rồi sửa tệp {WORKING_SETS}/{today_year}.yaml; "
            f"muốn dùng bộ năm {used} mà không có nhắc này, ghi --year {used}.",
        )


def library_for(working_folder: Path | None, files: Sequence[str] = ()) -> SetLibrary:
    """The sets a working folder sees: its `indicator_sets` files and `chi-tieu/`, then shipped."""
    folders: list[Path] = []
    explicit: list[Path] = []
    if working_folder is not None:
        folders.append(working_folder / WORKING_SETS)
        for name in files:
            path = Path(name)
            explicit.append(path if path.is_absolute() else working_folder / path)
    folders.append(targets_dir())
    return SetLibrary(tuple(explicit), tuple(folders))


def library_of(loaded: LoadedSettings | None, cwd: Path | None = None) -> SetLibrary:
    """The sets seen from a working folder (its settings' folder, else the current folder)."""
    if loaded is None:
        return library_for(cwd or Path.cwd())
    return library_for(loaded.folder, loaded.settings.indicator_sets)


def export_labels(library: SetLibrary, settings: Settings | None) -> list[dict[str, str]]:
    """Per year's set, newest first: folded column title → field code, for reading exports of
    the provincial system (plus the settings' `export_columns`)."""
    extra = settings.export_columns if settings else {}
    books = []
    for year in reversed(library.years()):
        try:
            ind_set = library.load(year)
        except ConfigError:
            continue  # a broken set is reported when it is the one used, not here
        books.append(label_map([(f.code, f.label) for f in ind_set.fields], extra))
    return books


def label_map(fields: Sequence[tuple[str, str]], extra: Mapping[str, str]) -> dict[str, str]:
    """Folded column title → code: each field's label (code, label), then the settings'
    `export_columns` (title as written → code), which win. A label two fields share is dropped."""
    seen: dict[str, str] = {}
    shared: set[str] = set()
    for code, label in fields:
        key = fold_label(label)
        if key in seen and seen[key] != code:
            shared.add(key)
        seen[key] = code
    result = {k: v for k, v in seen.items() if k not in shared}
    result.update({fold_label(title): code for title, code in extra.items()})
    return result
