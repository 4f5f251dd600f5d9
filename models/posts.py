"""A person's post facts, entered once: 任职起始日期, 专兼职 and 班主任起始日期.

The staff list import (inside its transaction) and `fudao staff set` both store them here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.org import HeadTeacherClass, Staff
from models.spells import set_head_start


@dataclass(frozen=True)
class PostChange:
    """What to store; None leaves a fact as it is."""

    started_on: date | None = None
    full_time: bool | None = None
    head_started: date | None = None


@dataclass
class PostResult:
    """The facts as stored before, where the change replaced one (for the reply)."""

    started_before: date | None = None
    head_before: list[date] = field(default_factory=list)
    head_classes: int = 0


async def store_post(session: AsyncSession, *, staff: Staff, change: PostChange) -> PostResult:
    """Store the change on the person (班主任起始日期 on every class they lead); no commit."""
    assert staff.id is not None
    result = PostResult(started_before=staff.started_on)
    if change.started_on is not None:
        staff.started_on = change.started_on
    if change.full_time is not None:
        staff.full_time = change.full_time
    session.add(staff)
    if change.head_started is not None:
        query = select(HeadTeacherClass.class_id).where(col(HeadTeacherClass.staff_id) == staff.id)
        classes = list((await session.exec(query)).all())
        before = await set_head_start(
            session, staff_id=staff.id, class_ids=classes, started_on=change.head_started
        )
        result.head_before = sorted({d for d in before.values() if d is not None})
        result.head_classes = len(classes)
    return result
