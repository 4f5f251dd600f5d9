"""The web console (issue 21): leaders, admins and staff read and act in a browser.

`fudao run` serves it on FUDAO_WEB_LISTEN when set (`start_web`); the sandbox and the tests
start a `Console` of their own with `serve`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config import Settings
from bot.stopping import HTTP_GRACE
from bot.web.server import Console, application
from bot.web.wecom import WeComSignIn
from models.org import Staff
from services.context import Services, services_of

__all__ = ["Console", "serve", "start_web"]


async def serve(console: Console, host: str, port: int) -> tuple[web.AppRunner, int]:
    """Serve the console on host:port (0: any free port); the runner and the port."""
    runner = web.AppRunner(application(console), access_log=None, shutdown_timeout=HTTP_GRACE)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    server = site._server
    assert server is not None
    return runner, int(server.sockets[0].getsockname()[1])  # type: ignore[attr-defined]


async def set_menu_button(application: Any, web_url: str) -> None:
    """The bot's menu button opens the console as a Mini App (Telegram wants https)."""
    from telegram import MenuButtonWebApp, WebAppInfo

    from i18n import t

    url = f"{web_url.rstrip('/')}/app"
    await application.bot.set_chat_menu_button(
        menu_button=MenuButtonWebApp(t("web-open-button"), WebAppInfo(url))
    )


def wecom_sign_in(
    settings: Settings, svc: Services, closers: list[Callable[[], Awaitable[None]]]
) -> WeComSignIn:
    """The console's WeCom sign-in: a code is mapped to the person as the chat maps a UserID."""
    from bot.wecom.api import api_of
    from bot.wecom.identity import staff_of_oauth_code

    api = api_of(settings)
    closers.append(api.close)

    async def person_of_code(session: AsyncSession, code: str) -> Staff | None:
        return await staff_of_oauth_code(session, settings, api, code=code, now=svc.now())

    return WeComSignIn(settings.wecom_corp_id or "", person_of_code)


def start_web(app: Any, settings: Settings) -> None:
    """Serve the console alongside the bot when FUDAO_WEB_LISTEN is set (after post_init)."""
    if not settings.web_listen:
        return
    host, _, port = settings.web_listen.rpartition(":")
    token = settings.telegram_token.get_secret_value() if settings.telegram_token else ""
    if not token and settings.wecom_secret is not None:
        # WeCom alone: the signing key still comes from a secret, never from a known constant.
        token = settings.wecom_secret.get_secret_value()
    started, stopped = app.post_init, app.post_shutdown
    runners: list[web.AppRunner] = []
    closers: list[Callable[[], Awaitable[None]]] = []

    async def post_init(application: Any) -> None:
        if started is not None:
            await started(application)
        svc = services_of(application.bot_data)
        console = Console(svc, settings, token, bot=application.bot)
        if settings.wecom_enabled:
            console.wecom = wecom_sign_in(settings, svc, closers)
        runner, _port = await serve(console, host or "127.0.0.1", int(port))
        runners.append(runner)
        if (settings.web_url or "").startswith("https://"):
            await set_menu_button(application, settings.web_url or "")

    async def post_shutdown(application: Any) -> None:
        for runner in runners:
            await runner.cleanup()
        for close in closers:
            await close()
        if stopped is not None:
            await stopped(application)

    app.post_init = post_init
    app.post_shutdown = post_shutdown
