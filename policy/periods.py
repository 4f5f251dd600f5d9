"""Period arithmetic: the week, month, quarter, term or year of a day, and what is left of it.

Weeks run Monday to Sunday; quarters are calendar quarters; terms and academic years come
from the academic calendar (a day in a vacation belongs to no term). `five_years` counts
five academic years from an anchor (the start of the academic year a counselor started in);
`once` is the year either side of a counselor's first day (岗前培训 comes before it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, get_args

from policy.calendar import AcademicCalendar

PeriodKind = Literal[
    "week", "month", "quarter", "term", "spring_term", "year", "five_years", "once"
]
PERIOD_KINDS: tuple[str, ...] = get_args(PeriodKind)
# Periods that follow a person's start date rather than the calendar alone.
ANCHORED = frozenset({"five_years", "once"})
# Five-year cycles of someone whose start date is unknown count from the 2022 policy's first
# academic year, so that the cycle stays put from one day to the next.
FIVE_YEARS_EPOCH = date(2022, 9, 1)


@dataclass(frozen=True, order=True)
class Period:
    """A span of days of one kind, both ends included."""

    kind: PeriodKind
    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def length(self) -> int:
        """Calendar days in the period."""
        return (self.end - self.start).days + 1

    def days_left(self, today: date) -> int:
        """Days left including today; after the end, minus the days since it closed."""
        return days_left(self, today)


def days_left(period: Period, today: date) -> int:
    """Days left in the period counting today (1 on its last day); negative once closed."""
    if today <= period.end:
        return (period.end - max(today, period.start)).days + 1
    return (period.end - today).days


def teaching_days(period: Period, calendar: AcademicCalendar) -> int:
    """Teaching days in the period."""
    return calendar.teaching_days(period.start, period.end)


def add_years(day: date, years: int) -> date:
    """The same day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _month(year: int, month: int, kind: PeriodKind = "month", months: int = 1) -> Period:
    first = date(year, month, 1)
    n = month - 1 + months
    following = date(year + n // 12, n % 12 + 1, 1)
    return Period(kind, first, following - timedelta(days=1))


def period_containing(
    day: date, kind: PeriodKind, calendar: AcademicCalendar, *, anchor: date | None = None
) -> Period | None:
    """The period of this kind that contains the day (None: a vacation day has no term)."""
    if kind == "week":
        monday = day - timedelta(days=day.weekday())
        return Period(kind, monday, monday + timedelta(days=6))
    if kind == "month":
        return _month(day.year, day.month)
    if kind == "quarter":
        return _month(day.year, 3 * ((day.month - 1) // 3) + 1, "quarter", 3)
    if kind in ("term", "spring_term"):
        term = calendar.term_of(day)
        if term is None or (kind == "spring_term" and term.name != "spring"):
            return None
        return Period(kind, term.start, term.end)
    if kind == "year":
        year = calendar.academic_year_of(day)
        return Period(kind, year.start, year.end)
    if kind == "five_years":
        base = anchor or FIVE_YEARS_EPOCH
        cycles = (day.year - base.year) // 5  # floors for days before the anchor too
        while add_years(base, 5 * cycles) > day:
            cycles -= 1
        while add_years(base, 5 * (cycles + 1)) <= day:
            cycles += 1
        start = add_years(base, 5 * cycles)
        return Period(kind, start, add_years(start, 5) - timedelta(days=1))
    if kind == "once":
        if anchor is None:
            return None
        once = Period(kind, add_years(anchor, -1), add_years(anchor, 1) - timedelta(days=1))
        return once if day in once else None
    raise ValueError(f"unknown period kind {kind!r}")


def previous_period(
    period: Period, calendar: AcademicCalendar, *, anchor: date | None = None
) -> Period | None:
    """The period of the same kind just before this one (None for `once`)."""
    if period.kind in ("term", "spring_term"):
        return last_ended_before(period.start, period.kind, calendar)
    if period.kind == "once":
        return None
    if period.kind == "five_years":
        start = add_years(period.start, -5)
        return Period(period.kind, start, period.start - timedelta(days=1))
    return period_containing(period.start - timedelta(days=1), period.kind, calendar, anchor=anchor)


def last_ended_before(
    day: date, kind: PeriodKind, calendar: AcademicCalendar, *, anchor: date | None = None
) -> Period | None:
    """The latest period of this kind that ended before the day."""
    if kind in ("term", "spring_term"):
        ended = [
            t for t in calendar.terms if t.end < day and (kind == "term" or t.name == "spring")
        ]
        last = max(ended, key=lambda t: t.end, default=None)
        return Period(kind, last.start, last.end) if last else None
    if kind == "once":
        if anchor is None:
            return None
        once = period_containing(anchor, kind, calendar, anchor=anchor)
        return once if once is not None and once.end < day else None
    current = period_containing(day, kind, calendar, anchor=anchor)
    assert current is not None
    return previous_period(current, calendar, anchor=anchor)


def recent_periods(
    today: date,
    kind: PeriodKind,
    calendar: AcademicCalendar,
    *,
    grace_days: int,
    anchor: date | None = None,
) -> list[Period]:
    """The period that closed within `grace_days` before today (if any), then the open one."""
    found: list[Period] = []
    closed = last_ended_before(today, kind, calendar, anchor=anchor)
    if closed is not None and (today - closed.end).days <= grace_days:
        found.append(closed)
    current = period_containing(today, kind, calendar, anchor=anchor)
    if current is not None:
        found.append(current)
    return found


def paused_months(calendar: AcademicCalendar, day: date, minimum: int) -> list[Period]:
    """The months of the day's academic year with fewer than `minimum` teaching days.

    Teaching days include the exam weeks, so July, whose term ends with its exams, counts
    as long as it has `minimum` of them; a month wholly in a vacation has none.
    """
    year = calendar.academic_year_of(day)
    found: list[Period] = []
    month = _month(year.start.year, year.start.month)
    while month.start <= year.end:
        if minimum and teaching_days(month, calendar) < minimum:
            found.append(month)
        month = _month(month.end.year + month.end.month // 12, month.end.month % 12 + 1)
    return found
