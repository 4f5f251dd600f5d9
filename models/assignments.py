"""Handing classes from one counselor or head teacher to another, and what the new one inherits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.audit import audit
from models.concern import Access, ConcernEntry, concerns_in
from models.corrections import staff_by_no
from models.org import CounselorClass, HeadTeacherClass, SchoolClass, Staff, Student
from models.records import RecordStudent, WorkRecord
from models.spells import note_head_change

Role = Literal["counselor", "head_teacher"]
ROLE_FLAG = {"counselor": "is_counselor", "head_teacher": "is_head_teacher"}


class AssignRefused(Exception):
    """A handover that cannot be made; `reason` is a locale key suffix, `value` what was wrong."""

    def __init__(self, reason: str, value: str = "") -> None:
        super().__init__(reason, value)
        self.reason = reason
        self.value = value


@dataclass(frozen=True)
class Move:
    """One class passing from the old person to the new one in one role."""

    class_id: int
    class_name: str
    role: Role


@dataclass
class Plan:
    """What a handover will change, shown to the admin before it is made."""

    old: Staff
    new: Staff
    moves: list[Move]
    granted: list[Role] = field(default_factory=list)

    @property
    def class_ids(self) -> list[int]:
        """The classes that change hands."""
        return sorted({m.class_id for m in self.moves})


@dataclass(frozen=True)
class FollowUp:
    """A follow-up the old person planned with a student of the handed-over classes."""

    student: Student
    due: date
    record_id: int


@dataclass(frozen=True)
class Handover:
    """What the new person is told: classes, key-concern students and open follow-ups."""

    moves: list[Move]
    concerns: list[ConcernEntry]
    follow_ups: list[FollowUp]


async def _links(session: AsyncSession, staff_id: int) -> list[tuple[int, Role]]:
    """Every (class, role) this person holds."""
    own = select(CounselorClass.class_id).where(CounselorClass.staff_id == staff_id)
    headed = select(HeadTeacherClass.class_id).where(HeadTeacherClass.staff_id == staff_id)
    links: list[tuple[int, Role]] = [(c, "counselor") for c in (await session.exec(own)).all()]
    links += [(c, "head_teacher") for c in (await session.exec(headed)).all()]
    return links


async def plan_handover(
    session: AsyncSession,
    *,
    old_no: str,
    new_no: str,
    class_names: Sequence[str] = (),
    college_id: int | None = None,
) -> Plan:
    """Work out which classes pass from one 工号 to another (all of them when none are named).

    With `college_id` (a college's admin) both people must be of that college; anyone else reads
    as an unknown 工号, so 工号 of other colleges cannot be probed.
    """
    old = await staff_by_no(session, staff_no=old_no)
    if old is None or old.id is None or college_id not in (None, old.college_id):
        raise AssignRefused("unknown-staff", old_no)
    new = await staff_by_no(session, staff_no=new_no)
    if new is None or new.id is None or college_id not in (None, new.college_id):
        raise AssignRefused("unknown-staff", new_no)
    if old.id == new.id:
        raise AssignRefused("same-person", new_no)
    links = await _links(session, old.id)
    wanted: set[int] | None = None
    if class_names:
        query = select(SchoolClass).where(col(SchoolClass.name).in_(list(class_names)))
        found = {c.name: c.id for c in (await session.exec(query)).all()}
        if missing := [n for n in class_names if n not in found]:
            raise AssignRefused("unknown-class", missing[0])
        wanted = {i for i in found.values() if i is not None}
        held = {c for c, _ in links}
        if stray := [n for n in class_names if found[n] not in held]:
            raise AssignRefused("not-held", stray[0])
    classes = {
        c.id: c
        for c in (
            await session.exec(
                select(SchoolClass).where(col(SchoolClass.id).in_([c for c, _ in links]))
            )
        ).all()
    }
    moves = [Move(c, classes[c].name, role) for c, role in links if wanted is None or c in wanted]
    if not moves:
        raise AssignRefused("nothing-held", old_no)
    for move in moves:
        college = classes[move.class_id].college_id
        if new.college_id is not None and new.college_id != college:
            raise AssignRefused("other-college", move.class_name)
    moves.sort(key=lambda m: (m.class_name, m.role))
    granted = sorted({m.role for m in moves if not getattr(new, ROLE_FLAG[m.role])})
    return Plan(old, new, moves, granted)


async def apply_handover(
    session: AsyncSession, *, plan: Plan, actor_id: int | None, now: datetime, via: str
) -> None:
    """Move the class links; records stay with whoever made them, and still count for them."""
    old_id, new_id = plan.old.id, plan.new.id
    assert old_id is not None and new_id is not None
    for move in plan.moves:
        table = CounselorClass if move.role == "counselor" else HeadTeacherClass
        link = await session.get(table, (old_id, move.class_id))
        if link is None:
            raise AssignRefused("not-held", move.class_name)
        await session.delete(link)
    # Deletes first: a class's head teacher is unique, and an insert in the same flush would clash.
    await session.flush()
    for move in plan.moves:
        table = CounselorClass if move.role == "counselor" else HeadTeacherClass
        if await session.get(table, (new_id, move.class_id)) is None:
            session.add(table(staff_id=new_id, class_id=move.class_id))
            if move.role == "head_teacher":
                # S06 counts years: a day's difference between UTC and local time is nothing.
                on = now.date()
                await note_head_change(
                    session, class_id=move.class_id, old_id=old_id, new_id=new_id, on=on
                )
    for role in plan.granted:
        setattr(plan.new, ROLE_FLAG[role], True)
    session.add(plan.new)
    audit(
        session,
        actor_id=actor_id,
        action="assign.handover",
        target=f"staff:{new_id}",
        old=old_id,
        new=new_id,
        via=via,
        moves=[{"class": m.class_id, "role": m.role} for m in plan.moves],
        granted=list(plan.granted),
    )
    await session.commit()


async def open_follow_ups(
    session: AsyncSession, *, staff_id: int, class_ids: Sequence[int], today: date
) -> list[FollowUp]:
    """The person's follow-ups due today or later with students of these classes."""
    if not class_ids:
        return []
    query = (
        select(col(WorkRecord.id), col(WorkRecord.follow_up_on), Student)
        .join(RecordStudent, col(RecordStudent.record_id) == col(WorkRecord.id))
        .join(Student, col(Student.id) == col(RecordStudent.student_id))
        .where(WorkRecord.staff_id == staff_id, col(WorkRecord.deleted_at).is_(None))
        .where(col(WorkRecord.follow_up_on) >= today, col(Student.class_id).in_(class_ids))
        .order_by(col(WorkRecord.follow_up_on), col(Student.student_no))
    )
    return [
        FollowUp(student, due, rid)
        for rid, due, student in (await session.exec(query)).all()
        if rid is not None and due is not None
    ]


async def handover_of(session: AsyncSession, *, plan: Plan, today: date) -> Handover:
    """What the new person inherits, as their new roles let them see it."""
    assert plan.old.id is not None
    # The new person now holds these classes; a head teacher sees names only, as elsewhere.
    access: dict[int, Access] = {}
    for move in plan.moves:
        if move.role == "counselor" or access.get(move.class_id) is None:
            access[move.class_id] = "full" if move.role == "counselor" else "names"
    concerns = await concerns_in(session, access=access, today=today)
    follow_ups = await open_follow_ups(
        session, staff_id=plan.old.id, class_ids=plan.class_ids, today=today
    )
    return Handover(plan.moves, concerns, follow_ups)
