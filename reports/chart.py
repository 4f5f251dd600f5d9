"""The digest's chart: quota statuses per staff member and for the college, as a PNG."""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from i18n import Translate
from reports.digest_data import STATUSES, CollegeDigest, StatusTally

log = logging.getLogger(__name__)

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont

# Where a server keeps fonts (Debian's fonts-noto-cjk, fonts-wqy-microhei), searched only when
# the packaged font is missing.
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts",
             Path.home() / ".local/share/fonts")  # fmt: skip
SYSTEM_CJK_FILES = ("NotoSansCJK*", "NotoSansSC*", "wqy-microhei*", "wqy-zenhei*")
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
# Charts are drawn in worker threads too, and a FreeType face must not be used by two threads
# at once: the cached fonts are shared, so one chart at a time.
DRAWING = threading.Lock()
TITLE_PX, HEADING_PX, NAME_PX, COUNT_PX, TICK_PX = 20, 15, 14, 12, 12
WIDTH_PX = 1100
ROW_PX = 28  # one staff bar and its gap
BAR_PX = 20
PAD = 16
NAME_GAP = 8  # between a name's end and its bar
MAX_NAME_PX = 16 * NAME_PX  # longer names are cut with "…": the bars keep most of the width
# Encoding is most of a chart's time: a low zlib level (1 to 3 cost about the same, 3 is the
# smallest) keeps it fast, and a chart of flat colours stays around 100 KB anyway.
PNG_COMPRESSION = 3
TEXT = "#222222"
GRID = "#dddddd"
AXIS = "#555555"


def _shipped_font() -> Path | None:
    """Noto Sans SC from the pylopdf-fonts-zh-cn package, a dependency of fudao."""
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:
        return None
    path = pylopdf_fonts_zh_cn.sans_path()
    return path if path.is_file() else None


def _installed_font() -> Path | None:
    """A CJK font file among the system's and the user's fonts (no fontconfig needed)."""
    for pattern in SYSTEM_CJK_FILES:
        for folder in FONT_DIRS:
            found = sorted(folder.rglob(pattern)) if folder.is_dir() else []
            # Prefer the simplified-Chinese cut when a family ships one file per region.
            found.sort(key=lambda p: "SC" not in p.name)
            if found:
                return found[0]
    return None


def _face_index(path: Path) -> int:
    """In a collection (.ttc), the simplified-Chinese face; all faces have the Han glyphs."""
    if path.suffix.lower() != ".ttc":
        return 0
    for index in range(8):
        try:
            family, _ = ImageFont.truetype(str(path), 10, index=index).getname()
        except OSError:
            break
        if family and "SC" in family:
            return index
    return 0


@cache
def cjk_font_file() -> tuple[Path, int] | None:
    """The CJK font file the chart uses and its face index, looked up once."""
    path = _shipped_font() or _installed_font()
    if path is not None:
        return path, _face_index(path)
    # The digest still goes out; its Chinese labels will show as boxes until a font is added.
    log.warning("no CJK font found: install fudao's dependencies or fonts-noto-cjk")
    return None


@cache
def _font(size: int) -> Font:
    """The CJK font at a pixel size, loaded once per process: loading the 8 MB file costs."""
    found = cjk_font_file()
    if found is None:
        return ImageFont.load_default(size)
    path, index = found
    # No shaping is needed for Chinese and English labels; the basic layout is the faster one.
    return ImageFont.truetype(str(path), size, index=index, layout_engine=ImageFont.Layout.BASIC)


def _worst_first(digest: CollegeDigest) -> list[tuple[str, StatusTally]]:
    """Staff with the most missed and behind quotas first, so a cut keeps those that matter."""
    rows = [(s.name, s.now) for s in digest.staff]
    rows.sort(key=lambda r: (-r[1].missed, -r[1].behind, -r[1].at_risk, r[0]))
    return rows[:MAX_BARS]


def _total(tally: StatusTally) -> int:
    """All quotas of a tally."""
    return sum(tally.get(status) for status in STATUSES)


