"""The web console's sessions and one-time sign-in links; only hashes of their tokens are kept."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.invites import hash_token
from models.org import Staff
from models.types import UTCDateTime, utcnow

SESSION_LIFETIME = timedelta(hours=8)
LINK_LIFETIME = timedelta(minutes=10)


class WebSession(SQLModel, table=True):
    """A signed-in browser: ended by sign-out, by time, or by revoking the person."""

    __tablename__ = "web_sessions"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    via: str = Field(max_length=16)  # telegram, link, wecom
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class SignInLink(SQLModel, table=True):
    """A one-time sign-in link that /web sends: ten minutes, once."""

    __tablename__ = "web_sign_in_links"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


async def open_session(session: AsyncSession, *, staff_id: int, via: str, now: datetime) -> str:
    """Start a session for this person and return its token (the caller commits)."""
    token = secrets.token_urlsafe(32)
    session.add(
        WebSession(
            token_hash=hash_token(token),
            staff_id=staff_id,
            via=via,
            created_at=now,
            expires_at=now + SESSION_LIFETIME,
        )
    )
    return token


async def session_person(session: AsyncSession, *, token: str, now: datetime) -> Staff | None:
    """The person of a live session who still holds a role; None otherwise."""
    query = (
        select(Staff)
        .join(WebSession, col(WebSession.staff_id) == col(Staff.id))
        .where(col(WebSession.token_hash) == hash_token(token))
        .where(col(WebSession.ended_at).is_(None), col(WebSession.expires_at) > now)
    )
    staff = (await session.exec(query)).first()
    # Revoking every role ends the person's access at once, whatever sessions are open.
    return staff if staff is not None and staff.roles else None


async def end_session(session: AsyncSession, *, token: str, now: datetime) -> None:
    """Sign out one session (the caller commits)."""
    query = (
        update(WebSession)
        .where(col(WebSession.token_hash) == hash_token(token), col(WebSession.ended_at).is_(None))
        .values(ended_at=now)
    )
    await session.exec(query)


async def end_sessions(session: AsyncSession, *, staff_id: int, now: datetime) -> int:
    """End every open session of this person (the caller commits); how many were open."""
    query = (
        update(WebSession)
        .where(col(WebSession.staff_id) == staff_id, col(WebSession.ended_at).is_(None))
        .values(ended_at=now)
    )
    result = await session.exec(query)
    return int(result.rowcount or 0)


async def create_sign_in_link(session: AsyncSession, *, staff_id: int, now: datetime) -> str:
    """A single-use sign-in token, valid ten minutes (the caller commits)."""
    token = secrets.token_urlsafe(32)
    session.add(
        SignInLink(
            token_hash=hash_token(token),
            staff_id=staff_id,
            created_at=now,
            expires_at=now + LINK_LIFETIME,
        )
    )
    return token


async def redeem_sign_in_link(session: AsyncSession, *, token: str, now: datetime) -> int | None:
    """Claim a link once: the person's id, or None for an unknown, used or expired token."""
    if not token or len(token) > 64:
        return None
    # One conditional UPDATE claims it: of two uses at once, exactly one wins.
    claim = (
        update(SignInLink)
        .where(
            col(SignInLink.token_hash) == hash_token(token),
            col(SignInLink.used_at).is_(None),
            col(SignInLink.expires_at) > now,
        )
        .values(used_at=now)
        .returning(col(SignInLink.staff_id))
    )
    staff_id: int | None = (await session.exec(claim)).scalar_one_or_none()
    return staff_id
