"""The digest as a person reads it: HTML text in parts under Telegram's limit, chart, workbook.

Over 300 lines: the digest's sections, splitting and the rendering entry points; moving the
sections to their own module is the next step. Drawing off the event loop, a college at a
time, is reports.digest_drawing's.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from i18n import Translate, esc, role_names
from reports.chart import render_chart
from reports.digest_data import (
    CollegeDigest,
    ConditionIssue,
    Coverage,
    StaffLine,
    StatusTally,
)
from reports.workbook import render_workbook

if TYPE_CHECKING:
    from policy.service import ConditionResult, PolicyService


TELEGRAM_LIMIT = 4096
# The headline names every status, so that its counts add up to the total.
STATUSES = ("met", "on_track", "at_risk", "behind", "missed")
LATE_STATUSES = ("missed", "behind", "at_risk")
NAMES_SHOWN = 5
# A phone screen: this many people furthest behind, rules per person, lines per section.
PEOPLE_SHOWN = 5
RULES_SHOWN = 3
SECTION_SHOWN = 10
_UNSAFE_FILENAME = re.compile(r'[\\/:*?"<>|\s]+')
# Charts and workbooks drawn, by ("chart" | "workbook", college id): the proof, in tests and
# benchmarks, that a college's files are drawn once however many leaders read them.
RENDERS: Counter[tuple[str, int]] = Counter()


def units(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units, so an emoji counts two."""
    return len(text.encode("utf-16-le")) // 2


def _hard_cut(line: str, limit: int) -> Iterator[str]:
    """Pieces of one over-long line, never cutting a character in half."""
    piece, size = "", 0
    for ch in line:
        width = units(ch)
        if size + width > limit:
            yield piece
            piece, size = "", 0
        piece, size = piece + ch, size + width
    if piece:
        yield piece


