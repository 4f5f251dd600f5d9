"""Days named by their month or weekend, and themes after 讲了 or beside a kind word (issue 22)."""

from __future__ import annotations

from datetime import date

import pytest

from policy.freetext import Proposal, read
from tests.free_text.cases import caller, today

COUNSELOR = ("counselor",)


def propose(text: str) -> Proposal:
    """What the reader proposes for the roster's counselor."""
    return read(text, today=today(), caller=caller(COUNSELOR))


@pytest.mark.parametrize(
    ("said", "day"),
    [("上个月30号", "2026-11-30"), ("上月28号", "2026-11-28"), ("上个月十五号", "2026-11-15"),
     ("本月1号", "2026-12-01"), ("这个月1日", "2026-12-01"), ("月底", "2026-11-30"),
     ("上月底", "2026-11-30"), ("上周末", "2026-11-28"), ("周末", "2026-11-28"),
     ("11-27", "2026-11-27")],
)  # fmt: skip
def test_it_reads_days_named_by_their_month_or_weekend(said: str, day: str) -> None:
    assert propose(f"{said}和李明谈心").occurred_on == date.fromisoformat(day)


@pytest.mark.parametrize(
    ("today_is", "said", "day"),
    [("2027-03-05", "上个月30号", "2027-02-28"), ("2028-03-05", "上个月30号", "2028-02-29"),
     ("2026-12-02", "上个月31号", "2026-11-30"), ("2026-11-30", "月底", "2026-11-30"),
     ("2026-11-29", "周末", "2026-11-28")],
)  # fmt: skip
def test_a_day_past_a_short_months_end_is_that_months_last_day(
    today_is: str, said: str, day: str
) -> None:
    proposal = read(
        f"{said}和李明谈心", today=date.fromisoformat(today_is), caller=caller(COUNSELOR)
    )
    assert proposal.occurred_on == date.fromisoformat(day)


@pytest.mark.parametrize("said", ["下个月3号", "本月底", "这周末"])
def test_a_day_of_next_month_or_this_weekend_to_come_is_refused_as_future(said: str) -> None:
    proposal = propose(f"{said}和李明谈心")
    assert (proposal.occurred_on, proposal.date_problem) == (None, "date-future")


def test_a_room_or_a_count_with_a_dash_is_no_day() -> None:
    assert propose("走访5-302 正常").occurred_on is None
    assert propose("机械2301班会 到了30-35人").occurred_on is None


@pytest.mark.parametrize(
    ("text", "kind", "theme"),
    [("机械2302班会 讲了冬季用电安全 40人", "class_meeting", "冬季用电安全"),
     ("安全教育讲座 讲了防范电动车火灾", "safety_education", "防范电动车火灾"),
     ("寝室美化大赛 120人参加", "dorm_culture_activity", "寝室美化大赛"),
     ("宿舍文化节 宿舍美化大赛 决赛", "dorm_culture_activity", "宿舍美化大赛"),
     ("宿舍文化节开幕", "dorm_culture_activity", "宿舍文化节")],
)  # fmt: skip
def test_it_reads_a_theme_after_jiang_le_or_beside_the_kind_word(
    text: str, kind: str, theme: str
) -> None:
    proposal = propose(text)
    assert (proposal.kind, proposal.theme) == (kind, theme)
