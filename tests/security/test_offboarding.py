"""Offboarding: a revoked or unbound person is a stranger at once; nothing more is sent to them."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select

from bot.emulator import Emulator
from models.db import Database
from models.org import CounselorClass, Staff
from models.outbox import OutboxMessage
from models.records import AuditEntry
from tests.e2e.conftest import World, app, clock, emulator, world
from tests.e2e.test_log_flows import registered
from tests.handlers.harness import cli_env, fudao

__all__ = ["app", "cli_env", "clock", "emulator", "world"]

STRANGER = "请向学院管理员申请邀请链接"


async def pending_message(db: Database, staff: Staff) -> int:
    """An unsent reminder to this person; its id."""
    async with db.session() as session:
        assert staff.id is not None
        row = OutboxMessage(
            recipient_id=staff.id, rule="C15", period="2026-11", stage="early", batch="b",
            body={"text": "提醒"},
        )  # fmt: skip
        session.add(row)
        await session.commit()
        assert row.id is not None
        return row.id


async def test_it_ends_a_leaders_access_at_once_and_cancels_what_was_queued(
    app: Any, emulator: Emulator, world: World, db: Database, cli_env: Any
) -> None:
    leader = await registered(emulator, world, "leader", 5004)
    queued = await pending_message(db, world.leader)
    assert await fudao("staff", "revoke", "--staff-no", "L001", "--role", "leader") == 0
    assert STRANGER in (await leader.say("/me")).plain_text
    async with db.session() as session:
        row = await session.get(OutboxMessage, queued)
        assert row is not None and row.failed == "revoked" and row.sent_at is None
        actions = (await session.exec(select(AuditEntry.action))).all()
    assert "staff.revoke" in actions


async def test_it_ends_one_role_and_keeps_the_others(
    app: Any, emulator: Emulator, world: World, db: Database, cli_env: Any
) -> None:
    async with db.session() as session:
        person = await session.get(Staff, world.counselor.id)
        assert person is not None
        person.is_leader = True
        session.add(person)
        await session.commit()
    me = await registered(emulator, world)
    assert await fudao("staff", "revoke", "--staff-no", "T1001", "--role", "counselor") == 0
    assert STRANGER not in (await me.say("/me")).plain_text
    async with db.session() as session:
        person = await session.get(Staff, world.counselor.id)
        assert person is not None and person.roles == ["leader"]
        assert person.left_post_on is not None  # S03 counts the day the counselor left
        links = select(CounselorClass).where(col(CounselorClass.staff_id) == person.id)
        assert (await session.exec(links)).all() == []


async def test_it_unbinds_an_account_and_the_old_link_stays_dead(
    app: Any, emulator: Emulator, world: World, db: Database, cli_env: Any
) -> None:
    me = await registered(emulator, world)
    assert await fudao("staff", "unbind", "--staff-no", "T1001") == 0
    assert STRANGER in (await me.say("/me")).plain_text
    async with db.session() as session:
        actions = (await session.exec(select(AuditEntry.action))).all()
    assert "staff.unbind" in actions


async def test_it_revokes_an_open_invitation_by_staff_number(
    app: Any, emulator: Emulator, world: World, db: Database, cli_env: Any
) -> None:
    assert await fudao("invite", "--revoke", "--staff-no", "T1002") == 0
    teacher = await registered(emulator, world, "head_teacher", 5002)
    assert "欢迎" not in teacher.last().plain_text
    assert STRANGER in (await teacher.say("/me")).plain_text
