"""Reading what people type: dates in the forms Chinese users write them, and numbers."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta

from policy.kinds import MAX_DAYS_BACK

FUTURE_SLACK_DAYS = 31

_RELATIVE = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2, "today": 0, "yesterday": 1}
_FULL = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_SHORT = re.compile(r"^(\d{1,2})[-/.月](\d{1,2})日?$")
_DATE_LIKE = re.compile(r"^(\d{1,4}[-/.年月]\d{1,2}([-/.月]\d{1,2})?日?|今天|今日|昨天|昨日|前天)$")


class DateError(ValueError):
    """A date that cannot be used; `reason` is a locale key."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def normalize_text(text: str) -> str:
    """Fold full-width digits and punctuation and trim, as phones' Chinese keyboards type them."""
    return unicodedata.normalize("NFKC", text).strip()


def looks_like_date(text: str) -> bool:
    """Whether a word is meant as a date (so that a bad one is refused, not taken as a note)."""
    return bool(_DATE_LIKE.match(normalize_text(text).lower()))


def parse_date(text: str, today: date) -> date:
    """A day from `2026-03-12`, `3-12`, `3月12日`, `今天`, `昨天` or `前天`.

    A month and day without a year mean this year's day, unless that lies more than a month
    ahead: then last year's, so that `12-30` typed on January 2nd is last December while
    `11-25` typed on November 18th is (refused as) the coming Wednesday.
    """
    word = normalize_text(text).lower()
    if word in _RELATIVE:
        return today - timedelta(days=_RELATIVE[word])
    try:
        if m := _FULL.match(word):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _SHORT.match(word):
            month, day = int(m[1]), int(m[2])
            guess = date(today.year, month, day)
            if (guess - today).days > FUTURE_SLACK_DAYS:
                return date(today.year - 1, month, day)
            return guess
    except ValueError:
        raise DateError("date-invalid") from None
    raise DateError("date-unreadable")


def check_past_date(day: date, today: date) -> date:
    """A day of work: not in the future and at most 30 days back."""
    if day > today:
        raise DateError("date-future")
    if (today - day).days > MAX_DAYS_BACK:
        raise DateError("date-too-old")
    return day


def check_future_date(day: date, today: date) -> date:
    """A follow-up day: after today and within a year."""
    if day <= today:
        raise DateError("date-not-future")
    if (day - today).days > 366:
        raise DateError("date-too-far")
    return day


def parse_future_date(text: str, today: date) -> date:
    """A follow-up day; a month and day without a year mean the next such day."""
    word = normalize_text(text).lower()
    if (m := _SHORT.match(word)) is not None:
        try:
            guess = date(today.year, int(m[1]), int(m[2]))
        except ValueError:
            raise DateError("date-invalid") from None
        return check_future_date(
            guess if guess > today else guess.replace(year=today.year + 1), today
        )
    relative = {"明天": 1, "后天": 2, "tomorrow": 1}
    if word in relative:
        return today + timedelta(days=relative[word])
    return check_future_date(parse_date(word, today), today)


def parse_number(text: str, *, integer: bool) -> float | None:
    """A number typed by a person, or None when it is not one."""
    word = normalize_text(text)
    try:
        value = float(word)
    except ValueError:
        return None
    if integer and not value.is_integer():
        return None
    return value
