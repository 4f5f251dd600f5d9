"""The rights of the people in the data: export everything about a student, or erase it.

Erasing keeps each staff member's work as an anonymous record: the record (kind, day,
staff) stays and still counts, its note goes, and the student's row becomes a tombstone
with no name or number that the record's link now points at, so a quota already met stays
met. Then the database files are compacted, so the erased bytes are gone from disk too.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from i18n import Translate
from models.audit import audit
from models.concern import KeyConcern
from models.crypto import ENCRYPTED_COLUMNS, LATER_ENCRYPTED_COLUMNS, needs_rotation, rotate
from models.org import College, SchoolClass, Staff, Student
from models.outbox import OutboxFile, OutboxMessage
from models.records import AuditEntry, RecordStudent, WorkRecord
from models.types import table_of
from models.warnings import AcademicWarning
from reports.student_file import StudentFile, render_student_file

# What an erased student's row keeps: nothing that names them.
ERASED_NAME = "—"
ERASED_TABLES = ("students", "work_records", "key_concerns", "academic_warnings", "outbox")
FLAGS = ("key_concern", "cadre", "academic_warning", "special_origin", "active")


@dataclass(frozen=True)
class Erased:
    """How much of a student's data an erasure removed."""

    records: int
    concerns: int
    warnings: int
    messages: int


async def student_by_no(session: AsyncSession, student_no: str) -> Student | None:
    """A student by 学号."""
    query = select(Student).where(Student.student_no == student_no.strip())
    return (await session.exec(query)).first()


async def _record_ids(session: AsyncSession, student_id: int) -> list[int]:
    """The records that name the student."""
    query = select(RecordStudent.record_id).where(RecordStudent.student_id == student_id)
    return list((await session.exec(query)).all())


async def collect_student(session: AsyncSession, student: Student, t: Translate) -> StudentFile:
    """Every row held about the student: roster, flags, records, concerns, warnings, audit."""
    assert student.id is not None
    data = StudentFile()
    found = await session.exec(
        select(SchoolClass, College)
        .join(College, col(College.id) == col(SchoolClass.college_id))
        .where(SchoolClass.id == student.class_id)
    )
    school_class, college = found.one()
    yes_no = {True: t("privacy-yes"), False: t("privacy-no")}
    fields = [
        ("student-no", student.student_no),
        ("name", student.name),
        ("class", school_class.name),
        ("college", college.name),
        ("dorm", student.dorm),
    ]
    fields += [(flag.replace("_", "-"), yes_no[bool(getattr(student, flag))]) for flag in FLAGS]
    for key, value in fields:
        data.add("student", t(f"privacy-field-{key}"), value)
    ids = await _record_ids(session, student.id)
    records = await session.exec(
        select(WorkRecord, Staff.name)
        .join(Staff, col(Staff.id) == col(WorkRecord.staff_id))
        .where(col(WorkRecord.id).in_(ids))
        .order_by(col(WorkRecord.occurred_on), col(WorkRecord.id))
    )
    for r, staff_name in records.all():
        deleted = r.deleted_at.date() if r.deleted_at else None
        data.add(
            "records", r.occurred_on, t(f"kind-{r.kind}"), r.subtype, staff_name, r.theme,
            r.dorm, r.note, yes_no[r.crisis], r.follow_up_on, deleted,
        )  # fmt: skip
    concerns = await session.exec(
        select(KeyConcern).where(KeyConcern.student_id == student.id).order_by(col(KeyConcern.id))
    )
    for c in concerns.all():
        ended = c.ended_at.date() if c.ended_at else None
        data.add("concerns", c.started_at.date(), ended, c.reason, c.level)
    warnings = await session.exec(
        select(AcademicWarning).where(AcademicWarning.student_id == student.id)
    )
    for w in warnings.all():
        data.add("warnings", w.term, w.courses, w.failed_courses)
    targets = [f"student:{student.id}", *(f"record:{i}" for i in ids)]
    entries = await session.exec(
        select(AuditEntry).where(col(AuditEntry.target).in_(targets)).order_by(col(AuditEntry.id))
    )
    for e in entries.all():
        details = json.dumps(e.details, ensure_ascii=False)
        data.add("audit", e.at.isoformat(), e.actor_staff_id, e.action, e.target, details)
    return data


async def export_student(
    session: AsyncSession, *, student: Student, t: Translate, actor_id: int | None = None
) -> tuple[bytes, StudentFile]:
    """The student's file as .xlsx bytes; the export is audited."""
    data = await collect_student(session, student, t)
    audit(
        session,
        actor_id=actor_id,
        action="privacy.export",
        target=f"student:{student.id}",
        rows={sheet: len(rows) for sheet, rows in data.rows.items()},
    )
    await session.commit()
    return render_student_file(data, t), data


