"""Registration by invitation, and the polite refusal for everyone else."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import select

from bot.emulator import Emulator
from models.db import Database
from models.org import Staff
from models.records import AuditEntry
from tests.e2e.conftest import Clock, World
from tests.e2e.people import Person
from tests.factories import make_record

ASK_ADMIN = "请向学院管理员申请邀请链接"


async def test_it_binds_an_invited_counselor_and_greets_them_by_name_and_role(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    person = Person(emulator, 5001, "张")
    reply = await person.say(f"/start {world.tokens['counselor']}")
    assert "欢迎您，张老师" in reply.plain_text and "辅导员" in reply.plain_text
    assert "/log" in reply.plain_text
    async with db.session() as session:
        staff = await session.get(Staff, world.counselor.id)
        assert staff is not None and staff.telegram_user_id == 5001
        actions = (await session.exec(select(AuditEntry.action))).all()
        assert "invite.redeem" in actions


async def test_it_refuses_a_used_token_a_bad_token_and_no_token(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    first = Person(emulator, 5001, "张")
    await first.say(f"/start {world.tokens['counselor']}")
    thief = Person(emulator, 6002, "某人")
    for text in (f"/start {world.tokens['counselor']}", "/start not-a-token", "/start"):
        reply = await thief.say(text)
        assert ASK_ADMIN in reply.plain_text
    async with db.session() as session:
        staff = await session.get(Staff, world.counselor.id)
        assert staff is not None and staff.telegram_user_id == 5001


async def test_it_answers_strangers_with_one_polite_line_and_nothing_else(
    app: Any, emulator: Emulator, world: World, clock: Clock
) -> None:
    stranger = Person(emulator, 6003, "路人")
    for text in ("/log", "/me", "/talk 2024010101", "你好"):
        clock.advance(minutes=1, seconds=1)  # a stranger is answered at most once a minute
        reply = await stranger.say(text)
        assert ASK_ADMIN in reply.plain_text
        assert not reply.reply_markup
    assert len(emulator.messages(6003)) == 4


async def test_it_refuses_to_register_in_a_group_chat(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    person = Person(emulator, 5001, "张")
    group = emulator.add_group(chat_id=-100777, title="辅导员群")
    await emulator.send_text(person.user, f"/start {world.tokens['counselor']}", chat=group)
    reply = await emulator.wait_for_message(-100777, timeout=10)
    assert ASK_ADMIN in reply.plain_text
    async with db.session() as session:
        staff = await session.get(Staff, world.counselor.id)
        assert staff is not None and staff.telegram_user_id is None


async def test_it_switches_to_english_and_back(app: Any, emulator: Emulator, world: World) -> None:
    person = Person(emulator, 5001, "张")
    await person.say(f"/start {world.tokens['counselor']}")
    assert "Language set to English" in (await person.say("/lang en")).plain_text
    assert "What would you like to record?" in (await person.say("/log")).plain_text
    await person.say("/cancel")
    assert "已切换为中文" in (await person.say("/lang zh")).plain_text


@pytest.mark.parametrize(
    ("hours_before", "hours_after", "told"),
    [
        (0, 0, "目前记录的岗前培训为 0 学时"),
        # Hours after the first day are not pre-service (「上岗前」).
        (24, 16, "目前记录的岗前培训为 24 学时"),
        (40, 0, None),
    ],
)
async def test_it_tells_a_new_counselor_at_registration_if_pre_service_hours_are_short(
    app: Any, emulator: Emulator, world: World, db: Database, clock: Any,
    hours_before: float, hours_after: float, told: str | None,
) -> None:  # fmt: skip
    """U 第十五条 (C30): 「新任辅导员上岗前，应当参加不少于 40 个学时的岗前培训」."""
    first_day = clock().date() - timedelta(days=10)
    async with db.session() as session:
        staff = await session.get(Staff, world.counselor.id)
        assert staff is not None
        staff.started_on = first_day
        session.add(staff)
        for day, hours in ((first_day, hours_before), (first_day + timedelta(days=1), hours_after)):
            if hours:
                await make_record(
                    session, staff, "training", day, subtype="pre_service_school", hours=hours
                )
        await session.commit()
    reply = await Person(emulator, 5001, "张").say(f"/start {world.tokens['counselor']}")
    assert "欢迎您，张老师" in reply.plain_text
    if told is None:
        assert "岗前培训" not in reply.plain_text
    else:
        assert told in reply.plain_text and "不少于 40 个学时" in reply.plain_text
