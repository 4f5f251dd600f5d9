"""The webhook server: aiohttp checks the secret and the size before reading a body.

PTB's own (tornado) server reads bodies of up to 100 MiB before it looks at the secret, so
fudao serves the webhook itself and feeds the Application's update queue.
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from bot.gates import ALLOWED_UPDATES
from bot.stopping import HTTP_GRACE

log = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024
MIN_SECRET = 32
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

AnyApp = Application[Any, Any, Any, Any, Any, Any]


def webhook_app(application: AnyApp, *, path: str, secret: str) -> web.Application:
    """An aiohttp app that puts each authentic update of at most 1 MB on the update queue."""

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            raise web.HTTPForbidden()
        if request.content_length is None:
            raise web.HTTPLengthRequired()
        if request.content_length > MAX_BODY:
            raise web.HTTPRequestEntityTooLarge(max_size=MAX_BODY, actual_size=0)
        try:
            data = json.loads(await request.read())
            update = Update.de_json(data, application.bot)
        except (ValueError, TypeError, KeyError):
            raise web.HTTPBadRequest() from None
        await application.update_queue.put(update)
        return web.Response()

    app = web.Application(client_max_size=MAX_BODY)
    app.router.add_post(f"/{path.strip('/')}", receive)
    return app


async def start_webhook(
    application: AnyApp, *, listen: str, port: int, url: str, secret: str
) -> web.AppRunner:
    """Serve the webhook and tell Telegram where it is; the caller cleans the runner up."""
    app = webhook_app(application, path=url.rsplit("/", 1)[-1], secret=secret)
    runner = web.AppRunner(app, shutdown_timeout=HTTP_GRACE)
    await runner.setup()
    await web.TCPSite(runner, listen, port).start()
    await application.bot.set_webhook(url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)
    return runner
