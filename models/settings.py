"""Facts fudao learns at run time and keeps for its commands (the bot's @username, say)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from models.types import UTCDateTime, utcnow

BOT_USERNAME = "bot_username"


class StoredSetting(SQLModel, table=True):
    """One named value and when it was last written."""

    __tablename__ = "stored_settings"

    key: str = Field(primary_key=True, max_length=40)
    value: str = Field(max_length=200)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


async def stored_setting(session: AsyncSession, key: str) -> str | None:
    """The value kept under `key`, if any."""
    row = await session.get(StoredSetting, key)
    return row.value if row is not None else None


async def store_setting(session: AsyncSession, key: str, value: str) -> None:
    """Keep `value` under `key`, replacing what was there."""
    row = await session.get(StoredSetting, key)
    if row is None:
        session.add(StoredSetting(key=key, value=value))
    else:
        row.value = value
        row.updated_at = utcnow()
        session.add(row)
