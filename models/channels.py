"""Which channel a chat id belongs to, and what the WeCom channel keeps: members and cards.

A WeCom member has no numeric id, so fudao gives each UserID one: WECOM_CHAT_BASE plus the
row's id. Telegram documents that user ids have at most 52 significant bits, so every id from
2**52 up is WeCom's, and the conversations can treat both as one kind of chat id.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy import BigInteger, Column, or_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.org import Staff, chat_to_use
from models.types import UTCDateTime, table_of, utcnow

WECOM_CHAT_BASE = 2**52


def is_wecom_chat(chat_id: int) -> bool:
    """True for the chat id of a WeCom member."""
    return chat_id >= WECOM_CHAT_BASE


def channel_of(chat_id: int) -> str:
    """The channel a chat belongs to: a file id or a message id is good on its own only."""
    return "wecom" if is_wecom_chat(chat_id) else "telegram"


def staff_chat_column(chat_id: int) -> Any:
    """The Staff column that holds a chat id of this channel."""
    return Staff.wecom_chat_id if is_wecom_chat(chat_id) else Staff.telegram_user_id


def forget_chats(staff: Staff) -> None:
    """Unbind the person from every channel (the caller adds and commits)."""
    staff.telegram_user_id = staff.wecom_chat_id = staff.last_chat_id = None


def bound_on_any_channel() -> ColumnElement[bool]:
    """A person reachable on Telegram or on WeCom."""
    return or_(col(Staff.telegram_user_id).is_not(None), col(Staff.wecom_chat_id).is_not(None))


class WeComMember(SQLModel, table=True):
    """A WeCom UserID that wrote to the app, and the chat id fudao knows it by."""

    __tablename__ = "wecom_members"

    id: int | None = Field(default=None, primary_key=True)
    userid: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    @property
    def chat_id(self) -> int:
        """The chat id of this member."""
        assert self.id is not None
        return WECOM_CHAT_BASE + self.id


class WeComCard(SQLModel, table=True):
    """A message fudao sent in WeCom, and for a card its task_id and response_code (no text)."""

    __tablename__ = "wecom_cards"

    # The message_id the conversations know the message by.
    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    task_id: str | None = Field(default=None, max_length=128, unique=True)
    # A card's response_code updates it once, within 72 hours (更新模版卡片消息).
    response_code: str | None = Field(default=None, max_length=256)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


async def member_chat_id(session: AsyncSession, *, userid: str) -> int:
    """The chat id of a UserID, given one at its first message."""
    query = select(WeComMember).where(WeComMember.userid == userid)
    found = (await session.exec(query)).first()
    if found is None:
        session.add(WeComMember(userid=userid))
        try:
            await session.commit()
        except IntegrityError:  # the same new member's retried callback won the race
            await session.rollback()
        found = (await session.exec(query)).one()
    return found.chat_id


async def member_userid(session: AsyncSession, *, chat_id: int) -> str | None:
    """The UserID behind a WeCom chat id."""
    member = await session.get(WeComMember, chat_id - WECOM_CHAT_BASE)
    return member.userid if member is not None else None


@cache
def _chats_query() -> Any:
    """A person's bound chats and the one they last wrote from, built once."""
    st = table_of(Staff)
    columns = (st.c.telegram_user_id, st.c.wecom_chat_id, st.c.last_chat_id)
    return sa.select(*columns).where(st.c.id == sa.bindparam("staff_id"))


async def chat_of(session: AsyncSession, *, staff_id: int) -> int | None:
    """Where fudao writes to a person (`Staff.chat_id`), read without loading the person:
    delivery asks it for each of a digest's 440 batches."""
    conn = await session.connection()
    row = (await conn.execute(_chats_query(), {"staff_id": staff_id})).first()
    return None if row is None else chat_to_use(*row)


async def remember_last_chat(session: AsyncSession, *, staff: Staff, chat_id: int) -> None:
    """Note the chat a person wrote from, when it changed (a switch of channel is rare)."""
    if staff.last_chat_id == chat_id:
        return
    staff.last_chat_id = chat_id
    session.add(staff)
    await session.commit()
