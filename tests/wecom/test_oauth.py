"""The web console's WeCom sign-in: an OAuth code names a member, mapped as in chat."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.wecom.api import api_of
from bot.wecom.identity import staff_of_oauth_code
from bot.wecom_emulator import WeComEmulator
from models.db import Database
from tests.e2e.conftest import World
from tests.wecom.conftest import wecom_settings


async def test_a_code_signs_in_the_member_it_was_given_to_once(
    wecom_emu: WeComEmulator, world: World, db: Database, database_url: str, tmp_path: Path
) -> None:
    settings = wecom_settings(wecom_emu, database_url, tmp_path)
    api = api_of(settings)
    wecom_emu.add_member("T1001", "张老师")
    wecom_emu.add_member("visitor", "访客")
    now = datetime.now(UTC)
    try:
        async with db.session() as session:
            code = wecom_emu.oauth_code("T1001")
            staff = await staff_of_oauth_code(session, settings, api, code=code, now=now)
            assert staff is not None and staff.id == world.counselor.id
            again = await staff_of_oauth_code(session, settings, api, code=code, now=now)
            assert again is None  # a code is good once
            stranger = wecom_emu.oauth_code("visitor")
            assert await staff_of_oauth_code(session, settings, api, code=stranger, now=now) is None
            assert await staff_of_oauth_code(session, settings, api, code="forged", now=now) is None
    finally:
        await api.close()