def split_message(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Pack whole lines into messages of at most `limit` units; cut only a line too long alone.

    1. Lines are added to the current part while it stays within the limit.
    2. A line that does not fit starts a new part.
    3. A line longer than the limit on its own is cut into limit-sized pieces.
    """
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for line in text.split("\n"):
        pieces = [line] if units(line) <= limit else list(_hard_cut(line, limit))
        for piece in pieces:
            extra = units(piece) + (1 if current else 0)
            if current and size + extra > limit:
                parts.append("\n".join(current))
                current, size = [], 0
                extra = units(piece)
            current.append(piece)
            size += extra
    if current:
        parts.append("\n".join(current))
    return [p for p in parts if p.strip()] or [""]


def _counts(
    t: Translate, now: StatusTally, before: StatusTally, statuses: tuple[str, ...] = STATUSES
) -> str:
    """`已完成 5（+1），进度正常 3，有风险 1，落后 0，未完成 0`."""
    items = []
    for status in statuses:
        change = now.get(status) - before.get(status)
        delta = t("digest-delta", delta=f"{change:+d}") if change else ""
        items.append(
            t("digest-count", label=t(f"status-{status}"), value=now.get(status), delta=delta)
        )
    return t("digest-separator").join(items)


def who(t: Translate, name: str, roles: tuple[str, ...]) -> str:
    """`李超然（学院领导）`: a person with every role they hold, never an empty （）."""
    held = role_names(t, roles)
    return t("digest-person", name=esc(name), roles=held)


def _staff_line(t: Translate, line: StaffLine) -> str:
    """One of the people furthest behind: their counts and the rules they miss."""
    sep = t("digest-list-separator")
    rules = sep.join(t(f"rule-{r}") for r in line.missing[:RULES_SHOWN])
    if len(line.missing) > RULES_SHOWN:
        rules += t("digest-rules-more", count=len(line.missing) - RULES_SHOWN)
    text = t(
        "digest-staff-line",
        person=who(t, line.name, line.roles),
        counts=_counts(t, line.now, line.before, LATE_STATUSES),
    )
    return text + t("digest-staff-rules", rules=rules) if rules else text


def _coverage_line(t: Translate, person: str, gaps: list[Coverage], with_names: bool) -> str:
    """One person's coverage gaps in one line."""
    parts = []
    for c in gaps:
        text = t(f"digest-coverage-{c.rule_id}", done=c.done, target=c.target)
        # C17 misses most of a roster early in the year: its names belong in the workbook only.
        if with_names and c.missing and c.rule_id != "C17":
            names = t("digest-list-separator").join(esc(s.name) for s in c.missing[:NAMES_SHOWN])
            more = len(c.missing) - NAMES_SHOWN
            if more > 0:
                names += t("digest-names-more", count=more)
            text += t("digest-names", names=names)
        parts.append(text)
    return t("digest-coverage-line", person=person, gaps=t("digest-separator").join(parts))


def _capped(t: Translate, lines: list[str], limit: int) -> Iterator[str]:
    """At most `limit` lines, then one line pointing at the workbook for the rest."""
    yield from lines[:limit]
    if len(lines) > limit:
        yield t("digest-more-in-attachment", count=len(lines) - limit)


def _coverage_gaps(d: CollegeDigest) -> dict[int, list[Coverage]]:
    """Each person's coverage worth a line: late on pace, or a small set not yet reached."""
    gaps: dict[int, list[Coverage]] = {}
    for c in d.coverage:
        if c.late or (c.rule_id != "C17" and c.done < c.target):
            gaps.setdefault(c.staff_id, []).append(c)
    return gaps


def _condition(t: Translate, issue: ConditionIssue) -> str:
    """One standing condition's line; S01 fails for a class without a head teacher or,
    rarely, with two; an information line has its own wording."""
    many = "-many" if issue.condition_id == "S01" and issue.value else ""
    many = "-info" if issue.info else many
    return t(
        f"digest-condition-{issue.condition_id}{many}", subject=esc(issue.subject),
        value=issue.value or 0, limit=issue.limit or "", total=issue.total or 0,
    )  # fmt: skip


def _sections(t: Translate, d: CollegeDigest, with_names: bool) -> Iterator[str]:
    """The message line by line; every line stands alone so parts split between lines.

    A phone screen's worth: the headline, the five people furthest behind, then crises,
    failing conditions and coverage gaps; the workbook keeps every person and every rule.
    """
    yield t("digest-title", college=esc(d.college_name))
    yield t("digest-week", start=d.week.start.isoformat(), end=d.week.end.isoformat())
    yield ""
    yield t("digest-compliance-title")
    yield t(
        "digest-college-line",
        counts=_counts(t, d.total_now, d.total_before),
        total=d.total_now.total,
    )
    behind = [line for line in d.staff if line.shortfall[0] > 0][:PEOPLE_SHOWN]
    if behind:
        yield ""
        yield t("digest-behind-title", count=len(behind))
        for line in behind:
            yield _staff_line(t, line)
    yield ""
    if d.crises:
        yield t("digest-crises-title", count=len(d.crises))
        for crisis in d.crises:
            place = crisis.class_name or crisis.dorm or t("digest-crisis-no-place")
            yield t(
                "digest-crisis",
                day=crisis.day.isoformat(),
                place=esc(place),
                staff=esc(crisis.staff_name),
            )
    else:
        yield t("digest-crises-none")
    yield ""
    failing = [issue for issue in d.conditions if not issue.info]
    if failing:
        yield t("digest-conditions-title")
        yield from _capped(t, [_condition(t, issue) for issue in failing], SECTION_SHOWN)
    else:
        yield t("digest-conditions-ok")
    # For information only (S02: one counselor's many students), never under "not met".
    notes = [_condition(t, issue) for issue in d.conditions if issue.info]
    yield from _capped(t, notes, SECTION_SHOWN)
    gaps = _coverage_gaps(d)
    if gaps:
        roles = {line.staff_id: line.roles for line in d.staff}
        names = {line.staff_id: line.name for line in d.staff}
        order = [line.staff_id for line in d.staff if line.staff_id in gaps]
        order += [i for i in gaps if i not in order]
        yield ""
        yield t("digest-coverage-title", count=len(order))
        lines = [
            _coverage_line(
                t, who(t, names.get(i, gaps[i][0].name), roles.get(i, ())), gaps[i], with_names
            )
            for i in order
        ]
        yield from _capped(t, lines, SECTION_SHOWN)
    sep = t("digest-list-separator")
    if d.unregistered:
        yield ""
        yield t(
            "digest-unregistered",
            count=len(d.unregistered),
            names=sep.join(esc(n) for n in d.unregistered),
        )
    if d.unreachable:
        yield ""
        yield t(
            "digest-unreachable",
            count=len(d.unreachable),
            names=sep.join(esc(n) for n in d.unreachable),
        )
    yield ""
    yield t("digest-attachments")


def render_text(digest: CollegeDigest, t: Translate, *, with_names: bool) -> list[str]:
    """The digest's HTML text, split into messages Telegram accepts."""
    return split_message("\n".join(_sections(t, digest, with_names)))


def filename(digest: CollegeDigest, t: Translate) -> str:
    """The workbook's file name, safe on every system."""
    name = t("digest-filename", college=digest.college_name, start=digest.week.start.isoformat())
    return _UNSAFE_FILENAME.sub("_", name) + ".xlsx"


@dataclass(frozen=True)
class RenderedDigest:
    """A college's digest ready to send: text parts (HTML), chart PNG, workbook."""

    parts: tuple[str, ...]
    caption: str
    png: bytes
    xlsx: bytes
    filename: str


def render(
    digest: CollegeDigest, t: Translate, *, with_names: bool, png: bytes | None = None
) -> RenderedDigest:
    """Text, chart (unless already drawn) and workbook of one digest in one reader's language.

    CPU-bound (Pillow, openpyxl): from async code, draw through reports.digest_drawing.
    """
    _count(digest, png)
    return draw_rendered(digest, t, with_names=with_names, png=png)


def _count(digest: CollegeDigest, png: bytes | None) -> None:
    if png is None:
        RENDERS[("chart", digest.college_id)] += 1
    RENDERS[("workbook", digest.college_id)] += 1


def draw_rendered(
    digest: CollegeDigest, t: Translate, *, with_names: bool, png: bytes | None
) -> RenderedDigest:
    """`render` without counting: what a drawing process runs (reports.digest_drawing)."""
    return RenderedDigest(
        parts=tuple(render_text(digest, t, with_names=with_names)),
        caption=t(
            "digest-caption",
            college=digest.college_name,
            start=digest.week.start.isoformat(),
            end=digest.week.end.isoformat(),
        ),
        png=png if png is not None else render_chart(digest, t),
        xlsx=render_workbook(digest, t, with_names=with_names),
        filename=filename(digest, t),
    )


# Admins hear this long before the calendar or the holiday data runs out.
CALENDAR_WARNING_DAYS = 60


def calendar_warning(svc: PolicyService, today: date, t: Translate) -> str | None:
    """A line for admins when the academic calendar or the holiday data ends within 60 days."""
    calendar = svc.calendar
    lines = []
    ends = calendar.calendar_ends()
    if ends is None or (ends - today).days <= CALENDAR_WARNING_DAYS:
        lines.append(t("digest-calendar-ends", end=ends.isoformat() if ends else "—"))
    holidays = calendar.holidays_end()
    if (holidays - today).days <= CALENDAR_WARNING_DAYS:
        lines.append(t("digest-holidays-end", end=holidays.isoformat()))
    return "\n".join(lines) if lines else None


def university_warning(
    failing: Sequence[ConditionResult], t: Translate, names: Mapping[int, str] | None = None
) -> str | None:
    """The university-wide conditions that fail (S02, S03), and the people S03 and S08 flag,
    a line each, for admins."""
    names = names or {}
    lines = [
        t(f"digest-condition-{c.condition_id}{_whose(c)}", value=c.value or 0,
          total=c.total or 0, percent=round(100 * (c.value or 0) / (c.total or 1), 1),
          limit=c.limit or 0, subject=esc(names.get(c.staff_id or 0, "")))
        for c in failing
        if not c.ok
    ]  # fmt: skip
    return "\n".join([t("digest-university-title"), *lines]) if lines else None


def _whose(c: ConditionResult) -> str:
    """Which line a university result takes: a person's (S03), the university's (S02)."""
    if c.condition_id == "S03" and c.staff_id is not None:
        return "-person"
    return "-university" if c.condition_id == "S02" else ""


def start_date_gap(names: Sequence[str], t: Translate) -> str | None:
    """A line for admins naming the counselors with no 任职起始日期, so the gap is seen."""
    if not names:
        return None
    shown = "、".join(esc(n) for n in names[:SECTION_SHOWN])
    more = (
        t("digest-names-more", count=len(names) - SECTION_SHOWN)
        if len(names) > SECTION_SHOWN
        else ""
    )
    return t("digest-no-start-date", count=len(names), names=shown + more)
