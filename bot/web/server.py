"""The web console's server: security headers, the Origin/Host and CSRF checks, the session.

Every request gets one database session; the signed cookie names a session row, and the
person behind it must still hold a role (`fudao staff revoke` ends access at once). Every
POST must come from the console's own origin and carry the CSRF token of the session (or,
before signing in, of the pre-session cookie).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config import Settings
from bot.web.shared import SharedPolicy
from bot.web.signing import Signer
from i18n import Translate, for_language, translator
from imports.tables import MAX_BYTES
from models.org import Staff
from models.web import SESSION_LIFETIME, session_person
from services.context import Services

log = logging.getLogger(__name__)

COOKIE = "fudao_session"
PRE_COOKIE = "fudao_pre"
STATIC = Path(__file__).with_name("static")
# Nothing inline, nothing from elsewhere; Telegram's web client may frame the Mini App.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'self' https://web.telegram.org"
)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class Console:
    """The console's long-lived parts: services, the shared evaluations, the signer."""

    svc: Services
    settings: Settings
    bot_token: str
    policy: SharedPolicy = field(init=False)
    signer: Signer = field(init=False)
    # Lists previewed and waiting for 确认导入, by a random key, with their sender's id.
    pending: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The Application's bot, to tell people about an import as the chat does; None in tests.
    bot: Any = None
    # WeCom's web OAuth (bot/web/wecom.py), when the WeCom channel hands its lookup in.
    wecom: Any = None

    def __post_init__(self) -> None:
        self.policy = SharedPolicy(self.svc.policy)
        secret = self.settings.web_secret.get_secret_value() if self.settings.web_secret else ""
        self.signer = Signer.derive(secret, self.bot_token)

    @property
    def public(self) -> str | None:
        """FUDAO_WEB_URL without its trailing slash."""
        url = self.settings.web_url
        return url.rstrip("/") if url else None

    @property
    def secure(self) -> bool:
        """Cookies are Secure behind https."""
        return (self.public or "").startswith("https://")

    def origin_of(self, request: web.Request) -> str:
        """The one origin a POST may come from."""
        if self.public:
            parts = urlsplit(self.public)
            return f"{parts.scheme}://{parts.netloc}"
        return f"{request.scheme}://{request.host}"

    def host_ok(self, request: web.Request) -> bool:
        """The Host header names the console (any host when no public URL is configured)."""
        return self.public is None or request.host == urlsplit(self.public).netloc


CONSOLE = web.AppKey("console", Console)


def console_of(request: web.Request) -> Console:
    """The console serving this request."""
    return request.app[CONSOLE]


@dataclass
class Visit:
    """One request's database session, signed-in person, session token and CSRF token."""

    db: AsyncSession
    staff: Staff | None
    session_token: str | None
    csrf: str
    new_session: str = ""


# Each request runs in a task of its own, so a context variable holds its visit (and needs
# no aiohttp version with typed request keys).
_visit: ContextVar[Visit] = ContextVar("visit")


def visit(request: web.Request) -> Visit:
    """The visit of the request being handled."""
    return _visit.get()


def db(request: web.Request) -> AsyncSession:
    """The request's database session."""
    return visit(request).db


def person(request: web.Request) -> Staff | None:
    """The signed-in person, or None (also before the visit began: a refused Host)."""
    current = _visit.get(None)
    return current.staff if current else None


def tr(request: web.Request) -> Translate:
    """The reader's language: theirs once signed in, Chinese before."""
    staff = person(request)
    return for_language(staff.language) if staff else translator("zh")


def csrf_of(request: web.Request) -> str:
    """The CSRF token forms on this page carry."""
    return visit(request).csrf


def refuse(request: web.Request, status: int, key: str) -> web.Response:
    """A plain refusal in the reader's language."""
    return web.Response(status=status, text=tr(request)(key), content_type="text/plain")


def _harden(response: web.StreamResponse) -> None:
    headers = response.headers
    headers["Content-Security-Policy"] = CSP
    headers["X-Content-Type-Options"] = "nosniff"
    # Sign-in links carry their token in the URL: never in a Referer to elsewhere. (With
    # no-referrer, Chromium would send `Origin: null` on form posts, failing the Origin check.)
    headers["Referrer-Policy"] = "same-origin"
    headers.setdefault("Cache-Control", "no-store")


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Origin/Host and CSRF on POST, the session's person, and the headers on every answer."""
    console = console_of(request)
    if not console.host_ok(request):
        response: web.StreamResponse = refuse(request, 403, "web-refused-origin")
        _harden(response)
        return response
    async with console.svc.db.session() as session:
        signed = request.cookies.get(COOKIE, "")
        token = console.signer.unsign(signed) if signed else None
        now = console.svc.now()
        staff = await session_person(session, token=token, now=now) if token else None
        # End the read's transaction: a request that then waits (for an evaluation another
        # reader started, for a drawing) holds no connection of the pool, or of PostgreSQL's,
        # meanwhile; the session takes one again when the handler next reads.
        await session.commit()
        pre = request.cookies.get(PRE_COOKIE, "")
        fresh_pre = None
        if not staff and not (16 <= len(pre) <= 64):
            fresh_pre = pre = secrets.token_urlsafe(24)
        basis = token if staff and token else pre
        _visit.set(Visit(session, staff, token if staff else None, console.signer.csrf(basis)))
        if request.method == "POST":
            response = await _check_post(request, console, basis)
            if response.status != 200:
                _harden(response)
                return response
        try:
            response = await handler(request)
        except web.HTTPException as error:
            # The router's 404 and 405 get the same headers as every other answer.
            response = web.Response(status=error.status, text=error.text or error.reason)
    # Only a page hands out the pre-session cookie: a stray request (the browser's own
    # /favicon.ico, a static file) must not replace the one the page's forms were signed with.
    if fresh_pre is not None and response.content_type == "text/html":
        response.set_cookie(
            PRE_COOKIE, fresh_pre, path="/app", httponly=True, samesite="Strict",
            secure=console.secure,
        )  # fmt: skip
    _harden(response)
    return response


async def _check_post(request: web.Request, console: Console, basis: str) -> web.Response:
    """200 when the POST came from the console itself with its CSRF token; else the refusal."""
    if request.headers.get("Origin") != console.origin_of(request):
        return refuse(request, 403, "web-refused-origin")
    try:
        form = await request.post()
    except web.HTTPRequestEntityTooLarge:
        return refuse(request, 413, "upload-too-big")
    given = str(form.get("csrf") or request.headers.get("X-CSRF-Token") or "")
    if not console.signer.csrf_ok(basis, given):
        return refuse(request, 403, "web-refused-csrf")
    return web.Response()


def set_session(response: web.StreamResponse, console: Console, token: str) -> None:
    """The session cookie: signed, HttpOnly, SameSite=Strict, 8 hours, Secure behind https."""
    response.set_cookie(
        COOKIE,
        console.signer.cookie(token),
        path="/app",
        max_age=int(SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="Strict",
        secure=console.secure,
    )


def application(console: Console) -> web.Application:
    """The console's aiohttp application, every route under /app."""
    from bot.web import routes

    # Uploads as in chat: the list size limit, and a little room for the form around it.
    app = web.Application(middlewares=[guard], client_max_size=MAX_BYTES + 64 * 1024)
    app[CONSOLE] = console
    routes.add_routes(app)
    app.router.add_static("/app/static/", STATIC, append_version=False)
    return app
