"""Registration by invitation, and the settings a registered person changes: their language."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.audit import audit
from models.channels import staff_chat_column
from models.invites import bind_chat, redeem_invite
from models.org import Staff
from models.scope import staff_by_telegram

LANGUAGES = ("zh", "en")


async def register(
    session: AsyncSession, *, token: str, telegram_user_id: int, now: datetime
) -> Staff | None:
    """The person behind /start: bound by a valid token, or already registered without one.

    A used or expired token is refused even for a registered person, so they are told plainly
    rather than silently greeted.
    """
    if token:
        return await redeem_invite(session, token=token, telegram_user_id=telegram_user_id, now=now)
    return await staff_by_telegram(session, telegram_user_id=telegram_user_id)


async def register_by_staff_no(
    session: AsyncSession, *, staff_no: str, chat_id: int, now: datetime, via: str
) -> Staff | None:
    """Bind a chat to the person with this 工号 on the roster, when they have a role and no
    chat of that channel yet (a channel whose accounts are named by 工号); None otherwise."""
    unbound = col(staff_chat_column(chat_id)).is_(None)
    query = select(Staff).where(Staff.staff_no == staff_no, unbound)
    staff = (await session.exec(query)).first()
    if staff is None or not {"counselor", "head_teacher", "leader", "admin"} & set(staff.roles):
        return None
    await bind_chat(session, staff=staff, chat_id=chat_id)
    staff.unreachable = False
    session.add(staff)
    audit(session, actor_id=staff.id, action="staff.bind", target=f"staff:{staff.id}",
          via=via)  # fmt: skip
    await session.commit()
    return staff


async def set_language(session: AsyncSession, *, staff: Staff, language: str) -> bool:
    """Switch every reply to `zh` or `en`; False for any other language."""
    if language not in LANGUAGES:
        return False
    staff.language = language
    session.add(staff)
    audit(
        session,
        actor_id=staff.id,
        action="staff.language",
        target=f"staff:{staff.id}",
        language=language,
    )
    await session.commit()
    return True
