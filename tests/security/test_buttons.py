"""Buttons replayed by someone else: the object is re-checked, and nothing changes."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlmodel import func, select

from bot.emulator import Emulator
from models.assessment import AssessmentRound
from models.concern import KeyConcern
from models.db import Database
from models.org import CounselorClass, Student
from models.outbox import NudgeMute
from models.records import AuditEntry, WorkRecord
from policy.service import PolicyService
from tests.e2e.conftest import Clock, World, app, clock, emulator, world
from tests.e2e.people import Person, buttons_of
from tests.e2e.test_log_flows import registered
from tests.e2e.test_upload import upload
from tests.handlers.factories import make_saved_record
from tests.handlers.harness import join_as, make_admin, make_outside_leader
from tests.imports.test_roster import ROWS, xlsx

__all__ = ["app", "clock", "emulator", "world"]

STALE = ("这个按钮已失效", "只有该生所在班级的辅导员")


async def replay(
    emulator: Emulator,
    person: Person,
    data: str,
    until: Callable[[str], bool] | None = None,
    on: Any = None,
) -> Any:
    """Press a button with forged data on a message (the newest), as a modified client can.

    Returns the newest message once it changed (or, with `until`, once its text passes it).
    """
    target = on or person.last()
    before = (target.text, len(emulator.messages(person.chat_id)))
    chat = emulator.state.chats[person.user.id]
    query = {
        "id": f"{person.user.id}-{time.monotonic_ns()}",
        "from": person.user.as_json(),
        "message": target.as_json(emulator.bot_user, chat),
        "chat_instance": str(person.user.id),
        "data": data,
    }
    await emulator.send_update_raw({"callback_query": query})
    await emulator.wait_for(
        lambda: (
            (person.last().text, len(emulator.messages(person.chat_id))) != before
            and (until is None or until(person.last().plain_text))
        )
    )
    return person.last()


async def count(db: Database, table: Any) -> int:
    """Rows in a table."""
    async with db.session() as session:
        return int((await session.exec(select(func.count()).select_from(table))).one())


async def test_it_refuses_a_talk_button_for_another_counselors_student(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await registered(emulator, world)
    answer = await replay(emulator, me, f"log:stu:{world.other_student.id}")
    assert any(text in answer.plain_text for text in STALE)
    assert "韩梅梅" not in answer.plain_text
    answer_unknown = await replay(emulator, me, "log:stu:999999")
    assert answer_unknown.plain_text == answer.plain_text


async def test_it_refuses_a_concern_button_for_another_counselors_student(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await registered(emulator, world)
    # Forged data on the live /concern message: only that message's buttons are answered.
    await me.say("/concern 2024010201")
    answer = await replay(emulator, me, f"kc:l:{world.other_student.id}:family:high")
    assert any(text in answer.plain_text for text in STALE)
    assert await count(db, KeyConcern) == 0
    await me.say("/concern 2024010201")
    unknown = await replay(emulator, me, "kc:l:999999:family:high")
    assert unknown.plain_text == answer.plain_text


async def test_it_refuses_to_open_another_persons_record_and_audits_a_leaders_read(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    async with db.session() as session:
        record = await make_saved_record(
            session, world.other_counselor, "dorm_visit", date(2026, 11, 17),
            dorm="9号楼 201", note="不可外传",
        )  # fmt: skip
        record_id = record.id
        # A record of their own each, so /history has a live keyboard to forge a press on.
        for person in (world.counselor, world.leader):
            await make_saved_record(session, person, "dorm_visit", date(2026, 11, 17))
    me = await registered(emulator, world)
    await me.say("/history")
    answer = await replay(emulator, me, f"h:o:{record_id}")
    assert "不可外传" not in answer.plain_text
    await me.say("/history")
    unknown = await replay(emulator, me, "h:o:999999")
    assert unknown.plain_text == answer.plain_text
    leader = await registered(emulator, world, "leader", 5004)
    await leader.say("/history")
    opened = await replay(emulator, leader, f"h:o:{record_id}")
    assert "9号楼 201" in opened.plain_text and "不可外传" not in opened.plain_text
    async with db.session() as session:
        reads = (
            await session.exec(select(AuditEntry).where(AuditEntry.action == "record.read"))
        ).all()
        assert [r.actor_staff_id for r in reads] == [world.leader.id]
        assert (await session.get(WorkRecord, record_id)) is not None


def documents(emulator: Emulator, person: Person) -> int:
    """Files the bot has sent this person."""
    return sum(1 for m in emulator.messages(person.chat_id) if m.document is not None)


async def test_it_refuses_a_nudge_button_for_a_rule_no_nudge_carries_and_mutes_only_the_presser(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await registered(emulator, world)
    other = await registered(emulator, world, "other_counselor", 5003)
    forged = await me.press_stale(me.last(), "nz:m:NOPE:2026-11")
    too_long = await me.press_stale(me.last(), "nz:m:C15@" + "9" * 60 + ":2026-11")
    assert forged == too_long == "这个按钮已失效，请重新开始。"
    assert await count(db, NudgeMute) == 0
    rule = PolicyService.load().rules_for(world.counselor, "机电工程学院")[0].id
    muted = await other.press_stale(other.last(), f"nz:m:{rule}:2026-11")
    assert muted != forged
    async with db.session() as session:
        owners = (await session.exec(select(NudgeMute.staff_id))).all()
    assert owners == [world.other_counselor.id]


async def test_it_refuses_a_college_export_to_a_counselor_and_of_another_college_to_a_leader(
    app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    refused = "您无权导出学院的工作记录"
    me = await registered(emulator, world)
    await me.say("/help")

    def said(text: str) -> bool:
        return refused in text

    answer = await replay(emulator, me, "ex:c:m0:all:1", until=said)
    assert refused in answer.plain_text
    async with db.session() as session:
        outsider = await make_outside_leader(session)
    leader = await registered(emulator, world, "leader", 5004)
    await leader.say("/help")
    theirs = await replay(emulator, leader, f"ex:c:m0:{outsider.id}:1", until=said)
    await leader.say("/help")
    unknown = await replay(emulator, leader, "ex:c:m0:999999:1", until=said)
    assert theirs.plain_text == unknown.plain_text
    assert documents(emulator, me) == documents(emulator, leader) == 0


async def test_it_ignores_a_handover_confirm_pressed_by_someone_else_and_scopes_a_college_admin(
    app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    async with db.session() as session:
        admin = await join_as(emulator, session, await make_admin(session, world), 5301, clock)
        outsider = await make_outside_leader(session)
    preview = await admin.say("/assign T1001 T1003")
    confirm = next(data for _label, data in buttons_of(preview) if data.startswith("as:ok:"))
    me = await registered(emulator, world)
    await me.say("/help")
    answer = await replay(emulator, me, confirm)
    assert "这个按钮已失效" in answer.plain_text
    async with db.session() as session:
        mine = select(CounselorClass).where(CounselorClass.staff_id == world.counselor.id)
        assert len((await session.exec(mine)).all()) == 2
    theirs = await admin.say(f"/assign T1001 {outsider.staff_no}")
    unknown = await admin.say("/assign T1001 L999")
    assert theirs.plain_text == unknown.plain_text.replace("L999", str(outsider.staff_no))


async def test_it_lists_only_the_pressers_own_students_for_a_missing_button(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    other = await registered(emulator, world, "other_counselor", 5003)
    await other.say("/help")
    rules = PolicyService.load().rules_for(world.counselor, "机电工程学院")
    talk = next(r.id for r in rules if r.kind == "talk")
    answer = await replay(emulator, other, f"me:miss:{talk}")
    assert "王小明" not in answer.plain_text and "李雷" not in answer.plain_text
    everything = await replay(emulator, other, "me:all")
    assert "赵老师" in everything.plain_text and "张老师" not in everything.plain_text
    none = await replay(emulator, other, "me:miss:NOPE")
    assert none.plain_text == "已全部覆盖。"


async def test_it_imports_nothing_when_someone_else_confirms_an_admins_upload(
    app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    async with db.session() as session:
        admin = await join_as(emulator, session, await make_admin(session, world), 5301, clock)
    before = await count(db, Student)
    await upload(admin, "新生名单.xlsx", xlsx(ROWS))
    leader = await registered(emulator, world, "leader", 5004)
    await leader.say("/help")
    toast = await leader.press_stale(leader.last(), "up:ok")
    assert toast == "这一步已经过去了"
    assert await count(db, Student) == before
    assert "已导入" in (await admin.tap("✅ 确认导入")).plain_text  # the admin's own still waits


async def test_it_refuses_assessment_buttons_to_people_without_that_role(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await registered(emulator, world)
    await me.say("/help")
    publish = await me.press_stale(me.last(), "ae:pub:2026-2027")
    leader = await registered(emulator, world, "leader", 5004)
    await leader.say("/help")
    report = await leader.press_stale(leader.last(), "ae:rep:2026-2027")
    self_evaluation = await leader.press_stale(leader.last(), "ae:self:2026-2027")
    assert publish == report == self_evaluation == "这一步已经过去了"
    assert await count(db, AssessmentRound) == 0


async def test_it_refuses_every_correction_button_for_another_persons_record(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    async with db.session() as session:
        record = await make_saved_record(
            session, world.other_counselor, "talk", date(2026, 11, 17), world.other_student,
            note="不可外传",
        )  # fmt: skip
        record_id = record.id
        # A record of the presser's own, so that /history is a live message with buttons.
        await make_saved_record(
            session, world.counselor, "talk", date(2026, 11, 17), world.students[0]
        )
    me = await registered(emulator, world)
    for data in ("h:e:{}:note", "h:n:{}", "h:d:{}:1", "h:s:{}:academic_help", "h:X:{}"):
        await me.say("/history")
        theirs = await replay(emulator, me, data.format(record_id))
        await me.say("/history")
        unknown = await replay(emulator, me, data.format(999999))
        assert theirs.plain_text == unknown.plain_text, data
        assert "不可外传" not in theirs.plain_text
    await me.say("/history")
    undo = await replay(emulator, me, f"h:undo:{record_id}")
    assert "无法撤销" in undo.plain_text
    async with db.session() as session:
        kept = await session.get(WorkRecord, record_id)
        assert kept is not None and kept.deleted_at is None
        assert kept.occurred_on == date(2026, 11, 17) and kept.subtype is None


async def test_it_refuses_a_form_button_naming_another_counselors_student(
    app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    me = await registered(emulator, world)
    await me.say("/log")
    await me.tap("谈心谈话")
    choose = await me.say("王小")
    prefix = buttons_of(choose)[0][1].rsplit(":", 1)[0]
    theirs = await replay(emulator, me, f"{prefix}:{world.other_student.id}", on=choose)
    unknown = await replay(emulator, me, f"{prefix}:999999", on=choose)
    assert theirs.plain_text == unknown.plain_text == "⚠️ 这个按钮已失效，请重新开始。"
    assert "韩梅梅" not in " ".join(m.plain_text for m in emulator.messages(me.chat_id))
