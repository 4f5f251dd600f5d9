"""The academic calendar: academic years, terms, vacations, and which days are teaching days.

Statutory holidays and 调休 working days come from `chinese_calendar`. Its data ends with
2026 (version 1.11); for later years a day is a working day when it is Monday to Friday,
and the file's `extra_holidays` / `extra_workdays` correct that (they win in every year).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator
from datetime import date, timedelta
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import chinese_calendar
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from policy.errors import PolicyError, YamlDoc

SEPTEMBER = 9


class DateRange(BaseModel):
    """Days from `start` to `end`, both included."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: date
    end: date

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        """A range ends on or after the day it starts."""
        if self.end < self.start:
            raise ValueError(f"ends ({self.end}) before it starts ({self.start})")
        return self

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def days(self) -> Iterator[date]:
        """Every day of the range, in order."""
        for n in range((self.end - self.start).days + 1):
            yield self.start + timedelta(days=n)


class Term(DateRange):
    """A term (学期): its first and last teaching day."""

    name: Literal["autumn", "spring"]


class Vacation(DateRange):
    """A vacation (寒假, 暑假): no teaching days, no weekly or monthly shortfall."""

    name: str


class AcademicYear(DateRange):
    """One academic year (学年) with its terms, vacations and exam weeks."""

    name: str
    terms: tuple[Term, ...]
    vacations: tuple[Vacation, ...] = ()
    exam_weeks: tuple[DateRange, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> AcademicYear:
        """Terms and vacations lie inside the year and never overlap; exams lie in a term."""
        parts: list[DateRange] = sorted([*self.terms, *self.vacations], key=lambda r: r.start)
        for part in parts:
            if part.start < self.start or part.end > self.end:
                raise ValueError(f"{part.start}…{part.end} lies outside the year")
        for before, after in itertools.pairwise(parts):
            if after.start <= before.end:
                raise ValueError(f"{after.start} overlaps the range ending {before.end}")
        for exams in self.exam_weeks:
            if not any(exams.start in t and exams.end in t for t in self.terms):
                raise ValueError(f"exam weeks {exams.start}…{exams.end} are not inside a term")
        return self


class CalendarFile(BaseModel):
    """The contents of calendar.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    timezone: str = "Asia/Shanghai"
    extra_holidays: tuple[date, ...] = ()
    extra_workdays: tuple[date, ...] = ()
    # Years whose holidays and 调休 the two lists above give in full (chinese_calendar lacks them).
    holiday_years: tuple[int, ...] = ()
    years: tuple[AcademicYear, ...]

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        """A zone name the zone database knows."""
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r}") from error
        return value

    @model_validator(mode="after")
    def _years_in_order(self) -> CalendarFile:
        """Academic years follow one another without overlapping."""
        for before, after in itertools.pairwise(self.years):
            if after.start <= before.end:
                raise ValueError(f"year {after.name} starts before {before.name} ends")
        return self


class AcademicCalendar:
    """Answers which term, vacation, academic year and teaching day a date belongs to."""

    def __init__(self, data: CalendarFile) -> None:
        self.data = data
        self.tz = ZoneInfo(data.timezone)
        self._holidays = frozenset(data.extra_holidays)
        self._workdays = frozenset(data.extra_workdays)
        self.terms: tuple[Term, ...] = tuple(t for y in data.years for t in y.terms)
        self.vacations: tuple[Vacation, ...] = tuple(v for y in data.years for v in y.vacations)

    @cached_property
    def _lecture_ordinals(self) -> list[int]:
        """The teaching days outside exam weeks, as sorted ordinals."""
        exams = [r for y in self.data.years for r in y.exam_weeks]
        return [
            n for n in self._teaching_ordinals if not any(date.fromordinal(n) in r for r in exams)
        ]

    @cached_property
    def _teaching_ordinals(self) -> list[int]:
        """Every teaching day of every term, as sorted ordinals (for counting by bisection)."""
        return [d.toordinal() for t in self.terms for d in t.days() if self._teaching(d)]

    def is_workday(self, day: date) -> bool:
        """A working day: statutory holidays off, 调休 Saturdays and Sundays on."""
        if day in self._holidays:
            return False
        if day in self._workdays:
            return True
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            # No holiday data for this year: weekends only (see the module docstring).
            return day.weekday() < 5

    def term_of(self, day: date) -> Term | None:
        """The term a day falls in (none in a vacation or between terms)."""
        return next((t for t in self.terms if day in t), None)

    def term_code(self, day: date) -> str | None:
        """The term a day falls in as lists name it: 2026-2027-1 (autumn), 2026-2027-2 (spring)."""
        for year in self.data.years:
            for term in year.terms:
                if day in term:
                    return f"{year.name}-{1 if term.name == 'autumn' else 2}"
        return None

    def term_before(self, day: date) -> Term | None:
        """The last term that ended before this day (D02 judges its courses the term after)."""
        return next((t for t in reversed(self.terms) if t.end < day), None)

    def vacation_of(self, day: date) -> Vacation | None:
        """The vacation a day falls in, if any."""
        return next((v for v in self.vacations if day in v), None)

    def academic_year_of(self, day: date) -> DateRange:
        """The academic year of a day: from the calendar, else 1 September to 31 August."""
        for year in self.data.years:
            if day in year:
                return DateRange(start=year.start, end=year.end)
        first = day.year if day.month >= SEPTEMBER else day.year - 1
        return DateRange(start=date(first, 9, 1), end=date(first + 1, 8, 31))

    def _teaching(self, day: date) -> bool:
        return self.vacation_of(day) is None and self.is_workday(day)

    def is_teaching_day(self, day: date) -> bool:
        """Inside a term, a working day, and not in a vacation."""
        return self.term_of(day) is not None and self._teaching(day)

    def teaching_days(self, start: date, end: date) -> int:
        """How many teaching days lie between two days, both included."""
        return _between(self._teaching_ordinals, start, end)

    def lecture_days(self, start: date, end: date) -> int:
        """How many teaching days outside the exam weeks lie between two days, both included."""
        return _between(self._lecture_ordinals, start, end)

    def calendar_ends(self) -> date | None:
        """The last day the academic years cover."""
        return self.data.years[-1].end if self.data.years else None

    def holidays_end(self) -> date:
        """The last day whose holidays and 调休 are known (chinese_calendar or the file)."""
        known = {day.year for day in chinese_calendar.holidays} | set(self.data.holiday_years)
        last = min(known)
        while last + 1 in known:
            last += 1
        return date(last, 12, 31)

    def nth_teaching_day_after(self, day: date, count: int) -> date | None:
        """The day on which `count` more teaching days (from `day` on) have passed."""
        days = self._teaching_ordinals
        index = bisect.bisect_left(days, day.toordinal()) + count - 1
        return date.fromordinal(days[index]) if 0 <= index < len(days) else None


def _between(days: list[int], start: date, end: date) -> int:
    """How many of the sorted ordinals lie between two days, both included."""
    return bisect.bisect_right(days, end.toordinal()) - bisect.bisect_left(days, start.toordinal())


def _shipped_calendar() -> Path:
    return Path(str(resources.files("policy").joinpath("data/calendar.yaml")))


def load_calendar(path: Path | None = None) -> AcademicCalendar:
    """Read calendar.yaml (the shipped one by default); PolicyError lists what is wrong."""
    path = path or _shipped_calendar()
    doc = YamlDoc(str(path), path.read_text(encoding="utf-8"))
    if not doc.problems:
        try:
            data = CalendarFile.model_validate(doc.data)
        except ValidationError as error:
            doc.validation_problems(error, ())
    if doc.problems:
        raise PolicyError(doc.problems)
    return AcademicCalendar(data)
