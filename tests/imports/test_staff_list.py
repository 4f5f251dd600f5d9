"""教职工名单: 在岗 = 否 ends a person's roles, within the sender's college, all or nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from imports.kinds import KINDS
from imports.runner import ListResult, Request, import_list
from models.org import CounselorClass, Staff
from models.records import AuditEntry
from tests.e2e.conftest import World, seed
from tests.factories import make_college, make_staff
from tests.imports.sheets import xlsx_of

NOW = datetime(2026, 11, 18, 2, 0, tzinfo=UTC)
HEADER = ("工号", "姓名", "学院", "角色", "在岗")


@pytest.fixture
async def world(session: AsyncSession) -> World:
    """The seeded college of the end-to-end tests."""
    return await seed(session, NOW)


async def send(session: AsyncSession, actor: Staff, rows: list[list[str]]) -> ListResult:
    """Import a staff list as this person would by chat, in a session of its own."""
    assert session.bind is not None
    content = xlsx_of(HEADER, rows)
    async with AsyncSession(session.bind, expire_on_commit=False) as own:
        return await import_list(
            own, KINDS, content, "教职工.xlsx", Request(actor, NOW), dry_run=False
        )


async def roles(session: AsyncSession, staff: Staff) -> list[str]:
    """Someone's roles as stored now."""
    person = await session.get(Staff, staff.id)
    assert person is not None
    await session.refresh(person)
    return person.roles


async def test_it_ends_the_roles_of_a_leaver_and_leaves_those_on_duty_alone(
    session: AsyncSession, world: World
) -> None:
    admin = await make_staff(session, None, is_admin=True, name="管理员", staff_no="A001")
    await session.commit()
    result = await send(
        session, admin,
        [["T1001", "张老师", "机电工程学院", "", "否"],
         ["T1002", "刘老师", "机电工程学院", "班主任", "是"],
         ["L001", "王书记", "机电工程学院", "学院领导", "否"]],
    )  # fmt: skip
    assert result.kind.code == "staff" and not result.errors
    assert result.outcome is not None
    assert result.outcome.counts == {"people": 3, "leavers": 2, "ended": 2}
    assert await roles(session, world.counselor) == []
    assert await roles(session, world.head_teacher) == ["head_teacher"]
    assert await roles(session, world.leader) == []
    links = select(CounselorClass).where(col(CounselorClass.staff_id) == world.counselor.id)
    assert (await session.exec(links)).all() == []
    audited = select(AuditEntry.target).where(AuditEntry.action == "staff.revoke")
    assert sorted((await session.exec(audited)).all()) == sorted(
        [f"staff:{world.counselor.id}", f"staff:{world.leader.id}"]
    )


async def test_it_ends_only_the_named_role(session: AsyncSession, world: World) -> None:
    admin = await make_staff(session, None, is_admin=True, staff_no="A001")
    person = await session.get(Staff, world.counselor.id)
    assert person is not None
    person.is_leader = True
    await session.commit()
    await send(session, admin, [["T1001", "", "", "辅导员", "否"]])
    assert await roles(session, world.counselor) == ["leader"]


async def test_it_changes_nothing_when_a_row_is_wrong_or_out_of_the_admins_college(
    session: AsyncSession, world: World
) -> None:
    other = await make_college(session, name="外国语学院")
    admin = await make_staff(session, other, is_counselor=False, is_admin=True, staff_no="A002")
    await session.commit()
    result = await send(
        session, admin,
        [["T1001", "", "", "", "否"],
         ["T9999", "", "", "", "否"],
         ["L001", "", "", "校长", "否"],
         ["T1002", "", "", "", "也许"]],
    )  # fmt: skip
    shown = [str(e) for e in result.errors]
    assert shown[0].replace("2 行", "3 行").replace("T1001", "X") == shown[1].replace("T9999", "X")
    assert any("校长" in line for line in shown) and any("也许" in line for line in shown)
    assert await roles(session, world.counselor) == ["counselor"]
    assert await roles(session, world.leader) == ["leader"]
