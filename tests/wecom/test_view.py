"""What a page draws of a member's chat: texts, each card once as it is now, files it can serve."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web

from bot.wecom_emulator import WeComEmulator
from bot.wecom_emulator.actions import PIXEL
from bot.wecom_emulator.view import add_media_route, chat_view
from tests.wecom.emulator_kit import Client, button_card, make_emulator


@pytest.fixture
async def emu() -> AsyncIterator[WeComEmulator]:
    """A running emulator with one member."""
    emulator = make_emulator()
    emulator.add_member("zhangsan", "张老师")
    await emulator.start()
    yield emulator
    await emulator.stop()


async def test_it_draws_a_card_once_greyed_after_its_update(emu: WeComEmulator) -> None:
    async with aiohttp.ClientSession() as http:
        app = Client(emu, http)
        await app.fetch_token()
        await app.text("zhangsan", "你好")
        sent = await app.send("zhangsan", "template_card", button_card("task-1"))
        await app.text("zhangsan", "之后")
        update = {
            "userids": ["zhangsan"],
            "agentid": emu.agent_id,
            "response_code": sent["response_code"],
            "button": {"replace_name": "已处理"},
        }
        assert (await app.post("message/update_template_card", update))["errcode"] == 0
    shown = chat_view(emu, "zhangsan")
    assert [m["kind"] for m in shown] == ["text", "card", "text"]
    card = shown[1]
    assert card["greyed"] == "已处理"
    assert [b["text"] for b in card["card"]["button_list"]] == ["选项0", "选项1"]


async def test_it_serves_an_uploaded_chart_on_the_pages_own_address(
    emu: WeComEmulator, page_url: str
) -> None:
    async with aiohttp.ClientSession() as http:
        app = Client(emu, http)
        await app.fetch_token()
        form = aiohttp.FormData(quote_fields=False)  # the UTF-8 name as it is, as httpx sends it
        form.add_field("media", PIXEL, filename="周报.png", content_type="image/png")
        url = f"{emu.api_url}/cgi-bin/media/upload"
        params = {"access_token": app.token, "type": "image"}
        async with http.post(url, params=params, data=form) as resp:
            media_id = (await resp.json())["media_id"]
        assert (await app.send("zhangsan", "image", {"media_id": media_id}))["errcode"] == 0
        [picture] = chat_view(emu, "zhangsan")
        assert picture["kind"] == "image" and picture["file_name"] == "周报.png"
        async with http.get(page_url + picture["url"]) as resp:
            assert resp.content_type == "image/png"
            assert await resp.read() == PIXEL
        async with http.get(page_url + "/_wecom/media/nothing") as resp:
            assert resp.status == 404


@pytest.fixture
async def page_url(emu: WeComEmulator) -> AsyncIterator[str]:
    """A page server with the media route, on a free port; its base address."""
    page = web.Application()
    add_media_route(page, emu)
    runner = web.AppRunner(page, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    assert site._server is not None
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
    yield f"http://127.0.0.1:{port}"
    await runner.cleanup()
