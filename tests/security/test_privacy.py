"""A student's request: export everything held about them, then erase it for good."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import openpyxl
from sqlmodel import select

from bot.cli import main
from i18n import translator
from models.concern import KeyConcern
from models.db import Database
from models.org import Student
from models.outbox import NudgeMute, OutboxFile, OutboxMessage, file_hash, store_files
from models.records import AuditEntry, RecordStudent, WorkRecord
from models.warnings import AcademicWarning
from policy.service import PolicyService
from scheduler.retention import decide_retention
from services.privacy import export_student, purge_student
from tests.e2e.conftest import World
from tests.factories import make_record, pk
from tests.security.leaks import NOTE, found_in_database

NAME, NUMBER = "王小明", "2024010101"


async def _history(db: Database, world: World) -> int:
    """A talk, a concern spell, a warning and a digest naming the student; return the talk."""
    student = world.students[0]
    async with db.session() as session:
        talk = await make_record(
            session, world.counselor, "talk", date(2026, 11, 2), student, note=NOTE
        )
        session.add_all([
            KeyConcern(student_id=pk(student), reason="family", level="high",
                       marked_by=pk(world.counselor)),
            AcademicWarning(student_id=pk(student), term="2026-2027-1", courses="高数",
                            failed_courses=1),
            OutboxMessage(recipient_id=pk(world.counselor), rule="digest", period="w", stage="d",
                          batch="b", body={"text": f"{NAME} 需要跟进"}),
        ])  # fmt: skip
        await session.commit()
        assert talk.id is not None
        return talk.id


async def test_it_exports_everything_held_about_a_student(
    db: Database, world: World, cli_env: Path
) -> None:
    await _history(db, world)
    out = cli_env / "学生.xlsx"
    argv = ["privacy", "export", "--student", NUMBER, "--out", str(out)]
    assert await asyncio.to_thread(main, argv) == 0
    book = openpyxl.load_workbook(out)
    cells = {str(c.value) for sheet in book for row in sheet.iter_rows() for c in row}
    assert {NAME, NUMBER, NOTE, "family", "高数", "2026-2027-1"} <= cells
    assert out.stat().st_mode & 0o077 == 0
    async with db.session() as session:
        entries = (await session.exec(select(AuditEntry))).all()
    entries = [e for e in entries if e.action.startswith("privacy.")]
    assert [e.action for e in entries] == ["privacy.export"]
    assert entries[0].target == f"student:{world.students[0].id}"


async def test_a_note_that_looks_like_a_formula_is_exported_as_text(
    db: Database, world: World
) -> None:
    formula = '=HYPERLINK("http://example.com","点我")'
    async with db.session() as session:
        await make_record(
            session, world.counselor, "talk", date(2026, 11, 3), world.students[0], note=formula
        )
        await session.commit()
        student = await session.get(Student, pk(world.students[0]))
        assert student is not None
        data, _ = await export_student(session, student=student, t=translator("zh"))
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value == formula]
    assert cells and all(c.data_type == "s" for c in cells)


async def test_it_erases_a_student_and_keeps_the_staffs_work_anonymous(
    db: Database, world: World, cli_env: Path, database_url: str
) -> None:
    talk_id = await _history(db, world)
    assert await asyncio.to_thread(main, ["privacy", "purge", "--student", NUMBER]) == 2
    assert await asyncio.to_thread(main, ["privacy", "purge", "--student", NUMBER, "--yes"]) == 0
    async with db.session() as session:
        names = (await session.exec(select(Student.name, Student.student_no))).all()
        talk = await session.get(WorkRecord, talk_id)
        links = (await session.exec(select(RecordStudent))).all()
        left = [
            len((await session.exec(select(t))).all())
            for t in (KeyConcern, AcademicWarning, OutboxMessage)
        ]
        entries = (await session.exec(select(AuditEntry))).all()
    assert all(NAME not in n and NUMBER not in no for n, no in names)
    # The counselor's talk still counts: kind, day, staff and its (now anonymous) student.
    assert talk is not None and (talk.kind, talk.occurred_on, talk.staff_id) == (
        "talk", date(2026, 11, 2), world.counselor.id,
    )  # fmt: skip
    assert talk.note is None and len(links) == 1
    assert left == [0, 0, 0]
    [purge] = [e for e in entries if e.action == "privacy.purge"]
    assert NAME not in str(purge.details) and NUMBER not in str(purge.details)
    assert found_in_database(database_url, NAME, NUMBER, NOTE) == []


async def test_it_erases_what_outlived_its_retention_period(db: Database, world: World) -> None:
    policy = PolicyService.load()
    now = datetime(2026, 11, 18, 2, 0, tzinfo=policy.tz)
    staff = world.counselor
    async with db.session() as session:
        old = await make_record(session, staff, "talk", date(2021, 11, 1), note="旧备注")
        recent = await make_record(session, staff, "talk", date(2022, 1, 1), note="新备注")
        session.add_all([
            OutboxMessage(recipient_id=pk(staff), rule="r", period="old", stage="s", batch="1",
                          created_at=now - timedelta(days=400), sent_at=now - timedelta(days=399)),
            OutboxMessage(recipient_id=pk(staff), rule="r", period="sent", stage="s", batch="2",
                          document=b"xlsx", created_at=now - timedelta(days=40),
                          sent_at=now - timedelta(days=40)),
            OutboxMessage(recipient_id=pk(staff), rule="r", period="new", stage="s", batch="3",
                          document=b"xlsx", created_at=now, sent_at=now),
            NudgeMute(staff_id=pk(staff), rule="C01", period="p", until=date(2026, 11, 1)),
            NudgeMute(staff_id=pk(staff), rule="C02", period="p", until=date(2026, 12, 1)),
        ])  # fmt: skip
        await session.commit()
        assert await decide_retention(session, policy, now) == 4
        assert await decide_retention(session, policy, now) == 0
    async with db.session() as session:
        notes = {r.id: r.note for r in (await session.exec(select(WorkRecord))).all()}
        rows = {m.period: m.document for m in (await session.exec(select(OutboxMessage))).all()}
        mutes = (await session.exec(select(NudgeMute.rule))).all()
    assert notes == {old.id: None, recent.id: "新备注"}
    assert rows == {"sent": None, "new": b"xlsx"}
    assert mutes == ["C02"]


async def test_it_takes_a_student_who_left_out_of_lists_and_buttons(db: Database) -> None:
    from imports.roster import HEADER
    from models.scope import find_students
    from tests.imports.test_roster import ROWS, import_roster, xlsx

    # The row as the template lays it out, up to and including 在校 = 否.
    cells = dict(zip(HEADER, ROWS[0], strict=False))
    left = [cells.get(column, "") for column in HEADER]
    left[HEADER.index("在校")] = "否"
    async with db.session() as session:
        result = await import_roster(session, xlsx([left, *ROWS[1:]]), "名单.xlsx", dry_run=False)
        assert not result.errors
        student = (await session.exec(select(Student).where(Student.student_no == left[0]))).one()
        counselor_no = left[HEADER.index("辅导员工号")]
        from models.corrections import staff_by_no

        counselor = await staff_by_no(session, staff_no=counselor_no)
        assert counselor is not None
        found = await find_students(session, staff=counselor, text=student.name)
    assert student.active is False and found == []


def _workbook_naming(name: str) -> bytes:
    book = openpyxl.Workbook()
    book.active["A1"] = name  # type: ignore[index]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


async def test_it_erases_a_stored_digest_file_that_names_the_student(
    db: Database, world: World
) -> None:
    naming, other = _workbook_naming(NAME), _workbook_naming("别人")
    async with db.session() as session:
        await store_files(session, [naming, other])
        for n, content in enumerate((naming, naming, other)):
            session.add(OutboxMessage(recipient_id=pk(world.counselor), rule="digest",
                                      period=f"w{n}", stage="d", batch=f"b{n}",
                                      document_file=file_hash(content)))  # fmt: skip
        await session.commit()
        student = await session.get(Student, pk(world.students[0]))
        assert student is not None
        erased = await purge_student(session, student=student, now=datetime.now(UTC))
    async with db.session() as session:
        files = (await session.exec(select(OutboxFile.sha256))).all()
        periods = (await session.exec(select(OutboxMessage.period))).all()
    assert erased.messages == 2
    assert files == [file_hash(other)] and periods == ["w2"]


async def test_it_drops_a_stored_file_once_no_message_names_it(db: Database, world: World) -> None:
    policy = PolicyService.load()
    now = datetime(2026, 11, 18, 2, 0, tzinfo=policy.tz)
    old, new = b"old chart", b"new chart"
    async with db.session() as session:
        await store_files(session, [old, new])
        for period, content, day in (("old", old, now - timedelta(days=40)), ("new", new, now)):
            row = OutboxMessage(recipient_id=pk(world.counselor), rule="digest", period=period,
                                stage="d", batch=period, photo_file=file_hash(content),
                                created_at=day, sent_at=day)  # fmt: skip
            session.add(row)
        await session.commit()
        await decide_retention(session, policy, now)
    async with db.session() as session:
        files = (await session.exec(select(OutboxFile.sha256))).all()
    assert files == [file_hash(new)]
