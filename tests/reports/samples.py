"""A hand-made digest for the renderers' tests: no database, every section filled."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from reports.digest_data import (
    CollegeDigest,
    ConditionIssue,
    Coverage,
    Crisis,
    Row,
    StaffLine,
    StatusTally,
    StudentRef,
    Week,
)

NAMES = ("张老师", "刘老师", "赵老师")
WEEK = Week(date(2026, 11, 9))


def row(**values: Any) -> Row:
    """A workbook row: the week's C09 of 张老师 unless told otherwise."""
    base: dict[str, Any] = {
        "period_kind": "week", "period_start": WEEK.start, "period_end": WEEK.end,
        "staff_name": "张老师", "rule_id": "C09", "rule_title": "到学生上课的教室巡堂",
        "place": None, "target": 1.0, "done": 0.0, "remaining": 1.0, "days_left": 1,
        "status": "behind",
    }  # fmt: skip
    return Row(**{**base, **values})


def sample_digest(staff_count: int = 3) -> CollegeDigest:
    """A college of `staff_count` people with a week, a quarter and a term of quotas."""
    staff = tuple(
        StaffLine(i, NAMES[i % 3] + (str(i) if i >= 3 else ""), ("counselor",),
                  StatusTally(met=3, on_track=1, at_risk=1, behind=i % 2),
                  StatusTally(met=2, on_track=2, at_risk=1))
        for i in range(staff_count)
    )  # fmt: skip
    li_lei = StudentRef("2024000003", "李雷", "机械2402班")
    xiaoming = StudentRef("2024000001", "王小明", "机械2401班")
    return CollegeDigest(
        college_id=1,
        college_name="机电工程学院",
        week=WEEK,
        as_of=datetime(2026, 11, 15, 15, 59, tzinfo=UTC),
        staff=staff,
        total_now=StatusTally(met=9, on_track=3, at_risk=3, behind=1),
        total_before=StatusTally(met=6, on_track=6, at_risk=3),
        coverage=(
            Coverage(0, "张老师", "C17", "与所负责的每位学生谈心谈话", "year", 2, 3, (li_lei,)),
            Coverage(0, "张老师", "C18", "重点关注学生深入谈心谈话", "quarter", 0, 1, (xiaoming,)),
        ),
        conditions=(ConditionIssue("S01", "车辆2401班", value=0, limit=1, college_id=1),),
        crises=(Crisis(date(2026, 11, 11), "张老师", "机械2401班", None),),
        unregistered=("赵老师",),
        unreachable=(),
        rows=(
            row(),
            row(period_kind="term", period_start=date(2026, 9, 7), period_end=date(2027, 1, 15),
                rule_id="C29", rule_title="在岗培训学时", target=16.0, done=5.5, remaining=10.5,
                days_left=63, status="at_risk"),
            row(period_kind="quarter", period_start=date(2026, 10, 1),
                period_end=date(2026, 12, 31), staff_name="刘老师", rule_id="C07",
                rule_title="参加主题班会", place="机械2401班", done=1.0, remaining=0.0,
                days_left=46, status="met"),
            row(period_kind="term", period_start=date(2026, 9, 7), period_end=date(2027, 1, 15),
                staff_name="王书记", rule_id="L01", rule_title="期中教学座谈会", place="grade_2",
                days_left=63, status="on_track"),
        ),
    )  # fmt: skip
