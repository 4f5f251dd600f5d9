"""/staff in chat: an admin offboards a colleague of their college after a confirm button."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from bot.emulator import Emulator
from models.db import Database
from models.invites import create_invite
from models.org import College, Staff
from models.records import AuditEntry
from tests.e2e.conftest import Clock, World, app, clock, emulator, world
from tests.e2e.people import Person, labels
from tests.e2e.test_log_flows import registered
from tests.factories import make_college, make_staff

__all__ = ["app", "clock", "emulator", "world"]

STRANGER = "请向学院管理员申请邀请链接"


async def admin_of(
    emulator: Emulator, db: Database, clock: Clock, college_id: int | None, user_id: int
) -> Person:
    """A registered admin of this college (of the university for None)."""
    async with db.session() as session:
        college = await session.get(College, college_id) if college_id is not None else None
        person = await make_staff(session, college, is_counselor=False, is_admin=True)
        await session.commit()
        token = await create_invite(session, staff=person, now=clock())
    admin = Person(emulator, user_id, "admin")
    await admin.say(f"/start {token}")
    return admin


async def roles_of(db: Database, staff: Staff) -> list[str]:
    """The roles this person holds now."""
    async with db.session() as session:
        person = await session.get(Staff, staff.id)
        assert person is not None
        return person.roles


async def test_it_revokes_a_leader_after_confirming_and_the_leader_is_a_stranger_at_once(
    app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    leader = await registered(emulator, world, "leader", 5004)
    admin = await admin_of(emulator, db, clock, world.leader.college_id, 5100)
    preview = await admin.say("/staff revoke L001 学院领导")
    assert "王书记（L001）" in preview.plain_text and "学院领导" in preview.plain_text
    assert await roles_of(db, world.leader) == ["leader"]  # nothing yet: it waits for the button
    done = await admin.tap("✅ 确认")
    assert "已撤销" in done.plain_text and "未分配角色" in done.plain_text
    assert STRANGER in (await leader.say("/me")).plain_text
    async with db.session() as session:
        rows = await session.exec(select(AuditEntry).where(AuditEntry.action == "staff.revoke"))
        (entry,) = rows.all()
    assert entry.actor_staff_id is not None and entry.actor_staff_id != world.leader.id


async def test_it_unbinds_in_english_and_cancel_changes_nothing(
    app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    me = await registered(emulator, world)
    admin = await admin_of(emulator, db, clock, None, 5100)
    await admin.say("/lang en")
    await admin.say("/staff unbind T1001")
    cancelled = await admin.tap("✖️ Cancel")
    assert "nothing was changed" in cancelled.plain_text
    assert STRANGER not in (await me.say("/me")).plain_text
    await admin.say("/staff unbind T1001")
    done = await admin.tap("✅ Confirm")
    assert "Unbound" in done.plain_text and "张老师（T1001）" in done.plain_text
    assert STRANGER in (await me.say("/me")).plain_text


async def test_it_answers_an_admin_of_another_college_as_for_an_unknown_id(
    app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    async with db.session() as session:
        other = await make_college(session, name="外国语学院")
        await session.commit()
    admin = await admin_of(emulator, db, clock, other.id, 5100)
    theirs = await admin.say("/staff revoke L001")
    unknown = await admin.say("/staff revoke L999")
    assert theirs.plain_text == unknown.plain_text.replace("L999", "L001")
    assert not labels(theirs)
    assert await roles_of(db, world.leader) == ["leader"]


async def test_it_refuses_someone_who_is_not_an_admin(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    leader = await registered(emulator, world, "leader", 5004)
    answer = await leader.say("/staff revoke T1001")
    assert "只有管理员" in answer.plain_text
    assert await roles_of(db, world.counselor) == ["counselor"]


async def test_it_keeps_the_reason_a_counselor_left_for_s03(
    app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    """U 第十九条 counts 转岗 only: the admin says why when ending the counselor role."""
    admin = await admin_of(emulator, db, clock, world.counselor.college_id, 5110)
    preview = await admin.say("/staff revoke T1001 辅导员 转岗")
    assert "张老师（T1001）" in preview.plain_text
    await admin.tap("✅ 确认")
    async with db.session() as session:
        person = await session.get(Staff, world.counselor.id)
        assert person is not None
        assert (person.is_counselor, person.left_reason) == (False, "transfer")
