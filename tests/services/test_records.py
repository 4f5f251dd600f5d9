"""The one save path: a record per Telegram update, audited, and a crisis wakes the watch once."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlmodel import col, select

from i18n import for_language
from models.db import Database
from models.org import Staff
from models.records import AuditEntry, WorkRecord
from models.worklog import RecordDraft
from models.write_turns import write_turn
from policy.rules import shipped_dir
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


async def test_a_dorm_visit_reads_its_college_only_once_a_college_changes_its_rules(
    db: Database, tmp_path: Path
) -> None:
    """A dorm visit counts toward rules of the person's own, alike in every college: its
    progress reads no class and no college. Once a college's file changes such a rule, the
    progress reads the person's college and shows that college's target."""
    shipped, _woken = noting_wakes(db)
    folder = tmp_path / "policy"
    shutil.copytree(shipped_dir(), folder)
    jidian = folder / "colleges" / "jidian.yaml"
    text_of = jidian.read_text(encoding="utf-8")
    jidian.write_text(text_of.replace("rules:\n", "rules:\n  C15: {target: 3}\n", 1), "utf-8")
    changed = Services(db=db, policy=PolicyService.load(folder), clock=lambda: NOW)
    zh = for_language("zh")
    async with db.session() as session:
        campus = await make_campus(session)  # the counselor works in 机电工程学院 (jidian.yaml)
        visit = RecordDraft(kind="dorm_visit", occurred_on=TODAY, dorm="7号楼 312")
        with db.statements() as alike:
            first = await save(
                shipped, session, staff=campus.counselor, draft=visit, update_id=1, progress_in=zh
            )
        with db.statements() as own:
            second = await save(
                changed, session, staff=campus.counselor, draft=visit, update_id=2, progress_in=zh
            )

    def reads_org(statements: list[str]) -> bool:
        return any("counselor_classes" in s or "FROM colleges" in s for s in statements)

    # Two visits on one day are one trip (C15 counts days): 1 of 2, then 1 of the college's 3.
    assert any("走访宿舍 1/2" in line for line in first.progress), first.progress
    assert any("走访宿舍 1/3" in line for line in second.progress), second.progress
    assert not reads_org(alike) and reads_org(own)


@pytest.mark.sqlite_only
async def test_a_save_waits_its_turn_behind_another_writer_instead_of_being_refused(
    db: Database, database_url: str
) -> None:
    """SQLite's busy handler gives up after its timeout (30 s; 50 ms here, as on a machine so
    starved that a writer ahead takes that long): a counselor's save must wait its turn."""
    async with db.session() as session:
        campus = await make_campus(session)
        staff_id = campus.counselor.id
    impatient = Database(database_url)

    @event.listens_for(impatient.engine.sync_engine, "connect")
    def _impatient(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout=50")

    svc, _woken = noting_wakes(impatient)
    held = asyncio.Event()

    async def delivery_claim() -> None:  # a writer that holds SQLite's lock for a while
        async with impatient.session() as holder, write_turn(holder):
            conn = await holder.connection()
            await conn.execute(text("UPDATE staff SET name = name WHERE id = :i"), {"i": staff_id})
            held.set()
            await asyncio.sleep(0.3)
            await holder.commit()

    async def dorm_visit() -> bool:
        await held.wait()
        async with impatient.session() as session:
            staff = await session.get(Staff, staff_id)
            assert staff is not None
            draft = RecordDraft(kind="dorm_visit", occurred_on=TODAY, dorm="7号楼 312")
            saved = await save(svc, session, staff=staff, draft=draft, update_id=9)
            return saved.new

    try:
        _, new = await asyncio.gather(delivery_claim(), dorm_visit())
    finally:
        await impatient.dispose()
    async with db.session() as session:
        dorms = (await session.exec(select(WorkRecord.dorm))).all()
    assert new and dorms == ["7号楼 312"]
