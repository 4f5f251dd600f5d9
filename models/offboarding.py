"""Ending a staff member's roles inside the caller's transaction, and who may do it.

It lives here, not in services/, because the staff list import (imports/staff.py) ends roles
too and must do so inside the import's all-or-nothing transaction; imports sit below services.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import delete, update
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from models.audit import audit
from models.invites import revoke_invites
from models.org import CounselorClass, HeadTeacherClass, Staff
from models.outbox import OutboxMessage
from models.spells import end_spells
from models.types import utcnow
from models.web import end_sessions

ROLES = ("leader", "admin", "counselor", "head_teacher", "academic_staff")


def may_offboard(actor: Staff | None, person: Staff) -> bool:
    """The terminal anyone; an admin the people of their college (a university admin anyone)."""
    if actor is None:
        return True
    if not actor.is_admin or actor.id == person.id:
        return False
    return actor.college_id is None or actor.college_id == person.college_id


async def cancel_outbox(session: AsyncSession, staff_id: int) -> int:
    """Unsent messages to this person are given up (the sender skips failed rows)."""
    query = (
        update(OutboxMessage)
        .where(col(OutboxMessage.recipient_id) == staff_id)
        .where(col(OutboxMessage.sent_at).is_(None), col(OutboxMessage.failed).is_(None))
        .values(failed="revoked")
    )
    result = await session.exec(query)
    return int(result.rowcount or 0)


async def end_roles(
    session: AsyncSession,
    *,
    staff: Staff,
    roles: Sequence[str],
    actor_id: int | None,
    left_on: date,
    via: str,
    reason: str | None = None,
) -> list[str]:
    """End these roles (their classes too), audited; with none left, cancel links and messages.

    `left_on` is the day a counselor leaves the post, `reason` why (S03 counts a 转岗 only);
    a head teacher's open spells end that day too (S09 counts the years). The caller commits.
    """
    assert staff.id is not None
    ended = [role for role in roles if role in staff.roles]
    for role in ended:
        setattr(staff, f"is_{role}", False)
    if "counselor" in ended:
        staff.left_post_on, staff.left_reason = left_on, reason
        await session.exec(delete(CounselorClass).where(col(CounselorClass.staff_id) == staff.id))
    if "head_teacher" in ended:
        await end_spells(session, staff_id=staff.id, on=left_on)
        await session.exec(
            delete(HeadTeacherClass).where(col(HeadTeacherClass.staff_id) == staff.id)
        )
    session.add(staff)
    cancelled = 0
    if not staff.roles:
        cancelled = await cancel_outbox(session, staff.id)
        await revoke_invites(session, staff_id=staff.id)
        # The web console asks on every request too; ending them keeps a later re-import of
        # the person from reviving a browser signed in before.
        await end_sessions(session, staff_id=staff.id, now=utcnow())
    audit(
        session,
        actor_id=actor_id,
        action="staff.revoke",
        target=f"staff:{staff.id}",
        roles=ended,
        **({"reason": reason} if reason else {}),
        cancelled=cancelled,
        via=via,
    )
    return ended
