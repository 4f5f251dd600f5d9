"""The outbox: every message the scheduler decides to send, written before it is sent.

A decision and its outbox row are committed together, and the row's unique key (recipient,
rule, period, stage) makes a second decision a no-op, so a doubled or restarted run never
sends twice. A sender claims rows with a conditional UPDATE (only one sender wins; on
PostgreSQL, rows another sender holds are skipped with FOR UPDATE SKIP LOCKED), sends, then
marks them sent; a claim left by a crashed sender goes stale and is taken again.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import Column, UniqueConstraint
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Field, SQLModel, col, delete, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.audit import audit_now
from models.crypto import EncryptedBytes, EncryptedJSON
from models.types import UTCDateTime, table_of, utcnow
from models.write_turns import write_turn

# A claim older than this belongs to a sender that died mid-send: another may take it.
STALE_CLAIM = timedelta(minutes=5)
T = TypeVar("T")
# Outbox rows per INSERT: few round trips, each short enough (compiling and encoding run on
# the event loop) not to hold up the chat, and well under SQLite's and PostgreSQL's limits on
# bound parameters (12 columns × 100).
INSERT_CHUNK = 100


class OutboxMessage(SQLModel, table=True):
    """One decided message to one person; rows with the same batch go out as one message."""

    __tablename__ = "outbox"
    __table_args__ = (UniqueConstraint("recipient_id", "rule", "period", "stage"),)

    id: int | None = Field(default=None, primary_key=True)
    recipient_id: int = Field(foreign_key="staff.id", index=True)
    rule: str = Field(max_length=40)  # a catalog ID, or what the message is about
    period: str = Field(max_length=40)  # which period (or week, or record) it concerns
    stage: str = Field(max_length=24)  # early / final / overdue / digest / alert / …
    batch: str = Field(max_length=64)  # rows of one recipient and batch make one message
    priority: int = 0  # lower first inside a batch
    # {"text": HTML line(s), "buttons": [[label, callback_data], …]}
    # Bodies and files name students: all are encrypted at rest (models.crypto).
    body: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(EncryptedJSON, nullable=False)
    )
    # A file goes in `outbox_files` once, however many rows send it: rows name it by hash.
    # (`photo` and `document` hold the bytes of rows written before that table existed.)
    photo: bytes | None = Field(default=None, sa_column=Column(EncryptedBytes, nullable=True))
    document: bytes | None = Field(default=None, sa_column=Column(EncryptedBytes, nullable=True))
    photo_file: str | None = Field(default=None, max_length=64)
    document_file: str | None = Field(default=None, max_length=64)
    filename: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    claimed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    claim: str | None = Field(default=None, max_length=32)
    attempts: int = 0
    # How many of the batch's messages (text parts, then files) went out before a failure
    # left it for a retry: the retry starts after them, so none reaches the person twice.
    parts_sent: int = 0
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    # Given up for good (the person blocked the bot); never retried.
    failed: str | None = Field(default=None, max_length=100)


class OutboxFile(SQLModel, table=True):
    """A file some outbox rows send (a digest's chart or workbook), stored once by its hash."""

    __tablename__ = "outbox_files"

    sha256: str = Field(primary_key=True, max_length=64)  # of the plain bytes
    content: bytes = Field(sa_column=Column(EncryptedBytes, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


def file_hash(content: bytes) -> str:
    """The name a file is stored and sent under."""
    return hashlib.sha256(content).hexdigest()


async def store_files(session: AsyncSession, contents: Iterable[bytes]) -> None:
    """Store each distinct file once (a file stored already is left as it is)."""
    found = {file_hash(c): c for c in contents}
    if not found:
        return
    conn = await session.connection()
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    table = table_of(OutboxFile)
    for sha, content in found.items():  # one a statement: each may be a few hundred KB
        await conn.execute(
            dialect.insert(table)
            .values(sha256=sha, content=content, created_at=utcnow())
            .on_conflict_do_nothing(index_elements=["sha256"])
        )


async def stored_file(session: AsyncSession, sha256: str) -> bytes | None:
    """A stored file's bytes."""
    found = await session.get(OutboxFile, sha256)
    return found.content if found is not None else None


class NudgeMute(SQLModel, table=True):
    """A person asked not to be reminded of a rule: until a day (snooze) or for the period."""

    __tablename__ = "nudge_mutes"
    __table_args__ = (UniqueConstraint("staff_id", "rule", "period"),)

    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    rule: str = Field(max_length=40)
    period: str = Field(max_length=40)
    until: date | None = None  # None: muted for the whole period
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class AwaySpell(SQLModel, table=True):
    """Days a person is away (请假 / 出差): no reminders then, and no escalation for them."""

    __tablename__ = "away_spells"

    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    start: date
    end: date
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CrisisAck(SQLModel, table=True):
    """Who acknowledged a crisis alert first (已知悉); the alert stops repeating then."""

    __tablename__ = "crisis_acks"

    record_id: int = Field(foreign_key="work_records.id", primary_key=True)
    staff_id: int = Field(foreign_key="staff.id")
    acknowledged_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


async def insert_new(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> int:
    """Add the rows whose (recipient, rule, period, stage) is not there yet; return how many.

    Rows go in a few hundred per statement (one round trip each, not one per row); rows of a
    chunk must name the same columns, so the chunks are formed per set of columns. The rows
    are the statement's parameters, not part of it: SQLAlchemy packs them into multi-row
    VALUES itself ("insertmanyvalues"), and the statement compiles once and is cached (a
    statement built with `.values(rows)` compiled afresh for every college's digest).
    """
    if not rows:
        return 0
    conn = await session.connection()
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    table = table_of(OutboxMessage)
    keys = ["recipient_id", "rule", "period", "stage"]
    shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        shapes.setdefault(tuple(sorted(row)), []).append(row)
    added = 0
    statement = (
        dialect.insert(table).on_conflict_do_nothing(index_elements=keys).returning(table.c.id)
    )
    for same in shapes.values():
        for start in range(0, len(same), INSERT_CHUNK):
            added += len((await conn.execute(statement, same[start : start + INSERT_CHUNK])).all())
    return added


async def pending_batches(session: AsyncSession, now: datetime) -> list[tuple[int, str]]:
    """(recipient, batch) pairs with rows neither sent, failed, nor freshly claimed."""
    query = (
        select(OutboxMessage.recipient_id, OutboxMessage.batch)
        .where(
            col(OutboxMessage.sent_at).is_(None),
            col(OutboxMessage.failed).is_(None),
            sa.or_(
                col(OutboxMessage.claimed_at).is_(None),
                col(OutboxMessage.claimed_at) < now - STALE_CLAIM,
            ),
        )
        .group_by(col(OutboxMessage.recipient_id), col(OutboxMessage.batch))
        # Most urgent first (a crisis alert has priority -1), then in the order decided.
        .order_by(sa.func.min(OutboxMessage.priority), sa.func.min(OutboxMessage.id))
    )
    return [(r, b) for r, b in (await session.exec(query)).all()]


@cache
def _claim_statement() -> Any:
    """The claim of a recipient's batch, built once: a digest runs it 440 times."""
    t = table_of(OutboxMessage)
    # Parameter names differ from the columns': an UPDATE keeps those for its SET clause.
    stale = sa.bindparam("stale_before", type_=t.c.claimed_at.type)
    # On PostgreSQL a row another sender is claiming is skipped, not waited for (SKIP LOCKED;
    # SQLite has one writer and no FOR UPDATE). The conditions, checked again under the lock,
    # let exactly one sender win a row either way.
    free = (
        sa.select(t.c.id)
        .where(
            t.c.recipient_id == sa.bindparam("of_recipient"),
            t.c.batch == sa.bindparam("of_batch"),
            t.c.sent_at.is_(None),
            t.c.failed.is_(None),
            sa.or_(t.c.claimed_at.is_(None), t.c.claimed_at < stale),
        )
        .with_for_update(skip_locked=True)
    )
    return (
        sa.update(t)
        .where(
            t.c.id.in_(free.scalar_subquery()),
            sa.or_(t.c.claimed_at.is_(None), t.c.claimed_at < stale),
        )
        .values(
            claimed_at=sa.bindparam("claimed_now", type_=t.c.claimed_at.type),
            claim=sa.bindparam("new_claim", type_=t.c.claim.type),
            attempts=OutboxMessage.attempts + 1,
        )
        .returning(*(t.c[name] for name in _CLAIMED))
    )


@dataclass(frozen=True)
class Claimed:
    """A claimed outbox row, as a sender needs it: read by Core, not loaded into the ORM."""

    id: int
    rule: str
    period: str
    priority: int
    body: dict[str, Any]
    photo: bytes | None
    document: bytes | None
    photo_file: str | None
    document_file: str | None
    filename: str | None
    parts_sent: int


_CLAIMED = tuple(f.name for f in fields(Claimed))


async def claim(
    session: AsyncSession,
    recipient_id: int,
    batch: str,
    now: datetime,
    *,
    also: Callable[[AsyncSession], Awaitable[T]],
) -> tuple[list[Claimed], T | None]:
    """Take a batch for sending; another sender that got there first leaves nothing to take.

    One UPDATE … RETURNING claims and reads the rows; `also` (the recipient's chat, say)
    is read in the same transaction, committed at once; it is not read when nothing was taken.
    """
    params = {
        "of_recipient": recipient_id, "of_batch": batch, "stale_before": now - STALE_CLAIM,
        "claimed_now": now, "new_claim": secrets.token_hex(8),
    }  # fmt: skip
    async with write_turn(session):
        conn = await session.connection()
        taken = (await conn.execute(_claim_statement(), params)).all()
        rows = sorted((Claimed(*row) for row in taken), key=lambda r: (r.priority, r.id))
        extra = await also(session) if rows else None
        await session.commit()
    return rows, extra


async def settle(
    session: AsyncSession,
    rows: Sequence[Claimed],
    now: datetime,
    *,
    sent: bool,
    failed: str | None = None,
    parts_sent: int | None = None,
    audits: Sequence[Mapping[str, Any]] = (),
) -> None:
    """Mark claimed rows sent, failed for good, or free again for the next run.

    A batch freed for a retry keeps `parts_sent`, the messages of it already delivered.
    `audits` (keyword arguments of `audit_now`) are written in the same transaction.
    """
    ids = [r.id for r in rows]
    if not ids:
        return
    values: dict[str, Any]
    if sent:
        values = {"sent_at": now}
    elif failed is not None:
        values = {"failed": failed[:100]}
    else:
        values = {"claimed_at": None, "claim": None}
        if parts_sent is not None:
            values["parts_sent"] = parts_sent
    params = {"ids": ids, **{f"new_{k}": v for k, v in values.items()}}
    async with write_turn(session):
        conn = await session.connection()
        await conn.execute(_settle_statement(tuple(values)), params)
        for line in audits:
            await audit_now(session, **line)
        await session.commit()


@cache
def _settle_statement(columns: tuple[str, ...]) -> Any:
    """UPDATE of these columns of the rows `ids` to `new_<column>`, built once per shape."""
    t = table_of(OutboxMessage)
    changes = {c: sa.bindparam(f"new_{c}", type_=t.c[c].type) for c in columns}
    return sa.update(t).where(t.c.id.in_(sa.bindparam("ids", expanding=True))).values(changes)


async def nudge_mute(
    session: AsyncSession, *, staff_id: int, rule: str, period: str
) -> NudgeMute | None:
    """A person's snooze or mute of one rule's nudges in one period, if they set one."""
    query = select(NudgeMute).where(
        NudgeMute.staff_id == staff_id, NudgeMute.rule == rule, NudgeMute.period == period
    )
    return (await session.exec(query)).first()


async def away_spells_from(session: AsyncSession, *, staff_id: int, day: date) -> list[AwaySpell]:
    """A person's away days that end on or after a day, earliest first."""
    query = (
        select(AwaySpell)
        .where(AwaySpell.staff_id == staff_id, col(AwaySpell.end) >= day)
        .order_by(col(AwaySpell.start))
    )
    return list((await session.exec(query)).all())


async def clear_away_from(session: AsyncSession, *, staff_id: int, day: date) -> None:
    """Drop a person's away days that end on or after a day (the caller commits)."""
    await session.exec(
        delete(AwaySpell).where(col(AwaySpell.staff_id) == staff_id, col(AwaySpell.end) >= day)
    )
