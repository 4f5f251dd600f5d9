"""The sandbox's WeCom side: a WeCom emulator, the callback server, and each person a member.

The one Application serves both channels (bot/channels.py); a person is a WeCom member whose
UserID is their 工号 (FUDAO_WECOM_USERID_IS_STAFF_NO), so their first message binds them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from pydantic import SecretStr

from bot.config import Settings
from bot.wecom.api import api_of
from bot.wecom.callback import start_callback_server
from bot.wecom.menu import menu
from bot.wecom_emulator import WeComEmulator, WeComLimits
from models.db import Database

# Not secrets: the sandbox's WeCom app only ever talks to the local emulator.
CORP_ID = "wwsandbox0000000001"
SECRET = "sandbox-secret-for-the-local-emulator"
AGENT_ID = 1000002
TOKEN = "sandboxtoken"
AES_KEY = "c2FuZGJveC1hZXMta2V5LWZvci10aGUtbG9jYWwtZW0"


@dataclass
class WeComSide:
    """The WeCom emulator, and the callback server that hands its callbacks to the app."""

    emulator: WeComEmulator = field(init=False)
    runner: web.AppRunner | None = None

    async def start_emulator(self) -> None:
        """Serve the emulated WeCom (its limits are WeCom's own: 30 a minute per member)."""
        self.emulator = WeComEmulator(
            corp_id=CORP_ID,
            secret=SECRET,
            agent_id=AGENT_ID,
            token=TOKEN,
            aes_key=AES_KEY,
            limits=WeComLimits(),
        )
        await self.emulator.start(host="127.0.0.1", port=0)

    def settings(self) -> dict[str, Any]:
        """What the Application's settings need to run the WeCom channel too."""
        return {
            "wecom_corp_id": CORP_ID,
            "wecom_agent_id": AGENT_ID,
            "wecom_secret": SecretStr(SECRET),
            "wecom_token": SecretStr(TOKEN),
            "wecom_aes_key": SecretStr(AES_KEY),
            "wecom_api_url": self.emulator.api_url,
            "wecom_listen": "127.0.0.1:0",
            "wecom_userid_is_staff_no": True,
        }

    async def start_channel(self, app: Any, settings: Settings, db: Database) -> None:
        """Serve the callback, point the emulator at it, and set the app's menu."""
        _inbox, self.runner = await start_callback_server(app, settings, db)
        host, port = self.runner.addresses[0][:2]
        self.emulator.callback_url = f"http://{host}:{port}/wecom/callback"
        api = api_of(settings)
        try:
            await api.create_menu(menu(settings))
        finally:
            await api.close()

    def add_member(self, staff_no: str, name: str) -> None:
        """A demo person as a WeCom member, known by their 工号."""
        if staff_no:
            self.emulator.add_member(staff_no, name)

    async def stop_channel(self) -> None:
        """Stop taking callbacks."""
        if self.runner is not None:
            await self.runner.cleanup()
            self.runner = None

    async def stop_emulator(self) -> None:
        """Stop the emulator."""
        emulator = getattr(self, "emulator", None)
        if emulator is not None:
            await emulator.stop()
