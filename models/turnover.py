"""Counselors in post and leaving it (S02, S03, S08), read university-wide in a query each."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

import sqlalchemy as sa
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from models.org import Staff, Student
from models.types import table_of

TRANSFER = "transfer"  # 离岗原因 转岗: the only leaving S03 counts


class Leaver(NamedTuple):
    """A counselor who left the post: when they began and left, why, and 专职 or 兼职."""

    staff_id: int
    college_id: int | None
    started_on: date | None
    left_on: date
    reason: str | None
    full_time: bool


class Turnover(NamedTuple):
    """Counselors who left the post since `start`, and how many were in post on `start`."""

    leavers: tuple[Leaver, ...]
    at_start: int

    @property
    def transfers(self) -> int:
        """The leavers who left for another post (转岗), not by resigning or retiring."""
        return sum(1 for leaver in self.leavers if leaver.reason == TRANSFER)


async def counselor_turnover(session: AsyncSession, *, start: date, today: date) -> Turnover:
    """Leavers between `start` and `today`, and the counselors at `start`, in one read.

    A counselor was in post on `start` when they had begun by then (or their start is not
    known) and still are a counselor or left on or after `start`. A leaver is back in post
    when the role was given again: not counted, as they did not change post.
    """
    st = table_of(Staff)
    query = sa.select(
        st.c.id, st.c.college_id, st.c.is_counselor, st.c.started_on, st.c.left_post_on,
        st.c.left_reason, st.c.full_time,
    ).where(st.c.is_counselor | st.c.left_post_on.is_not(None))  # fmt: skip
    leavers: list[Leaver] = []
    at_start = 0
    rows = (await (await session.connection()).execute(query)).all()
    for sid, college, current, began, left_on, reason, full in rows:
        gone = not current and left_on is not None
        if (began is None or began <= start) and (current or (gone and left_on >= start)):
            at_start += 1
        if gone and start <= left_on <= today:
            leavers.append(Leaver(sid, college, began, left_on, reason, bool(full)))
    return Turnover(tuple(leavers), at_start)


class Staffing(NamedTuple):
    """Active students and 专职 counselors in post, university-wide (S02)."""

    students: int
    full_time: int


async def staffing(session: AsyncSession) -> Staffing:
    """Students and 专职 counselors of the whole university, in one statement."""
    students = sa.select(sa.func.count()).select_from(Student).where(col(Student.active))
    counselors = (
        sa.select(sa.func.count())
        .select_from(Staff)
        .where(col(Staff.is_counselor), col(Staff.full_time))
    )
    query = sa.select(students.scalar_subquery(), counselors.scalar_subquery())
    pupils, posts = (await (await session.connection()).execute(query)).one()
    return Staffing(int(pupils), int(posts))
