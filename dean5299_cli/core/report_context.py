"""Everything the Word report says, as plain data: text, bold runs, table rows. No Word here."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from dean5299_cli.core.achievement import DeadlineStatus, IndicatorResult, TargetSource
from dean5299_cli.core.checks import describe_missing
from dean5299_cli.core.figures import Figures
from dean5299_cli.core.indicators import Kind
from dean5299_cli.core.narrative import Narrative
from dean5299_cli.core.numbers import (
    Rounding,
    format_fraction_count,
    format_int,
    format_percent,
    format_rate,
)
from dean5299_cli.core.periods import date_in_words, quarter_label
from dean5299_cli.core.problems import Problem
from dean5299_cli.core.settings import Settings

Segments = list[tuple[str, bool]]  # (text, bold)

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
UNITS_WORD = {"huyện": "xã, thị trấn", "thị xã": "xã, phường", "thành phố": "xã, phường"}


@dataclass(frozen=True)
class ReportOptions:
    date: dt.date
    number: str | None = None


def _d(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


class _Writer:
    def __init__(self, figures: Figures, settings: Settings) -> None:
        self.f = figures
        self.s = settings
        self.r: Rounding = settings.rounding.to_rounding()
        self.area = settings.area

    def pct(self, value) -> str:
        return format_percent(value, self.r)

    # ---------------------------------------------------------------- indicator sentences
    def line(self, res: IndicatorResult) -> Segments:
        ind = res.indicator
        seg: Segments = [(f"({ind.number}) Chỉ tiêu {ind.number}: “{ind.title}”: ", False)]
        unit = ind.unit
        if ind.kind is Kind.RATIO:
            seg += [
                (f"{ind.result_phrase} ", False),
                (f"{format_int(res.achieved)}/{format_int(res.denominator or 0)}", True),
                (f" {unit}", False),
            ]
            if res.rate is None:
                seg.append((", chưa tính được tỷ lệ vì mẫu số bằng 0.", False))
                return seg
            seg += [(", đạt tỷ lệ ", False), (self.pct(res.rate), True)]
            if res.target_rate:
                seg += [(" (chỉ tiêu ", False), (format_rate(res.target_rate), False)]
                if res.achievement is not None:
                    seg += [
                        ("; bằng ", False),
                        (self.pct(res.achievement), True),
                        (" so với chỉ tiêu", False),
                    ]
                seg.append((")", False))
            seg.append((".", False))
            return seg
        if ind.kind is Kind.BREAKDOWN:
            seg += [
                (f"toàn {self.area} {ind.result_phrase} ", False),
                (format_int(res.total or 0), True),
                (f" {unit}, trong đó: ", False),
            ]
            for i, (fdef, value) in enumerate(res.parts):
                seg += [(format_int(value), True), (f" {unit} {fdef.part or fdef.label}", False)]
                seg.append((", " if i < len(res.parts) - 1 else ".", False))
            if ind.target_code:
                part = next(f for f, _ in res.parts if f.code == ind.target_code)
                if res.target:
                    seg += [
                        (f" Số {unit} {part.part} ", False),
                        (f"{format_int(res.achieved)}/{format_fraction_count(res.target)}", True),
                        (", đạt ", False),
                        (self.pct(res.achievement), True),
                        (" chỉ tiêu", False),
                    ]
                    seg += self._deadline(res)
                    seg.append((".", False))
                else:
                    seg.append((f" Chưa có chỉ tiêu giao cho {self.area} để so sánh.", False))
            return seg
        if ind.kind is Kind.POPULATION_SHARE:
            seg += [
                (f"{ind.result_phrase} ", False),
                (format_int(res.achieved), True),
                (f" {unit}", False),
            ]
            if res.target is None or res.rate is None:
                seg.append(
                    (
                        f"; chưa có số {ind.population_label or 'dân số'} trong tệp cấu hình nên chưa tính được tỷ lệ.",
                        False,
                    )
                )
                return seg
            seg += [
                (", bằng ", False),
                (self.pct(res.rate), True),
                (f" số {ind.population_label or 'dân số'}", False),
                (f" (chỉ tiêu {format_rate(res.target_rate)}, tương ứng ", False),
                (format_fraction_count(res.target), True),
                (f" {unit}), đạt ", False),
                (self.pct(res.achievement), True),
                (" chỉ tiêu.", False),
            ]
            return seg
        # count and per-unit minimum
        seg += [(f"{ind.result_phrase} ", False)]
        if res.target:
            seg += [
                (f"{format_int(res.achieved)}/{format_fraction_count(res.target)}", True),
                (f" {unit}, đạt ", False),
                (self.pct(res.achievement), True),
            ]
            if res.target_source is TargetSource.MINIMUM_TIMES_UNITS:
                seg.append(
                    (
                        f" (chỉ tiêu tính theo tối thiểu {ind.minimum:02d} × {res.unit_count} đơn vị)",
                        False,
                    )
                )
        else:
            seg += [
                (format_int(res.achieved), True),
                (f" {unit} (chưa có chỉ tiêu giao cho {self.area})", False),
            ]
        if ind.kind is Kind.PER_UNIT_MINIMUM and res.units_reached is not None:
            seg += [
                ("; ", False),
                (f"{res.units_reached}/{res.unit_count}", True),
                (f" đơn vị đạt tối thiểu {ind.minimum:02d} {unit}", False),
            ]
        seg += self._change(ind.code, unit)
        seg += self._deadline(res)
        seg.append((".", False))
        return seg

    def _change(self, code: str, unit: str) -> Segments:
        prev = self.f.previous_totals
        if not prev or self.f.quarter == 1:
            return []
        delta = self.f.totals.get(code, 0) - prev.get(code, 0)
        word = "tăng" if delta >= 0 else "giảm"
        return [
            (
                f"; {word} {format_int(abs(delta))} {unit} so với {quarter_label(self.f.quarter - 1)}",
                False,
            )
        ]

    def _deadline(self, res: IndicatorResult) -> Segments:
        deadline = res.indicator.deadline
        if not deadline or res.deadline_status is None:
            return []
        when = _d(deadline)
        text = {
            DeadlineStatus.MET: f" – đã hoàn thành trước thời hạn {when}",
            DeadlineStatus.PENDING: f" – chưa đạt, thời hạn {when}, còn {(deadline - (self.f.as_of or deadline)).days} ngày",
            DeadlineStatus.MISSED: f" – không hoàn thành trước thời hạn {when}",
            DeadlineStatus.REACHED_AFTER: f" – đã đạt, nhưng số liệu tính đến sau thời hạn {when}",
        }[res.deadline_status]
        return [(text, False)]

    # ---------------------------------------------------------------- table of results
    def row(self, res: IndicatorResult) -> dict[str, str]:
        ind = res.indicator
        note = ""
        if ind.kind is Kind.RATIO:
            target = format_rate(res.target_rate) if res.target_rate else "—"
            result = f"{format_int(res.achieved)}/{format_int(res.denominator or 0)} ({self.pct(res.rate) if res.rate is not None else '—'})"
            note = "Tỷ lệ đạt so với tỷ lệ chỉ tiêu"
        elif ind.kind is Kind.BREAKDOWN:
            target = format_fraction_count(res.target) if res.target else "—"
            result = format_int(res.achieved if ind.target_code else (res.total or 0))
            note = "; ".join(f"{f.part}: {format_int(v)}" for f, v in res.parts)
        elif ind.kind is Kind.POPULATION_SHARE:
            target = format_fraction_count(res.target) if res.target else "—"
            result = format_int(res.achieved)
            note = (
                f"{format_rate(res.target_rate)} {ind.population_label or ''}".strip()
                if res.target_rate
                else ""
            )
        else:
            target = format_fraction_count(res.target) if res.target else "—"
            result = format_int(res.achieved)
            if ind.kind is Kind.PER_UNIT_MINIMUM and res.units_reached is not None:
                note = f"{res.units_reached}/{res.unit_count} đơn vị đạt tối thiểu"
        if res.target is None and res.target_rate is None:
            note = (note + "; " if note else "") + "chưa có chỉ tiêu giao"
        if res.deadline_status:
            note = (note + "; " if note else "") + f"hạn {_d(ind.deadline)}"  # type: ignore[arg-type]
        return {
            "stt": str(ind.number),
            "name": ind.short,
            "target": target,
            "result": result,
            "percent": self.pct(res.achievement) if res.achievement is not None else "—",
            "note": note,
        }

    # ---------------------------------------------------------------- appendix by unit
    def cell(self, res: IndicatorResult) -> list[str]:
        """Lines of a cell of the table by unit: result, `/target` (or `/denominator`), percent."""
        ind = res.indicator
        if ind.kind is Kind.RATIO:
            return [
                format_int(res.achieved),
                f"/{format_int(res.denominator or 0)}",
                self.pct(res.rate) if res.rate is not None else "—",
            ]
        main = format_int(
            res.total if ind.kind is Kind.BREAKDOWN and not ind.target_code else res.achieved
        )
        if res.target:
            return [main, f"/{format_fraction_count(res.target)}", self.pct(res.achievement)]
        return [main]

    # ---------------------------------------------------------------- attention list
    def attention(self, problems: list[Problem]) -> list[str]:
        items = []
        if self.f.missing_units:
            items.append(
                f"- Đơn vị chưa gửi báo cáo ({len(self.f.missing_units)}): "
                + describe_missing(self.f.missing_units, self.f.missing_hints)
                + "."
            )
        if self.f.left_out:
            listed = "; ".join(f"{u} (tệp {file})" for u, file in self.f.left_out)
            items.append(
                f"- Đơn vị có tệp báo cáo bị lỗi, chưa tính vào số liệu tổng hợp: {listed}."
            )
        if self.f.unread_files:
            listed = "; ".join((f for f, _ in self.f.unread_files))
            items.append(f"- Tệp báo cáo không đọc được, chưa tính vào số liệu tổng hợp: {listed}.")
        per_unit: dict[str, list[str]] = defaultdict(list)
        results = {(u.unit, r.number): r for u in self.f.units for r in u.results}
        for unit, number, code in self.f.flags:
            if not unit:
                continue
            res = results.get((unit, number))
            if code == "far-above-target" and res is not None:
                per_unit[unit].append(
                    f"chỉ tiêu {number} đạt {self.pct(res.achievement)} chỉ tiêu giao"
                )
        for p in problems:
            if p.code == "cumulative-decrease" and p.unit:
                per_unit[p.unit].append(
                    f"{p.params.get('label', p.field)} giảm so với quý trước ({p.params.get('before')} → {p.params.get('after')})"
                )
        if per_unit:
            order = [u.unit for u in self.f.units]
            parts = [f"{u}: {', '.join(per_unit[u])}" for u in order if u in per_unit]
            items.append(
                f"- Số liệu cần rà soát lại (vượt trên {self.s.far_above_percent}% chỉ tiêu giao hoặc giảm so với quý trước): "
                + "; ".join(parts)
                + "."
            )
        for unit, number, code in self.f.flags:
            if unit or code != "far-above-target":
                continue
            res = self.f.result(number)
            items.append(
                f"- Chỉ tiêu {number} toàn {self.area} đạt {self.pct(res.achievement)} chỉ tiêu giao, vượt ngưỡng {self.s.far_above_percent}%: đề nghị rà soát lại chỉ tiêu giao và số liệu của các đơn vị."
            )
        if not items:
            items.append(
                f"- {len(self.f.units)}/{len(self.f.units)} đơn vị đã gửi báo cáo; số liệu không có điểm bất thường."
            )
        return items


def build_context(
    figures: Figures,
    settings: Settings,
    narrative: Narrative,
    options: ReportOptions,
    problems: list[Problem] | None = None,
) -> dict[str, Any]:
    """The data the report template is filled with."""
    w = _Writer(figures, settings)
    period = f"{quarter_label(figures.quarter)} năm {figures.year}"
    subject = (
        narrative.get("subject")
        or [settings.report.subject or f"Kết quả thực hiện Đề án 5299 {period}"]
    )[0]
    number = options.number or settings.report.number
    number_line = (
        f"Số: {number}-BC/{settings.issuer_symbol}"
        if number
        else f"Số:      -BC/{settings.issuer_symbol}"
    )
    teams, members = figures.totals.get("to_cns", 0), figures.totals.get("to_cns_thanh_vien", 0)
    teams_line: Segments = []
    if teams:
        words = UNITS_WORD.get(settings.area, "đơn vị")
        teams_line = [
            (f"Trong {period}, các {words} đã duy trì hoạt động ", False),
            (f"{teams:02d}", True),
            (" “Tổ công nghệ số thanh niên”", False),
        ]
        if members and members % teams == 0:
            teams_line += [
                (", mỗi tổ gồm ", False),
                (f"{members // teams:02d}", True),
                (" thành viên, tổng số ", False),
                (format_int(members), True),
                (" thành viên.", False),
            ]
        else:
            teams_line += [
                (" với tổng số ", False),
                (format_int(members), True),
                (" thành viên.", False),
            ]
    as_of = figures.as_of
    lead = f"Tính đến ngày {_d(as_of)}, kết quả" if as_of else "Kết quả"
    as_of_line = (
        f"{lead} thực hiện các chỉ tiêu của Đề án 5299 trên địa bàn {settings.area} như sau:"
    )
    extra = []
    for i, (heading, paragraphs) in enumerate(narrative.extra):
        numeral = ROMAN[3 + i] if 3 + i < len(ROMAN) else str(4 + i)
        title = heading.upper()
        if title.split(" ")[0].rstrip(".") not in ROMAN:
            title = f"{numeral}. {title}"
        extra.append({"heading": title, "paragraphs": paragraphs})
    closing = narrative.get("closing") or [
        f"Trên đây là báo cáo kết quả thực hiện Đề án 5299 {period}./."
    ]
    unit_rows = []
    for i, u in enumerate(figures.units, start=1):
        unit_rows.append(
            {
                "stt": str(i),
                "unit": u.unit,
                "cells": [w.cell(r) for r in u.results],
                "teams": f"{u.values.get('to_cns', 0)}/{u.values.get('to_cns_thanh_vien', 0)}",
            }
        )
    total_row = {
        "stt": "",
        "unit": f"Toàn {settings.area}",
        "cells": [w.cell(r) for r in figures.district],
        "teams": f"{teams}/{members}",
    }
    return {
        "parent_body": settings.parent_body.upper(),
        "issuing_body": settings.issuing_body.upper(),
        "number_line": number_line,
        "place_date": f"{settings.place}, {date_in_words(options.date)}",
        "subject": subject,
        "opening": narrative.get("opening"),
        "direction": narrative.get("direction"),
        "teams_line": teams_line,
        "results_text": narrative.get("results"),
        "as_of_line": as_of_line,
        "indicators": [{"number": r.number, "line": w.line(r)} for r in figures.district],
        "table_caption": f"Bảng 1. Kết quả thực hiện các chỉ tiêu Đề án 5299 {period}",
        "table_rows": [w.row(r) for r in figures.district],
        "attention_heading": "III. CÁC ĐƠN VỊ CẦN LƯU Ý",
        "attention": w.attention(problems or []),
        "extra_sections": extra,
        "closing": closing,
        "recipients": settings.recipients,
        "signer_on_behalf": settings.signer.on_behalf.upper(),
        "signer_title": settings.signer.title.upper(),
        "signed_mark": "(đã ký)" if settings.report.draft_signed else "",
        "signer_name": settings.signer.name,
        "appendix_title": f"KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU ĐỀ ÁN 5299 THEO ĐƠN VỊ, {period.upper()}",
        "appendix_note": f"(Kèm theo Báo cáo {number_line.replace('Số:', 'số')} ngày {_d(options.date)}. "
        "Mỗi ô: kết quả / chỉ tiêu giao và tỷ lệ đạt; chỉ tiêu tỷ lệ: tử số / mẫu số và tỷ lệ)",
        "appendix_headers": ["STT", "Đơn vị"]
        + [f"CT {r.number}" for r in figures.district]
        + ["Tổ CNS / thành viên"],
        "appendix_rows": unit_rows,
        "appendix_total": total_row,
    }
