"""Period arithmetic: properties over many days, and the cases people ask about."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from policy.calendar import AcademicCalendar
from policy.periods import (
    Period,
    PeriodKind,
    days_left,
    last_ended_before,
    period_containing,
    previous_period,
    recent_periods,
    teaching_days,
)
from policy.service import PolicyService

CAL: AcademicCalendar = PolicyService.load().calendar
ANY_DAY = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
CALENDAR_DAY = st.dates(min_value=date(2025, 9, 1), max_value=date(2027, 8, 31))
TILING: tuple[PeriodKind, ...] = ("week", "month", "quarter", "year", "five_years")


def containing(day: date, kind: PeriodKind, anchor: date | None = None) -> Period:
    period = period_containing(day, kind, CAL, anchor=anchor)
    assert period is not None
    return period


@given(ANY_DAY, st.sampled_from(TILING))
def test_every_day_is_in_exactly_one_period_of_each_tiling_kind(
    day: date, kind: PeriodKind
) -> None:
    period = containing(day, kind)
    assert day in period
    before = previous_period(period, CAL)
    assert before is not None and before.end + timedelta(days=1) == period.start
    # The next period starts the day after this one ends, so no day is in two of them.
    after = containing(period.end + timedelta(days=1), kind)
    assert after.start == period.end + timedelta(days=1) and day not in after


@given(ANY_DAY)
def test_weeks_run_monday_to_sunday_and_quarters_are_calendar_quarters(day: date) -> None:
    week = containing(day, "week")
    assert week.start.weekday() == 0 and week.length == 7
    quarter = containing(day, "quarter")
    assert quarter.start.month in (1, 4, 7, 10) and quarter.start.day == 1
    assert containing(day, "month").start == date(day.year, day.month, 1)


@given(ANY_DAY)
def test_every_day_has_one_academic_year_from_september_unless_the_calendar_says(day: date) -> None:
    year = containing(day, "year")
    assert day in year and year.start.month == 9 and year.start.day == 1
    assert year.end == date(year.start.year + 1, 8, 31)


@given(CALENDAR_DAY)
def test_every_calendar_day_is_in_exactly_one_of_term_vacation_or_gap(day: date) -> None:
    in_term = CAL.term_of(day) is not None
    in_vacation = CAL.vacation_of(day) is not None
    assert not (in_term and in_vacation)
    term = period_containing(day, "term", CAL)
    assert (term is not None) == in_term
    if not in_term and not in_vacation:
        assert day in (date(2026, 9, 1) + timedelta(days=n) for n in range(6))
    if CAL.is_teaching_day(day):
        assert in_term and CAL.is_workday(day)


@given(CALENDAR_DAY, st.sampled_from(("week", "month", "quarter", "term")))
def test_teaching_days_of_a_period_are_those_of_its_days(day: date, kind: PeriodKind) -> None:
    period = period_containing(day, kind, CAL)
    if period is None:
        return
    by_day = sum(
        CAL.is_teaching_day(period.start + timedelta(days=n)) for n in range(period.length)
    )
    assert teaching_days(period, CAL) == by_day


@given(ANY_DAY, st.integers(min_value=0, max_value=40))
def test_days_left_counts_today_and_goes_negative_after_the_end(day: date, offset: int) -> None:
    period = containing(day, "month")
    assert days_left(period, period.end) == 1
    assert days_left(period, period.start) == period.length
    assert days_left(period, period.end + timedelta(days=offset + 1)) == -(offset + 1)


@given(ANY_DAY, st.dates(min_value=date(2000, 9, 1), max_value=date(2030, 9, 1)))
def test_five_year_cycles_count_from_the_anchor(day: date, anchor: date) -> None:
    cycle = containing(day, "five_years", anchor)
    assert day in cycle
    assert (cycle.start.month, cycle.start.day) in ((anchor.month, anchor.day), (2, 28))
    assert abs(cycle.start.year - anchor.year) % 5 == 0


def test_a_vacation_day_belongs_to_no_term_and_an_autumn_day_to_no_spring_term() -> None:
    assert period_containing(date(2026, 2, 10), "term", CAL) is None
    assert period_containing(date(2025, 10, 10), "spring_term", CAL) is None
    spring = containing(date(2026, 4, 1), "spring_term")
    assert (spring.start, spring.end) == (date(2026, 3, 2), date(2026, 7, 10))


def test_the_term_before_a_term_is_the_last_one_that_ended() -> None:
    spring = containing(date(2026, 4, 1), "term")
    autumn = previous_period(spring, CAL)
    assert autumn == Period("term", date(2025, 9, 1), date(2026, 1, 16))
    assert last_ended_before(date(2026, 2, 1), "term", CAL) == autumn
    assert last_ended_before(date(2027, 4, 1), "spring_term", CAL) == Period(
        "spring_term", date(2026, 3, 2), date(2026, 7, 10)
    )


def test_once_is_the_year_either_side_of_the_first_day() -> None:
    started = date(2025, 9, 1)
    once = containing(date(2026, 1, 5), "once", started)
    assert (once.start, once.end) == (date(2024, 9, 1), date(2026, 8, 31))
    assert period_containing(date(2026, 9, 1), "once", CAL, anchor=started) is None
    assert period_containing(date(2026, 1, 5), "once", CAL) is None
    assert previous_period(once, CAL) is None


def test_it_keeps_a_closed_period_for_the_grace_days_after_its_end() -> None:
    assert [p.start for p in recent_periods(date(2026, 5, 7), "month", CAL, grace_days=7)] == [
        date(2026, 4, 1),
        date(2026, 5, 1),
    ]
    assert [p.start for p in recent_periods(date(2026, 5, 8), "month", CAL, grace_days=7)] == [
        date(2026, 5, 1)
    ]
    # In the winter vacation a term that ended on 16 January is reported until the 23rd.
    assert [p.end for p in recent_periods(date(2026, 1, 23), "term", CAL, grace_days=7)] == [
        date(2026, 1, 16)
    ]
    assert recent_periods(date(2026, 1, 24), "term", CAL, grace_days=7) == []
