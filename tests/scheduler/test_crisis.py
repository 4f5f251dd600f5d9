"""Crisis alerts (S04): to the college's leaders and the admins, never the note, until 已知悉."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.emulator import Emulator
from models.db import Database
from tests.e2e.conftest import World
from tests.e2e.people import Person
from tests.factories import make_record, make_staff
from tests.scheduler.conftest import Chats, run, shanghai, texts

NOTE = "学生深夜情绪崩溃，已陪同就医"


async def _crisis(db: Database, world: World, when: str) -> int:
    async with db.session() as session:
        record = await make_record(
            session,
            world.counselor,
            "talk",
            date(2026, 11, 19),
            world.students[0],
            subtype="crisis",
            crisis=True,
            note=NOTE,
            created_at=shanghai(when),
        )
        await session.commit()
        assert record.id is not None
        return record.id


async def _admin(db: Database, emulator: Emulator) -> Person:
    person = Person(emulator, 7900, "管理员")
    async with db.session() as session:
        await make_staff(
            session, None, is_admin=True, name="周管理", telegram_user_id=person.user.id
        )
        await session.commit()
    return person


async def test_the_leader_and_the_admin_are_alerted_without_the_note(
    app: Any, chats: Chats, db: Database, world: World, emulator: Emulator
) -> None:
    admin = await _admin(db, emulator)
    await _crisis(db, world, "2026-11-19 21:10")
    await run(app, "crisis_watch", "2026-11-19 21:10:30")
    [alert] = texts(chats.leader)
    assert "危机预警" in alert and "张老师" in alert and "机械2401班" in alert
    assert "王小明" in alert  # a leader of the student's college sees the name
    [to_admin] = texts(admin)
    assert "机械2401班" in to_admin and "王小明" not in to_admin
    for text in (alert, to_admin):
        assert NOTE not in text
    assert texts(chats.other_counselor) == [] and texts(chats.head_teacher) == []


async def test_an_unacknowledged_alert_repeats_every_thirty_minutes(
    app: Any, chats: Chats, db: Database, world: World
) -> None:
    await _crisis(db, world, "2026-11-19 21:10")
    for minute in ("21:11", "21:12", "21:25", "21:39"):
        await run(app, "crisis_watch", f"2026-11-19 {minute}")
    assert len(texts(chats.leader)) == 1
    await run(app, "crisis_watch", "2026-11-19 21:41")
    await run(app, "crisis_watch", "2026-11-19 21:42")
    assert len(texts(chats.leader)) == 2
    assert "尚无人确认" in texts(chats.leader)[-1]


async def test_acknowledging_stops_the_repeats_and_tells_the_person_who_logged_it(
    app: Any, chats: Chats, db: Database, world: World
) -> None:
    await _crisis(db, world, "2026-11-19 21:10")
    await run(app, "crisis_watch", "2026-11-19 21:11")
    alert = chats.leader.last_with_buttons()
    before = len(texts(chats.counselor))
    await chats.leader.emu.press_button(chats.leader.user, alert.message_id, alert.buttons()[0][1])
    await chats.counselor.emu.wait_for(lambda: len(texts(chats.counselor)) > before)
    assert "王书记 已知悉" in texts(chats.counselor)[-1]
    await run(app, "crisis_watch", "2026-11-19 22:30")
    assert len(texts(chats.leader)) == 1
