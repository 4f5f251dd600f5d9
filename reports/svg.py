"""The web console's charts as SVG drawn on the server: no script to ship, text a test can read."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from i18n import Translate
from reports.chart import COLORS
from reports.digest_data import STATUSES, StatusTally

ROW = 22
LABEL = 110
WIDTH = 360
FONT = 'font-family="PingFang SC, Noto Sans SC, Fudao Sans, sans-serif" font-size="12"'


def _svg(width: int, height: int, label: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label={quoteattr(label)}>' + "".join(body) + "</svg>"
    )


def _text(x: float, y: float, text: str, anchor: str = "start", fill: str = "#222") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" {FONT} text-anchor="{anchor}" fill="{fill}">'
        f"{escape(text)}</text>"
    )


def status_bars(t: Translate, title: str, rows: Sequence[tuple[str, StatusTally]]) -> str:
    """One stacked bar per row (a person or a rule): its quotas by status, counts inside."""
    height = ROW * (len(rows) + 1)
    body: list[str] = []  # the section around the chart names it; aria-label says it too
    span = WIDTH - LABEL - 4
    for i, (label, tally) in enumerate(rows):
        y = ROW * i + 4
        body.append(_text(LABEL - 6, y + 13, label[:10], "end"))
        x = float(LABEL)
        for status in STATUSES:
            n = tally.get(status)
            if not n or not tally.total:
                continue
            w = span * n / tally.total
            body.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{ROW - 6}" '
                f'fill="{COLORS[status]}" data-status="{status}"><title>'
                f"{escape(label)} · {escape(t(f'status-{status}'))} {n}</title></rect>"
            )
            if w > 14:
                light = status in ("on_track", "at_risk")
                body.append(_text(x + w / 2, y + 12, str(n), "middle", "#000" if light else "#fff"))
            x += w
    legend_y = ROW * len(rows) + 16
    for j, status in enumerate(STATUSES):
        body.append(
            f'<rect x="{j * 72}" y="{legend_y - 9}" width="10" height="10" '
            f'fill="{COLORS[status]}"/>'
        )
        body.append(_text(j * 72 + 14, legend_y, t(f"status-{status}")))
    return _svg(WIDTH, height, title, body)


def heat_map(
    t: Translate,
    title: str,
    people: Sequence[tuple[str, dict[str, str]]],
    rule_ids: Sequence[str],
) -> str:
    """A person × rule grid, each cell coloured by the worst status of that rule for them."""
    cell = 18
    top = 40
    width = LABEL + cell * len(rule_ids) + 4
    height = top + cell * len(people) + 4
    body: list[str] = []  # the section around the chart names it; aria-label says it too
    for j, rule_id in enumerate(rule_ids):
        x = LABEL + cell * j + cell / 2
        body.append(
            f'<text x="{x:.1f}" y="{top - 4}" {FONT} font-size="10" '
            f'transform="rotate(-60 {x:.1f} {top - 4})">{escape(rule_id)}</text>'
        )
    for i, (name, cells) in enumerate(people):
        y = top + cell * i
        body.append(_text(LABEL - 6, y + 13, name[:10], "end"))
        for j, rule_id in enumerate(rule_ids):
            status = cells.get(rule_id)
            if status is None:
                continue
            body.append(
                f'<rect x="{LABEL + cell * j + 1}" y="{y + 1}" width="{cell - 2}" '
                f'height="{cell - 2}" fill="{COLORS[status]}" data-status="{status}">'
                f"<title>{escape(name)} · {escape(t(f'rule-{rule_id}'))} · "
                f"{escape(t(f'status-{status}'))}</title></rect>"
            )
    return _svg(max(width, WIDTH), height, title, body)


def trend(title: str, points: Sequence[tuple[str, float | None]]) -> str:
    """Compliance per week as a line, 0–100 %, one labelled point per week."""
    height, left, top, bottom = 200, 34, 24, 30
    plot_h = height - top - bottom
    step = (WIDTH - left - 10) / max(1, len(points) - 1)
    body: list[str] = []  # the section around the chart names it; aria-label says it too
    for pct in (0, 50, 100):
        y = top + plot_h * (1 - pct / 100)
        body.append(f'<line x1="{left}" x2="{WIDTH}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        body.append(_text(left - 4, y + 4, f"{pct}%", "end", "#666"))
    coords = []
    for i, (label, value) in enumerate(points):
        x = left + step * i
        if i % max(1, len(points) // 6) == 0:
            body.append(_text(x, height - 10, label, "middle", "#666"))
        if value is None:
            continue
        y = top + plot_h * (1 - value)
        coords.append(f"{x:.1f},{y:.1f}")
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#1565c0" data-week="{escape(label)}" '
            f'data-value="{value * 100:.0f}"><title>{escape(label)} {value * 100:.0f}%</title>'
            "</circle>"
        )
    if len(coords) > 1:
        body.insert(
            0, f'<polyline points="{" ".join(coords)}" fill="none" stroke="#1565c0" '
            'stroke-width="2"/>'
        )  # fmt: skip
    return _svg(WIDTH, height, title, body)


def counts(title: str, points: Sequence[tuple[str, int]]) -> str:
    """One bar per labelled count (records per week)."""
    height, left, top, bottom = 180, 24, 24, 28
    plot_h = height - top - bottom
    most = max((n for _label, n in points), default=0) or 1
    step = (WIDTH - left) / max(1, len(points))
    body: list[str] = []  # the section around the chart names it; aria-label says it too
    for i, (label, n) in enumerate(points):
        x = left + step * i
        h = plot_h * n / most
        body.append(
            f'<rect x="{x + 1:.1f}" y="{top + plot_h - h:.1f}" width="{max(step - 2, 1):.1f}" '
            f'height="{h:.1f}" fill="#1565c0" data-week="{escape(label)}" data-count="{n}">'
            f"<title>{escape(label)}: {n}</title></rect>"
        )
        if i % max(1, len(points) // 6) == 0:
            body.append(_text(x + step / 2, height - 10, label, "middle", "#666"))
    body.append(_text(left - 4, top + 4, str(most), "end", "#666"))
    return _svg(WIDTH, height, title, body)
