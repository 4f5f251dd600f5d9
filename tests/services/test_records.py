"""The one save path: a record per Telegram update, audited, and a crisis wakes the watch once."""

from __future__ import annotations

from sqlmodel import col, select

from models.db import Database
from models.records import AuditEntry, WorkRecord
from models.worklog import RecordDraft
from policy.service import PolicyService
from services.context import Services
from services.records import save
from tests.handlers.factories import NOW, TODAY, make_campus


async def test_it_saves_one_record_for_an_update_delivered_twice(db: Database) -> None:
    woken: list[str] = []
    svc = Services(db=db, policy=PolicyService.load(None), clock=lambda: NOW)
    svc.run_job_soon = woken.append
    async with db.session() as session:
        campus = await make_campus(session)
        draft = RecordDraft(
            kind="talk", occurred_on=TODAY, student_ids=[campus.student.id or 0], crisis=True
        )
        first = await save(svc, session, staff=campus.counselor, draft=draft, update_id=77)
        again = await save(svc, session, staff=campus.counselor, draft=draft, update_id=77)
        saved = (await session.exec(select(WorkRecord))).all()
        audited = (
            await session.exec(select(AuditEntry).where(col(AuditEntry.action) == "record.create"))
        ).all()
    assert (first.new, again.new) == (True, False)
    assert first.record_id == again.record_id and len(saved) == 1 and len(audited) == 1
    assert woken == ["crisis_watch"]
