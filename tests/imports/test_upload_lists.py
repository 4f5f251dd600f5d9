"""Lists sent to the bot end to end: recognised, previewed, imported on 确认, people told."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from openpyxl import load_workbook
from sqlmodel import select

from bot.emulator import Emulator
from imports.kinds import KINDS
from imports.runner import recognise
from models.db import Database
from models.indicators import ClassIndicator
from models.org import Staff, Student
from tests.e2e.conftest import Clock, World
from tests.e2e.people import Person
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
from tests.imports.sheets import INDICATOR_HEADER, WARNING_HEADER, xlsx_of

__all__ = ["app", "clock", "emulator", "records_app", "world"]

WARNINGS = [["2024010102", "高等数学、大学物理", "2", "2026-2027-1"]]


async def upload(person: Person, name: str, content: bytes) -> Any:
    """Send a file and return the bot's answer."""
    before = len(person.emu.messages(person.chat_id))
    await person.emu.send_document(person.user, file_name=name, content=content)
    return await person.emu.wait_for(
        lambda: person.emu.messages(person.chat_id)[before:] and person.last(), timeout=10
    )


async def message_with(emulator: Emulator, person: Person, words: str) -> Any:
    """The first message to this person that contains these words, once it has arrived."""
    return await emulator.wait_for(
        lambda: next((m for m in emulator.messages(person.chat_id) if words in m.plain_text), None)
    )


async def warned(db: Database) -> set[str]:
    """学号 of the students flagged for academic warning."""
    async with db.session() as session:
        query = select(Student.student_no).where(Student.academic_warning)
        return set((await session.exec(query)).all())


async def test_it_imports_a_leaders_warning_list_on_confirm_and_tells_the_teachers(
    records_app: Any, emulator: Emulator, world: World, db: Database
) -> None:
    counselor = await join(emulator, world, "counselor", 6101)
    head = await join(emulator, world, "head_teacher", 6102)
    leader = await join(emulator, world, "leader", 6103)
    preview = await upload(leader, "学业预警.xlsx", xlsx_of(WARNING_HEADER, WARNINGS))
    assert "识别为学业预警名单，检查通过" in preview.plain_text
    assert "学业预警 1 名学生（2026-2027-1），其中新标记 1 名" in preview.plain_text
    assert await warned(db) == set()
    done = await leader.tap("确认导入")
    assert "已导入" in done.plain_text and "已通知 2 位老师" in done.plain_text
    assert await warned(db) == {"2024010102"}
    to_counselor = await message_with(emulator, counselor, "学业预警：您")
    assert "王小红（2024010102，机械2401班）：高等数学、大学物理" in to_counselor.plain_text
    assert "C33" in to_counselor.plain_text
    to_head = await message_with(emulator, head, "学业预警：您")
    assert "H04" in to_head.plain_text and "王小红" in to_head.plain_text


