"""Signing in from WeCom: the OAuth round trip, its state, and the code mapped to a person."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.web.server import application
from bot.web.wecom import WeComSignIn
from models.db import Database
from models.org import Staff
from models.scope import staff_by_telegram
from tests.bot.web.conftest import IDS, Client, Place, console_for
from tests.e2e.conftest import Clock

# What WeCom's auth/getuserinfo would answer for each code, as the channel maps it: the
# WeCom API and its emulator belong to the WeCom channel, not to this branch.
CODES = {"code-of-the-leader": IDS["leader"]}


async def person_of_code(session: AsyncSession, code: str) -> Staff | None:
    """The person behind a code, as the WeCom channel's lookup answers."""
    user_id = CODES.get(code)
    return await staff_by_telegram(session, telegram_user_id=user_id) if user_id else None


@pytest.fixture
async def wecom_client(db: Database, clock: Clock, tmp_path: Path) -> AsyncIterator[Client]:
    """The console with WeCom sign-in, its public URL on the test server's port."""
    console = console_for(db, clock, tmp_path)
    console.wecom = WeComSignIn("ww-test-corp", person_of_code)
    server = TestServer(application(console))
    async with TestClient(server) as client:
        console.settings = console.settings.model_copy(
            update={"web_url": f"http://{server.host}:{server.port}"}
        )
        yield client


async def _state(client: Client) -> str:
    start = await client.get("/app/wecom", allow_redirects=False)
    assert start.status == 302
    target = urlsplit(start.headers["Location"])
    assert target.netloc == "open.weixin.qq.com"
    query = parse_qs(target.query)
    assert query["appid"] == ["ww-test-corp"] and query["scope"] == ["snsapi_base"]
    assert query["redirect_uri"][0].endswith("/app/auth/wecom")
    return query["state"][0]


async def test_it_signs_a_member_in_through_wecom_oauth(wecom_client: Client, place: Place) -> None:
    state = await _state(wecom_client)
    back = await wecom_client.get(f"/app/auth/wecom?code=code-of-the-leader&state={state}")
    assert back.status == 200
    assert 'http-equiv="refresh" content="0;url=/app/college"' in await back.text()
    assert (await wecom_client.get("/app/college")).status == 200


async def test_it_refuses_a_wrong_state_or_an_unknown_code(
    wecom_client: Client, place: Place
) -> None:
    state = await _state(wecom_client)
    forged = await wecom_client.get("/app/auth/wecom?code=code-of-the-leader&state=forged")
    assert forged.status == 403
    stranger = await wecom_client.get(f"/app/auth/wecom?code=unknown&state={state}")
    assert stranger.status == 403
    assert (await wecom_client.get("/app/college")).status == 404
