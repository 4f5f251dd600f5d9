"""Buttons replayed by someone else: the object is re-checked, and nothing changes."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from sqlmodel import func, select

from bot.emulator import Emulator
from models.concern import KeyConcern
from models.db import Database
from models.records import AuditEntry, WorkRecord
from tests.e2e.conftest import World, app, clock, emulator, world
from tests.e2e.people import Person
from tests.e2e.test_log_flows import registered
from tests.handlers.factories import make_saved_record

__all__ = ["app", "clock", "emulator", "world"]

STALE = ("这个按钮已失效", "只有该生所在班级的辅导员")


async def replay(emulator: Emulator, person: Person, data: str) -> Any:
    """Press a button with forged data on the person's newest message, as a modified client can."""
    target = person.last()
    before = (target.text, len(emulator.messages(person.chat_id)))
    chat = emulator.state.chats[person.user.id]
    query = {
        "id": f"{person.user.id}-{time.monotonic_ns()}",
        "from": person.user.as_json(),
        "message": target.as_json(emulator.bot_user, chat),
        "chat_instance": str(person.user.id),
        "data": data,
    }
    await emulator.send_update_raw({"callback_query": query})
    await emulator.wait_for(
        lambda: (person.last().text, len(emulator.messages(person.chat_id))) != before
    )
    return person.last()


async def count(db: Database, table: Any) -> int:
    """Rows in a table."""
    async with db.session() as session:
        return int((await session.exec(select(func.count()).select_from(table))).one())


async def test_it_refuses_a_talk_button_for_another_counselors_student(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await registered(emulator, world)
    answer = await replay(emulator, me, f"log:stu:{world.other_student.id}")
    assert any(text in answer.plain_text for text in STALE)
    assert "韩梅梅" not in answer.plain_text
    answer_unknown = await replay(emulator, me, "log:stu:999999")
    assert answer_unknown.plain_text == answer.plain_text


async def test_it_refuses_a_concern_button_for_another_counselors_student(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await registered(emulator, world)
    # Forged data on the live /concern message: only that message's buttons are answered.
    await me.say("/concern 2024010201")
    answer = await replay(emulator, me, f"kc:l:{world.other_student.id}:family:high")
    assert any(text in answer.plain_text for text in STALE)
    assert await count(db, KeyConcern) == 0
    await me.say("/concern 2024010201")
    unknown = await replay(emulator, me, "kc:l:999999:family:high")
    assert unknown.plain_text == answer.plain_text


async def test_it_refuses_to_open_another_persons_record_and_audits_a_leaders_read(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    async with db.session() as session:
        record = await make_saved_record(
            session, world.other_counselor, "dorm_visit", date(2026, 11, 17),
            dorm="9号楼 201", note="不可外传",
        )  # fmt: skip
        record_id = record.id
        # A record of their own each, so /history has a live keyboard to forge a press on.
        for person in (world.counselor, world.leader):
            await make_saved_record(session, person, "dorm_visit", date(2026, 11, 17))
    me = await registered(emulator, world)
    await me.say("/history")
    answer = await replay(emulator, me, f"h:o:{record_id}")
    assert "不可外传" not in answer.plain_text
    await me.say("/history")
    unknown = await replay(emulator, me, "h:o:999999")
    assert unknown.plain_text == answer.plain_text
    leader = await registered(emulator, world, "leader", 5004)
    await leader.say("/history")
    opened = await replay(emulator, leader, f"h:o:{record_id}")
    assert "9号楼 201" in opened.plain_text and "不可外传" not in opened.plain_text
    async with db.session() as session:
        reads = (
            await session.exec(select(AuditEntry).where(AuditEntry.action == "record.read"))
        ).all()
        assert [r.actor_staff_id for r in reads] == [world.leader.id]
        assert (await session.get(WorkRecord, record_id)) is not None
