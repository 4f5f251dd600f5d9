"""The academic calendar: terms, vacations, statutory holidays, 调休, and the 2027 fallback."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from policy.calendar import AcademicCalendar, load_calendar
from policy.errors import PolicyError


def week(monday: date) -> tuple[date, date]:
    return monday, monday + timedelta(days=6)


def test_it_takes_the_2026_spring_festival_and_its_makeup_days_from_chinese_calendar(
    cal: AcademicCalendar,
) -> None:
    festival = [date(2026, 2, 15) + timedelta(days=n) for n in range(9)]  # 02-15 … 02-23
    assert not any(cal.is_workday(d) for d in festival)
    assert cal.is_workday(date(2026, 2, 14)) and cal.is_workday(date(2026, 2, 28))  # 调休 Sat


def test_it_never_counts_a_makeup_saturday_in_the_winter_vacation_as_teaching(
    cal: AcademicCalendar,
) -> None:
    assert cal.vacation_of(date(2026, 2, 14)) is not None
    assert not cal.is_teaching_day(date(2026, 2, 14))
    assert not cal.is_teaching_day(date(2026, 2, 28))
    assert cal.teaching_days(date(2026, 2, 1), date(2026, 2, 28)) == 0
    assert cal.is_teaching_day(date(2026, 3, 2))  # the spring term's first day


def test_it_counts_national_day_2026_holidays_and_makeup_days(cal: AcademicCalendar) -> None:
    assert not any(cal.is_teaching_day(date(2026, 10, d)) for d in range(1, 8))
    assert cal.is_teaching_day(date(2026, 9, 20))  # Sunday 调休
    assert cal.is_teaching_day(date(2026, 10, 10))  # Saturday 调休
    assert not cal.is_teaching_day(date(2026, 9, 25))  # 中秋节, a Friday
    assert cal.teaching_days(*week(date(2026, 9, 14))) == 6  # Mon–Fri and Sunday the 20th
    assert cal.teaching_days(*week(date(2026, 9, 21))) == 4  # Friday is 中秋
    assert cal.teaching_days(*week(date(2026, 9, 28))) == 3  # Mon–Wed, then the holiday
    assert cal.teaching_days(*week(date(2026, 10, 5))) == 3  # Thu, Fri and Saturday the 10th


def test_it_falls_back_to_weekends_and_the_extra_lists_in_2027(cal: AcademicCalendar) -> None:
    assert not cal.is_workday(date(2027, 1, 1))  # listed in extra_holidays
    assert cal.is_workday(date(2027, 1, 4))  # a Monday without data: weekends only
    assert not cal.is_workday(date(2027, 1, 9))
    assert cal.teaching_days(date(2027, 1, 1), date(2027, 1, 31)) == 10


def test_it_lets_extra_workdays_and_holidays_override_chinese_calendar(tmp_path: Path) -> None:
    text = (Path(__file__).parents[2] / "policy/data/calendar.yaml").read_text(encoding="utf-8")
    text = text.replace("extra_workdays: []", "extra_workdays: [2026-03-07]")
    text = text.replace("  - 2027-01-01   # 元旦", "  - 2026-03-09\n  - 2027-01-01")
    (tmp_path / "calendar.yaml").write_text(text, encoding="utf-8")
    custom = load_calendar(tmp_path / "calendar.yaml")
    assert custom.is_teaching_day(date(2026, 3, 7))  # a Saturday made a workday
    assert not custom.is_teaching_day(date(2026, 3, 9))  # a Monday made a holiday


def test_it_puts_registration_days_in_neither_a_term_nor_a_vacation(
    cal: AcademicCalendar,
) -> None:
    day = date(2026, 9, 3)
    assert cal.term_of(day) is None and cal.vacation_of(day) is None
    assert cal.academic_year_of(day).start == date(2026, 9, 1)
    assert not cal.is_teaching_day(day)


def test_it_uses_september_to_august_for_a_year_the_calendar_does_not_list(
    cal: AcademicCalendar,
) -> None:
    assert cal.academic_year_of(date(2024, 8, 31)).start == date(2023, 9, 1)
    assert cal.academic_year_of(date(2028, 9, 1)).end == date(2029, 8, 31)
    assert cal.term_of(date(2028, 10, 9)) is None


def test_it_finds_the_nth_teaching_day(cal: AcademicCalendar) -> None:
    assert cal.nth_teaching_day_after(date(2026, 9, 30), 2) == date(2026, 10, 8)
    assert cal.nth_teaching_day_after(date(2026, 2, 1), 1) == date(2026, 3, 2)


@pytest.mark.parametrize(
    ("old", "new", "field", "marker"),
    [
        (
            "name: winter, start: 2026-01-17",
            "name: winter, start: 2026-01-10",
            "years.0",
            "name: 2025-2026",
        ),
        ("end: 2026-07-10}", "end: 2026-02-10}", "years.0.terms.1", "start: 2026-03-02"),
        ("timezone: Asia/Shanghai", "timezone: Asia/Nowhere", "timezone", "Asia/Nowhere"),
        ("- {start: 2026-01-05", "- {start: 2025-08-05", "years.0", "name: 2025-2026"),
        (
            "    exam_weeks:\n      - {start: 2026-01-05",
            "    exams:\n      - {start: 2026-01-05",
            "years.0.exams",
            "exams:",
        ),
    ],
    ids=["vacation-overlaps-term", "term-ends-first", "zone", "exams-outside", "typo"],
)
def test_it_refuses_a_broken_calendar_naming_line_and_field(
    tmp_path: Path, old: str, new: str, field: str, marker: str
) -> None:
    shipped = (Path(__file__).parents[2] / "policy/data/calendar.yaml").read_text(encoding="utf-8")
    assert old in shipped
    text = shipped.replace(old, new, 1)
    (tmp_path / "calendar.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_calendar(tmp_path / "calendar.yaml")
    [problem] = caught.value.problems
    assert problem.field == field
    assert problem.line is not None and marker in text.splitlines()[problem.line - 1]


def test_it_knows_when_the_calendar_and_the_holiday_data_run_out(tmp_path: Path) -> None:
    shipped = load_calendar()
    assert shipped.calendar_ends() == date(2027, 8, 31)
    assert shipped.holidays_end() == date(2026, 12, 31)
    text = (Path(__file__).parents[2] / "policy/data/calendar.yaml").read_text(encoding="utf-8")
    (tmp_path / "calendar.yaml").write_text(text + "holiday_years: [2027]\n", encoding="utf-8")
    assert load_calendar(tmp_path / "calendar.yaml").holidays_end() == date(2027, 12, 31)
