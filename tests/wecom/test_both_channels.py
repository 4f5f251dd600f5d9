"""One person on Telegram and in WeCom: what a job decides reaches the chat they last used, once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_application
from bot.emulator import Emulator
from bot.wecom.callback import start_callback_server
from bot.wecom_emulator import WeComEmulator
from models.db import Database
from policy.service import PolicyService
from scheduler.runner import run_job
from services.context import Services
from tests.e2e.conftest import TOKEN, Clock, World, emulator
from tests.e2e.people import Person, attach, detach
from tests.scheduler.conftest import shanghai
from tests.wecom.conftest import WeComApp, stop_wecom_app, wecom_settings
from tests.wecom.member import Member

__all__ = ["emulator"]


@pytest.fixture
async def both(
    emulator: Emulator,
    wecom_emu: WeComEmulator,
    db: Database,
    database_url: str,
    clock: Clock,
    tmp_path: Path,
) -> AsyncIterator[WeComApp]:
    """One Application on both channels: polling the Bot API emulator, serving WeCom's callback."""
    settings = wecom_settings(
        wecom_emu, database_url, tmp_path,
        telegram_api_url=emulator.api_url, telegram_file_url=emulator.file_url,
    )  # fmt: skip
    svc = Services(db=Database(database_url), policy=PolicyService.load(), clock=clock)
    app: Any = build_application(settings, svc=svc, token=TOKEN)
    attach(emulator, app)  # Person.say then returns once the whole answer is sent
    await app.initialize()
    await app.start()
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    inbox, runner = await start_callback_server(app, settings, svc.db)
    host, port = runner.addresses[0][:2]
    wecom_emu.callback_url = f"http://{host}:{port}/wecom/callback"
    running = WeComApp(app, inbox, runner, wecom_emu)
    yield running
    await app.updater.stop()
    await stop_wecom_app(running)
    detach(emulator)


async def test_the_digest_goes_to_the_channel_the_leader_last_used_and_only_there(
    both: WeComApp, emulator: Emulator, world: World
) -> None:
    on_telegram = Person(emulator, 8001, "王书记")
    await on_telegram.say(f"/start {world.tokens['leader']}")
    in_wecom = Member(both.emu, "L001")
    await in_wecom.join()  # known by 工号 in WeCom too, and used last
    telegram_before = len(emulator.messages(8001))
    await run_job(both.app, "digest", shanghai("2026-11-23 08:00"))
    kinds = [e["msgtype"] for e in both.emu.sent_to("L001")]
    assert "image" in kinds and "file" in kinds
    assert len(emulator.messages(8001)) == telegram_before  # nothing doubled on Telegram

    await on_telegram.say("/me")  # back on Telegram: the next message goes there
    wecom_before = len(both.emu.sent_to("L001"))
    await run_job(both.app, "digest", shanghai("2026-11-30 08:00"))
    assert len(both.emu.sent_to("L001")) == wecom_before
    assert any(m.document is not None for m in emulator.messages(8001))


@pytest.mark.parametrize(
    ("who", "userid", "command"),
    [
        ("counselor", "T1001", "/me"),
        ("counselor", "T1001", "/todo"),
        ("counselor", "T1001", "/rules"),
        ("counselor", "T1001", "/history"),
        ("counselor", "T1001", "/concern"),
        ("counselor", "T1001", "/away"),
        ("counselor", "T1001", "/dorm 火星 基地"),
        ("leader", "L001", "/digest"),
        ("leader", "L001", "/assess"),
    ],
)
async def test_a_command_answers_the_same_words_in_wecom_as_on_telegram(
    both: WeComApp,
    emulator: Emulator,
    world: World,
    who: str,
    userid: str,
    command: str,
) -> None:
    on_telegram = Person(emulator, 8100, userid)
    await on_telegram.say(f"/start {world.tokens[who]}")
    in_wecom = Member(both.emu, userid)
    await in_wecom.join()
    before = len(emulator.messages(8100))
    await on_telegram.say(command)  # returns once every part (text, chart, workbook) is sent
    telegram_lines = [
        line.strip()
        for m in emulator.messages(8100)[before:]
        for line in m.plain_text.split("\n")
        if line.strip()
    ]
    last_line = telegram_lines[-1]
    wecom_answer = await in_wecom.say(command, until=last_line[:20])
    missing = [line for line in telegram_lines if line not in wecom_answer.plain_text]
    assert telegram_lines and missing == []
