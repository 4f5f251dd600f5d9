"""Records are saved once per update, and only the newest can be undone, within a day."""

from datetime import UTC, date, datetime, timedelta

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.records import AuditEntry, RecordStudent, WorkRecord
from models.worklog import RecordDraft, recent_records, save_record, undo_record
from tests.factories import make_class, make_college, make_counselor, make_student

NOW = datetime(2026, 11, 18, 2, 0, tzinfo=UTC)


async def test_it_saves_a_record_once_for_the_same_update(session: AsyncSession) -> None:
    college = await make_college(session)
    cls = await make_class(session, college)
    student = await make_student(session, cls)
    staff = await make_counselor(session, college, cls)
    assert staff.id is not None and student.id is not None
    draft = RecordDraft(kind="talk", occurred_on=date(2026, 11, 18), student_ids=[student.id])
    first, new = await save_record(session, staff_id=staff.id, draft=draft, now=NOW, update_id=7)
    again, new_again = await save_record(
        session, staff_id=staff.id, draft=draft, now=NOW, update_id=7
    )
    assert new and not new_again and first == again
    assert len((await session.exec(select(WorkRecord))).all()) == 1
    assert len((await session.exec(select(RecordStudent))).all()) == 1


async def test_it_undoes_only_the_newest_record_within_a_day_and_audits_it(
    session: AsyncSession,
) -> None:
    college = await make_college(session)
    staff = await make_counselor(session, college)
    assert staff.id is not None
    older, _ = await save_record(
        session,
        staff_id=staff.id,
        now=NOW,
        update_id=1,
        draft=RecordDraft(kind="dorm_visit", occurred_on=date(2026, 11, 17)),
    )
    newest, _ = await save_record(
        session,
        staff_id=staff.id,
        now=NOW + timedelta(minutes=1),
        update_id=2,
        draft=RecordDraft(kind="dorm_visit", occurred_on=date(2026, 11, 18)),
    )
    later = NOW + timedelta(hours=2)
    assert await undo_record(session, staff_id=staff.id, record_id=older, now=later) is None
    assert await undo_record(session, staff_id=staff.id + 1, record_id=newest, now=later) is None
    too_late = NOW + timedelta(hours=25)
    assert await undo_record(session, staff_id=staff.id, record_id=newest, now=too_late) is None
    undone = await undo_record(session, staff_id=staff.id, record_id=newest, now=later)
    assert undone is not None and undone.deleted_at == later
    assert [r.id for r in await recent_records(session, staff_id=staff.id)] == [older]
    actions = (await session.exec(select(AuditEntry.action))).all()
    assert actions.count("record.undo") == 1
