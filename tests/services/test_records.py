"""The one save path: a record per Telegram update, audited, and a crisis wakes the watch once."""

from __future__ import annotations

from sqlmodel import col, select

from i18n import for_language
from models.db import Database
from models.records import AuditEntry, WorkRecord
from models.worklog import RecordDraft
from policy.service import PolicyService
from services.context import Services
from services.records import save
from tests.handlers.factories import NOW, TODAY, make_campus


def noting_wakes(db: Database) -> tuple[Services, list[str]]:
    """Services whose jobs asked for are noted, not run."""
    svc = Services(db=db, policy=PolicyService.load(None), clock=lambda: NOW)
    woken: list[str] = []
    svc.run_job_soon = woken.append
    return svc, woken


async def test_it_saves_one_record_for_an_update_delivered_twice(db: Database) -> None:
    svc, woken = noting_wakes(db)
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


async def test_a_save_is_committed_with_the_quota_lines_that_count_it(db: Database) -> None:
    svc, woken = noting_wakes(db)
    async with db.session() as session:
        campus = await make_campus(session)
        # What the crisis watch would find when woken: the record must be committed by then.
        svc.run_job_soon = lambda job: woken.append(
            f"{job} in a transaction: {session.in_transaction()}"
        )
        draft = RecordDraft(kind="dorm_visit", occurred_on=TODAY, dorm="7号楼 312", crisis=True)
        saved = await save(
            svc,
            session,
            staff=campus.counselor,
            draft=draft,
            update_id=5,
            progress_in=for_language("zh"),
        )
        async with db.session() as elsewhere:
            seen = (await elsewhere.exec(select(WorkRecord.id))).all()
    assert seen == [saved.record_id] and woken == ["crisis_watch in a transaction: False"]
    # The month's dorm visits count the record just saved (read in its own transaction).
    assert any("走访" in line and "1/" in line for line in saved.progress), saved.progress
