"""Issue 20, part 2: a month with at least 5 teaching days (exam weeks included) asks."""

from __future__ import annotations

from datetime import date

import pytest

from models.counts import Counts
from policy.evaluation import Status, evaluate
from policy.periods import paused_months
from policy.rules import READING_MARK, format_effective_policy
from tests.policy.test_evaluation import SVC, counselor, world


def statuses_in(rule_id: str, today: date, minimum: int) -> list[Status]:
    """The statuses of a monthly rule in the month of `today`, with `minimum` teaching days."""
    days = {**SVC.policy.settings.min_teaching_days, "month": minimum}
    settings = SVC.policy.settings.model_copy(update={"min_teaching_days": days})
    rules = [r for r in SVC.policy.rules_for_college("机电工程学院") if r.id == rule_id]
    found = evaluate(world(counselor()), {1: rules}, Counts(), SVC.calendar, settings, today)
    return [s.status for s in found if today in s.period]


NA = Status.NOT_APPLICABLE


@pytest.mark.parametrize(
    ("rule_id", "today", "minimum", "applies"),
    [
        # July 2026: the spring term ends on the 10th with its exams: 8 teaching days.
        ("C15", date(2026, 7, 8), 5, True),
        ("C06", date(2026, 7, 8), 5, True),
        ("C36", date(2026, 7, 8), 5, True),
        ("C15", date(2026, 7, 8), 10, False),  # the old reading: July asked for nothing
        ("C15", date(2027, 7, 7), 5, True),  # July 2027: 7 teaching days
        ("C15", date(2026, 2, 18), 5, False),  # February: wholly 寒假
        ("C15", date(2026, 8, 12), 5, False),  # August: wholly 暑假
        ("C15", date(2026, 1, 14), 5, True),  # January: 11 teaching days, exams included
    ],
)
def test_a_month_partly_in_term_asks_for_its_monthly_duties(
    rule_id: str, today: date, minimum: int, applies: bool
) -> None:
    """U 11(四)1: 「每月到学生宿舍至少 2 次」; U 11(二)5: 「每月至少召开 1 次班团干部工作例会」.

    The articles say 每月 and name no vacation pause: students are in the dorms until the
    exams end, so a month with 5 teaching days (fudao's reading) asks; a vacation month does not.
    """
    found = statuses_in(rule_id, today, minimum)
    assert found and all((s != NA) is applies for s in found)


@pytest.mark.parametrize(
    ("day", "minimum", "paused"),
    [
        (date(2026, 4, 1), 5, [(2026, 2), (2026, 8)]),
        (date(2026, 4, 1), 10, [(2026, 2), (2026, 7), (2026, 8)]),
        (date(2026, 10, 1), 5, [(2027, 2), (2027, 8)]),
    ],
)
def test_it_lists_the_months_exempt_this_year(
    day: date, minimum: int, paused: list[tuple[int, int]]
) -> None:
    """U 11 「每月」: only the months with fewer teaching days than the setting are exempt."""
    found = paused_months(SVC.calendar, day, minimum)
    assert [(p.start.year, p.start.month) for p in found] == paused


def test_policy_show_marks_the_month_setting_as_fudaos_reading() -> None:
    """The number of days is not in the seeds: `fudao policy show` says it is fudao's reading."""
    text = format_effective_policy(SVC.policy, "机电工程学院")
    (line,) = [x for x in text.splitlines() if x.startswith("settings.min_teaching_days.month")]
    assert "≥5 teaching days" in line and READING_MARK in line
