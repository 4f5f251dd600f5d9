"""One-time invitations that bind a Telegram account to a staff member."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.audit import audit
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
    invite = (
        await session.exec(select(Invite).where(Invite.token_hash == hash_token(token)))
    ).first()
    if invite is None or invite.used_at is not None or invite.expires_at <= now:
        return None
    staff = await session.get(Staff, invite.staff_id)
    if staff is None:
        return None
    # One Telegram account belongs to one person: a rebind moves it.
    previous = (
        await session.exec(select(Staff).where(Staff.telegram_user_id == telegram_user_id))
    ).first()
    if previous is not None and previous.id != staff.id:
        previous.telegram_user_id = None
        session.add(previous)
        await session.flush()
    invite.used_at = now
    invite.used_by_telegram_id = telegram_user_id
    staff.telegram_user_id = telegram_user_id
    staff.unreachable = False
    session.add_all([invite, staff])
    audit(session, actor_id=staff.id, action="invite.redeem", target=f"staff:{staff.id}")
    await session.commit()
    return staff
