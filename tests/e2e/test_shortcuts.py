"""One-line logging: the same checks as the conversation, saved at once."""

from __future__ import annotations

from typing import Any

from bot.emulator import Emulator
from models.db import Database
from tests.e2e.conftest import World
from tests.e2e.test_log_flows import records, registered


async def test_it_logs_a_talk_with_date_and_note_in_one_line(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await registered(emulator, world)
    done = await me.say("/talk 2024010201 11月17日 了解 学业 情况")
    assert "已保存" in done.plain_text and "李雷" in done.plain_text
    assert "本学年谈心谈话覆盖 1/3 名学生" in done.plain_text
    [record] = await records(db)
    assert (record.occurred_on.isoformat(), record.note) == ("2026-11-17", "了解 学业 情况")


async def test_it_logs_a_class_meeting_with_a_theme(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await registered(emulator, world)
    done = await me.say("/meeting 机械2402班 昨天 安全教育")
    assert "已保存" in done.plain_text and "本季度机械2402班" in done.plain_text
    [record] = await records(db)
    assert (record.class_id, record.theme, record.subtype) == (
        world.class_b.id,
        "安全教育",
        "theme_meeting",
    )


async def test_it_refuses_bad_shortcuts_with_usage_and_saves_nothing(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await registered(emulator, world)
    assert "用法：/talk" in (await me.say("/talk")).plain_text
    assert "日期不能晚于今天" in (await me.say("/dorm 7号楼 312 11-20")).plain_text
    assert "不是您负责的班级" in (await me.say("/meeting 车辆2401班 今天")).plain_text
    assert "无法识别宿舍" in (await me.say("/dorm 火星 基地")).plain_text
    assert "匹配到多名学生" in (await me.say("/talk 王小 今天")).plain_text
    assert await records(db) == []
