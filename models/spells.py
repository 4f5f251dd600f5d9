"""Head-teacher spells (S06): who led a class from when to when, kept as head teachers change."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any, NamedTuple, cast

import sqlalchemy as sa
from sqlalchemy import Index
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.org import Staff


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

    A head teacher who took the class before fudao kept spells (or with the first roster)
    gets a spell from their 任职起始日期, unknown when that is empty: the best start fudao
    knows. A class's first head teacher opens no spell for the same reason.
    """
    query = select(HeadTeacherSpell).where(
        HeadTeacherSpell.class_id == class_id,
        HeadTeacherSpell.staff_id == old_id,
        col(HeadTeacherSpell.ended_on).is_(None),
    )
    spell = (await session.exec(query)).first()
    if spell is None:
        old = await session.get(Staff, old_id)
        started = old.started_on if old is not None else None
        spell = HeadTeacherSpell(class_id=class_id, staff_id=old_id, started_on=started)
    spell.ended_on = on
    session.add(spell)
    session.add(HeadTeacherSpell(class_id=class_id, staff_id=new_id, started_on=on))


async def last_spells(conn: Any, class_ids: Collection[int] | None = None) -> dict[int, SpellFacts]:
    """Each class's (or these classes') head-teacher spell that ended last: one grouped read."""
    sp = cast(sa.Table, HeadTeacherSpell.__table__)  # type: ignore[attr-defined]
    ended = [sp.c.ended_on.is_not(None)]
    if class_ids is not None:
        ended.append(sp.c.class_id.in_(list(class_ids)))
    last = (
        sa.select(sp.c.class_id, sa.func.max(sp.c.ended_on).label("ended_on"))
        .where(*ended)
        .group_by(sp.c.class_id)
        .subquery()
    )
    query = sa.select(sp.c.class_id, sp.c.staff_id, sp.c.started_on, sp.c.ended_on).join(
        last, sa.and_(sp.c.class_id == last.c.class_id, sp.c.ended_on == last.c.ended_on)
    )
    rows = (await conn.execute(query)).all()
    return {cid: SpellFacts(sid, start, end) for cid, sid, start, end in rows}
