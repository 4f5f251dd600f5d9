"""Half-filled forms and conversation states, kept in the database so a restart loses none.

Values are JSON with tags for the few Python types a form holds (dates, bytes of an uploaded
file, tuples), so nothing is unpickled from the database.
"""

from __future__ import annotations

import base64
import json
from datetime import date, datetime
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy import UniqueConstraint, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.crypto import EncryptedText
from models.types import UTCDateTime, table_of, utcnow

USER = "user"
CONVERSATION = "conversation"


class ChatState(SQLModel, table=True):
    """One person's user_data, or one conversation's state for one chat and user."""

    __tablename__ = "chat_state"
    __table_args__ = (UniqueConstraint("scope", "name", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    scope: str = Field(max_length=16)  # USER or CONVERSATION
    name: str = Field(default="", max_length=40)  # the conversation's name; "" for user_data
    key: str = Field(max_length=80)  # the user id, or the conversation key as JSON
    # A half-filled form holds the note being typed: encrypted at rest like the note itself.
    data: str = Field(sa_type=EncryptedText)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


def _tagged(value: Any) -> Any:
    """A JSON-ready copy of a value, with tags for the types JSON lacks."""
    if isinstance(value, dict):
        return {"__dict__": [[_tagged(k), _tagged(v)] for k, v in value.items()]}
    if isinstance(value, tuple):
        return {"__tuple__": [_tagged(v) for v in value]}
    if isinstance(value, list):
        return [_tagged(v) for v in value]
    if isinstance(value, set | frozenset):
        return {"__set__": [_tagged(v) for v in value]}
    if isinstance(value, bytes):
        return {"__bytes__": base64.b64encode(value).decode("ascii")}
    if isinstance(value, datetime):
        return {"__datetime__": value.isoformat()}
    if isinstance(value, date):
        return {"__date__": value.isoformat()}
    return value


def _untagged(value: Any) -> Any:
    """The value `_tagged` was made from."""
    if isinstance(value, list):
        return [_untagged(v) for v in value]
    if not isinstance(value, dict):
        return value
    ((tag, inner),) = value.items()
    decoders: dict[str, Any] = {
        "__dict__": lambda v: {_untagged(k): _untagged(x) for k, x in v},
        "__tuple__": lambda v: tuple(_untagged(x) for x in v),
        "__set__": lambda v: {_untagged(x) for x in v},
        "__bytes__": lambda v: base64.b64decode(v),
        "__datetime__": datetime.fromisoformat,
        "__date__": date.fromisoformat,
    }
    return decoders[tag](inner)


def encode(value: Any) -> str:
    """A form's data as text for the database."""
    return json.dumps(_tagged(value), ensure_ascii=False, separators=(",", ":"))


def decode(text: str) -> Any:
    """The data `encode` stored."""
    return _untagged(json.loads(text))


async def load_states(session: AsyncSession, *, scope: str, name: str = "") -> dict[str, Any]:
    """Every stored value of one scope (and conversation), by key."""
    query = select(ChatState).where(ChatState.scope == scope, ChatState.name == name)
    return {row.key: decode(row.data) for row in (await session.exec(query)).all()}


@cache
def _upsert(dialect: str) -> Any:
    """INSERT of one value that replaces the one held under its key, built once per dialect:
    PTB hands over a changed form after most updates."""
    table = table_of(ChatState)
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
    fresh = {"data": insert.excluded.data, "updated_at": insert.excluded.updated_at}
    return insert.on_conflict_do_update(index_elements=["scope", "name", "key"], set_=fresh)


@cache
def _delete() -> Any:
    """DELETE of the value held under one key, built once."""
    t = table_of(ChatState)
    held = [t.c[c] == sa.bindparam(c) for c in ("scope", "name", "key")]
    return sa.delete(t).where(*held)


async def save_state(
    session: AsyncSession, *, scope: str, key: str, value: Any, name: str = ""
) -> None:
    """Store one value (None or an empty dict deletes it), committed at once.

    One statement either way, by Core: a look-up and an ORM write cost twice as much.
    """
    conn = await session.connection()
    slot = {"scope": scope, "name": name, "key": key}
    if value is None or value == {}:
        await conn.execute(_delete(), slot)
    else:
        row = {**slot, "data": encode(value), "updated_at": utcnow()}
        await conn.execute(_upsert(conn.dialect.name), row)
    await session.commit()


async def drop_states(session: AsyncSession, *, scope: str, key: str) -> None:
    """Forget one key in every conversation of a scope."""
    await session.exec(
        delete(ChatState).where(col(ChatState.scope) == scope, col(ChatState.key) == key)
    )
    await session.commit()
