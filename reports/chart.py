"""The digest's chart: quota statuses per staff member and for the college, as a PNG."""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # before pyplot could ever be imported: no display on a server

from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from i18n import Translate
from reports.digest_data import STATUSES, CollegeDigest, StatusTally

log = logging.getLogger(__name__)


# Families a server may have (Debian's fonts-noto-cjk, fonts-wqy-microhei), tried only when
# the packaged font is missing.
SYSTEM_CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "SimHei")
COLORS = {
    "met": "#2e7d32",
    "on_track": "#64b5f6",
    "at_risk": "#ffb300",
    "behind": "#e53935",
    "missed": "#6d4c41",
}
# Counts stay readable on the dark segments in white, on the light ones in black.
LABEL_COLORS = {"met": "white", "on_track": "black", "at_risk": "black", "behind": "white",
                "missed": "white"}  # fmt: skip
MAX_BARS = 40
# Charts are drawn in worker threads. The Figure/FigureCanvasAgg API keeps pyplot's global
# figure state out, but rc_context and the font cache are process-wide: one chart at a time.
DRAWING = threading.Lock()
DPI = 110
WIDTH_INCHES = 10.0


def _shipped_font() -> Path | None:
    """Noto Sans SC from the pylopdf-fonts-zh-cn package, a dependency of fudao."""
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:
        return None
    path = pylopdf_fonts_zh_cn.sans_path()
    return path if path.is_file() else None


@cache
def cjk_font_family() -> str | None:
    """The family name of the CJK font the chart uses, registered with matplotlib once."""
    path = _shipped_font()
    if path is not None:
        font_manager.fontManager.addfont(str(path))
        name: str = font_manager.FontProperties(fname=str(path)).get_name()
        return name
    installed = set(font_manager.fontManager.get_font_names())
    for family in SYSTEM_CJK_FAMILIES:
        if family in installed:
            return family
    # The digest still goes out; its Chinese labels will show as boxes until a font is added.
    log.warning("no CJK font found: install fudao's dependencies or fonts-noto-cjk")
    return None


def _families() -> list[str]:
    """The font fallback list: the CJK font first, DejaVu for anything it lacks."""
    family = cjk_font_family()
    return [family, "DejaVu Sans"] if family else ["DejaVu Sans"]


def _worst_first(digest: CollegeDigest) -> list[tuple[str, StatusTally]]:
    """Staff with the most missed and behind quotas first, so a cut keeps those that matter."""
    rows = [(s.name, s.now) for s in digest.staff]
    rows.sort(key=lambda r: (-r[1].missed, -r[1].behind, -r[1].at_risk, r[0]))
    return rows[:MAX_BARS]


def _stacked(ax: Axes, labels: Sequence[str], tallies: Sequence[StatusTally], t: Translate) -> None:
    """Horizontal bars, one segment per status, labelled with the count inside."""
    positions = list(range(len(labels)))
    left = [0] * len(labels)
    for status in STATUSES:
        widths = [tally.get(status) for tally in tallies]
        bars = ax.barh(
            positions, widths, left=left, color=COLORS[status], label=t(f"status-{status}")
        )
        texts = [str(w) if w else "" for w in widths]
        ax.bar_label(
            bars, labels=texts, label_type="center", fontsize=8, color=LABEL_COLORS[status]
        )
        left = [a + b for a, b in zip(left, widths, strict=True)]
    ax.set_yticks(positions, labels)
    ax.margins(x=0.02)
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no 0.5 ticks


def render_chart(digest: CollegeDigest, t: Translate) -> bytes:
    """The PNG: every staff member's statuses, and the college's this week against last."""
    staff = _worst_first(digest)
    height = 2.2 + 0.38 * max(len(staff), 3)
    with DRAWING, matplotlib.rc_context({"font.family": _families(), "axes.unicode_minus": False}):
        figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI, layout="constrained")
        FigureCanvasAgg(figure)
        top, bottom = figure.subplots(
            2, 1, height_ratios=[max(len(staff), 3), 2], gridspec_kw={"hspace": 0.08}
        )
        figure.suptitle(
            t(
                "digest-chart-title",
                college=digest.college_name,
                start=digest.week.start.isoformat(),
                end=digest.week.end.isoformat(),
            ),
            fontsize=13,
        )
        if staff:
            _stacked(top, [name for name, _ in staff], [tally for _, tally in staff], t)
        else:
            top.text(0.5, 0.5, t("digest-chart-empty"), ha="center", va="center")
            top.set_axis_off()
        hidden = len(digest.staff) - len(staff)
        # Separate keys, not a Fluent selector: i18n hands numbers over as text.
        key = "digest-chart-staff-more" if hidden else "digest-chart-staff"
        top.set_title(t(key, shown=len(staff), hidden=hidden), fontsize=10, loc="left")
        _stacked(
            bottom,
            [t("digest-chart-this-week"), t("digest-chart-last-week")],
            [digest.total_now, digest.total_before],
            t,
        )
        bottom.set_title(t("digest-chart-college"), fontsize=10, loc="left")
        handles, labels = bottom.get_legend_handles_labels()
        figure.legend(handles, labels, loc="outside lower center", ncols=len(STATUSES))
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    return buffer.getvalue()
