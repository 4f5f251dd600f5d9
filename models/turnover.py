"""Counselors leaving the post in a year (S03), counted across the university in one query."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

import sqlalchemy as sa
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from models.org import Staff


class Turnover(NamedTuple):
    """Counselors who left the post since `start`, and counselors in post on `start`."""

    leavers: int
    at_start: int


async def counselor_turnover(session: AsyncSession, *, start: date, today: date) -> Turnover:
    """Leavers between `start` and `today`, and the counselors at `start`, in one grouped read.

    A counselor was in post on `start` when they had begun by then (or their start is not
    known) and still are a counselor or left on or after `start`. A leaver is back in post
    when the role was given again: not counted, as they did not change post.
    """
    began = col(Staff.started_on).is_(None) | (col(Staff.started_on) <= start)
    left = col(Staff.left_post_on)
    leaving = ~col(Staff.is_counselor) & (left >= start) & (left <= today)
    in_post = began & (col(Staff.is_counselor) | (left >= start))
    query = sa.select(
        sa.func.coalesce(sa.func.sum(sa.case((leaving, 1), else_=0)), 0),
        sa.func.coalesce(sa.func.sum(sa.case((in_post, 1), else_=0)), 0),
    ).where(col(Staff.is_counselor) | left.is_not(None))
    leavers, at_start = (await (await session.connection()).execute(query)).one()
    return Turnover(int(leavers), int(at_start))
