"""The emulator refuses what Telegram refuses, in Telegram's shape, and serves files back."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.ext import AIORateLimiter, ExtBot

from bot.emulator import Emulator, EmulatorLimits

TOKEN = "42:emulator-test"


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    emulator = Emulator(
        TOKEN,
        "fudao_test_bot",
        EmulatorLimits(global_per_second=1000, chat_burst=100, chat_per_second=100),
    )
    await emulator.start()
    yield emulator
    await emulator.stop()


@pytest.fixture
async def bot(emu: Emulator) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=emu.api_url, base_file_url=emu.file_url) as b:
        yield b


async def test_it_answers_get_me_and_records_sent_messages(emu: Emulator, bot: Bot) -> None:
    assert bot.username == "fudao_test_bot"
    user = emu.add_user(7, "张")
    await bot.send_message(7, "<b>你好</b> &amp; 欢迎", parse_mode=ParseMode.HTML)
    [message] = emu.messages(7)
    assert message.plain_text == "你好 & 欢迎" and user.id == 7


async def test_it_refuses_overlong_text_and_button_data(emu: Emulator, bot: Bot) -> None:
    emu.add_user(7, "张")
    with pytest.raises(BadRequest, match=r"(?i)too long"):
        await bot.send_message(7, "字" * 4097)
    await bot.send_message(7, "字" * 4096)
    button = InlineKeyboardButton("太长", callback_data="长" * 22)  # 66 bytes in UTF-8
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(7, "选择", reply_markup=InlineKeyboardMarkup([[button]]))


async def test_it_refuses_unescaped_html_unknown_chats_and_blocked_users(
    emu: Emulator, bot: Bot
) -> None:
    user = emu.add_user(7, "张")
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(7, "备注：<script>alert(1)</script>", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(8, "hi")
    emu.block_bot(user)
    with pytest.raises(Forbidden, match=r"(?i)blocked"):
        await bot.send_message(7, "hi")


async def test_it_answers_unknown_methods_and_tokens_with_telegram_errors(emu: Emulator) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{emu.api_url}{TOKEN}/sendTelepathy") as response:
            assert response.status == 404
            assert await response.json() == {
                "ok": False,
                "error_code": 404,
                "description": "Not Found: method not found",
            }
        async with http.post(f"{emu.api_url}1:wrong/getMe") as response:
            assert response.status == 401 and (await response.json())["ok"] is False


async def test_it_serves_uploaded_files_back_through_get_file(emu: Emulator, bot: Bot) -> None:
    user = emu.add_user(7, "张")
    update = await emu.send_document(user, "名单.xlsx", b"PK\x03\x04 roster bytes")
    file_id = update["message"]["document"]["file_id"]
    telegram_file = await bot.get_file(file_id)
    assert bytes(await telegram_file.download_as_bytearray()) == b"PK\x03\x04 roster bytes"


async def test_it_throttles_a_flood_with_429_and_retry_after() -> None:
    emulator = Emulator(
        TOKEN, limits=EmulatorLimits(chat_per_second=1, chat_burst=3, retry_after=1)
    )
    await emulator.start()
    try:
        emulator.add_user(7, "张")
        async with Bot(TOKEN, base_url=emulator.api_url) as bot:
            for _ in range(3):
                await bot.send_message(7, "ok")
            with pytest.raises(RetryAfter):
                await bot.send_message(7, "too fast")
        limiter = AIORateLimiter(max_retries=3)
        async with ExtBot(TOKEN, base_url=emulator.api_url, rate_limiter=limiter) as patient:
            await patient.send_message(7, "after waiting")
        texts = [m.text for m in emulator.messages(7)]
        assert texts == ["ok", "ok", "ok", "after waiting"]
        refused = [c for c in emulator.calls if c[0] == "sendMessage"]
        assert len(refused) >= 5
    finally:
        await emulator.stop()


async def test_it_answers_502_in_an_outage_spares_named_methods_and_recovers(
    emu: Emulator, bot: Bot
) -> None:
    emu.add_user(7, "张")
    async with aiohttp.ClientSession() as http:
        control = f"{emu.base_http}/_emulator/outage"
        async with http.post(control, json={"seconds": 60, "spare": ["getUpdates"]}) as answer:
            assert answer.status == 200
        async with http.post(f"{emu.api_url}{TOKEN}/sendMessage", json={"chat_id": 7}) as sent:
            assert sent.status == 502
        assert await bot.get_updates() == ()  # spared
        async with http.post(control, json={"mode": "sideways", "seconds": 5}) as refused:
            assert refused.status == 400
        async with http.post(control, json={"seconds": 0}) as ended:
            assert (await ended.json())["outage"] is False
    await bot.send_message(7, "恢复了")
    assert [m.text for m in emu.messages(7)] == ["恢复了"] and emu.outages.hits == 1
