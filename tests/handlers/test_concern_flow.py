"""/concern end to end: marking by buttons, and the list as every role sees it."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select

from bot.emulator import Emulator
from models.db import Database
from models.org import Student
from models.records import AuditEntry
from tests.e2e.conftest import Clock, World
from tests.e2e.people import labels
from tests.handlers.harness import (
    app,
    clock,
    emulator,
    join,
    join_as,
    make_outside_leader,
    records_app,
    world,
)

__all__ = ["app", "clock", "emulator", "records_app", "world"]


async def flag_of(db: Database, student_no: str) -> bool:
    """Whether the student is flagged 重点关注 (what quota C18 counts)."""
    async with db.session() as session:
        query = select(Student).where(Student.student_no == student_no)
        return (await session.exec(query)).one().key_concern


async def audit_actions(db: Database) -> list[tuple[str, int | None]]:
    """Every audited concern action and who did it, oldest first."""
    async with db.session() as session:
        query = select(AuditEntry).order_by(col(AuditEntry.id))
        rows = (await session.exec(query)).all()
    return [(a.action, a.actor_staff_id) for a in rows if a.action.startswith("concern.")]


async def test_it_lets_a_counselor_mark_and_unmark_a_student_by_buttons(
    records_app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await join(emulator, world, "counselor", 5201)
    status = await me.say("/concern 2024010201")
    assert "李雷（2024010201） 目前不在重点关注名单" in status.plain_text
    assert {"心理", "学业", "经济", "身体", "家庭", "纪律", "其他"} == set(labels(status))
    levels = await me.tap("经济")
    assert "关注原因：经济" in levels.plain_text and "一级（每周跟进）" in labels(levels)
    saved = await me.tap("二级")
    assert "已将 李雷（2024010201） 列为重点关注：经济 · 二级（每两周跟进）" in saved.plain_text
    assert await flag_of(db, "2024010201")
    again = await me.say("/concern 2024010201")
    assert "已在重点关注名单：经济 · 二级" in again.plain_text
    await me.tap("修改原因或级别")
    await me.tap("家庭")
    changed = await me.tap("一级")
    assert "已更新" in changed.plain_text and "家庭 · 一级" in changed.plain_text
    await me.say("/concern 2024010201")
    removed = await me.tap("移出重点关注")
    assert "已将 李雷（2024010201） 移出重点关注名单" in removed.plain_text
    assert not await flag_of(db, "2024010201")
    actor = world.counselor.id
    assert await audit_actions(db) == [
        ("concern.mark", actor),
        ("concern.change", actor),
        ("concern.unmark", actor),
    ]


async def test_it_shows_the_list_to_every_role_only_as_allowed(
    records_app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    counselor = await join(emulator, world, "counselor", 5202)
    marked = await counselor.say("/concern 2024010101 心理 一级")
    assert "列为重点关注：心理 · 一级" in marked.plain_text
    seen = (await counselor.say("/concern")).plain_text
    assert "王小明（2024010101） · 心理 · 一级（每周跟进）" in seen and "尚无谈话记录" in seen
    head = await join(emulator, world, "head_teacher", 5203)
    by_head = (await head.say("/concern")).plain_text
    assert "王小明（2024010101）" in by_head and "心理" not in by_head
    refused = await head.say("/concern 2024010101 其他")
    assert "只有该生所在班级的辅导员" in refused.plain_text
    other = await join(emulator, world, "other_counselor", 5204)
    by_other = (await other.say("/concern")).plain_text
    assert "王小明" not in by_other and "没有重点关注学生" in by_other
    leader = await join(emulator, world, "leader", 5205)
    by_leader = (await leader.say("/concern")).plain_text
    assert "王小明（2024010101） · 心理" in by_leader
    async with db.session() as session:
        outsider = await make_outside_leader(session)
        stranger = await join_as(emulator, session, outsider, 5206, clock)
    by_stranger = (await stranger.say("/concern")).plain_text
    assert "王小明" not in by_stranger
    reads = [who for action, who in await audit_actions(db) if action == "concern.read"]
    assert reads == [world.head_teacher.id, world.leader.id]
    assert await flag_of(db, "2024010101")
