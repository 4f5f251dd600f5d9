"""Bad input gets a clear answer, the conversation stays where it was, and nothing is lost."""

from __future__ import annotations

from typing import Any

import pytest

from bot.emulator import Emulator
from models.db import Database
from tests.e2e.conftest import Clock, World
from tests.e2e.people import labels
from tests.e2e.test_log_flows import records, registered


async def test_it_refuses_future_and_too_old_dates_and_keeps_asking(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await registered(emulator, world)
    await me.say("/log")
    await me.tap("谈心谈话")
    await me.say("李雷")
    await me.tap("一般谈话")
    future = await me.say("11-25")
    assert "日期不能晚于今天" in future.plain_text and "今天" in labels(future)
    old = await me.say("2026-10-01")
    assert "30 天以内" in old.plain_text
    nonsense = await me.say("2026-02-30")
    assert "日期不存在" in nonsense.plain_text
    accepted = await me.say("11月16日")
    assert "日期：2026-11-16" in accepted.plain_text and "备注" in accepted.plain_text


async def test_it_refuses_unknown_students_and_other_counselors_students(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await registered(emulator, world)
    await me.say("/log")
    await me.tap("谈心谈话")
    unknown = await me.say("2099999999")
    assert "没有找到学号或姓名为“2099999999”的学生" in unknown.plain_text
    not_mine = await me.say(world.other_student.student_no)
    assert "不在您负责的班级中" in not_mine.plain_text
    assert world.other_student.name not in not_mine.plain_text
    shortcut = await me.say(f"/talk {world.other_student.student_no} 今天")
    assert "不在您负责的班级中" in shortcut.plain_text
    assert await records(db) == []


async def test_it_refuses_an_empty_or_overlong_note_and_echoes_html_safely(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await registered(emulator, world)
    await me.say("/log")
    await me.tap("谈心谈话")
    await me.say("李雷")
    await me.tap("一般谈话")
    await me.tap("今天")
    too_long = await me.say("长" * 2001)
    assert "最多 2000 字，您输入了 2001 字" in too_long.plain_text
    blank = await me.say("   ")
    assert "内容不能为空" in blank.plain_text
    step = await me.say("<script>alert(1)</script> & <b>")
    assert "跟进" in step.plain_text
    await me.tap("跳过")
    confirm = await me.tap("否")
    assert "<script>alert(1)</script> & <b>" in confirm.plain_text
    await me.tap("确认保存")
    [record] = await records(db)
    assert record.note == "<script>alert(1)</script> & <b>"


async def test_it_saves_a_confirmed_record_once_when_the_update_comes_twice(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await registered(emulator, world)
    update = await emulator.send_text(me.user, "/dorm 7号楼 312 今天")
    await emulator.wait_for_message(me.chat_id, predicate=lambda m: "已保存" in m.plain_text)
    await emulator.send_update_raw(update)
    await me.say("/history")
    assert len(await records(db)) == 1


@pytest.mark.conversation_timeout(1.0)
async def test_it_times_out_an_idle_conversation_and_saves_nothing(
    app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    me = await registered(emulator, world)
    await me.say("/log")
    await me.tap("走访宿舍")
    timed_out = await emulator.wait_for_message(
        me.chat_id, predicate=lambda m: "10 分钟" in m.plain_text, timeout=15
    )
    assert "未保存任何内容" in timed_out.plain_text
    assert await records(db) == []


async def test_it_answers_a_stale_button_without_saving(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await registered(emulator, world)
    menu = await me.say("/log")
    await me.tap("走访宿舍", menu)
    await me.say("/cancel")
    # /cancel took the keyboard away; a phone that has not redrawn can still send the press.
    assert await me.press_stale(menu, "f:0:v:7号楼 312") == "这一步已经过去了"
    assert await records(db) == []
