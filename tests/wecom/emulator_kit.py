"""Helpers for tests that talk to the WeCom emulator over HTTP, as a WeCom app would."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import xmltodict
from aiohttp import web
from wechatpy.enterprise.crypto import WeChatCrypto

from bot.wecom_emulator import WeComEmulator, WeComLimits

CORP_ID = "ww5823bf96d3bd56c7"
SECRET = "app-secret-for-tests"
AGENT_ID = 1000002
TOKEN = "QDG6eK"
AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"


def make_emulator(**limits: Any) -> WeComEmulator:
    """An emulator for the test app. Its callbacks wait 3 s for an answer, not WeCom's 5 s,
    and never less: 0.3 s timed out a callback on a loaded machine (a test of retries sets a
    short one of its own)."""
    return WeComEmulator(
        corp_id=CORP_ID,
        secret=SECRET,
        agent_id=AGENT_ID,
        token=TOKEN,
        aes_key=AES_KEY,
        limits=WeComLimits(**({"callback_timeout": 3.0} | limits)),
    )


class Client:
    """The app's side of the API: gettoken, then calls with the token."""

    def __init__(self, emu: WeComEmulator, http: aiohttp.ClientSession) -> None:
        self.emu = emu
        self.http = http
        self.token = ""

    async def get(self, path: str, **query: Any) -> dict[str, Any]:
        """A GET to /cgi-bin/path."""
        url = f"{self.emu.api_url}/cgi-bin/{path}"
        async with self.http.get(url, params={k: str(v) for k, v in query.items()}) as resp:
            answer: dict[str, Any] = await resp.json()
            return answer

    async def fetch_token(self) -> str:
        """gettoken with the right corpid and secret."""
        answer = await self.get("gettoken", corpid=CORP_ID, corpsecret=SECRET)
        self.token = answer["access_token"]
        return self.token

    async def post(self, path: str, body: dict[str, Any], **query: Any) -> dict[str, Any]:
        """A POST of JSON with the current token."""
        params = {"access_token": self.token, **{k: str(v) for k, v in query.items()}}
        url = f"{self.emu.api_url}/cgi-bin/{path}"
        async with self.http.post(url, params=params, json=body) as resp:
            answer: dict[str, Any] = await resp.json()
            return answer

    async def send(self, touser: str, msgtype: str, content: dict[str, Any]) -> dict[str, Any]:
        """message/send of one message."""
        body = {"touser": touser, "msgtype": msgtype, "agentid": AGENT_ID, msgtype: content}
        return await self.post("message/send", body)

    async def text(self, touser: str, content: str) -> dict[str, Any]:
        """message/send of a text."""
        return await self.send(touser, "text", {"content": content})


def button_card(task_id: str, buttons: int = 2, text: str = "选项") -> dict[str, Any]:
    """A button_interaction card with `buttons` buttons keyed k0, k1 ..."""
    return {
        "card_type": "button_interaction",
        "main_title": {"title": "记录工作", "desc": "选择类型"},
        "task_id": task_id,
        "button_list": [{"text": f"{text}{i}", "key": f"k{i}"} for i in range(buttons)],
    }


class Receiver:
    """A tiny callback server that decrypts with wechatpy, as the app's would."""

    def __init__(self) -> None:
        self.crypto = WeChatCrypto(TOKEN, AES_KEY, CORP_ID)
        self.received: list[dict[str, Any]] = []
        self.delay = 0.0
        self.statuses: list[int] = []  # answers to give, in order; 200 once they run out
        self.runner: web.AppRunner | None = None
        self.url = ""

    async def handle(self, request: web.Request) -> web.Response:
        """Verify the URL on GET; on POST decrypt, record, then answer (slowly if told)."""
        q = request.query
        if request.method == "GET":
            echo = self.crypto.check_signature(
                q["msg_signature"], q["timestamp"], q["nonce"], q["echostr"]
            )
            return web.Response(text=echo)
        plain = self.crypto.decrypt_message(
            await request.text(), q["msg_signature"], q["timestamp"], q["nonce"]
        )
        self.received.append(dict(xmltodict.parse(plain)["xml"]))
        await asyncio.sleep(self.delay)
        return web.Response(status=self.statuses.pop(0) if self.statuses else 200)

    async def start(self) -> str:
        """Serve on a free port; returns the callback URL."""
        app = web.Application()
        app.router.add_route("*", "/wecom/callback", self.handle)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        assert site._server is not None
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{port}/wecom/callback"
        return self.url

    async def stop(self) -> None:
        """Stop serving."""
        if self.runner is not None:
            await self.runner.cleanup()
