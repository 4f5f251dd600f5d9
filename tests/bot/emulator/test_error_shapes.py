"""Each refusal comes back over HTTP exactly as api.telegram.org shapes it."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from bot.emulator import Emulator
from tests.bot.conftest import unpaced_emulator

TOKEN = "42:error-shapes"


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with unpaced_emulator(TOKEN, 7, "张") as emulator:
        yield emulator


async def call(emu: Emulator, method: str, **params: Any) -> tuple[int, dict[str, Any]]:
    """POST a Bot API call as a form, the way python-telegram-bot does; status and body."""
    form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{emu.api_url}{TOKEN}/{method}", data=form) as response,
    ):
        return response.status, await response.json()


async def test_it_refuses_an_overlong_text_with_a_400(emu: Emulator) -> None:
    status, body = await call(emu, "sendMessage", chat_id="7", text="字" * 4097)
    assert (status, body) == (
        400,
        {"ok": False, "error_code": 400, "description": "Bad Request: message is too long"},
    )
    assert emu.messages(7) == []


async def test_it_refuses_overlong_callback_data_with_a_400(emu: Emulator) -> None:
    keyboard = {"inline_keyboard": [[{"text": "太长", "callback_data": "x" * 65}]]}
    status, body = await call(emu, "sendMessage", chat_id="7", text="选择", reply_markup=keyboard)
    assert (status, body) == (
        400,
        {"ok": False, "error_code": 400, "description": "Bad Request: BUTTON_DATA_INVALID"},
    )
    keyboard["inline_keyboard"][0][0]["callback_data"] = "x" * 64
    status, _ = await call(emu, "sendMessage", chat_id="7", text="选择", reply_markup=keyboard)
    assert status == 200


async def test_it_refuses_an_unknown_method_with_a_404(emu: Emulator) -> None:
    status, body = await call(emu, "sendHologram", chat_id="7")
    assert (status, body) == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found: method not found"},
    )


async def test_it_refuses_a_chat_it_does_not_know_with_a_400(emu: Emulator) -> None:
    for method, params in (
        ("sendMessage", {"text": "hi"}),
        ("sendChatAction", {"action": "typing"}),
        ("editMessageText", {"message_id": "1", "text": "hi"}),
    ):
        status, body = await call(emu, method, chat_id="8", **params)
        assert (status, body) == (
            400,
            {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"},
        ), method
