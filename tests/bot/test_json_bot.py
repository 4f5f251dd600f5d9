"""The Application's bot: Bot API calls whose answer stays JSON, with PTB's errors."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import BadRequest, Forbidden
from telegram.ext import AIORateLimiter

from bot.aiohttp_request import AiohttpRequest
from bot.emulator import Emulator
from bot.json_bot import JsonBot
from tests.bot.conftest import unpaced_emulator

TOKEN = "42:json-bot-test"
CHAT = 7003


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with unpaced_emulator(TOKEN, CHAT, "王老师") as emulator:
        yield emulator


def _bot(emu: Emulator) -> JsonBot:
    return JsonBot(
        TOKEN, base_url=emu.api_url, request=AiohttpRequest(2), rate_limiter=AIORateLimiter()
    )


async def test_an_answer_is_telegram_s_json_and_the_message_arrives(emu: Emulator) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("撤销", callback_data="undo:9")]])
    async with _bot(emu) as bot:
        sent = await bot.post_json(
            "sendMessage",
            {
                "chat_id": CHAT,
                "text": "<b>已保存</b>",
                "parse_mode": "HTML",
                "reply_markup": keyboard,
            },
        )
        photo = await bot.post_json("sendPhoto", {"chat_id": CHAT, "photo": InputFile(b"\x89PNG")})
    text, chart = emu.messages(CHAT)
    assert sent["message_id"] == text.message_id and text.plain_text == "已保存"
    assert text.reply_markup == [[{"text": "撤销", "callback_data": "undo:9"}]]
    assert photo["photo"][-1]["file_id"] == chart.photo.file_id  # type: ignore[union-attr]


async def test_telegram_s_refusals_are_ptb_s_errors(emu: Emulator) -> None:
    async with _bot(emu) as bot:
        with pytest.raises(BadRequest, match=r"(?i)chat not found"):
            await bot.post_json("sendMessage", {"chat_id": 999, "text": "你好"})
        emu.block_bot(emu.state.users[CHAT])
        with pytest.raises(Forbidden):
            await bot.post_json("sendMessage", {"chat_id": CHAT, "text": "你好"})
    assert emu.messages(CHAT) == []
