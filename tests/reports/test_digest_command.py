"""/digest through the Application, with a recording Bot API (PTB's own testing pattern)."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PIL import Image
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.ext import Application, CommandHandler
from telegram.request import BaseRequest, RequestData

from bot.json_bot import JsonBot
from handlers import digest
from models.db import Database
from models.records import AuditEntry
from policy.service import PolicyService
from services.context import Services
from tests.reports.conftest import NOW, College

BOT = {"id": 1, "is_bot": True, "first_name": "辅导员工作助手", "username": "fudao_test_bot"}


@dataclass
class Sent:
    """One call the bot made: its method, parameters and any uploaded files."""

    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]]


class Recorder(BaseRequest):
    """A Bot API that answers every call with success and remembers it."""

    def __init__(self) -> None:
        self.sent: list[Sent] = []

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         *args: Any, **kwargs: Any) -> tuple[int, bytes]:  # fmt: skip
        name = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        files: dict[str, tuple[str, bytes]] = {}
        if request_data and request_data.contains_files:
            for key, value in (request_data.multipart_data or {}).items():
                content = value[1]
                assert isinstance(content, bytes)
                files[key] = (str(value[0]), content)
        result: Any = BOT
        if name != "getMe":
            self.sent.append(Sent(name, params, files))
            chat = {"id": params.get("chat_id", 0), "type": "private"}
            result = {"message_id": len(self.sent), "date": 0, "chat": chat}
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def calls(self) -> list[str]:
        """The methods called, in order."""
        return [s.method for s in self.sent]


@pytest.fixture
async def bot(
    db: Database, database_url: str, policy: PolicyService, tmp_path: Path
) -> AsyncIterator[tuple[Application[Any, Any, Any, Any, Any, Any], Recorder]]:
    """An Application with /digest, its clock on Wednesday 2026-11-18."""
    recorder = Recorder()
    app = (
        Application.builder()
        .bot(JsonBot("123:TEST", request=recorder, get_updates_request=recorder))
        .build()
    )  # fmt: skip
    app.bot_data["services"] = Services(db=Database(database_url), policy=policy, clock=lambda: NOW)
    app.add_handler(CommandHandler("digest", digest.digest))
    await app.initialize()
    yield app, recorder
    await app.shutdown()
    await app.bot_data["services"].db.dispose()


async def say(app: Application[Any, Any, Any, Any, Any, Any], user_id: int, text: str) -> None:
    """A private message from a Telegram user."""
    command = text.split()[0]
    update = Update.de_json({"update_id": 1, "message": {
        "message_id": 1, "date": int(NOW.timestamp()), "text": text,
        "chat": {"id": user_id, "type": "private"},
        "from": {"id": user_id, "is_bot": False, "first_name": "x"},
        "entities": [{"type": "bot_command", "offset": 0, "length": len(command)}],
    }}, app.bot)  # fmt: skip
    await app.process_update(update)


def texts(recorder: Recorder) -> list[str]:
    return [str(s.params["text"]) for s in recorder.sent if s.method == "sendMessage"]


async def audits(session: AsyncSession) -> list[AuditEntry]:
    return list((await session.exec(select(AuditEntry))).all())


async def test_it_sends_a_leader_the_text_chart_and_workbook_of_any_week(
    bot: Any, college: College, session: AsyncSession
) -> None:
    app, recorder = bot
    await say(app, 103, "/digest 2026-11-11")
    assert recorder.calls() == ["sendMessage", "sendPhoto", "sendDocument"]
    (text,) = texts(recorder)
    assert text.startswith("<b>📋 机电工程学院 工作周报</b>\n2026-11-09 至 2026-11-15")
    assert "（王三）" in text
    photo, document = recorder.sent[1], recorder.sent[2]
    png = next(iter(photo.files.values()))[1]
    assert Image.open(io.BytesIO(png)).format == "PNG"
    filename, xlsx = next(iter(document.files.values()))
    assert filename == "机电工程学院工作周报-2026-11-09.xlsx"
    assert "未覆盖学生" in load_workbook(io.BytesIO(xlsx)).sheetnames
    (entry,) = await audits(session)
    assert (entry.actor_staff_id, entry.action) == (college.leader.id, "digest.read")
    assert entry.details == {"week": "2026-11-09", "names": True}


async def test_it_defaults_to_the_current_week(bot: Any, college: College) -> None:
    app, recorder = bot
    await say(app, 103, "/digest")
    assert "2026-11-16 至 2026-11-22" in texts(recorder)[0]


async def test_it_refuses_counselors_and_head_teachers(
    bot: Any, college: College, session: AsyncSession
) -> None:
    app, recorder = bot
    await say(app, 101, "/digest")
    assert texts(recorder) == ["周报仅供学院领导和管理员查看。"]
    assert await audits(session) == []


async def test_it_keeps_a_leader_to_their_own_college(bot: Any, college: College) -> None:
    app, recorder = bot
    await say(app, 105, "/digest 机电工程学院")
    assert texts(recorder) == ["您只能查看本学院（外国语学院）的周报。"]


async def test_it_lets_an_admin_pick_any_college_without_student_names(
    bot: Any, college: College
) -> None:
    app, recorder = bot
    await say(app, 104, "/digest 机电 2026-11-09")
    assert recorder.calls() == ["sendMessage", "sendPhoto", "sendDocument"]
    (text,) = texts(recorder)
    assert text.startswith("<b>📋 机电工程学院: weekly digest</b>")
    assert not any(s.name in text for s in college.s)


async def test_it_asks_an_admin_without_a_college_which_one(bot: Any, college: College) -> None:
    app, recorder = bot
    await say(app, 104, "/digest")
    assert texts(recorder) == [
        "Please name a college, e.g. /digest 外国语学院. Choose from: 外国语学院, 机电工程学院"
    ]


@pytest.mark.parametrize(
    ("text", "key"),
    [("/digest 2026-12-01", "这一周还没有开始"), ("/digest 2026-13-45", "用法：/digest")],
)
async def test_it_explains_a_day_it_cannot_use(
    bot: Any, college: College, text: str, key: str
) -> None:
    app, recorder = bot
    await say(app, 103, text)
    (reply,) = texts(recorder)
    assert reply.startswith(key)


async def test_it_turns_away_strangers(bot: Any, college: College) -> None:
    app, recorder = bot
    await say(app, 999, "/digest")
    assert texts(recorder) == [
        "您好！本助手仅供已登记的辅导员、班主任和学院领导使用。如需使用，请向学院管理员申请邀请链接。"
    ]
