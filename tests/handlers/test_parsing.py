"""Dates and numbers as people type them."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.parsing import (
    DateError,
    check_past_date,
    looks_like_date,
    parse_date,
    parse_future_date,
    parse_number,
)

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-12", date(2026, 3, 12)),
        ("2026/3/2", date(2026, 3, 2)),
        ("2026年3月12日", date(2026, 3, 12)),
        ("11-20", date(2026, 11, 20)),
        ("11月20日", date(2026, 11, 20)),
        ("１１月２０日", date(2026, 11, 20)),
        ("12-30", date(2025, 12, 30)),
        ("11-25", date(2026, 11, 25)),
        ("今天", TODAY),
        ("昨天", date(2026, 11, 21)),
        ("前天", date(2026, 11, 20)),
        (" Yesterday ", date(2026, 11, 21)),
    ],
)
def test_it_reads_the_dates_people_type(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [("2026-02-30", "date-invalid"), ("13月1日", "date-invalid"), ("下周", "date-unreadable")],
)
def test_it_names_why_a_date_is_refused(text: str, reason: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text, TODAY)
    assert caught.value.reason == reason


def test_it_refuses_future_days_and_days_over_thirty_back() -> None:
    with pytest.raises(DateError, match="date-future"):
        check_past_date(date(2026, 11, 23), TODAY)
    with pytest.raises(DateError, match="date-too-old"):
        check_past_date(date(2026, 10, 22), TODAY)
    assert check_past_date(date(2026, 10, 23), TODAY) == date(2026, 10, 23)


def test_it_reads_a_follow_up_day_as_the_next_such_day() -> None:
    assert parse_future_date("1-5", TODAY) == date(2027, 1, 5)
    assert parse_future_date("明天", TODAY) == date(2026, 11, 23)
    with pytest.raises(DateError, match="date-not-future"):
        parse_future_date("今天", TODAY)


def test_it_tells_date_words_from_notes() -> None:
    assert looks_like_date("3月12日") and looks_like_date("2026-03-12") and looks_like_date("昨天")
    assert not looks_like_date("了解学业情况") and not looks_like_date("7号楼")


def test_it_reads_numbers_and_refuses_fractions_for_counts() -> None:
    assert parse_number("３０", integer=True) == 30
    assert parse_number("2.5", integer=True) is None
    assert parse_number("2.5", integer=False) == 2.5
    assert parse_number("三十", integer=True) is None


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_it_reads_back_every_iso_date(day: date) -> None:
    assert parse_date(day.isoformat(), TODAY) == day
