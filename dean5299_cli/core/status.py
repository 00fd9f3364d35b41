"""What became of each member unit this period, and what looks unusual in its figures."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class UnitState(str, Enum):
    REPORTED = "reported"  # counted in the totals
    INVALID = "invalid"  # a file arrived but has errors: left out ("số liệu chưa hợp lệ")
    WRONG_FILE = "wrong-file"  # what arrived is not this period's report (last quarter's, PDF…)
    NOT_SENT = "not-sent"  # nothing arrived ("chưa báo cáo")


@dataclass(frozen=True)
class UnitStatus:
    unit: str  # canonical name from the settings (or as written when no unit list)
    state: UnitState
    files: tuple[str, ...] = ()  # relative paths of what arrived for this unit
    detail: str = ""  # Vietnamese, for the clerk: 'tệp "…" là báo cáo quý II'


class FlagKind(str, Enum):
    PEER_OUTLIER = "peer-outlier"  # far from the peer units on the same indicator (median/MAD)
    JUMP = "jump"  # jump or fall against the unit's own previous quarter
    CONTRADICTION = "contradiction"  # parts above total, numerator above denominator, …
    ABSOLUTE_THRESHOLD = "absolute-threshold"  # only when the settings ask for one
    TARGET_SUSPECT = "target-suspect"  # office-level: achievement in the thousands of %, …


@dataclass(frozen=True)
class Flag:
    unit: str  # "" for the office as a whole
    indicator: int | None
    kind: FlagKind
    reason: str  # Vietnamese, says why: "gấp 4,1 lần trung vị các đơn vị"
    plain: str = ""  # the reason as the unit itself is told it, no statistics words ("" = reason)
