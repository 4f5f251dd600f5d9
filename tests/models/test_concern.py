"""Key-concern students: who marks them, who sees whom and why, and the audit of both."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.concern import (
    ConcernRefused,
    KeyConcern,
    mark_concern,
    unmark_concern,
    visible_concerns,
)
from models.org import Student
from models.records import AuditEntry
from tests.handlers.factories import NOW, TODAY, Campus, make_campus, make_saved_record


async def actions(session: AsyncSession) -> list[str]:
    """Every audit action, oldest first."""
    return list((await session.exec(select(AuditEntry.action).order_by(col(AuditEntry.id)))).all())


async def marked(session: AsyncSession) -> Campus:
    """A campus where the counselor put 王小明 on the list for a psychological reason."""
    campus = await make_campus(session)
    await mark_concern(
        session,
        actor=campus.counselor,
        student=campus.student,
        reason="mental",
        level="high",
        now=NOW,
    )
    return campus


async def test_it_lets_the_counselor_mark_change_and_unmark_with_an_audit_each_time(
    session: AsyncSession,
) -> None:
    campus = await marked(session)
    await mark_concern(
        session,
        actor=campus.counselor,
        student=campus.student,
        reason="academic",
        level="low",
        now=NOW + timedelta(days=1),
    )
    assert await unmark_concern(
        session, actor=campus.counselor, student=campus.student, now=NOW + timedelta(days=2)
    )
    assert not await unmark_concern(
        session, actor=campus.counselor, student=campus.student, now=NOW + timedelta(days=2)
    )
    student = await session.get(Student, campus.student.id)
    assert student is not None and student.key_concern is False
    [spell] = (await session.exec(select(KeyConcern))).all()
    assert (spell.reason, spell.level, spell.ended_by) == ("academic", "low", campus.counselor.id)
    assert await actions(session) == ["concern.mark", "concern.change", "concern.unmark"]
    change = (
        await session.exec(select(AuditEntry).where(AuditEntry.action == "concern.change"))
    ).one()
    assert change.details == {
        "before": {"reason": "mental", "level": "high"},
        "after": {"reason": "academic", "level": "low"},
    }


async def test_it_refuses_to_let_anyone_but_the_class_counselor_mark(
    session: AsyncSession,
) -> None:
    campus = await make_campus(session)
    for actor in (campus.head_teacher, campus.other_counselor, campus.leader, campus.admin):
        with pytest.raises(ConcernRefused, match="not-counselor"):
            await mark_concern(
                session, actor=actor, student=campus.student, reason="mental", level="high", now=NOW
            )
    with pytest.raises(ConcernRefused, match="invalid"):
        await mark_concern(
            session,
            actor=campus.counselor,
            student=campus.student,
            reason="gossip",
            level="high",
            now=NOW,
        )
    assert await actions(session) == []


async def test_it_shows_the_list_to_each_role_as_allowed(session: AsyncSession) -> None:
    campus = await marked(session)
    await make_saved_record(session, campus.counselor, "talk", date(2026, 11, 9), campus.student)
    seen = {}
    for role in ("counselor", "other_counselor", "head_teacher", "leader", "other_leader"):
        entries = await visible_concerns(session, viewer=getattr(campus, role), today=TODAY)
        seen[role] = [(e.student.name, e.reason, e.level, e.next_due) for e in entries]
    assert seen["counselor"] == [("王小明", "mental", "high", date(2026, 11, 16))]
    assert seen["leader"] == seen["counselor"]
    assert seen["head_teacher"] == [("王小明", None, None, None)]
    assert seen["other_counselor"] == [] and seen["other_leader"] == []


async def test_it_audits_every_read_of_someone_elses_list(session: AsyncSession) -> None:
    campus = await marked(session)
    for viewer in (campus.counselor, campus.head_teacher, campus.leader, campus.other_counselor):
        await visible_concerns(session, viewer=viewer, today=TODAY)
    reads = (
        await session.exec(
            select(AuditEntry)
            .where(AuditEntry.action == "concern.read")
            .order_by(col(AuditEntry.id))
        )
    ).all()
    assert [r.actor_staff_id for r in reads] == [campus.head_teacher.id, campus.leader.id]
    assert reads[0].details == {"students": 1, "classes": [campus.class_a.id]}
