"""Signing in from WeCom: the OAuth round trip, its state, and the code mapped to a person."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.web import wecom_sign_in
from bot.web.server import application
from bot.wecom_emulator import WeComEmulator
from models.db import Database
from tests.bot.web.conftest import Client, Place, console_for
from tests.e2e.conftest import Clock
from tests.wecom.conftest import wecom_settings
from tests.wecom.emulator_kit import CORP_ID, make_emulator


@pytest.fixture
async def wecom_client(
    db: Database, database_url: str, clock: Clock, tmp_path: Path
) -> AsyncIterator[tuple[Client, WeComEmulator]]:
    """The console with the WeCom channel's sign-in, against the WeCom emulator."""
    emu = make_emulator()
    await emu.start()
    emu.add_member("L001", "王书记")  # the leader: UserID = 工号
    emu.add_member("visitor", "访客")
    settings = wecom_settings(emu, database_url, tmp_path)
    console = console_for(db, clock, tmp_path)
    closers: list[Callable[[], Awaitable[None]]] = []
    console.wecom = wecom_sign_in(settings, console.svc, closers)
    server = TestServer(application(console))
    try:
        async with TestClient(server) as client:
            console.settings = console.settings.model_copy(
                update={"web_url": f"http://{server.host}:{server.port}"}
            )
            yield client, emu
    finally:
        for close in closers:
            await close()
        await emu.stop()


async def _state(client: Client) -> str:
    start = await client.get("/app/wecom", allow_redirects=False)
    assert start.status == 302
    target = urlsplit(start.headers["Location"])
    assert target.netloc == "open.weixin.qq.com"
    query = parse_qs(target.query)
    assert query["appid"] == [CORP_ID] and query["scope"] == ["snsapi_base"]
    assert query["redirect_uri"][0].endswith("/app/auth/wecom")
    return query["state"][0]


async def test_it_signs_a_member_in_through_wecom_oauth(
    wecom_client: tuple[Client, WeComEmulator], place: Place
) -> None:
    client, emu = wecom_client
    state = await _state(client)
    code = emu.oauth_code("L001")
    back = await client.get(f"/app/auth/wecom?code={code}&state={state}")
    assert back.status == 200
    assert 'http-equiv="refresh" content="0;url=/app/college"' in await back.text()
    assert (await client.get("/app/college")).status == 200


async def test_it_refuses_a_wrong_state_or_an_unknown_code(
    wecom_client: tuple[Client, WeComEmulator], place: Place
) -> None:
    client, emu = wecom_client
    state = await _state(client)
    forged = await client.get(f"/app/auth/wecom?code={emu.oauth_code('L001')}&state=forged")
    assert forged.status == 403
    stranger = await client.get(f"/app/auth/wecom?code={emu.oauth_code('visitor')}&state={state}")
    assert stranger.status == 403
    unknown = await client.get(f"/app/auth/wecom?code=unknown&state={state}")
    assert unknown.status == 403
    assert (await client.get("/app/college")).status == 404
