"""Saving, listing and undoing work records."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy import func
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.audit import audit, audit_now
from models.records import RecordStudent, WorkRecord
from models.sqlite_trips import committing
from models.types import table_of

UNDO_WINDOW = timedelta(hours=24)


@dataclass
class RecordDraft:
    """What a conversation or shortcut collected, before it is saved."""

    kind: str
    occurred_on: date
    student_ids: list[int] = field(default_factory=list)
    class_id: int | None = None
    dorm: str | None = None
    subtype: str | None = None
    theme: str | None = None
    hours: float | None = None
    attendance: int | None = None
    note: str | None = None
    crisis: bool = False
    follow_up_on: date | None = None
    details: dict[str, Any] = field(default_factory=dict)


async def record_by_id(session: AsyncSession, *, record_id: int | None) -> WorkRecord | None:
    """A record by id (None for no id), withdrawn or not."""
    return await session.get(WorkRecord, record_id) if record_id is not None else None


async def record_for_update(session: AsyncSession, *, update_id: int) -> WorkRecord | None:
    """The record an update already created, if any."""
    query = select(WorkRecord).where(WorkRecord.telegram_update_id == update_id)
    return (await session.exec(query)).first()


@cache
def _insert_once(dialect: str) -> Any:
    """INSERT of a record that skips a taken update id, for this dialect: built once, as
    every save runs it."""
    table = table_of(WorkRecord)
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (
        insert(table)
        .on_conflict_do_nothing(index_elements=["telegram_update_id"])
        .returning(table.c.id)
    )


async def save_record(
    session: AsyncSession,
    *,
    staff_id: int,
    draft: RecordDraft,
    now: datetime,
    update_id: int | None,
    commit: bool = False,
) -> tuple[int, bool]:
    """Write a confirmed record once, in the session's transaction (the caller commits; with
    `commit`, where the driver can take it along, SQLite's, the last statement commits too, in
    its trip to the thread); returns its id and whether it is new.

    The same Telegram update delivered twice finds the first record instead of adding one:
    the insert skips a taken update id (ON CONFLICT DO NOTHING), so a save is one statement
    for the record, not a look-up first. The record, its students and its audit line are
    written by Core statements: building ORM objects cost a save more than the statements did.
    """
    row = {k: v for k, v in vars(draft).items() if k != "student_ids"}
    row |= {"staff_id": staff_id, "created_at": now, "updated_at": now}
    conn = await session.connection()
    statement = _insert_once(conn.dialect.name)
    new_id = (
        await conn.execute(statement, {**row, "telegram_update_id": update_id})
    ).scalar_one_or_none()
    if new_id is None:
        existing = await record_for_update(session, update_id=update_id or 0)
        assert existing is not None and existing.id is not None
        return existing.id, False
    if draft.student_ids:
        links = [{"record_id": new_id, "student_id": s} for s in draft.student_ids]
        await conn.execute(table_of(RecordStudent).insert(), links)
    async with committing(conn) if commit else nullcontext():
        await audit_now(
            session, actor_id=staff_id, action="record.create", target=f"record:{new_id}",
            kind=draft.kind,
        )  # fmt: skip
    return int(new_id), True


async def recent_records(
    session: AsyncSession, *, staff_id: int, limit: int = 10
) -> list[WorkRecord]:
    """This person's newest records that still count."""
    query = (
        select(WorkRecord)
        .where(WorkRecord.staff_id == staff_id, col(WorkRecord.deleted_at).is_(None))
        .order_by(col(WorkRecord.created_at).desc(), col(WorkRecord.id).desc())
        .limit(limit)
    )
    return list((await session.exec(query)).all())


async def records_per_day(
    session: AsyncSession, *, staff_id: int, first: date, last: date
) -> dict[date, int]:
    """How many of this person's records that still count fall on each day of a range."""
    query = (
        sa.select(col(WorkRecord.occurred_on), func.count())
        .where(col(WorkRecord.staff_id) == staff_id, col(WorkRecord.deleted_at).is_(None))
        .where(col(WorkRecord.occurred_on) >= first, col(WorkRecord.occurred_on) <= last)
        .group_by(col(WorkRecord.occurred_on))
    )
    rows = (await (await session.connection()).execute(query)).all()
    return {day: int(n) for day, n in rows}


async def students_of_records(
    session: AsyncSession, *, record_ids: Sequence[int]
) -> dict[int, list[int]]:
    """The student ids of each record."""
    if not record_ids:
        return {}
    query = select(RecordStudent).where(col(RecordStudent.record_id).in_(record_ids))
    result: dict[int, list[int]] = {}
    for link in (await session.exec(query)).all():
        result.setdefault(link.record_id, []).append(link.student_id)
    return result


def can_undo(record: WorkRecord, newest: WorkRecord | None, now: datetime) -> bool:
    """Only the newest record may be undone, and only within 24 hours of saving it."""
    return (
        newest is not None
        and record.id == newest.id
        and record.deleted_at is None
        and now - record.created_at <= UNDO_WINDOW
    )


async def undo_record(
    session: AsyncSession, *, staff_id: int, record_id: int, now: datetime
) -> WorkRecord | None:
    """Withdraw the caller's newest record; None when it is not theirs, not newest or too old."""
    record = await session.get(WorkRecord, record_id)
    newest = next(iter(await recent_records(session, staff_id=staff_id, limit=1)), None)
    if record is None or record.staff_id != staff_id or not can_undo(record, newest, now):
        return None
    record.deleted_at = now
    record.updated_at = now
    session.add(record)
    audit(
        session,
        actor_id=staff_id,
        action="record.undo",
        target=f"record:{record.id}",
        kind=record.kind,
    )
    await session.commit()
    return record
