"""Figures of the Word report as PNG images (matplotlib, an optional extra, imported only here)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from dean5299_cli.core.errors import UsageError
from dean5299_cli.core.numbers import format_percent
from dean5299_cli.core.report_model import ReportModel

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

WIDTH_CM = 16.0  # the text width of an A4 page with the Đoàn margins (21 − 3 − 2)
DPI = 200
FONT = "DejaVu Sans"  # ships with matplotlib and has every Vietnamese letter
MISSING = (
    "Chưa vẽ được biểu đồ: máy chưa cài thư viện matplotlib. "
    'Cài bằng lệnh `pip install "dean5299[bieu-do]"` rồi chạy lại, hoặc bỏ --bieu-do '
    "(và report.charts trong don-vi.yaml)."
)


@dataclass(frozen=True)
class ChartImage:
    png: bytes
    caption: str  # without "Biểu đồ N." (the template numbers the figures)
    width_cm: float


def _matplotlib() -> None:
    """Fail early, in Vietnamese, when the optional extra is not installed."""
    try:
        import matplotlib

        matplotlib.use("Agg", force=False)
    except ImportError as exc:
        raise UsageError(MISSING) from exc


def _figure(height_cm: float) -> Figure:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH_CM / 2.54, height_cm / 2.54), dpi=DPI)
    fig.set_layout_engine("constrained")
    return fig


def _style(ax: Axes) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=8)


def _png(fig: Figure) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, facecolor="white")
    return out.getvalue()


def _wrap(label: str, width: int = 26) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(label, width)) or label


def _percent_number(value: Fraction) -> float:
    """For drawing only: the exact figure is printed from the Fraction, never from this float."""
    return float(value * 100)


def achievement_chart(model: ReportModel) -> ChartImage | None:
    """Horizontal bars: each indicator's achievement against its target, a line at 100%."""
    rows = [i for i in model.indicators if i.achievement is not None]
    if not rows:
        return None
    fig = _figure(max(5.0, 1.1 * len(rows) + 2.2))
    ax = fig.add_subplot()
    labels = [_wrap(f"CT {i.number}. {i.short}") for i in reversed(rows)]
    values = [_percent_number(i.achievement) for i in reversed(rows) if i.achievement is not None]
    colours = ["#2e7d32" if v >= 100 else "#c62828" for v in values]
    bars = ax.barh(labels, values, color=colours, height=0.6)
    top = max([*values, 100.0])
    ax.set_xlim(0, top * 1.18)
    ax.axvline(100, color="#444444", linestyle="--", linewidth=1)
    ax.text(100, len(rows) - 0.4, " 100% chỉ tiêu", fontsize=7, color="#444444", va="bottom")
    shown = [i.achievement for i in reversed(rows)]
    for bar, exact in zip(bars, shown, strict=True):
        ax.text(
            bar.get_width(),
            bar.get_y() + bar.get_height() / 2,
            " " + format_percent(exact, model.rounding),
            va="center",
            fontsize=8,
            fontweight="bold",
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5},
        )
    ax.set_xlabel("Mức đạt so với chỉ tiêu (%)", fontsize=8)
    _style(ax)
    caption = f"Mức đạt các chỉ tiêu Đề án 5299 trên địa bàn {model.words.area}, {model.period}"
    return ChartImage(_png(fig), caption, WIDTH_CM)


def progress_chart(model: ReportModel) -> ChartImage | None:
    """Lines: each indicator's cumulative achievement (against the annual target) by quarter."""
    series = [
        g for g in model.progress if sum(1 for p in g.points if p.achievement is not None) >= 2
    ]
    if not series:
        return None
    # From the first quarter with figures: a year's empty start says nothing.
    first = min(n for g in series for n, p in enumerate(g.points) if p.achievement is not None)
    quarters = [p.label for p in model.progress[0].points][first:]
    fig = _figure(9.5)
    ax = fig.add_subplot()
    for g in series:
        drawn = [
            (n - first, _percent_number(p.achievement))
            for n, p in enumerate(g.points)
            if n >= first and p.achievement is not None
        ]
        ax.plot(
            [x for x, _ in drawn],
            [y for _, y in drawn],
            marker="o",
            linewidth=1.6,
            label=f"CT {g.number}. {g.short}",
        )
    ax.set_xticks(range(len(quarters)), [q[:1].upper() + q[1:] for q in quarters])
    ax.set_xlim(-0.3, len(quarters) - 0.7)
    ax.axhline(100, color="#444444", linestyle="--", linewidth=1)
    ax.text(-0.28, 101, "100% chỉ tiêu năm", fontsize=7, color="#444444", va="bottom")
    ax.set_ylim(bottom=0)
    ax.set_ylabel("Lũy kế so với chỉ tiêu năm (%)", fontsize=8)
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2, frameon=False)
    _style(ax)
    caption = f"Tiến độ thực hiện các chỉ tiêu qua các quý năm {model.year} (số liệu lũy kế)"
    return ChartImage(_png(fig), caption, WIDTH_CM)


def report_charts(model: ReportModel) -> tuple[ChartImage, ...]:
    """The report's figures: achievement by indicator, then progress when two quarters exist."""
    _matplotlib()
    from matplotlib import rc_context

    with rc_context({"font.family": FONT}):
        made = (achievement_chart(model), progress_chart(model))
    return tuple(c for c in made if c is not None)

