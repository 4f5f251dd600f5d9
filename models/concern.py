"""Key-concern students (重点关注): who marks them, who may see them, and their history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from sqlalchemy import func
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.audit import audit
from models.org import CounselorClass, HeadTeacherClass, SchoolClass, Staff, Student
from models.records import RecordStudent, WorkRecord
from models.types import UTCDateTime, utcnow

REASONS = ("mental", "academic", "financial", "health", "family", "discipline", "other")
# A level is how often the counselor follows the student up, in days.
LEVELS = {"high": 7, "medium": 14, "low": 30}
Access = Literal["full", "names"]


class KeyConcern(SQLModel, table=True):
    """One spell on the key-concern list; the open one has no `ended_at`."""

    __tablename__ = "key_concerns"

    id: int | None = Field(default=None, primary_key=True)
    student_id: int = Field(foreign_key="students.id", index=True)
    reason: str = Field(max_length=16)
    level: str = Field(max_length=16)
    marked_by: int = Field(foreign_key="staff.id")
    started_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    ended_by: int | None = Field(default=None, foreign_key="staff.id")


class ConcernRefused(Exception):
    """A change the caller may not make; `reason` is a locale key suffix."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ConcernEntry:
    """A student on the list as one viewer may see them (reason and level only with full access)."""

    student: Student
    class_name: str
    access: Access
    reason: str | None
    level: str | None
    last_talk: date | None
    next_due: date | None


async def counselor_class_ids(session: AsyncSession, *, staff: Staff) -> set[int]:
    """The classes this person is a counselor of."""
    own = select(CounselorClass.class_id).where(CounselorClass.staff_id == staff.id)
    return set((await session.exec(own)).all())


async def access_by_class(session: AsyncSession, *, viewer: Staff) -> dict[int, Access]:
    """Classes whose list the viewer may see: full for its counselors and college leaders."""
    access: dict[int, Access] = {}
    headed = select(HeadTeacherClass.class_id).where(HeadTeacherClass.staff_id == viewer.id)
    for class_id in (await session.exec(headed)).all():
        access[class_id] = "names"
    if viewer.is_leader and viewer.college_id is not None:
        led = select(SchoolClass.id).where(SchoolClass.college_id == viewer.college_id)
        for led_id in (await session.exec(led)).all():
            access[led_id] = "full"  # type: ignore[index]
    for class_id in await counselor_class_ids(session, staff=viewer):
        access[class_id] = "full"
    return access


async def is_counselor_of(session: AsyncSession, *, staff: Staff, class_id: int) -> bool:
    """Whether this person is a counselor of the class (the only one who marks its students)."""
    query = select(CounselorClass).where(
        CounselorClass.staff_id == staff.id, CounselorClass.class_id == class_id
    )
    return (await session.exec(query)).first() is not None


async def current_concern(session: AsyncSession, *, student_id: int) -> KeyConcern | None:
    """The open spell of a student on the list, if any."""
    query = select(KeyConcern).where(
        KeyConcern.student_id == student_id, col(KeyConcern.ended_at).is_(None)
    )
    return (await session.exec(query)).first()


async def last_talks(session: AsyncSession, *, student_ids: list[int]) -> dict[int, date]:
    """The day of each student's latest talk that still counts, by anyone."""
    if not student_ids:
        return {}
    query = (
        select(RecordStudent.student_id, func.max(WorkRecord.occurred_on))
        .join(WorkRecord, col(WorkRecord.id) == col(RecordStudent.record_id))
        .where(col(RecordStudent.student_id).in_(student_ids), WorkRecord.kind == "talk")
        .where(col(WorkRecord.deleted_at).is_(None))
        .group_by(col(RecordStudent.student_id))
    )
    return {sid: day for sid, day in (await session.exec(query)).all() if day is not None}


