"""Course failure rates (课程不及格率, D02): each term's list, as the evaluation reads it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import datetime
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime, table_of, utcnow


class CourseFailure(SQLModel, table=True):
    """One course of a term's failure-rate list: how many took it and how many failed."""

    __tablename__ = "course_failures"
    __table_args__ = (
        UniqueConstraint(
            "college_id",
            "term",
            "department",
            "course",
            "teacher",
            name="uq_course_failures_section",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    college_id: int = Field(foreign_key="colleges.id", index=True)
    # "2026-2027-1", as the academic-warning list names terms.
    term: str = Field(max_length=11)
    # 开课系部: the department (as D01 names it, by its major's name) that teaches the course.
    department: str = Field(max_length=100)
    course: str = Field(max_length=100)
    # 任课教师 or 课程组 (D02 judges each teacher's or team's section, not the course's total);
    # empty: the course as one.
    teacher: str = Field(default="", max_length=100, sa_column_kwargs={"server_default": ""})
    enrolled: int
    failed: int
    imported_by: int | None = Field(default=None, foreign_key="staff.id")
    imported_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CourseFacts(NamedTuple):
    """A course of a term's failure-rate list (D02): its department, takers and failures."""

    department: str
    course: str
    enrolled: int
    failed: int
    teacher: str = ""  # 任课教师 or 课程组: a section judged on its own


async def listed_courses(
    conn: Any, college_ids: Collection[int | None] | None
) -> dict[tuple[int, str], tuple[CourseFacts, ...]]:
    """Every college's failure-rate lists (or these colleges'), by (college, term)."""
    cf = table_of(CourseFailure)
    query = sa.select(
        cf.c.college_id, cf.c.term, cf.c.department, cf.c.course, cf.c.enrolled, cf.c.failed,
        cf.c.teacher,
    ).order_by(cf.c.department, cf.c.course, cf.c.teacher)  # fmt: skip
    if college_ids is not None:
        query = query.where(cf.c.college_id.in_([c for c in college_ids if c is not None]))
    found: dict[tuple[int, str], list[CourseFacts]] = defaultdict(list)
    for college, term, *facts in (await conn.execute(query)).all():
        found[(college, term)].append(CourseFacts(*facts))
    return {k: tuple(v) for k, v in found.items()}
