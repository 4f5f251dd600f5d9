"""/history end to end: paging and filters, corrections within 7 days, admins and leaders."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

import pytest
from sqlmodel import col, select

from bot.emulator import Emulator
from models.crypto import fingerprint
from models.db import Database
from models.records import AuditEntry, WorkRecord
from tests.e2e.conftest import Clock, World
from tests.e2e.people import labels
from tests.factories import make_record
from tests.handlers.harness import (
    app,
    clock,
    emulator,
    join,
    join_as,
    make_admin,
    records_app,
    world,
)

__all__ = ["app", "clock", "emulator", "records_app", "world"]


async def audits(db: Database, action: str) -> list[AuditEntry]:
    """Audit lines of one action, oldest first."""
    async with db.session() as session:
        query = select(AuditEntry).where(AuditEntry.action == action).order_by(col(AuditEntry.id))
        return list((await session.exec(query)).all())


async def forge_press(emulator: Emulator, user: Any, message_id: int, data: str) -> None:
    """Press a button the message does not have, as a tampering client could, and wait."""
    message = next(m for m in emulator.messages(user.id) if m.message_id == message_id)
    answered = len(emulator.answered_callbacks)
    query = {
        "id": f"{user.id}-forged-{data}",
        "from": user.as_json(),
        "message": message.as_json(emulator.bot_user, emulator.state.chats[user.id]),
        "chat_instance": str(user.id),
        "data": data,
    }
    await emulator.send_update_raw({"callback_query": query})
    await emulator.wait_for(lambda: len(emulator.answered_callbacks) > answered)


async def only_record(db: Database) -> WorkRecord:
    """The one record in the database."""
    async with db.session() as session:
        return (await session.exec(select(WorkRecord))).one()


async def test_it_pages_through_all_records_and_filters_by_kind_and_month(
    records_app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    async with db.session() as session:
        for n in range(14):
            await make_record(
                session,
                world.counselor,
                "talk",
                date(2026, 11, 1 + n),
                world.students[2],
                created_at=clock(),
                updated_at=clock(),
            )
        for n in range(9):
            await make_record(
                session,
                world.counselor,
                "dorm_visit",
                date(2026, 10, 20 + n),
                dorm="7号楼 312",
                created_at=clock(),
                updated_at=clock(),
            )
        await session.commit()
    me = await join(emulator, world, "counselor", 5101)
    first = await me.say("/history")
    assert "共 23 条，第 1/3 页" in first.plain_text
    assert "1. 2026-11-14 · 谈心谈话 · 李雷" in first.plain_text
    assert [str(n) for n in range(1, 11)] == labels(first)[:10]
    assert "下一页 ▶" in labels(first) and "◀ 上一页" not in labels(first)
    second = await me.tap("下一页")
    assert "第 2/3 页" in second.plain_text and "11. 2026-11-04" in second.plain_text
    assert "◀ 上一页" in labels(second)
    kinds = await me.tap("按类型筛选")
    assert {"谈心谈话", "走访宿舍", "全部类型"} <= set(labels(kinds))
    dorms = await me.tap("走访宿舍")
    assert "共 9 条，第 1/1 页" in dorms.plain_text and "筛选：走访宿舍" in dorms.plain_text
    months = await me.tap("按月份筛选")
    assert labels(months)[:2] == ["2026年11月", "2026年10月"]
    none = await me.tap("2026年11月")
    assert "没有符合筛选条件的记录" in none.plain_text
    await me.tap("按类型筛选")
    november = await me.tap("全部类型")
    assert "共 14 条" in november.plain_text and "筛选：2026年11月" in november.plain_text
    october = await me.say("/history 2026-10")
    assert "共 9 条，第 1/1 页" in october.plain_text and "李雷" not in october.plain_text


async def test_it_lets_a_counselor_edit_and_delete_their_own_record_within_seven_days(
    records_app: Any,
    emulator: Emulator,
    world: World,
    db: Database,
    clock: Clock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    me = await join(emulator, world, "counselor", 5102)
    await me.say("/talk 2024010201 昨天 第一次谈话")
    clock.advance(days=6)
    await me.say("/history")
    shown = await me.tap("1")
    assert "备注：第一次谈话" in shown.plain_text
    assert {"📅 改日期", "📝 改备注", "🏷 改类型", "🗑 删除"} <= set(labels(shown))
    await me.tap("改日期")
    moved = await me.tap("前天")
    assert "已修改" in moved.plain_text and "日期：2026-11-22" in moved.plain_text
    await me.tap("改备注")
    noted = await me.say("补充了家庭情况")
    assert "备注：补充了家庭情况" in noted.plain_text
    await me.tap("改类型")
    typed = await me.tap("深度谈话")
    assert "类型：深度谈话" in typed.plain_text
    await me.tap("删除")
    gone = await me.tap("确定删除")
    assert "已删除：2026-11-22 谈心谈话" in gone.plain_text
    record = await only_record(db)
    assert record.deleted_at is not None and record.subtype == "deep"
    edits = await audits(db, "record.edit")
    assert [e.details["before"] for e in edits] == [
        {"occurred_on": "2026-11-17"},
        {"note": fingerprint("第一次谈话")},
        {"subtype": "general"},
    ]
    assert (await audits(db, "record.delete"))[0].details["before"]["note"] == fingerprint(
        "补充了家庭情况"
    )
    ours = [
        r.getMessage()
        for r in caplog.records
        if r.name.split(".")[0] in ("handlers", "models", "bot", "reports", "policy")
    ]
    assert not any("家庭情况" in line or "第一次谈话" in line for line in ours)


async def test_it_revalidates_a_new_date_and_note_like_log_and_keeps_asking(
    records_app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await join(emulator, world, "counselor", 5103)
    await me.say("/talk 2024010201 今天")
    await me.say("/history")
    await me.tap("1")
    await me.tap("改日期")
    future = await me.say("11-25")
    assert "日期不能晚于今天" in future.plain_text
    too_old = await me.say("2026-10-01")
    assert "30 天以内" in too_old.plain_text
    fixed = await me.say("11月10日")
    assert "日期：2026-11-10" in fixed.plain_text
    await me.tap("改备注")
    long = await me.say("长" * 2001)
    assert "最多 2000 字" in long.plain_text
    await me.say("/cancel")
    assert (await only_record(db)).note is None


async def test_it_refuses_corrections_after_seven_days_but_an_admin_may_with_a_reason(
    records_app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    me = await join(emulator, world, "counselor", 5104)
    await me.say("/talk 2024010201 今天 谈学业")
    clock.advance(days=7, minutes=5)
    await me.say("/history")
    late = await me.tap("1")
    assert "超过 7 天" in late.plain_text and "📅 改日期" not in labels(late)
    async with db.session() as session:
        admin = await make_admin(session, world)
        boss = await join_as(emulator, session, admin, 5105, clock)
    theirs = await boss.say("/history T1001")
    assert "张老师 的记录" in theirs.plain_text
    shown = await boss.tap("1")
    assert "管理员身份" in shown.plain_text and "谈学业" not in shown.plain_text
    await boss.tap("改类型")
    asked = await boss.say("学院核对后更正")
    assert "请选择新的类型" in asked.plain_text
    done = await boss.tap("学业帮扶")
    assert "已修改" in done.plain_text and "类型：学业帮扶" in done.plain_text
    [edit] = await audits(db, "record.edit")
    assert edit.actor_staff_id == admin.id and edit.details["reason"] == "学院核对后更正"
    assert [a.actor_staff_id for a in await audits(db, "history.read")] == [admin.id]


async def test_it_shows_a_leader_other_peoples_records_read_only_and_audits_the_read(
    records_app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await join(emulator, world, "counselor", 5106)
    await me.say("/talk 2024010201 今天 家里有困难")
    record = await only_record(db)
    leader = await join(emulator, world, "leader", 5107)
    listed = await leader.say("/history T1001")
    assert "张老师 的记录" in listed.plain_text and "李雷" in listed.plain_text
    shown = await leader.tap("1")
    assert "只读" in shown.plain_text and "家里有困难" not in shown.plain_text
    assert not {"📅 改日期", "📝 改备注", "🗑 删除"} & set(labels(shown))
    # A hand-made button is checked again on the server and changes nothing.
    for data in (f"h:e:{record.id}:del", f"h:X:{record.id}"):
        await forge_press(emulator, leader.user, shown.message_id, data)
    still = await only_record(db)
    assert still.deleted_at is None and await audits(db, "record.delete") == []
    assert {a.actor_staff_id for a in await audits(db, "history.read")} == {world.leader.id}
    other = await join(emulator, world, "other_counselor", 5108)
    refused = await other.say("/history T1001")
    assert "无权查看" in refused.plain_text


async def test_it_keeps_undo_for_the_newest_record_within_a_day(
    records_app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    me = await join(emulator, world, "counselor", 5109)
    await me.say("/dorm 7号楼 312 今天")
    listed = await me.say("/history")
    assert "↩️ 撤销最新一条（2026-11-18 走访宿舍）" in labels(listed)
    undone = await me.tap("撤销")
    assert "已撤销" in undone.plain_text
    await me.say("/dorm 8号楼 105 今天")
    clock.advance(hours=25)
    later = await me.say("/history")
    assert not any("撤销" in label for label in labels(later))
