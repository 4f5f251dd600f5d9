"""Offboarding: end a person's roles or unbind their Telegram account, at once and audited."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import delete, update
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from models.audit import audit
from models.invites import revoke_invites
from models.org import CounselorClass, HeadTeacherClass, Staff
from models.outbox import OutboxMessage

ROLES = ("leader", "admin", "counselor", "head_teacher", "academic_staff")


async def _cancel_outbox(session: AsyncSession, staff_id: int) -> int:
    """Unsent messages to this person are given up (the sender skips failed rows)."""
    query = (
        update(OutboxMessage)
        .where(col(OutboxMessage.recipient_id) == staff_id)
        .where(col(OutboxMessage.sent_at).is_(None), col(OutboxMessage.failed).is_(None))
        .values(failed="revoked")
    )
    result = await session.exec(query)
    return int(result.rowcount or 0)


async def revoke_roles(
    session: AsyncSession,
    *,
    staff: Staff,
    roles: Sequence[str],
    actor_id: int | None,
    now: datetime,
    left_on: date | None = None,  # the local day a counselor leaves; else the UTC day of `now`
) -> list[str]:
    """End these roles (their classes too); with none left, cancel links and unsent messages."""
    assert staff.id is not None
    ended = [role for role in roles if role in staff.roles]
    for role in ended:
        setattr(staff, f"is_{role}", False)
    _record_leaving(staff, ended, left_on or now.date())
    if "counselor" in ended:
        await session.exec(delete(CounselorClass).where(col(CounselorClass.staff_id) == staff.id))
    if "head_teacher" in ended:
        await session.exec(
            delete(HeadTeacherClass).where(col(HeadTeacherClass.staff_id) == staff.id)
        )
    session.add(staff)
    cancelled = 0
    if not staff.roles:
        cancelled = await _cancel_outbox(session, staff.id)
        await revoke_invites(session, staff_id=staff.id)
    audit(
        session,
        actor_id=actor_id,
        action="staff.revoke",
        target=f"staff:{staff.id}",
        roles=ended,
        cancelled=cancelled,
    )
    await session.commit()
    return ended


def _record_leaving(staff: Staff, ended: Sequence[str], day: date) -> None:
    """S03 counts counselors leaving the post: the day the counselor role ended."""
    if "counselor" in ended:
        staff.left_post_on = day


async def unbind(
    session: AsyncSession, *, staff: Staff, actor_id: int | None, now: datetime
) -> bool:
    """Forget this person's Telegram account, their open links and unsent messages."""
    assert staff.id is not None
    was_bound = staff.telegram_user_id is not None
    staff.telegram_user_id = None
    session.add(staff)
    cancelled = await _cancel_outbox(session, staff.id)
    await revoke_invites(session, staff_id=staff.id)
    audit(
        session, actor_id=actor_id, action="staff.unbind", target=f"staff:{staff.id}",
        cancelled=cancelled,
    )  # fmt: skip
    await session.commit()
    return was_bound
