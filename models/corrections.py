"""Correcting records: who may edit or delete which record, and paging through one's records."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import extract, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.audit import audit
from models.org import College, SchoolClass, Staff, Student
from models.records import RecordStudent, WorkRecord

EDIT_WINDOW = timedelta(days=7)
# The same bounds as /log (handlers.parsing, policy.kinds); a test keeps them equal.
MAX_DAYS_BACK = 30
NOTE_MAX_LENGTH = 2000
REASON_MAX_LENGTH = 200
PAGE_SIZE = 10
EDITABLE = ("occurred_on", "note", "subtype")

Mode = Literal["own", "admin"]


class CorrectionRefused(Exception):
    """A correction that is not allowed; `reason` is a locale key suffix."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def correction_mode(actor: Staff, record: WorkRecord, now: datetime) -> Mode:
    """How the actor may change a record: its owner within 7 days, else only an admin."""
    if record.deleted_at is not None:
        raise CorrectionRefused("deleted")
    if record.staff_id == actor.id and now - record.created_at <= EDIT_WINDOW:
        return "own"
    if actor.is_admin:
        return "admin"
    if record.staff_id == actor.id:
        raise CorrectionRefused("too-old")
    raise CorrectionRefused("leader" if actor.is_leader else "not-yours")


def check_reason(mode: Mode, reason: str | None) -> str | None:
    """An admin's correction needs a reason; an owner's does not."""
    text = (reason or "").strip()
    if mode == "admin" and not text:
        raise CorrectionRefused("reason-needed")
    if len(text) > REASON_MAX_LENGTH:
        raise CorrectionRefused("reason-too-long")
    return text or None


def check_change(
    mode: Mode, field: str, value: Any, *, today: date, subtypes: Sequence[str]
) -> Any:
    """Validate one new value with the rules of /log (an admin may reach past 30 days)."""
    if field == "occurred_on":
        if not isinstance(value, date) or value > today:
            raise CorrectionRefused("date-future")
        if mode == "own" and (today - value).days > MAX_DAYS_BACK:
            raise CorrectionRefused("date-too-old")
        return value
    if field == "note":
        text = (value or "").strip()
        if len(text) > NOTE_MAX_LENGTH:
            raise CorrectionRefused("note-too-long")
        return text or None
    if field == "subtype":
        if value not in subtypes:
            raise CorrectionRefused("subtype-invalid")
        return value
    raise CorrectionRefused("field-invalid")


def snapshot(record: WorkRecord, fields: Sequence[str]) -> dict[str, Any]:
    """Values of a record as the audit log keeps them (dates as ISO text)."""
    values = {f: getattr(record, f) for f in fields}
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


async def _editable(
    session: AsyncSession, actor: Staff, record_id: int, now: datetime
) -> tuple[WorkRecord, Mode]:
    """The record and the actor's right over it, or a refusal."""
    record = await session.get(WorkRecord, record_id)
    if record is None:
        raise CorrectionRefused("not-found")
    return record, correction_mode(actor, record, now)


async def edit_record(
    session: AsyncSession,
    *,
    actor: Staff,
    record_id: int,
    changes: dict[str, Any],
    now: datetime,
    today: date,
    subtypes: Sequence[str],
    reason: str | None = None,
) -> WorkRecord:
    """Change the date, note or subtype of a record; the old values stay in the audit log."""
    record, mode = await _editable(session, actor, record_id, now)
    why = check_reason(mode, reason)
    clean = {
        f: check_change(mode, f, v, today=today, subtypes=subtypes) for f, v in changes.items()
    }
    before = snapshot(record, list(clean))
    for field_name, value in clean.items():
        setattr(record, field_name, value)
    record.updated_at = now
    session.add(record)
    audit(
        session,
        actor_id=actor.id,
        action="record.edit",
        target=f"record:{record.id}",
        owner=record.staff_id,
        before=before,
        after=snapshot(record, list(clean)),
        reason=why,
    )
    await session.commit()
    return record


async def delete_record(
    session: AsyncSession,
    *,
    actor: Staff,
    record_id: int,
    now: datetime,
    reason: str | None = None,
) -> WorkRecord:
    """Withdraw a record so it no longer counts; it stays for the audit trail."""
    record, mode = await _editable(session, actor, record_id, now)
    why = check_reason(mode, reason)
    record.deleted_at = now
    record.updated_at = now
    session.add(record)
    fields = [
        "kind",
        "subtype",
        "occurred_on",
        "class_id",
        "dorm",
        "theme",
        "hours",
        "note",
        "crisis",
        "follow_up_on",
    ]
    audit(
        session,
        actor_id=actor.id,
        action="record.delete",
        target=f"record:{record.id}",
        owner=record.staff_id,
        before=snapshot(record, fields),
        reason=why,
    )
    await session.commit()
    return record


@dataclass(frozen=True)
class Page:
    """One page of a person's records, newest day first."""

    records: list[WorkRecord]
    number: int
    pages: int
    total: int