def _mentions(row: OutboxMessage, needles: Sequence[str]) -> bool:
    """Whether a message's text or files name the student (workbooks are read as zip XML)."""
    texts = [json.dumps(row.body, ensure_ascii=False)]
    return _named(texts, needles) or any(_file_names(b, needles) for b in (row.document, row.photo))


def _file_names(blob: bytes | None, needles: Sequence[str]) -> bool:
    """Whether a file (a workbook, read as zip XML) names the student."""
    if not blob or not zipfile.is_zipfile(io.BytesIO(blob)):
        return False
    with zipfile.ZipFile(io.BytesIO(blob)) as book:
        return _named([book.read(n).decode(errors="ignore") for n in book.namelist()], needles)


def _named(texts: Sequence[str], needles: Sequence[str]) -> bool:
    return any(needle in text for text in texts for needle in needles)


async def _purge_files(session: AsyncSession, needles: Sequence[str]) -> int:
    """Delete the stored files that name the student, and the messages that send them."""
    gone = [
        f.sha256 for f in (await session.exec(select(OutboxFile))).all()
        if _file_names(f.content, needles)
    ]  # fmt: skip
    if not gone:
        return 0
    conn = await session.connection()
    outbox = table_of(OutboxMessage)
    sending = sa.or_(outbox.c.photo_file.in_(gone), outbox.c.document_file.in_(gone))
    messages = (await conn.execute(sa.delete(outbox).where(sending))).rowcount or 0
    await conn.execute(sa.delete(OutboxFile).where(col(OutboxFile.sha256).in_(gone)))
    return messages


async def purge_student(
    session: AsyncSession, *, student: Student, now: datetime, actor_id: int | None = None
) -> Erased:
    """Erase the student's personal data; staff activity stays as anonymous records."""
    assert student.id is not None
    sid = student.id
    ids = await _record_ids(session, sid)
    conn = await session.connection()
    if ids:
        # Notes and planned follow-ups are about the student; kind, day and staff are not.
        wipe = sa.update(WorkRecord).where(col(WorkRecord.id).in_(ids))
        await conn.execute(wipe.values(note=None, follow_up_on=None, updated_at=now))
    concerns = await conn.execute(sa.delete(KeyConcern).where(col(KeyConcern.student_id) == sid))
    warned = await conn.execute(
        sa.delete(AcademicWarning).where(col(AcademicWarning.student_id) == sid)
    )
    needles = [student.student_no, student.name]
    messages = await _purge_files(session, needles)
    for row in (await session.exec(select(OutboxMessage))).all():
        if _mentions(row, needles):
            await session.delete(row)
            messages += 1
    student.student_no, student.name = f"erased-{sid}", ERASED_NAME
    student.dorm = None
    for flag in FLAGS:
        setattr(student, flag, False)
    session.add(student)
    erased = Erased(len(ids), concerns.rowcount or 0, warned.rowcount or 0, messages)
    audit(
        session,
        actor_id=actor_id,
        action="privacy.purge",
        target=f"student:{sid}",
        records=erased.records,
        concerns=erased.concerns,
        warnings=erased.warnings,
        messages=erased.messages,
    )
    await session.commit()
    return erased


async def compact(engine: AsyncEngine) -> None:
    """Rewrite the database files so erased bytes no longer sit in free pages or the WAL."""
    async with engine.connect() as conn:
        auto = await conn.execution_options(isolation_level="AUTOCOMMIT")
        if engine.dialect.name == "sqlite":
            await auto.exec_driver_sql("VACUUM")
            await auto.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            await auto.exec_driver_sql(f"VACUUM FULL {', '.join(ERASED_TABLES)}")


async def rotate_keys(session: AsyncSession) -> tuple[int, int]:
    """Seal every encrypted value under the newest key; return (changed, total)."""
    conn = await session.connection()
    changed = total = 0
    for table_name, key, column, kind in (*ENCRYPTED_COLUMNS, *LATER_ENCRYPTED_COLUMNS):
        stored = sa.LargeBinary() if kind == "bytes" else sa.Text()
        # The key untyped: an id, or a file's hash.
        table = sa.table(table_name, sa.column(key), sa.column(column, stored))
        rows = await conn.execute(
            sa.select(table.c[key], table.c[column]).where(table.c[column].is_not(None))
        )
        for row_id, value in rows.all():
            total += 1
            token = bytes(value) if kind == "bytes" else str(value).encode()
            if not needs_rotation(token):
                continue
            fresh = rotate(token)
            new = fresh if kind == "bytes" else fresh.decode()
            await conn.execute(sa.update(table).where(table.c[key] == row_id).values({column: new}))
            changed += 1
    await session.commit()
    return changed, total
