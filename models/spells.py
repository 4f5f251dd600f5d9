"""Head-teacher spells (S06): who led a class from when to when, kept as head teachers change."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy import Index
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.types import table_of


class HeadTeacherSpell(SQLModel, table=True):
    """Who led a class from when to when; `ended_on` is empty while they still lead it."""

    __tablename__ = "head_teacher_spells"
    __table_args__ = (Index("ix_head_teacher_spells_class_end", "class_id", "ended_on"),)

    id: int | None = Field(default=None, primary_key=True)
    class_id: int = Field(foreign_key="classes.id")
    staff_id: int = Field(foreign_key="staff.id", index=True)
    # Unknown when the head teacher took the class before fudao kept this history.
    started_on: date | None = None
    ended_on: date | None = None


class SpellFacts(NamedTuple):
    """A class's last head teacher who left it (S06): who, and from when to when."""

    staff_id: int
    started_on: date | None
    ended_on: date


async def note_head_change(
    session: AsyncSession, *, class_id: int, old_id: int, new_id: int, on: date
) -> None:
    """Close the leaving head teacher's spell on `on` and open the new one's from `on`.

    A head teacher whose 班主任起始日期 was never entered (roster, staff list or `fudao staff
    set --head-started`) has no open spell: theirs is closed with an unknown start, which S06
    does not judge. Their 任职起始日期 is a counselor's date, not the head-teacher start.
    """
    query = select(HeadTeacherSpell).where(
        HeadTeacherSpell.class_id == class_id,
        HeadTeacherSpell.staff_id == old_id,
        col(HeadTeacherSpell.ended_on).is_(None),
    )
    spell = (await session.exec(query)).first()
    if spell is None:
        spell = HeadTeacherSpell(class_id=class_id, staff_id=old_id)
    spell.ended_on = on
    session.add(spell)
    session.add(HeadTeacherSpell(class_id=class_id, staff_id=new_id, started_on=on))


class Spells(NamedTuple):
    """What the conditions read of the spells: each class's last ended spell (S06) and each
    current head teacher's latest known start (S07: 新聘 since when)."""

    last: dict[int, SpellFacts]
    starts: dict[int, date]


async def read_spells(conn: Any, class_ids: Collection[int] | None = None) -> Spells:
    """Every spell (or these classes') in one read (a row per change of head teacher: few),
    sorted out here."""
    sp = table_of(HeadTeacherSpell)
    query = sa.select(sp.c.class_id, sp.c.staff_id, sp.c.started_on, sp.c.ended_on)
    if class_ids is not None:
        query = query.where(sp.c.class_id.in_(list(class_ids)))
    last: dict[int, SpellFacts] = {}
    starts: dict[int, date] = {}
    for cid, sid, start, end in (await conn.execute(query)).all():
        if end is None:
            if start is not None and start > starts.get(sid, date.min):
                starts[sid] = start
        elif cid not in last or end > last[cid].ended_on:
            last[cid] = SpellFacts(sid, start, end)
    return Spells(last, starts)


async def end_spells(session: AsyncSession, *, staff_id: int, on: date) -> None:
    """A head teacher leaves every class they lead on `on`: their open spells end (S09)."""
    query = select(HeadTeacherSpell).where(
        HeadTeacherSpell.staff_id == staff_id, col(HeadTeacherSpell.ended_on).is_(None)
    )
    for spell in (await session.exec(query)).all():
        spell.ended_on = on
        session.add(spell)


async def set_head_start(
    session: AsyncSession, *, staff_id: int, class_ids: list[int], started_on: date
) -> dict[int, date | None]:
    """Start this head teacher's open spell of each class on `started_on` (班主任起始日期),
    opening one where fudao kept none; the start each spell had before, by class."""
    wanted = {(class_id, staff_id): started_on for class_id in class_ids}
    before = await set_head_starts(session, starts=wanted)
    return {class_id: old for (class_id, _), old in before.items()}


async def set_head_starts(
    session: AsyncSession, *, starts: dict[tuple[int, int], date]
) -> dict[tuple[int, int], date | None]:
    """Many (class, head teacher) spell starts at once, in one read: a roster names hundreds."""
    if not starts:
        return {}
    classes = sorted({class_id for class_id, _ in starts})
    query = select(HeadTeacherSpell).where(
        col(HeadTeacherSpell.class_id).in_(classes), col(HeadTeacherSpell.ended_on).is_(None)
    )
    spells = {(s.class_id, s.staff_id): s for s in (await session.exec(query)).all()}
    before: dict[tuple[int, int], date | None] = {}
    for (class_id, staff_id), day in starts.items():
        spell = spells.get((class_id, staff_id))
        if spell is None:
            spell = HeadTeacherSpell(class_id=class_id, staff_id=staff_id)
        before[(class_id, staff_id)] = spell.started_on
        spell.started_on = day
        session.add(spell)
    return before


async def head_teacher_days(conn: Any, *, today: date) -> dict[int, int]:
    """Each person's days as a head teacher over their spells with a known start (S09);
    two classes led at once count their common days once."""
    sp = table_of(HeadTeacherSpell)
    query = (
        sa.select(sp.c.staff_id, sp.c.started_on, sp.c.ended_on)
        .where(sp.c.started_on.is_not(None))
        .order_by(sp.c.staff_id, sp.c.started_on)
    )
    days: dict[int, int] = {}
    reach: dict[int, date] = {}
    for sid, start, end in (await conn.execute(query)).all():
        end = min(end or today, today)
        start = max(start, reach.get(sid, start))
        days[sid] = days.get(sid, 0) + max(0, (end - start).days)
        reach[sid] = max(end, reach.get(sid, end))
    return days
