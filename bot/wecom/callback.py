"""The callback server: WeCom's messages and events in, as updates on the Application's queue.

WeCom waits 5 seconds for an answer and retries a slow or failed callback three times, so each
callback is answered at once with an empty 200 and handled after; a repeated MsgId (or, for an
event, the same FromUserName and CreateTime) is handled once.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from typing import Any

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.config import Settings
from bot.stopping import HTTP_GRACE
from bot.wecom.crypto import BadCallback, CallbackCrypto
from bot.wecom.updates import UpdateMaker
from models.db import Database

log = logging.getLogger(__name__)

PATH = "/wecom/callback"
MAX_BODY = 64 * 1024
SEEN_KEPT = 10_000

AnyApp = Application[Any, Any, Any, Any, Any, Any]


def crypto_of(settings: Settings) -> CallbackCrypto:
    """The callback crypto of the configured app."""
    assert settings.wecom_token is not None and settings.wecom_aes_key is not None
    return CallbackCrypto(
        token=settings.wecom_token.get_secret_value(),
        aes_key=settings.wecom_aes_key.get_secret_value(),
        corp_id=settings.wecom_corp_id or "",
    )


class Seen:
    """The keys of callbacks already taken, the newest SEEN_KEPT of them."""

    def __init__(self) -> None:
        self._keys: OrderedDict[str, None] = OrderedDict()

    def first_time(self, key: str) -> bool:
        """True the first time a key is seen."""
        if key in self._keys:
            return False
        self._keys[key] = None
        while len(self._keys) > SEEN_KEPT:
            self._keys.popitem(last=False)
        return True


def callback_key(fields: dict[str, Any]) -> str:
    """What makes a callback the same callback again (接收消息与事件: 消息排重)."""
    if fields.get("MsgId"):
        return f"msg:{fields['MsgId']}"
    return f"event:{fields.get('FromUserName')}:{fields.get('CreateTime')}"


class WeComInbox:
    """Answers WeCom's callbacks and hands what they carry to the Application."""

    def __init__(self, application: AnyApp, settings: Settings, db: Database) -> None:
        self.application = application
        self.crypto = crypto_of(settings)
        self.maker = UpdateMaker(application, settings, db)
        self.seen = Seen()
        self._tasks: set[asyncio.Task[None]] = set()

    def web_app(self) -> web.Application:
        """The aiohttp app serving the callback path."""
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_get(PATH, self.verify)
        app.router.add_post(PATH, self.receive)
        return app

    async def verify(self, request: web.Request) -> web.Response:
        """The URL check when the callback is saved in the admin console: echo the echostr."""
        q = request.query
        try:
            echo = self.crypto.verify_url(
                signature=q.get("msg_signature", ""),
                timestamp=q.get("timestamp", ""),
                nonce=q.get("nonce", ""),
                echostr=q.get("echostr", ""),
            )
        except BadCallback:
            log.warning("WeCom URL check with a bad signature refused")
            raise web.HTTPForbidden() from None
        return web.Response(text=echo)

    async def receive(self, request: web.Request) -> web.Response:
        """Check and decrypt at once, answer an empty 200, and handle the content after."""
        q = request.query
        try:
            fields = self.crypto.decrypt(
                body=await request.text(),
                signature=q.get("msg_signature", ""),
                timestamp=q.get("timestamp", ""),
                nonce=q.get("nonce", ""),
            )
        except BadCallback:
            log.warning("WeCom callback with a bad signature ignored")
            raise web.HTTPForbidden() from None
        if self.seen.first_time(callback_key(fields)):
            task = asyncio.create_task(self._handle(fields))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return web.Response(text="")

    async def _handle(self, fields: dict[str, Any]) -> None:
        started = time.monotonic()
        try:
            for data in await self.maker.updates_for(fields):
                await self.application.update_queue.put(Update.de_json(data, self.application.bot))
        except Exception as error:  # one bad callback never stops the others
            log.error("WeCom callback failed: %s", type(error).__name__)
        log.debug("WeCom callback handled in %.3f s", time.monotonic() - started)

    async def drain(self) -> None:
        """Wait for the callbacks in hand (on the way down)."""
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=5)


async def start_callback_server(
    application: AnyApp, settings: Settings, db: Database
) -> tuple[WeComInbox, web.AppRunner]:
    """Serve the callback on FUDAO_WECOM_LISTEN; the caller cleans the runner up."""
    inbox = WeComInbox(application, settings, db)
    host, _, port = settings.wecom_listen.rpartition(":")
    runner = web.AppRunner(inbox.web_app(), access_log=None, shutdown_timeout=HTTP_GRACE)
    await runner.setup()
    await web.TCPSite(runner, host or "0.0.0.0", int(port)).start()
    return inbox, runner