async def concerns_in(
    session: AsyncSession, *, access: dict[int, Access], today: date
) -> list[ConcernEntry]:
    """The key-concern students of these classes, each shown as its class's access allows."""
    if not access:
        return []
    query = (
        select(Student, SchoolClass.name, KeyConcern)
        .join(SchoolClass, col(SchoolClass.id) == col(Student.class_id))
        .outerjoin(
            KeyConcern,
            (col(KeyConcern.student_id) == col(Student.id)) & col(KeyConcern.ended_at).is_(None),
        )
        .where(col(Student.class_id).in_(list(access)), Student.key_concern, Student.active)
        .order_by(col(SchoolClass.name), col(Student.student_no))
    )
    rows = list((await session.exec(query)).all())
    talks = await last_talks(session, student_ids=[s.id for s, _, _ in rows if s.id is not None])
    entries = []
    for student, class_name, spell in rows:
        level = access[student.class_id]
        full = level == "full" and spell is not None
        last = talks.get(student.id or 0)
        due = None
        if full and spell is not None and spell.level in LEVELS:
            since = last or spell.started_at.date()
            due = since + timedelta(days=LEVELS[spell.level])
        entries.append(
            ConcernEntry(
                student=student,
                class_name=class_name,
                access=level,
                reason=spell.reason if full and spell else None,
                level=spell.level if full and spell else None,
                last_talk=last if level == "full" else None,
                next_due=due,
            )
        )
    return entries


async def visible_concerns(
    session: AsyncSession, *, viewer: Staff, today: date
) -> list[ConcernEntry]:
    """The list as this viewer may see it; a read of other people's lists is audited."""
    access = await access_by_class(session, viewer=viewer)
    entries = await concerns_in(session, access=access, today=today)
    own = await counselor_class_ids(session, staff=viewer)
    others = [e for e in entries if e.student.class_id not in own]
    if others:
        # Head teachers and leaders read a list the counselors keep: that read is audited.
        audit(
            session,
            actor_id=viewer.id,
            action="concern.read",
            target="concern-list",
            students=len(others),
            classes=sorted({e.student.class_id for e in others}),
        )
        await session.commit()
    return entries


def _state(spell: KeyConcern | None) -> dict[str, str] | None:
    """What the audit log keeps of a spell (no free text exists to leak)."""
    return None if spell is None else {"reason": spell.reason, "level": spell.level}


async def mark_concern(
    session: AsyncSession,
    *,
    actor: Staff,
    student: Student,
    reason: str,
    level: str,
    now: datetime,
) -> KeyConcern:
    """Put a student on the list, or change the reason or level of their open spell."""
    if reason not in REASONS or level not in LEVELS:
        raise ConcernRefused("invalid")
    if not await is_counselor_of(session, staff=actor, class_id=student.class_id):
        raise ConcernRefused("not-counselor")
    assert student.id is not None
    spell = await current_concern(session, student_id=student.id)
    before = _state(spell)
    if spell is None:
        assert actor.id is not None
        spell = KeyConcern(
            student_id=student.id,
            reason=reason,
            level=level,
            marked_by=actor.id,
            started_at=now,
            updated_at=now,
        )
    else:
        spell.reason, spell.level, spell.updated_at = reason, level, now
    student.key_concern = True
    session.add_all([spell, student])
    action = "concern.mark" if before is None else "concern.change"
    audit(
        session,
        actor_id=actor.id,
        action=action,
        target=f"student:{student.id}",
        before=before,
        after=_state(spell),
    )
    await session.commit()
    return spell


async def unmark_concern(
    session: AsyncSession, *, actor: Staff, student: Student, now: datetime
) -> bool:
    """Take a student off the list; False when they were not on it."""
    if not await is_counselor_of(session, staff=actor, class_id=student.class_id):
        raise ConcernRefused("not-counselor")
    assert student.id is not None
    spell = await current_concern(session, student_id=student.id)
    if spell is None and not student.key_concern:
        return False
    if spell is not None:
        spell.ended_at, spell.ended_by = now, actor.id
        session.add(spell)
    student.key_concern = False
    session.add(student)
    audit(
        session,
        actor_id=actor.id,
        action="concern.unmark",
        target=f"student:{student.id}",
        before=_state(spell),
        after=None,
    )
    await session.commit()
    return True
