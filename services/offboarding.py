"""Offboarding: end a person's roles or unbind their Telegram account, at once and audited."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from models.audit import audit
from models.channels import forget_chats
from models.invites import revoke_invites
from models.offboarding import ROLES, cancel_outbox, end_roles, may_offboard
from models.org import Staff
from models.web import end_sessions

__all__ = ["ROLES", "may_offboard", "revoke_roles", "unbind"]


async def revoke_roles(
    session: AsyncSession,
    *,
    staff: Staff,
    roles: Sequence[str],
    actor_id: int | None,
    now: datetime,
    left_on: date | None = None,  # the local day a counselor leaves; else the UTC day of `now`
    via: str = "cli",
    reason: str | None = None,  # 离岗原因 of a counselor: transfer, resigned, retired, other
) -> list[str]:
    """End these roles (their classes too); with none left, cancel links and unsent messages."""
    ended = await end_roles(
        session, staff=staff, roles=roles, actor_id=actor_id, left_on=left_on or now.date(),
        via=via, reason=reason,
    )  # fmt: skip
    await session.commit()
    return ended


async def unbind(
    session: AsyncSession, *, staff: Staff, actor_id: int | None, now: datetime, via: str = "cli"
) -> bool:
    """Forget this person's chats on every channel, links, web sessions and unsent messages."""
    assert staff.id is not None
    was_bound = staff.chat_id is not None
    forget_chats(staff)
    session.add(staff)
    cancelled = await cancel_outbox(session, staff.id)
    await revoke_invites(session, staff_id=staff.id)
    # The account that signed in to the web console is no longer theirs: its sessions end.
    await end_sessions(session, staff_id=staff.id, now=now)
    audit(
        session, actor_id=actor_id, action="staff.unbind", target=f"staff:{staff.id}",
        cancelled=cancelled, via=via,
    )  # fmt: skip
    await session.commit()
    return was_bound
