"""Handing classes over, by /assign and by `fudao assign`: the new person is told everything."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from sqlmodel import select

from bot.emulator import Emulator
from models.concern import mark_concern
from models.db import Database
from models.org import CounselorClass, Staff, Student
from models.records import WorkRecord
from tests.e2e.conftest import Clock, World
from tests.e2e.people import Person
from tests.factories import make_record, make_staff
from tests.handlers.harness import (
    app,
    cli_env,
    clock,
    emulator,
    fudao,
    join,
    join_as,
    make_admin,
    records_app,
    world,
)

__all__ = ["app", "cli_env", "clock", "emulator", "records_app", "world"]


async def newcomer_and_history(db: Database, world: World, clock: Clock) -> Staff:
    """A new counselor, and the old one's key-concern student, follow-up and dorm visits."""
    async with db.session() as session:
        new = await make_staff(session, None, is_counselor=True, name="孙老师", staff_no="T2001")
        new.college_id = world.counselor.college_id
        counselor = await session.get(Staff, world.counselor.id)
        student = await session.get(Student, world.students[0].id)
        assert counselor is not None and student is not None
        await mark_concern(
            session, actor=counselor, student=student, reason="mental", level="high", now=clock()
        )
        await make_record(
            session,
            world.counselor,
            "talk",
            date(2026, 11, 16),
            student,
            follow_up_on=date(2026, 11, 30),
            created_at=clock(),
            updated_at=clock(),
        )
        for day in (3, 10):
            await make_record(
                session,
                world.counselor,
                "dorm_visit",
                date(2026, 11, day),
                dorm="7号楼 312",
                created_at=clock(),
                updated_at=clock(),
            )
        await session.commit()
        return new


async def message_with(person: Person, text: str) -> Any:
    """Wait for a message in the person's chat that contains `text`."""
    for _ in range(200):
        found = [m for m in person.emu.messages(person.chat_id) if text in (m.plain_text or "")]
        if found:
            return found[-1]
        await asyncio.sleep(0.05)
    raise AssertionError(f"no message with {text!r}")


async def test_it_hands_classes_over_in_chat_and_past_records_still_count_for_the_old_one(
    records_app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    new = await newcomer_and_history(db, world, clock)
    async with db.session() as session:
        admin = await make_admin(session, world)
        boss = await join_as(emulator, session, admin, 5301, clock)
        newcomer = await join_as(emulator, session, new, 5302, clock)
    counselor = await join(emulator, world, "counselor", 5303)
    refused = await counselor.say("/assign T1001 T2001")
    assert "只有管理员" in refused.plain_text
    preview = await boss.say("/assign T1001 T2001 机械2401班")
    assert "张老师（T1001） → 孙老师（T2001）" in preview.plain_text
    assert "机械2401班（辅导员）" in preview.plain_text and "机械2402班" not in preview.plain_text
    done = await boss.tap("确认交接")
    assert "已完成交接" in done.plain_text and "交接消息已发送给 孙老师（T2001）" in done.plain_text
    handover = (await message_with(newcomer, "班级交接")).plain_text
    assert "机械2401班（辅导员）" in handover
    assert "王小明（2024010101） · 心理 · 一级（每周跟进）" in handover
    assert "2026-11-30 王小明（2024010101）" in handover
    assert "您当前的完成情况" in handover
    async with db.session() as session:
        links = (await session.exec(select(CounselorClass))).all()
        owners = set((await session.exec(select(WorkRecord.staff_id))).all())
        policy = records_app.bot_data["services"].policy
        evaluation = await policy.evaluate(session, now=clock(), staff_ids=[world.counselor.id])
    assert {(link.staff_id, link.class_id) for link in links} >= {
        (new.id, world.class_a.id),
        (world.counselor.id, world.class_b.id),
    }
    assert (world.counselor.id, world.class_a.id) not in {(k.staff_id, k.class_id) for k in links}
    assert owners == {world.counselor.id}
    dorm = [s for s in evaluation.for_staff(world.counselor.id) if s.rule.id == "C15"]
    assert dorm and dorm[0].done == 2


async def test_it_hands_classes_over_from_the_command_line(
    records_app: Any,
    cli_env: Any,
    emulator: Emulator,
    world: World,
    db: Database,
    clock: Clock,
    capsys: Any,
) -> None:
    new = await newcomer_and_history(db, world, clock)
    async with db.session() as session:
        newcomer = await join_as(emulator, session, new, 5311, clock)
    assert await fudao("assign", "T1001", "T2001", "--dry-run") == 0
    assert "机械2401班（辅导员）" in capsys.readouterr().out
    assert await fudao("assign", "T1001", "T2001") == 0
    printed = capsys.readouterr().out
    assert "机械2401班（辅导员）" in printed and "机械2402班（辅导员）" in printed
    assert "交接消息已发送给 孙老师（T2001）" in printed
    handover = (await message_with(newcomer, "班级交接")).plain_text
    assert "机械2402班（辅导员）" in handover and "王小明" in handover
    # T1001 has no class left to hand over: the command says so and changes nothing.
    assert await fudao("assign", "T1001", "T2001") == 2