def _axis(largest: int) -> tuple[int, int]:
    """A nice tick step (1, 2, 5, 10, 20, 50 …) giving at most seven ticks, and the axis' end."""
    step = 1
    while largest > 6 * step:
        # 1 → 2 → 5 → 10 → 20 → 50 → …
        step = step * 5 // 2 if str(step)[0] == "2" else step * 2
    return step, max(step, -(-largest // step) * step)


def _fit(text: str, font: Font, width: float) -> str:
    """The text, cut with "…" when it is wider than `width` pixels."""
    if font.getlength(text) <= width:
        return text
    while text and font.getlength(text + "…") > width:
        text = text[:-1]
    return text + "…"


@dataclass(frozen=True)
class _Frame:
    """Where the bars go: the left edge of every bar and the width a full axis takes."""

    left: int
    width: int


def _bars(
    draw: ImageDraw.ImageDraw,
    frame: _Frame,
    top: int,
    rows: Sequence[tuple[str, StatusTally]],
) -> int:
    """Horizontal stacked bars with names, gridlines and ticks; the y below the tick numbers."""
    step, end = _axis(max((_total(tally) for _, tally in rows), default=0))
    scale = frame.width / end
    bottom = top + ROW_PX * len(rows)
    for tick in range(0, end + 1, step):
        x = frame.left + round(tick * scale)
        draw.line([(x, top), (x, bottom)], fill=GRID)
        draw.text((x, bottom + 4), str(tick), font=_font(TICK_PX), fill=TEXT, anchor="mt")
    name_font, count_font = _font(NAME_PX), _font(COUNT_PX)
    for i, (name, tally) in enumerate(rows):
        middle = top + ROW_PX * i + ROW_PX // 2
        draw.text((frame.left - NAME_GAP, middle), name, font=name_font, fill=TEXT, anchor="rm")
        done = 0
        for status in STATUSES:
            count = tally.get(status)
            if not count:
                continue
            x0, x1 = frame.left + round(done * scale), frame.left + round((done + count) * scale)
            draw.rectangle([(x0, middle - BAR_PX // 2), (x1 - 1, middle + BAR_PX // 2 - 1)],
                           fill=COLORS[status])  # fmt: skip
            label = str(count)
            # A count wider than its segment would spill onto the next one; the table has it.
            if count_font.getlength(label) + 2 <= x1 - x0:
                draw.text(((x0 + x1) / 2, middle), label, font=count_font,
                          fill=LABEL_COLORS[status], anchor="mm")  # fmt: skip
            done += count
    draw.line([(frame.left, top), (frame.left, bottom), (frame.left + frame.width, bottom)],
              fill=AXIS)  # fmt: skip
    return bottom + 4 + TICK_PX + 8


def _legend(draw: ImageDraw.ImageDraw, y: int, t: Translate) -> None:
    """A swatch and a name for every status, centred in one line."""
    font = _font(NAME_PX)
    labels = [t(f"status-{status}") for status in STATUSES]
    widths = [NAME_PX + 6 + font.getlength(label) for label in labels]
    x = (WIDTH_PX - sum(widths) - 24 * (len(labels) - 1)) / 2
    for status, label, width in zip(STATUSES, labels, widths, strict=True):
        draw.rectangle([(x, y), (x + NAME_PX - 1, y + NAME_PX - 1)], fill=COLORS[status])
        draw.text((x + NAME_PX + 6, y + NAME_PX / 2), label, font=font, fill=TEXT, anchor="lm")
        x += width + 24


def _height(staff_rows: int) -> int:
    """The picture's height: title, both panels with their ticks, the legend."""
    top_panel = ROW_PX * staff_rows if staff_rows else ROW_PX * 3
    ticks = 4 + TICK_PX + 8
    return (PAD + TITLE_PX + 12 + HEADING_PX + 8 + top_panel + ticks + 8
            + HEADING_PX + 8 + ROW_PX * 2 + ticks + 8 + NAME_PX + PAD)  # fmt: skip


def render_chart(digest: CollegeDigest, t: Translate) -> bytes:
    """The PNG: every staff member's statuses, and the college's this week against last."""
    staff = _worst_first(digest)
    week = [t("digest-chart-this-week"), t("digest-chart-last-week")]
    with DRAWING:
        name_font = _font(NAME_PX)
        # The names' column is as wide as the widest name drawn, up to MAX_NAME_PX.
        names = [_fit(name, name_font, MAX_NAME_PX) for name, _ in staff]
        widest = max(name_font.getlength(name) for name in [*names, *week])
        frame = _Frame(left := PAD + round(widest) + NAME_GAP, WIDTH_PX - PAD - 12 - left)
        image = Image.new("RGB", (WIDTH_PX, _height(len(staff))), "white")
        draw = ImageDraw.Draw(image)
        title = t("digest-chart-title", college=digest.college_name,
                  start=digest.week.start.isoformat(), end=digest.week.end.isoformat())  # fmt: skip
        title = _fit(title, _font(TITLE_PX), WIDTH_PX - 2 * PAD)  # a college's long English name
        draw.text((WIDTH_PX / 2, PAD), title, font=_font(TITLE_PX), fill=TEXT, anchor="mt")
        y = PAD + TITLE_PX + 12
        hidden = len(digest.staff) - len(staff)
        # Separate keys, not a Fluent selector: i18n hands numbers over as text.
        key = "digest-chart-staff-more" if hidden else "digest-chart-staff"
        heading = t(key, shown=len(staff), hidden=hidden)
        draw.text((PAD, y), heading, font=_font(HEADING_PX), fill=TEXT)
        y += HEADING_PX + 8
        if staff:
            y = _bars(draw, frame, y, list(zip(names, (tally for _, tally in staff), strict=True)))
        else:
            middle = y + ROW_PX * 3 // 2
            draw.text((WIDTH_PX / 2, middle), t("digest-chart-empty"), font=name_font, fill=TEXT,
                      anchor="mm")  # fmt: skip
            y += ROW_PX * 3 + 4 + TICK_PX + 8
        y += 8
        draw.text((PAD, y), t("digest-chart-college"), font=_font(HEADING_PX), fill=TEXT)
        y += HEADING_PX + 8
        y = _bars(draw, frame, y, list(zip(week, (digest.total_now, digest.total_before),
                                           strict=True)))  # fmt: skip
        _legend(draw, y + 8, t)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False, compress_level=PNG_COMPRESSION)
    return buffer.getvalue()
