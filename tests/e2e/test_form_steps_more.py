"""One live keyboard in /history corrections, /concern, /assess and the upload preview."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from bot.emulator import Emulator
from models.assessment import SelfEvaluation
from models.db import Database
from models.records import WorkRecord
from tests.e2e.conftest import Clock, World
from tests.e2e.people import Person, buttons_of, snapshot
from tests.e2e.test_form_steps import GONE, keyboards
from tests.e2e.test_upload import admin_of, students, upload
from tests.handlers.harness import join
from tests.handlers.test_assess_flow import imported, texts
from tests.handlers.test_concern_flow import flag_of
from tests.imports.test_roster import ROWS, xlsx


def data_of(message: Any, label: str) -> str:
    """The callback data of a button, read while the message still has it."""
    return next(d for text, d in buttons_of(message) if label in text)


async def live_only(person: Person, *ids: int) -> None:
    """Wait until exactly these messages carry buttons: the old keyboard goes after the new step."""
    await person.emu.wait_for(lambda: keyboards(person) == list(ids))


async def test_it_retires_a_history_correction_once_the_new_note_is_typed(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await join(emulator, world, "counselor", 5401)
    await me.say("/talk 2024010201 昨天 第一次谈话")
    await me.say("/history")
    await me.tap("1")
    question = await me.tap("改备注")
    clear = data_of(question, "清空备注")
    noted = await me.say("补充了家庭情况")
    assert "备注：补充了家庭情况" in noted.plain_text
    await live_only(me, noted.message_id)
    before = snapshot(emulator, me.chat_id)
    assert await me.press_stale(question, clear) == GONE
    assert snapshot(emulator, me.chat_id) == before
    async with db.session() as session:
        (record,) = (await session.exec(select(WorkRecord))).all()
    assert record.note == "补充了家庭情况"


async def test_it_retires_a_concern_choice_once_saved_or_asked_again(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await join(emulator, world, "counselor", 5402)
    first = await me.say("/concern 2024010201")
    psych = data_of(first, "心理")
    status = await me.say("/concern 2024010201")
    await live_only(me, status.message_id)
    assert await me.press_stale(first, psych) == GONE
    levels = await me.tap("经济")
    one = data_of(levels, "一级")
    saved = await me.tap("二级")
    assert "列为重点关注：经济 · 二级" in saved.plain_text
    assert keyboards(me) == []
    before = snapshot(emulator, me.chat_id)
    assert await me.press_stale(levels, one) == GONE
    assert snapshot(emulator, me.chat_id) == before
    again = await me.say("/concern 2024010201")
    assert "经济 · 二级" in again.plain_text and await flag_of(db, "2024010201")


async def test_it_retires_the_assessment_offer_and_the_publish_button(
    app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    counselor = await join(emulator, world, "counselor", 5403)
    offer = await counselor.say("/assess")
    report = data_of(offer, "生成述职草稿")
    asked = await counselor.tap("填写自评")
    assert "自评分" in asked.plain_text
    await live_only(counselor)
    assert await counselor.press_stale(offer, report) == GONE
    assert "述职（草稿）" not in texts(emulator, counselor)
    saved = await counselor.say("95 本学年完成了全部谈心谈话")
    assert "已保存自评：95 分" in saved.plain_text
    async with db.session() as session:
        assert len((await session.exec(select(SelfEvaluation))).all()) == 1

    await imported(db, app, clock)
    leader = await join(emulator, world, "leader", 5404)
    await leader.say("/assess")
    summary = next(m for m in emulator.messages(leader.chat_id) if "考核结果" in m.plain_text)
    publish = data_of(summary, "确认发布")
    await leader.tap("确认发布", summary)
    await emulator.wait_for(lambda: "已发布" in texts(emulator, leader))
    assert keyboards(leader) == []
    before = snapshot(emulator, leader.chat_id)
    assert await leader.press_stale(summary, publish) == GONE
    assert snapshot(emulator, leader.chat_id) == before


async def test_it_retires_an_upload_preview_once_confirmed_or_replaced(
    app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    admin = await admin_of(emulator, db, clock)
    count = await students(db)
    first = await upload(admin, "新生名单.xlsx", xlsx(ROWS))
    confirm = data_of(first, "确认导入")
    preview = await upload(admin, "新生名单.xlsx", xlsx(ROWS))
    await live_only(admin, preview.message_id)
    assert await admin.press_stale(first, confirm) == GONE
    assert await students(db) == count
    done = await admin.tap("确认导入")
    assert "已导入" in done.plain_text and keyboards(admin) == []
    before = snapshot(emulator, admin.chat_id)
    assert await admin.press_stale(preview, confirm) == GONE
    assert snapshot(emulator, admin.chat_id) == before
    assert await students(db) == count + 3
