"""The three logging conversations, by buttons, end to end over HTTP."""

from __future__ import annotations

import re
from typing import Any

from sqlmodel import select

from bot.emulator import Emulator
from models.db import Database
from models.records import RecordStudent, WorkRecord
from tests.e2e.conftest import World
from tests.e2e.people import Person, labels


async def registered(
    emulator: Emulator, world: World, who: str = "counselor", user_id: int = 5001
) -> Person:
    """A staff member who has opened their invitation."""
    person = Person(emulator, user_id, who)
    await person.say(f"/start {world.tokens[who]}")
    return person


async def records(db: Database) -> list[WorkRecord]:
    """Every record that still counts."""
    async with db.session() as session:
        query = select(WorkRecord).where(WorkRecord.deleted_at == None)  # noqa: E711
        return list((await session.exec(query)).all())


async def test_it_logs_a_talk_by_buttons_and_reports_coverage(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await registered(emulator, world)
    menu = await me.say("/log")
    assert {"谈心谈话", "走访宿舍", "主题班会 / 班级活动"} <= set(labels(menu))
    await me.tap("谈心谈话")
    choose = await me.say("王小")
    assert "找到多名学生" in choose.plain_text
    assert labels(choose)[:2] == ["王小明（2024010101）", "王小红（2024010102）"]
    step = await me.tap("王小明")
    assert "谈话类型" in step.plain_text and "学生：王小明（2024010101）" in step.plain_text
    await me.tap("重点关注深谈")
    await me.tap("今天")
    await me.say("谈了近期的情绪和学业，<情况稳定> & 有进步")
    await me.tap("跳过")
    confirm = await me.tap("否")
    assert "请核对" in confirm.plain_text and "<情况稳定> & 有进步" in confirm.plain_text
    done = await me.tap("确认保存")
    assert "已保存" in done.plain_text
    assert "本学年谈心谈话覆盖 1/3 名学生" in done.plain_text
    assert re.search(r"本季度重点关注学生深谈覆盖 1/1 名学生", done.plain_text)
    [record] = await records(db)
    assert (record.kind, record.subtype, record.crisis) == ("talk", "key_concern_deep", False)
    assert record.note == "谈了近期的情绪和学业，<情况稳定> & 有进步"
    assert record.occurred_on.isoformat() == "2026-11-18"
    async with db.session() as session:
        [link] = (await session.exec(select(RecordStudent))).all()
        assert link.student_id == world.students[0].id


async def test_it_logs_a_dorm_visit_with_several_findings(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await registered(emulator, world)
    await me.say("/log")
    rooms = await me.tap("走访宿舍")
    assert {"7号楼 312", "8号楼 105"} <= set(labels(rooms))
    assert "9号楼 201" not in labels(rooms)
    await me.tap("7号楼 312")
    await me.tap("违规电器")
    marked = await me.tap("卫生问题")
    assert "✅ 违规电器" in labels(marked) and "✅ 卫生问题" in labels(marked)
    await me.tap("完成")
    await me.tap("昨天")
    await me.tap("跳过")
    await me.tap("否")
    done = await me.tap("确认保存")
    assert "走访发现：违规电器、卫生问题" in done.plain_text
    assert re.search(r"本月走访宿舍 1/2 次（还差 1 次，剩 \d+ 天）", done.plain_text)
    [record] = await records(db)
    assert record.dorm == "7号楼 312" and record.details == {"findings": ["appliance", "hygiene"]}
    assert record.occurred_on.isoformat() == "2026-11-17"


async def test_it_logs_a_class_meeting_and_counts_it_for_that_class(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await registered(emulator, world)
    await me.say("/log")
    classes = await me.tap("主题班会")
    assert set(labels(classes)) >= {"机械2401班", "机械2402班"}
    assert "车辆2401班" not in labels(classes)
    await me.tap("机械2401班")
    await me.tap("主题班会")
    await me.say("诚信考试")
    await me.tap("今天")
    await me.say("28")
    await me.tap("跳过")
    done = await me.tap("确认保存")
    assert "主题：诚信考试" in done.plain_text and "出勤人数：28" in done.plain_text
    assert "本季度机械2401班" in done.plain_text
    [record] = await records(db)
    assert (record.class_id, record.attendance, record.theme) == (world.class_a.id, 28, "诚信考试")


async def test_it_goes_back_a_step_and_cancels_without_saving(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await registered(emulator, world)
    await me.say("/log")
    await me.tap("谈心谈话")
    await me.say("2024010201")
    await me.tap("一般谈话")
    back = await me.tap("上一步")
    assert "谈话类型" in back.plain_text
    await me.tap("学业帮扶")
    cancelled = await me.say("/cancel")
    assert "已取消，未保存任何内容" in cancelled.plain_text
    assert await records(db) == []


async def test_it_shows_progress_in_me_and_undoes_the_newest_record(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await registered(emulator, world)
    await me.say("/dorm 7号楼 312 今天")
    await me.say("/dorm 8号楼 105 昨天")
    progress = await me.tap("查看全部", await me.say("/me"))
    assert "本月" in progress.plain_text and "走访宿舍 2/2" in progress.plain_text
    history = await me.say("/history")
    assert "8号楼 105" in history.plain_text and "7号楼 312" in history.plain_text
    undone = await me.tap("撤销")
    assert "已撤销" in undone.plain_text
    assert [r.dorm for r in await records(db)] == ["7号楼 312"]
    again = await me.tap("查看全部", await me.say("/me"))
    assert "走访宿舍 1/2" in again.plain_text


async def test_it_starts_a_talk_from_the_students_still_missing_in_me(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await registered(emulator, world)
    await me.say("/talk 2024010101 今天")
    await me.say("/me")
    missing = await me.tap("查看谈心谈话尚未覆盖")
    assert "王小红（2024010102）" in labels(missing) and "李雷（2024010201）" in labels(missing)
    step = await me.tap("李雷")
    assert "谈话类型" in step.plain_text and "李雷" in step.plain_text
