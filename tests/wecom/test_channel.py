"""The same conversations in WeCom: typed commands, the menu, cards, through the emulator."""

from __future__ import annotations

from datetime import UTC, datetime

from models.db import Database
from models.org import Staff
from services.offboarding import revoke_roles
from tests.e2e.conftest import World
from tests.e2e.test_log_flows import records
from tests.wecom.callbacks import event, post_callback
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


async def test_it_logs_a_dorm_visit_by_card_buttons_to_saved(
    wecom: WeComApp, world: World, db: Database
) -> None:
    me = Member(wecom.emu, "T1001")
    await me.join()
    await me.say("/log", until="走访宿舍")
    rooms = await me.tap("走访宿舍", until="8号楼 105")
    assert "7号楼 312" in rooms.plain_text and "9号楼 201" not in rooms.plain_text
    await me.tap("7号楼 312", until="违规电器")
    await me.tap("违规电器", until="✅ 违规电器")
    marked = await me.tap("卫生问题", until="✅ 卫生问题")
    assert "✅ 违规电器" in marked.plain_text and "✅ 卫生问题" in marked.plain_text
    await me.tap("完成", until="昨天")
    await me.tap("昨天", until="跳过")
    await me.tap("跳过", until="否")
    await me.tap("否", until="确认保存")
    done = await me.tap("确认保存", until="已保存")
    assert "已保存" in done.plain_text and "走访发现：违规电器、卫生问题" in done.plain_text
    [record] = await records(db)
    assert record.dorm == "7号楼 312" and record.details == {"findings": ["appliance", "hygiene"]}
    assert record.occurred_on.isoformat() == "2026-11-17"


async def test_the_menu_opens_my_progress(wecom: WeComApp, world: World) -> None:
    me = Member(wecom.emu, "T1001")
    await me.join()
    progress = await me.click("/me")
    assert "谈心谈话" in progress.plain_text


async def test_a_stranger_gets_the_strangers_answer_and_no_data(
    wecom: WeComApp, world: World, db: Database
) -> None:
    stranger = Member(wecom.emu, "zhangsan")
    answer = await stranger.say("/me")
    assert "仅供已登记" in answer.plain_text and "王小明" not in answer.plain_text
    assert await records(db) == []


async def test_an_invite_code_alone_registers_a_member(
    wecom: WeComApp, world: World, db: Database
) -> None:
    leader = Member(wecom.emu, "wangshuji")  # a UserID that is not the 工号
    welcome = await leader.say(world.tokens["leader"])
    assert "欢迎您，王书记" in welcome.plain_text
    async with db.session() as session:
        staff = await session.get(Staff, world.leader.id)
    assert staff is not None and staff.wecom_chat_id is not None


async def test_a_picture_gets_one_line_saying_what_fudao_reads(
    wecom: WeComApp, world: World
) -> None:
    me = Member(wecom.emu, "T1001")
    await me.join()
    since = len(wecom.emu.sent_to("T1001"))
    await wecom.emu.send_image("T1001")
    answer = await me._after(since)
    assert answer.kinds() == ["text"] and "只能读文字" in answer.plain_text


async def test_a_press_on_a_card_fudao_no_longer_knows_is_told_the_step_is_gone(
    wecom: WeComApp, world: World, db: Database
) -> None:
    me = Member(wecom.emu, "T1001")
    await me.join()
    since = len(wecom.emu.sent_to("T1001"))
    status = await post_callback(
        wecom, event(userid="T1001", Event="template_card_event", EventKey="f:0:save",
                     TaskId="fudao-999-gone", ResponseCode="old"),
    )  # fmt: skip
    assert status == 200
    gone = await me._after(since)
    assert "这一步已经过去了" in gone.plain_text
    assert await records(db) == []


async def test_a_revoked_member_is_refused_at_once_and_not_known_again_by_userid(
    wecom: WeComApp, world: World, db: Database
) -> None:
    me = Member(wecom.emu, "T1001")
    await me.join()
    async with db.session() as session:
        staff = await session.get(Staff, world.counselor.id)
        assert staff is not None
        await revoke_roles(
            session, staff=staff, roles=["counselor"], actor_id=None, now=datetime.now(UTC)
        )
    refused = await me.say("/me")
    assert "仅供已登记" in refused.plain_text and "谈心谈话" not in refused.plain_text


async def test_opening_the_app_greets_strangers_only(wecom: WeComApp, world: World) -> None:
    stranger = Member(wecom.emu, "visitor")
    since = len(wecom.emu.sent_to("visitor"))
    await wecom.emu.enter_agent("visitor")
    assert "仅供已登记" in (await stranger._after(since)).plain_text
    me = Member(wecom.emu, "T1001")
    await me.join()
    await wecom.emu.enter_agent("T1001")  # registered: opening the app says nothing
    answer = await me.say("/todo")
    assert "欢迎" not in answer.plain_text and "仅供已登记" not in answer.plain_text