def month_bounds(month: str) -> tuple[date, date]:
    """The first and last day of a month given as YYYYMM."""
    first = date(int(month[:4]), int(month[4:]), 1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def _filtered(staff_id: int, kind: str | None, month: str | None) -> Any:
    """The condition for a person's counting records of one kind and month."""
    conditions = [WorkRecord.staff_id == staff_id, col(WorkRecord.deleted_at).is_(None)]
    if kind:
        conditions.append(WorkRecord.kind == kind)
    if month:
        first, last = month_bounds(month)
        conditions += [col(WorkRecord.occurred_on) >= first, col(WorkRecord.occurred_on) <= last]
    return conditions


async def page_of_records(
    session: AsyncSession,
    *,
    staff_id: int,
    page: int,
    kind: str | None = None,
    month: str | None = None,
    size: int = PAGE_SIZE,
) -> Page:
    """A page of a person's records that still count, filtered by kind and month (YYYYMM)."""
    conditions = _filtered(staff_id, kind, month)
    total = int((await session.exec(select(func.count()).where(*conditions))).one())
    pages = max(1, -(-total // size))
    number = min(max(page, 0), pages - 1)
    query = (
        select(WorkRecord)
        .where(*conditions)
        .order_by(
            col(WorkRecord.occurred_on).desc(),
            col(WorkRecord.created_at).desc(),
            col(WorkRecord.id).desc(),
        )
        .offset(number * size)
        .limit(size)
    )
    return Page(list((await session.exec(query)).all()), number, pages, total)


async def kinds_used(session: AsyncSession, *, staff_id: int) -> list[str]:
    """The kinds a person has counting records of."""
    query = (
        select(WorkRecord.kind)
        .where(WorkRecord.staff_id == staff_id, col(WorkRecord.deleted_at).is_(None))
        .distinct()
    )
    return sorted((await session.exec(query)).all())


async def months_used(session: AsyncSession, *, staff_id: int) -> list[str]:
    """The months (YYYYMM, newest first) in which a person has counting records."""
    year = extract("year", col(WorkRecord.occurred_on))
    month = extract("month", col(WorkRecord.occurred_on))
    query = (
        select(year, month)
        .where(WorkRecord.staff_id == staff_id, col(WorkRecord.deleted_at).is_(None))
        .distinct()
    )
    found = {f"{int(y):04d}{int(m):02d}" for y, m in (await session.exec(query)).all()}
    return sorted(found, reverse=True)


def may_read_records(viewer: Staff, owner: Staff) -> bool:
    """Whether the viewer may read this person's records: their own, an admin, or their leader."""
    if viewer.id == owner.id or viewer.is_admin:
        return True
    return (
        viewer.is_leader
        and viewer.college_id is not None
        and (viewer.college_id == owner.college_id)
    )


async def audit_read(
    session: AsyncSession, *, viewer: Staff, owner: Staff, what: str, **details: Any
) -> None:
    """Record that someone read another person's records (their own reads are not audited)."""
    if viewer.id == owner.id:
        return
    audit(session, actor_id=viewer.id, action=f"{what}.read", target=f"staff:{owner.id}", **details)
    await session.commit()


async def staff_by_no(session: AsyncSession, *, staff_no: str) -> Staff | None:
    """A staff member by 工号."""
    query = select(Staff).where(Staff.staff_no == staff_no.strip())
    return (await session.exec(query)).first()


async def people_of(
    session: AsyncSession, *, records: Sequence[WorkRecord]
) -> tuple[dict[int, list[Student]], dict[int, str]]:
    """The students of each record, and the names of every class involved."""
    ids = [r.id for r in records if r.id is not None]
    students: dict[int, list[Student]] = {}
    if ids:
        query = (
            select(RecordStudent.record_id, Student)
            .join(Student, col(Student.id) == col(RecordStudent.student_id))
            .where(col(RecordStudent.record_id).in_(ids))
            .order_by(col(Student.student_no))
        )
        for record_id, student in (await session.exec(query)).all():
            students.setdefault(record_id, []).append(student)
    class_ids = {r.class_id for r in records if r.class_id is not None}
    class_ids |= {s.class_id for group in students.values() for s in group}
    names: dict[int, str] = {}
    if class_ids:
        rows = await session.exec(select(SchoolClass).where(col(SchoolClass.id).in_(class_ids)))
        names = {c.id: c.name for c in rows.all() if c.id is not None}
    return students, names


async def college_staff(session: AsyncSession, *, college_id: int) -> list[Staff]:
    """The counselors and head teachers of a college, by name."""
    query = (
        select(Staff)
        .where(Staff.college_id == college_id)
        .where(col(Staff.is_counselor) | col(Staff.is_head_teacher))
        .order_by(col(Staff.name), col(Staff.id))
    )
    return list((await session.exec(query)).all())


async def college_by_name(session: AsyncSession, *, name: str) -> College | None:
    """A college by its name."""
    return (await session.exec(select(College).where(College.name == name.strip()))).first()
