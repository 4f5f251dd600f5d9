"""Queries `fudao doctor` asks: what the jobs last decided, what waits, who cannot be reached."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.org import Staff
from models.outbox import OutboxMessage

# Each job's outbox batches start with one of these (see scheduler/*.py).
JOB_BATCHES: dict[str, tuple[str, ...]] = {
    "nudges": ("nudge:",),
    "followups": ("followup:",),
    "digest": ("digest:",),
    "period_close": ("close:", "close-college:", "escalate:"),
    "crisis_watch": ("crisis:",),
}


async def last_decisions(session: AsyncSession) -> dict[str, datetime]:
    """When each job last wrote a message to the outbox (jobs that never did are absent)."""
    job = sa.case(
        *(
            (col(OutboxMessage.batch).startswith(prefix), name)
            for name, prefixes in JOB_BATCHES.items()
            for prefix in prefixes
        ),
        else_="other",
    ).label("job")
    rows = await session.exec(select(job, sa.func.max(OutboxMessage.created_at)).group_by(job))
    return {name: moment for name, moment in rows.all() if moment is not None}


async def waiting_messages(session: AsyncSession, *, before: datetime) -> int:
    """Messages decided before `before` that are neither sent nor given up."""
    count = await session.exec(
        select(sa.func.count())
        .select_from(OutboxMessage)
        .where(
            col(OutboxMessage.sent_at).is_(None),
            col(OutboxMessage.failed).is_(None),
            col(OutboxMessage.created_at) < before,
        )
    )
    return int(count.one())


async def unreachable_staff(session: AsyncSession) -> list[Staff]:
    """People who blocked the bot (their messages are given up)."""
    found = await session.exec(select(Staff).where(col(Staff.unreachable)).order_by(Staff.name))
    return list(found.all())


async def undated_counselors(session: AsyncSession) -> list[str]:
    """Counselors with no 任职起始日期 (C30, C31, S03, S08 cannot judge them), by 工号."""
    query = (
        select(Staff)
        .where(col(Staff.is_counselor), col(Staff.started_on).is_(None))
        .order_by(col(Staff.staff_no))
    )
    return [f"{s.name}（{s.staff_no}）" if s.staff_no else s.name
            for s in (await session.exec(query)).all()]  # fmt: skip


async def staff_names(session: AsyncSession, *, ids: set[int]) -> dict[int, str]:
    """Names of these staff members, by id."""
    if not ids:
        return {}
    query = select(Staff).where(col(Staff.id).in_(sorted(ids)))
    return {s.id: s.name for s in (await session.exec(query)).all() if s.id is not None}
