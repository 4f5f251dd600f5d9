"""The same conversations in WeCom: typed commands, the menu, cards, through the emulator."""

from __future__ import annotations

from sqlmodel import select

from models.db import Database
from models.org import Staff
from tests.e2e.conftest import World
from tests.e2e.test_log_flows import records
from tests.wecom.conftest import WeComApp
from tests.wecom.member import Member


async def test_it_knows_a_member_by_their_staff_number_and_says_so(
    wecom: WeComApp, world: World, db: Database
) -> None:
    me = Member(wecom.emu, "T1001", "张老师")
    answer = await me.say("/me")
    assert "欢迎您，张老师" in answer.plain_text
    async with db.session() as session:
        staff = await session.get(Staff, world.counselor.id)
    assert staff is not None and staff.wecom_chat_id is not None
    assert staff.telegram_user_id is None


async def test_it_logs_a_dorm_visit_by_shortcut(
    wecom: WeComApp, world: World, db: Database
) -> None:
    me = Member(wecom.emu, "T1001")
    await me.join()
    done = await me.say("/dorm 7号楼 312 今天")
    assert "已保存" in done.plain_text
    [record] = await records(db)
    assert record.kind == "dorm_visit" and record.staff_id == world.counselor.id
