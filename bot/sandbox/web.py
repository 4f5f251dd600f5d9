"""The sandbox page's HTTP side: static files, people, chats, uploads, jobs and live events.

Just over 300 lines: the page's routes and their guards (Host, Origin, CSP) belong together.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from collections.abc import Awaitable, Callable
from datetime import datetime
from importlib import resources
from typing import Any

from aiohttp import web

from bot.emulator.control import add_control_routes
from bot.emulator.server import Emulator
from bot.emulator.state import BotMessage, EmuUser
from bot.sandbox.runtime import Runtime
from bot.sandbox.wecom_page import WeComView
from i18n import normalize_locale, t
from models.scope import staff_by_telegram
from services.context import services_of

STATIC = ("index.html", "render.js", "wecom.js", "app.js", "style.css")
TYPES = {"html": "text/html", "js": "text/javascript", "css": "text/css"}
# How often the toast watcher looks for new answers to button presses.
TOAST_POLL = 0.15
HEARTBEAT = 15.0
KEY = re.compile(r"^(sandbox-[a-z0-9-]+) =", re.MULTILINE)
# Only the page's own files, no inline code, never framed: another site cannot drive it.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'none'; object-src 'none'"
)
# Multipart by nature; the Origin check still guards it.
FORM_POSTS = ("/sandbox/upload",)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _json(data: Any, status: int = 200) -> web.Response:
    """A JSON response that keeps Chinese readable."""
    return web.json_response(data, status=status, dumps=lambda o: json.dumps(o, ensure_ascii=False))


def _known_hosts(address: str) -> set[str]:
    """The Host values of the printed address (and, on loopback, its other spelling)."""
    host = address.split("://", 1)[1]
    name, _, port = host.rpartition(":")
    if name in ("127.0.0.1", "localhost"):
        return {f"127.0.0.1:{port}", f"localhost:{port}"}
    return {host}


class Page:
    """The page's routes over one running Runtime."""

    def __init__(self, runtime: Runtime, address: Callable[[], str] | None = None) -> None:
        self.runtime = runtime
        # The address printed for the newcomer, known once the server listens.
        self.address = address
        self.sent: dict[int, list[dict[str, Any]]] = {}
        self.listeners: list[asyncio.Queue[dict[str, Any]]] = []
        self._toasts: asyncio.Task[None] | None = None
        self.wecom = WeComView(runtime.wecom.emulator)

    @property
    def emu(self) -> Emulator:
        """The emulator the bot polls."""
        return self.runtime.emulator

    def application(self) -> web.Application:
        """The aiohttp app serving the page on its own port."""
        app = web.Application(client_max_size=20 * 1024 * 1024, middlewares=[self.guard])
        app.router.add_get("/", self.static)
        app.router.add_get("/static/font.otf", self.font)
        app.router.add_get("/static/{name}", self.static)
        app.router.add_get("/sandbox/people", self.people)
        app.router.add_get("/sandbox/strings", self.strings)
        app.router.add_get("/sandbox/chat", self.chat)
        app.router.add_get("/sandbox/commands", self.commands)
        app.router.add_get("/sandbox/jobs", self.jobs)
        app.router.add_post("/sandbox/send", self.send)
        app.router.add_post("/sandbox/press", self.press)
        app.router.add_post("/sandbox/upload", self.upload)
        app.router.add_post("/sandbox/run-job", self.run_job)
        app.router.add_get("/sandbox/console", self.console)
        app.router.add_get("/sandbox/events", self.events)
        # The emulator's own control routes, for scripts that act as users directly.
        add_control_routes(app, self.emu)
        self.wecom.add_routes(app)
        app.on_startup.append(self._start_toasts)
        app.on_shutdown.append(self._close_streams)
        app.on_cleanup.append(self._stop_toasts)
        return app

    @web.middleware
    async def guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Refuse a forged Host, and POSTs from another origin or not in JSON; send the CSP."""
        if self.address is not None:
            hosts = _known_hosts(self.address())
            if request.host not in hosts:
                raise web.HTTPMisdirectedRequest(text="unknown host")
            if request.method == "POST":
                sent_from = request.headers.get("Origin")
                if sent_from is not None and sent_from.removeprefix("http://") not in hosts:
                    raise web.HTTPForbidden(text="cross-origin request")
                if request.path not in FORM_POSTS and request.content_type != "application/json":
                    raise web.HTTPUnsupportedMediaType(text="send application/json")
        response = await handler(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    # ── static files ────────────────────────────────────────────────────────
    async def static(self, request: web.Request) -> web.Response:
        """The page and its scripts and style, from the package."""
        name = request.match_info.get("name", "index.html")
        if name not in STATIC:
            raise web.HTTPNotFound()
        body = resources.files("bot.sandbox").joinpath("static", name).read_bytes()
        kind = TYPES[name.rsplit(".", 1)[1]]
        return web.Response(body=body, content_type=kind, charset="utf-8")

    async def font(self, request: web.Request) -> web.StreamResponse:
        """Noto Sans SC (shipped for the charts), so Chinese shows on machines without it."""
        try:
            import pylopdf_fonts_zh_cn
        except ImportError:
            raise web.HTTPNotFound() from None
        path = pylopdf_fonts_zh_cn.sans_path()
        return web.FileResponse(path, headers={"Cache-Control": "max-age=86400"})

    async def console(self, request: web.Request) -> web.StreamResponse:
        """看板: open the web console as this demo person, through a one-time sign-in link."""
        from models.web import create_sign_in_link

        user = self._user(request.query.get("user_id"))
        svc = services_of(self.runtime.app.bot_data)
        async with svc.db.session() as session:
            staff = await staff_by_telegram(session, telegram_user_id=user.id)
            if staff is None or staff.id is None or not self.runtime.console_url:
                raise web.HTTPNotFound()
            token = await create_sign_in_link(session, staff_id=staff.id, now=svc.now())
            await session.commit()
        raise web.HTTPFound(f"{self.runtime.console_url}/app/signin?token={token}")

    # ── reading ─────────────────────────────────────────────────────────────
    async def people(self, request: web.Request) -> web.Response:
        """The demo people, in switcher order."""
        return _json([p.as_json() for p in self.runtime.people])

    async def strings(self, request: web.Request) -> web.Response:
        """The page's own strings (sandbox-* keys) in a language."""
        lang = normalize_locale(request.query.get("lang"))
        source = resources.files("i18n").joinpath("locales", "zh-CN", "sandbox.ftl")
        keys = KEY.findall(source.read_text(encoding="utf-8"))
        return _json({key.removeprefix("sandbox-"): t(key, lang) for key in keys})

    def bot_view(self, msg: BotMessage) -> dict[str, Any]:
        """A bot message as the page draws it."""
        return {**self.emu.message_view(msg), "date": msg.date, "from_bot": True}

    async def chat(self, request: web.Request) -> web.Response:
        """One person's chat: their messages and the bot's, in order."""
        user_id = int(request.query["user_id"])
        shown = [self.bot_view(m) for m in self.emu.messages(user_id)]
        shown += self.sent.get(user_id, [])
        return _json(sorted(shown, key=lambda m: int(m["message_id"])))

    async def commands(self, request: web.Request) -> web.Response:
        """The bot's command menu (what getMyCommands answers) for a language."""
        lang = "en" if normalize_locale(request.query.get("lang")) == "en" else ""
        menu = self.emu.state.commands.get(lang) or self.emu.state.commands.get("", [])
        return _json(menu)

    async def jobs(self, request: web.Request) -> web.Response:
        """The jobs the clock control can run."""
        return _json({"jobs": self.runtime.job_names(), "timezone": str(self.runtime.tz)})

    # ── acting as a person ──────────────────────────────────────────────────
    def _user(self, raw: Any) -> EmuUser:
        """The emulated user with this id, or 404."""
        try:
            user = self.emu.state.users.get(int(str(raw)))
        except ValueError:
            user = None
        if user is None:
            raise web.HTTPNotFound(text="unknown user")
        return user

    def _keep(self, user_id: int, entry: dict[str, Any]) -> dict[str, Any]:
        """Remember a person's own message and tell every open page."""
        self.sent.setdefault(user_id, []).append(entry)
        self.publish({"chat_id": user_id, "message": entry})
        return entry

    def publish(self, event: dict[str, Any]) -> None:
        """Send an event to every open page."""
        for queue in self.listeners:
            queue.put_nowait(event)

    async def send(self, request: web.Request) -> web.Response:
        """The person sends a text."""
        body = await request.json()
        user = self._user(body.get("user_id"))
        text = str(body.get("text") or "").strip()
        if not text:
            raise web.HTTPBadRequest(text="empty message")
        update = await self.emu.send_text(user, text)
        message = update["message"]
        entry = {
            "message_id": message["message_id"],
            "date": message["date"],
            "from_bot": False,
            "text": text,
        }
        return _json(self._keep(user.id, entry))

    async def press(self, request: web.Request) -> web.Response:
        """The person presses an inline button."""
        body = await request.json()
        user = self._user(body.get("user_id"))
        try:
            await self.emu.press_button(user, int(body["message_id"]), str(body["data"]))
        except LookupError:
            raise web.HTTPConflict(text="that button is gone") from None
        return _json({"ok": True})

    async def upload(self, request: web.Request) -> web.Response:
        """The person sends a document (a roster .xlsx, say)."""
        form = await request.post()
        upload = form.get("file")
        if not isinstance(upload, web.FileField):
            raise web.HTTPBadRequest(text="file is required")
        user = self._user(form.get("user_id"))
        content = upload.file.read()
        update = await self.emu.send_document(user, upload.filename, content, upload.content_type)
        message = update["message"]
        document = message["document"]
        entry = {
            "message_id": message["message_id"],
            "date": message["date"],
            "from_bot": False,
            "document": {
                "file_name": document["file_name"],
                "url": f"/_emulator/files/{document['file_id']}",
                "size": len(content),
            },
        }
        return _json(self._keep(user.id, entry))

    async def run_job(self, request: web.Request) -> web.Response:
        """Run a scheduled job as of a local date and time."""
        body = await request.json()
        name = str(body.get("name") or "")
        if name not in self.runtime.job_names():
            raise web.HTTPBadRequest(text="unknown job")
        try:
            local = datetime.fromisoformat(str(body.get("at")))
        except ValueError:
            raise web.HTTPBadRequest(text="at must be YYYY-MM-DDTHH:MM") from None
        at = local.replace(tzinfo=self.runtime.tz) if local.tzinfo is None else local
        sent = await self.runtime.run_job(name, at)
        return _json({"name": name, "at": at.isoformat(), "sent": sent})

    # ── live updates ────────────────────────────────────────────────────────
    async def events(self, request: web.Request) -> web.StreamResponse:
        """Server-sent events: the bot's new and edited messages, and people's own."""
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
        )
        await response.prepare(request)
        queue = self.emu.listen()
        self.listeners.append(queue)
        # The WeCom view's chats come on the same stream.
        forwarding = asyncio.create_task(self.wecom.forward(queue))
        # A closed tab shows up as a reset connection on the next write: that ends the stream.
        try:
            with contextlib.suppress(ConnectionResetError):
                await self._stream(response, queue)
        finally:
            forwarding.cancel()
        return response

    async def _stream(self, response: web.StreamResponse, queue: asyncio.Queue[Any]) -> None:
        """Write events from the queue until the connection goes."""
        try:
            await response.write(b": connected\n\n")
            while True:
                try:
                    event = await asyncio.wait_for(queue.get(), HEARTBEAT)
                except TimeoutError:
                    # A comment line now and then finds out whether the tab is still there.
                    await response.write(b": ping\n\n")
                    continue
                if event.get("closing"):
                    return
                if "message" in event:
                    # The emulator's events are the bot's; the page's own say from_bot False.
                    event["message"].setdefault("from_bot", True)
                data = json.dumps(event, ensure_ascii=False)
                await response.write(f"data: {data}\n\n".encode())
        finally:
            self.emu.unlisten(queue)
            with contextlib.suppress(ValueError):
                self.listeners.remove(queue)

    async def _start_toasts(self, _app: web.Application) -> None:
        """Watch answers to button presses, to show their text as Telegram does."""
        self._toasts = asyncio.create_task(self._watch_toasts())

    async def _close_streams(self, _app: web.Application) -> None:
        """End every open event stream, so that shutting down waits for none of them."""
        self.publish({"closing": True})

    async def _stop_toasts(self, _app: web.Application) -> None:
        """Stop watching."""
        if self._toasts is not None:
            self._toasts.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._toasts

    async def _watch_toasts(self) -> None:
        """Publish each answerCallbackQuery that carries a text to its person's chat."""
        seen = 0
        while True:
            answers = self.emu.answered_callbacks
            for answer in answers[seen:]:
                text = answer.get("text")
                query_id = str(answer.get("callback_query_id") or "")
                if text and "-" in query_id:
                    chat_id = int(query_id.split("-", 1)[0])
                    self.publish({"chat_id": chat_id, "toast": str(text)})
            seen = len(answers)
            await asyncio.sleep(TOAST_POLL)
