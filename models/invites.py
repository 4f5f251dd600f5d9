"""One-time invitations that bind a Telegram account to a staff member."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.audit import audit
from models.channels import staff_chat_column
from models.org import Staff
from models.records import Invite

INVITE_LIFETIME = timedelta(days=7)


def hash_token(token: str) -> str:
    """The stored form of a token: only its SHA-256 is ever kept."""
    return hashlib.sha256(token.encode()).hexdigest()


async def create_invite(session: AsyncSession, *, staff: Staff, now: datetime) -> str:
    """Make a single-use token for this person, valid for seven days, and return it."""
    # 32 random bytes: 256 bits, 43 URL-safe characters, inside Telegram's 64 after `start=`.
    token = secrets.token_urlsafe(32)
    assert staff.id is not None
    await revoke_invites(session, staff_id=staff.id)
    session.add(
        Invite(
            token_hash=hash_token(token),
            staff_id=staff.id,
            created_at=now,
            expires_at=now + INVITE_LIFETIME,
        )
    )
    audit(session, actor_id=None, action="invite.create", target=f"staff:{staff.id}")
    await session.commit()
    return token


async def redeem_invite(
    session: AsyncSession, *, token: str, telegram_user_id: int, now: datetime
) -> Staff | None:
    """Bind the Telegram user to the invited person; None for an unknown, used or expired token."""
    if not token or len(token) > 64:
        return None
    # One conditional UPDATE claims the invite: of two redemptions at once, exactly one wins.
    claim = (
        update(Invite)
        .where(
            col(Invite.token_hash) == hash_token(token),
            col(Invite.used_at).is_(None),
            col(Invite.expires_at) > now,
        )
        .values(used_at=now, used_by_telegram_id=telegram_user_id)
        .returning(col(Invite.staff_id))
    )
    staff_id = (await session.exec(claim)).scalar_one_or_none()
    staff = await session.get(Staff, staff_id) if staff_id is not None else None
    if staff is None:
        await session.rollback()
        return None
    await bind_chat(session, staff=staff, chat_id=telegram_user_id)
    staff.unreachable = False
    session.add(staff)
    audit(session, actor_id=staff.id, action="invite.redeem", target=f"staff:{staff.id}")
    await session.commit()
    return staff


async def bind_chat(session: AsyncSession, *, staff: Staff, chat_id: int) -> None:
    """Bind a chat (Telegram or WeCom) to this person; a chat bound elsewhere moves to them."""
    column = staff_chat_column(chat_id)
    previous = (await session.exec(select(Staff).where(column == chat_id))).first()
    if previous is not None and previous.id != staff.id:
        setattr(previous, column.key, None)
        session.add(previous)
        await session.flush()
    setattr(staff, column.key, chat_id)
    staff.last_chat_id = chat_id


async def revoke_invites(session: AsyncSession, *, staff_id: int) -> int:
    """End every unused invite of this person (the caller commits); how many were open."""
    query = (
        update(Invite)
        .where(col(Invite.staff_id) == staff_id, col(Invite.used_at).is_(None))
        # Expired at birth: valid from no moment on, whatever clock the caller runs on.
        .where(col(Invite.expires_at) > col(Invite.created_at))
        .values(expires_at=col(Invite.created_at))
    )
    result = await session.exec(query)
    count = int(result.rowcount or 0)
    if count:
        audit(session, actor_id=None, action="invite.revoke", target=f"staff:{staff_id}", n=count)
    return count
