"""`fudao run`: every configured channel in one process until SIGINT or SIGTERM.

Telegram by long polling or a webhook, WeCom by its callback server; the Application, its
conversations and its jobs are shared by both.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from telegram.ext import Application

from bot.config import Settings
from bot.gates import ALLOWED_UPDATES
from bot.stopping import STOP_SIGNALS, stop_promptly
from bot.webhook import start_webhook
from services.context import services_of

log = logging.getLogger(__name__)

AnyApp = Application[Any, Any, Any, Any, Any, Any]


@dataclass(frozen=True)
class Webhook:
    """Where Telegram posts updates, when it does not poll."""

    url: str
    listen: str
    port: int
    secret: str


async def serve(
    app: AnyApp, settings: Settings, stop: asyncio.Event, webhook: Webhook | None = None
) -> None:
    """Start the Application and every configured channel; stop them when `stop` is set."""
    from bot.wecom.callback import start_callback_server

    runners: list[web.AppRunner] = []
    await app.initialize()
    try:
        if app.post_init is not None:
            await app.post_init(app)
        await app.start()
        if settings.telegram_enabled and webhook is not None:
            hook = webhook
            runner = await start_webhook(
                app, listen=hook.listen, port=hook.port, url=hook.url, secret=hook.secret
            )
            runners.append(runner)
        elif settings.telegram_enabled and app.updater is not None:
            await app.updater.start_polling(allowed_updates=ALLOWED_UPDATES)
        if settings.wecom_enabled:
            _, runner = await start_callback_server(app, settings, services_of(app.bot_data).db)
            runners.append(runner)
            log.info("WeCom callback listening on %s", settings.wecom_listen)
        await stop.wait()
    finally:
        stop_promptly(app)  # give up waiting retries and PTB's polling sleep: stop in seconds
        for runner in runners:
            await runner.cleanup()
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)


def run(app: AnyApp, settings: Settings, webhook: Webhook | None = None) -> None:
    """Serve until SIGINT or SIGTERM."""

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in STOP_SIGNALS:
            loop.add_signal_handler(sig, stop.set)
        await serve(app, settings, stop, webhook)

    asyncio.run(main())
