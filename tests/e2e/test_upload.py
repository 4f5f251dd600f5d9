"""An administrator imports a roster by sending it to the bot; nothing changes before 确认."""

from __future__ import annotations

from typing import Any

from sqlmodel import func, select

from bot.emulator import Emulator
from imports.roster import HEADER
from models.db import Database
from models.invites import create_invite
from models.org import Student
from tests.e2e.conftest import Clock, World
from tests.e2e.people import Person
from tests.factories import make_staff
from tests.imports.test_roster import ROWS, xlsx


async def students(db: Database) -> int:
    async with db.session() as session:
        return int((await session.exec(select(func.count()).select_from(Student))).one())


async def admin_of(emulator: Emulator, db: Database, clock: Clock) -> Person:
    """A registered administrator."""
    async with db.session() as session:
        admin = await make_staff(session, None, is_admin=True, name="管理员")
        await session.commit()
        token = await create_invite(session, staff=admin, now=clock())
    person = Person(emulator, 7001, "管理员")
    await person.say(f"/start {token}")
    return person


async def upload(person: Person, name: str, content: bytes) -> Any:
    """Send a file and return the bot's answer."""
    before = len(person.emu.messages(person.chat_id))
    await person.emu.send_document(person.user, file_name=name, content=content)
    return await person.emu.wait_for(
        lambda: person.emu.messages(person.chat_id)[before:] and person.last(), timeout=10
    )


async def test_it_previews_a_roster_and_imports_it_on_confirm(
    app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    admin = await admin_of(emulator, db, clock)
    before = await students(db)
    preview = await upload(admin, "新生名单.xlsx", xlsx(ROWS))
    assert "检查通过" in preview.plain_text and "新增 3 名学生" in preview.plain_text
    assert await students(db) == before
    done = await admin.tap("确认导入")
    assert "已导入" in done.plain_text
    assert await students(db) == before + 3


async def test_it_lists_the_errors_of_a_gbk_csv_and_changes_nothing(
    app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    admin = await admin_of(emulator, db, clock)
    lines = [",".join(HEADER), ",".join(["", "无学号", "材料学院", "", "2024", "A班"] + [""] * 9)]
    answer = await upload(admin, "名单.csv", "\r\n".join(lines).encode("gbk"))
    assert "第 2 行，学号 列：不能为空" in answer.plain_text
    assert "未做任何修改" in answer.plain_text


async def test_it_refuses_files_from_non_admins_and_unreadable_files(
    app: Any, emulator: Emulator, world: World, db: Database, clock: Clock
) -> None:
    counselor = Person(emulator, 5001, "张")
    await counselor.say(f"/start {world.tokens['counselor']}")
    refused = await upload(counselor, "名单.xlsx", xlsx(ROWS))
    assert "只有学院管理员" in refused.plain_text
    admin = await admin_of(emulator, db, clock)
    broken = await upload(admin, "名单.xlsx", b"PK\x03\x04 not really a workbook")
    assert "无法打开这个 Excel 文件" in broken.plain_text
    cancelled = await upload(admin, "名单.xlsx", xlsx(ROWS))
    assert "确认导入" in str(cancelled.reply_markup)
    assert "已取消导入" in (await admin.tap("取消")).plain_text
    assert await students(db) == 4
