"""Follow-up dates set on talks come back on the day, to the person who set them."""

from __future__ import annotations

from datetime import date
from typing import Any

from models.db import Database
from tests.e2e.conftest import World
from tests.factories import make_record
from tests.scheduler.conftest import Chats, run, texts


async def test_a_follow_up_reminder_arrives_on_its_day_with_a_button_to_log_the_talk(
    app: Any, chats: Chats, db: Database, world: World
) -> None:
    async with db.session() as session:
        await make_record(
            session,
            world.counselor,
            "talk",
            date(2026, 11, 18),
            world.students[0],
            follow_up_on=date(2026, 11, 25),
            note="不应出现在提醒里",
        )
        await session.commit()
    await run(app, "followups", "2026-11-24 08:00")
    assert texts(chats.counselor) == []
    await run(app, "followups", "2026-11-25 08:00")
    [reminder] = chats.counselor.emu.messages(chats.counselor.chat_id)
    assert "今日跟进" in reminder.plain_text and "王小明" in reminder.plain_text
    assert "不应出现在提醒里" not in reminder.plain_text
    assert any(data.startswith("log:stu:") for _, data in reminder.buttons())
    await run(app, "followups", "2026-11-25 12:00")
    assert len(texts(chats.counselor)) == 1