async def test_it_lets_only_admins_and_leaders_send_lists_and_cancel_changes_nothing(
    records_app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    counselor = await join(emulator, world, "counselor", 6201)
    refused = await upload(counselor, "学业预警.xlsx", xlsx_of(WARNING_HEADER, WARNINGS))
    assert "只有学院管理员可以通过发送文件导入名单" in refused.plain_text
    leader = await join(emulator, world, "leader", 6202)
    indicators = xlsx_of(INDICATOR_HEADER, [["机械2401班", "2025-2026", "3", "", "", "", "", ""]])
    not_theirs = await upload(leader, "指标.xlsx", indicators)
    assert "只有学院管理员可以导入班级指标" in not_theirs.plain_text
    async with db.session() as session:
        admin = await join_as(emulator, session, await make_admin(session, world), 6203, clock)
    preview = await upload(admin, "指标.xlsx", indicators)
    assert "识别为班级指标" in preview.plain_text
    assert "已取消导入" in (await admin.tap("取消")).plain_text
    async with db.session() as session:
        assert (await session.exec(select(ClassIndicator))).all() == []
    bad = xlsx_of(WARNING_HEADER, [["2099999999", "高等数学", "0", "2026-2027-1"]])
    rejected = await upload(admin, "预警.xlsx", bad)
    assert "有 2 处错误，未做任何修改" in rejected.plain_text
    assert "第 2 行，学号 列：名单中没有学号为 2099999999 的学生" in rejected.plain_text
    assert "第 2 行，不及格门数 列：“0”不是 1 以上的整数" in rejected.plain_text


async def test_it_answers_files_it_cannot_import_in_the_chat(
    records_app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    async with db.session() as session:
        admin = await join_as(emulator, session, await make_admin(session, world), 6301, clock)
    big = await upload(admin, "大.csv", b"x" * (5 * 1024 * 1024 + 1))
    assert "文件超过 5 MB" in big.plain_text
    old = await upload(admin, "名单.xls", b"\xd0\xcf\x11\xe0")
    assert "另存为” .xlsx" in old.plain_text
    unknown = await upload(admin, "成绩.xlsx", xlsx_of(["序号", "成绩"], [["1", "90"]]))
    assert "无法识别这是哪种名单" in unknown.plain_text and "/template" in unknown.plain_text


async def test_it_sends_templates_that_come_back_recognised(
    records_app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    leader = await join(emulator, world, "leader", 6401)
    await leader.say("/template")
    mine = await emulator.wait_for(
        lambda: (
            [m.document for m in emulator.messages(leader.chat_id) if m.document][1:]
            and [m.document for m in emulator.messages(leader.chat_id) if m.document]
        )
    )
    # A leader sends the academic lists: warnings and course failure rates (D02).
    assert [d.file_name for d in mine] == ["学业预警名单（模板）.xlsx", "课程不及格率（模板）.xlsx"]
    async with db.session() as session:
        admin = await join_as(emulator, session, await make_admin(session, world), 6402, clock)
    await admin.say("/template")
    await message_with(emulator, admin, "10 种名单的模板")
    files = await emulator.wait_for(
        lambda: (
            [m.document for m in emulator.messages(admin.chat_id) if m.document][9:]
            and [m.document for m in emulator.messages(admin.chat_id) if m.document]
        )
    )
    kinds = []
    for document in files:
        sheet = load_workbook(io.BytesIO(document.content)).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        # Every example row is filled in, but for the assessment's optional 否决事项.
        assert len(rows) == 2 and all(rows[1][:-1])
        kind = recognise([str(h) for h in rows[0]], KINDS)
        assert kind is not None
        kinds.append(kind.code)
    assert kinds == [
        "roster",
        "warnings",
        "concerns",
        "indicators",
        "fitness",
        "course_failures",
        "assessment_counselors",
        "assessment_head_teachers",
        "staff",
        "training",
    ]
    # The warning template's example row is a real student here: it imports as it is.
    warning_template = files[1].content
    preview = await upload(admin, "学业预警名单（模板）.xlsx", warning_template)
    assert "识别为学业预警名单，检查通过" in preview.plain_text


async def test_it_previews_a_changed_start_date_in_the_chat_and_stores_it_on_confirm(
    records_app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    """Issue 20: 「An import that changes a date says so in its preview」, in the chat too."""
    async with db.session() as session:
        person = await session.get(Staff, world.counselor.id)
        assert person is not None
        person.started_on = date(2023, 9, 1)
        session.add(person)
        await session.commit()
        admin = await join_as(emulator, session, await make_admin(session, world), 6501, clock)
    staff_list = xlsx_of(("工号", "在岗", "任职起始日期"), [["T1001", "是", "2022-09-01"]])
    preview = await upload(admin, "教职工.xlsx", staff_list)
    assert (
        "第 2 行，任职起始日期 列：张老师（T1001）的任职起始日期将由 2023-09-01 改为 2022-09-01"
        in preview.plain_text
    )
    assert "已导入" in (await admin.tap("确认导入")).plain_text
    async with db.session() as session:
        stored = await session.get(Staff, world.counselor.id)
        assert stored is not None and stored.started_on == date(2022, 9, 1)
