"""Levels of the Union as data: the words that depend on the reporting office's level."""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import yaml

from dean5299_cli.core.errors import ConfigError
from dean5299_cli.core.text import fold

LEVELS_FILE = "levels.yaml"


@dataclass(frozen=True)
class LevelWords:
    """Every level-dependent word of the reports, forms and console (see dean5299_cli/data/templates/levels.yaml)."""

    level: str
    area: str
    whole_area: str
    members: str
    office: str
    standing_committee: str
    symbol: str
    signer: str
    send_to: str
    reports_to: str
    member_kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class UnitPrefixes:
    """How member units' names begin: organisation words (ignored) and kinds (xã, phường…)."""

    organisation: tuple[str, ...]
    kinds: tuple[tuple[str, tuple[str, ...]], ...]  # (kind, spellings), in file order


@dataclass(frozen=True)
class LevelTable:
    levels: dict[str, LevelWords]
    prefixes: UnitPrefixes
    default_level: str = ""  # the level of a settings file that names none (older files)

    def find(self, name: str) -> LevelWords | None:
        """The words of level `name`, compared without case or diacritics."""
        wanted = fold(name)
        for key, words in self.levels.items():
            if fold(key) == wanted:
                return words
        return None


class HasLevel(Protocol):
    """What `words_for` needs from the settings (core.settings.Settings provides it)."""

    @property
    def level_key(self) -> str: ...

    @property
    def issuer_symbol(self) -> str: ...

    @property
    def level_words(self) -> dict[str, str]: ...

    @property
    def place(self) -> str: ...


_WORD_FIELDS = tuple(f.name for f in fields(LevelWords) if f.name not in ("level", "member_kinds"))


def _build(level: str, texts: dict[str, str], member_kinds: tuple[str, ...]) -> LevelWords:
    return LevelWords(
        level=level,
        area=texts["area"],
        whole_area=texts["whole_area"],
        members=texts["members"],
        office=texts["office"],
        standing_committee=texts["standing_committee"],
        symbol=texts["symbol"],
        signer=texts["signer"],
        send_to=texts["send_to"],
        reports_to=texts["reports_to"],
        member_kinds=member_kinds,
    )


def word_names() -> tuple[str, ...]:
    """The level words a working folder may override in `level_words`."""
    return _WORD_FIELDS


def _text_list(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: cần một danh sách chữ.")
    return tuple(str(v) for v in value)


def parse_table(data: object, source: str) -> LevelTable:
    """Check and convert the YAML of a level table (errors name the key at fault)."""
    if not isinstance(data, dict) or not isinstance(data.get("levels"), dict):
        raise ConfigError(f"{source}: thiếu khóa `levels`.")
    levels: dict[str, LevelWords] = {}
    for key, entry in data["levels"].items():
        if not isinstance(entry, dict):
            raise ConfigError(f"{source}: levels.{key} phải là một bảng từ ngữ.")
        missing = [name for name in _WORD_FIELDS if not isinstance(entry.get(name), str)]
        if missing:
            raise ConfigError(f"{source}: levels.{key} thiếu {', '.join(missing)}.")
        words = {name: str(entry[name]) for name in _WORD_FIELDS}
        members = _text_list(entry.get("member_kinds", []), f"{source}: levels.{key}.member_kinds")
        levels[str(key)] = _build(str(key), words, members)
    raw = data.get("unit_prefixes") or {}
    if not isinstance(raw, dict) or not isinstance(raw.get("kinds", {}), dict):
        raise ConfigError(f"{source}: unit_prefixes phải có organisation và kinds.")
    organisation = _text_list(raw.get("organisation", []), f"{source}: unit_prefixes.organisation")
    kinds = tuple(
        (str(kind), _text_list(spellings, f"{source}: unit_prefixes.kinds.{kind}"))
        for kind, spellings in raw.get("kinds", {}).items()
    )
    default = str(data.get("default_level") or next(iter(levels), ""))
    if default not in levels:
        raise ConfigError(f"{source}: default_level \"{default}\" không có trong levels.")
    return LevelTable(levels, UnitPrefixes(organisation, kinds), default)


def load_table(path: Path, *, trusted: bool = False) -> LevelTable:
    """The table of `path`; `trusted` (the shipped file) is parsed by libyaml when installed."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader) if trusted else yaml.SafeLoader
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - safe loaders only
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(
            f"Không đọc được bảng từ ngữ theo cấp {path}: {exc}", paths=(path,)
        ) from exc
    return parse_table(data, str(path))


@lru_cache(maxsize=1)
def shipped_table() -> LevelTable:
    """The table shipped in dean5299_cli/data/templates/levels.yaml."""
    from dean5299_cli.resources import data_dir

    return load_table(data_dir("templates") / LEVELS_FILE, trusted=True)


def default_area() -> str:
    """The level an older settings file without `level` nor `area` had (data: levels.yaml)."""
    return shipped_table().default_level


def level_names() -> list[str]:
    return list(shipped_table().levels)


def words_of_level(level: str) -> LevelWords:
    """The words of a level by name; ConfigError listing the known levels when unknown."""
    words = shipped_table().find(level)
    if words is None:
        known = ", ".join(level_names())
        raise ConfigError(f'Cấp "{level}" không có trong bảng từ ngữ (các cấp có: {known}).')
    return words


def words_for(settings: HasLevel) -> LevelWords:
    """The level words of a working folder: its level's row, its own symbol, its overrides."""
    words = words_of_level(settings.level_key)
    texts = {name: str(getattr(words, name)) for name in _WORD_FIELDS}
    texts["symbol"] = settings.issuer_symbol or words.symbol
    texts.update({k: v for k, v in settings.level_words.items() if k in _WORD_FIELDS})
    return _build(words.level, texts, words.member_kinds)


def office_name(settings: HasLevel) -> str:
    """The reporting office as a unit of the level above: `Tỉnh đoàn Gia Lai`, `Đoàn xã Cát
    Tiến` (written in the summary's title block, read back by the upper level)."""
    return f"{words_for(settings).office} {settings.place}"


def narrative_placeholders(settings: HasLevel) -> dict[str, str]:
    """Level words the clerk's narrative may use: `{ban_thuong_vu}`, `{bao_cao_len}`, `{toan}`…"""
    words = words_for(settings)
    return {
        "ban_thuong_vu": words.standing_committee,
        "bao_cao_len": words.reports_to,
        "co_quan": words.office,
        "toan": words.whole_area,
        "dia_ban": words.area,
        "don_vi_truc_thuoc": words.members,
    }
