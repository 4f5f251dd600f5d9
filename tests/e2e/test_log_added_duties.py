"""Issue 20, part 6: a duty added on 2026-12-07 is logged from /log like any other (L05)."""

from __future__ import annotations

from typing import Any

from bot.emulator import Emulator
from models.db import Database
from tests.e2e.conftest import World
from tests.e2e.people import labels
from tests.e2e.test_log_flows import records, registered


async def test_a_leader_logs_the_feedback_of_a_grades_mid_term_forum(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    """C 第二条: 「将学生的意见和建议梳理归纳及时反馈给相关部门和教师」 (L05), by buttons."""
    me = await registered(emulator, world, "leader", 5004)
    menu = await me.say("/log")
    assert "期中座谈会意见反馈" in labels(menu)
    grade = await me.tap("期中座谈会意见反馈")
    assert "哪个年级座谈会的意见反馈" in grade.plain_text
    await me.tap("大三")  # the world's classes entered in 2024: 大三 in 2026-2027
    await me.tap("今天")
    confirm = await me.tap("跳过")
    assert "请核对" in confirm.plain_text, confirm.plain_text
    done = await me.tap("确认保存")
    assert "已保存" in done.plain_text, done.plain_text
    assert "本学期座谈会意见反馈与跟踪落实 1/1" in done.plain_text
    [record] = await records(db)
    assert (record.kind, record.subtype) == ("forum_feedback", "grade_3")
