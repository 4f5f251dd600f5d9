"""The Bot API client over aiohttp: what PTB's HTTPX client did, against the emulator."""

from __future__ import annotations

import base64
import socket
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import NetworkError, TimedOut

from bot.aiohttp_request import AiohttpRequest, _proxy_from_env
from bot.emulator import Emulator
from tests.bot.conftest import unpaced_emulator

TOKEN = "42:aiohttp-request-test"
CHAT = 7002


@pytest.fixture
async def emu() -> AsyncIterator[Emulator]:
    async with unpaced_emulator(TOKEN, CHAT, "李老师") as emulator:
        yield emulator


async def test_text_and_a_file_with_a_chinese_name_arrive_as_sent(emu: Emulator) -> None:
    async with Bot(TOKEN, base_url=emu.api_url, request=AiohttpRequest(4)) as bot:
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("改日期 ✎", callback_data="d:1")]])
        await bot.send_message(CHAT, "<b>本周</b> & 下周", parse_mode="HTML", reply_markup=keyboard)
        sent = await bot.send_document(
            CHAT, b"PK\x03\x04 xlsx", filename='机电 "汇总".xlsx', caption="第 1 周"
        )
    first, second = emu.messages(CHAT)
    assert first.plain_text == "本周 & 下周"
    assert first.reply_markup == [[{"text": "改日期 ✎", "callback_data": "d:1"}]]
    assert second.document is not None and second.document.file_name == '机电 "汇总".xlsx'
    assert second.document.content == b"PK\x03\x04 xlsx" and second.caption == "第 1 周"
    assert sent.document is not None and sent.document.file_id == second.document.file_id


async def test_a_call_held_past_its_read_timeout_is_timed_out(emu: Emulator) -> None:
    emu.outages.start(5.0, "hang", spare=("getMe",))
    request = AiohttpRequest(2, read_timeout=0.3)
    async with Bot(TOKEN, base_url=emu.api_url, request=request) as bot:
        with pytest.raises(TimedOut):
            await bot.send_message(CHAT, "已保存")
    emu.outages.end()
    assert emu.messages(CHAT) == []  # held, then let go without being carried out


async def test_a_server_that_is_not_there_is_a_network_error() -> None:
    with socket.socket() as sock:  # a port nothing listens on once this closes
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    request = AiohttpRequest(1)
    await request.initialize()
    try:
        with pytest.raises(NetworkError, match=r"aiohttp\.ClientConnectorError"):
            await request.do_request(f"http://127.0.0.1:{port}/bot{TOKEN}/getMe", "POST")
    finally:
        await request.shutdown()


async def test_a_call_before_initialize_or_after_shutdown_is_refused(emu: Emulator) -> None:
    request = AiohttpRequest(1)
    url = f"{emu.api_url}{TOKEN}/getMe"
    with pytest.raises(RuntimeError, match="not initialized"):
        await request.do_request(url, "POST")
    await request.initialize()
    status, body = await request.do_request(url, "POST")
    assert status == 200 and b'"ok":true' in body.replace(b" ", b"")
    await request.shutdown()
    with pytest.raises(RuntimeError, match="not initialized"):
        await request.do_request(url, "POST")


async def test_a_proxy_in_the_environment_carries_the_calls(
    emu: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As httpx did: a server that reaches Telegram through HTTP_PROXY keeps doing so."""
    # The emulator stands in for the proxy: it is asked for the far URL and answers it.
    monkeypatch.setenv("HTTP_PROXY", emu.api_url.rsplit("/bot", 1)[0])
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    request = AiohttpRequest(1)
    await request.initialize()
    try:
        status, _body = await request.do_request(
            f"http://api.telegram.invalid/bot{TOKEN}/getMe", "POST"
        )
    finally:
        await request.shutdown()
    assert status == 200 and emu.calls[-1][0] == "getMe"


async def test_a_host_no_proxy_names_is_reached_directly(
    emu: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as sock:  # a proxy that is not there: using it would fail
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    monkeypatch.setenv("HTTP_PROXY", dead)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.delenv("no_proxy", raising=False)
    async with Bot(TOKEN, base_url=emu.api_url, request=AiohttpRequest(1)) as bot:
        await bot.send_message(CHAT, "直连")
    assert [m.text for m in emu.messages(CHAT)] == ["直连"]


def test_a_proxy_s_credentials_go_as_its_authorization(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://fu%40dao:p%3Ass@proxy.campus.edu.cn:3128")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    proxy, headers = _proxy_from_env("https", "api.telegram.org")
    assert proxy == "http://proxy.campus.edu.cn:3128"
    basic = base64.b64encode(b"fu@dao:p:ss").decode()
    assert headers == {"Proxy-Authorization": f"Basic {basic}"}
    assert _proxy_from_env("http", "api.telegram.org") == (None, None)  # no HTTP_PROXY set
