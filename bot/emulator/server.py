"""The emulator: an aiohttp app on 127.0.0.1 that answers like api.telegram.org for one bot.

Over 300 lines on purpose: the HTTP surface of the emulated Bot API (updates, files,
limits, webhooks) in one place, as Telegram serves it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable
from typing import Any

import aiohttp
from aiohttp import web

from bot.emulator.limits import EmulatorLimits, FloodControl
from bot.emulator.methods import METHODS, ApiError
from bot.emulator.outage import Outages
from bot.emulator.state import BotMessage, EmuChat, EmuFile, EmuState, EmuUser, Webhook

# Parameters PTB sends as JSON strings inside form bodies.
JSON_FIELDS = {
    "reply_markup",
    "entities",
    "caption_entities",
    "allowed_updates",
    "commands",
    "reply_parameters",
    "link_preview_options",
    "scope",
}
WEBHOOK_TRIES = 5
_GATEWAY_PAGE = "<html><head><title>{0}</title></head><body><h1>{0}</h1>nginx</body></html>"


class Emulator:
    """A local Bot API for one bot, with scripted users and a record of all it was sent."""

    def __init__(
        self, token: str, bot_username: str = "fudao_bot", limits: EmulatorLimits | None = None
    ) -> None:
        self.token = token
        self.bot_username = bot_username
        self.limits = limits or EmulatorLimits()
        self.flood = FloodControl(self.limits)
        self.outages = Outages()
        self.state = EmuState()
        self.bot_user: dict[str, Any] = {
            "id": int(token.split(":", 1)[0]),
            "is_bot": True,
            "first_name": "辅导员工作助手",
            "username": bot_username,
        }
        self._changed = asyncio.Event()
        self._updates = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._http: aiohttp.ClientSession | None = None
        self._deliveries: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._pusher: asyncio.Task[None] | None = None
        self._listeners: list[asyncio.Queue[dict[str, Any]]] = []
        self.port = 0

    # ── life cycle ──────────────────────────────────────────────────────────
    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Serve on host:port (0 picks a free port)."""
        from bot.emulator.control import add_control_routes

        self._closing = False
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.*}", self._file)
        add_control_routes(app, self)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        self.host = host
        self._http = aiohttp.ClientSession()
        self._pusher = asyncio.create_task(self._push_webhooks())

    async def stop(self) -> None:
        """Stop serving."""
        self.outages.end()  # let held calls go, or the runner waits for them
        # End the long polls too: the runner waits for every open request, up to its timeout.
        self._closing = True
        self._updates.set()
        if self._pusher is not None:
            self._pusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pusher
        if self._http is not None:
            await self._http.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_http(self) -> str:
        """http://host:port."""
        return f"http://{self.host}:{self.port}"

    @property
    def api_url(self) -> str:
        """The base_url python-telegram-bot appends the token to."""
        return f"{self.base_http}/bot"

    @property
    def file_url(self) -> str:
        """The base_file_url python-telegram-bot appends the token to."""
        return f"{self.base_http}/file/bot"

    # ── HTTP ────────────────────────────────────────────────────────────────
    async def _api(self, request: web.Request) -> web.Response:
        """One Bot API call."""
        name = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return _reply(ApiError(401, "Unauthorized").body(), 401)
        params = await _params(request)
        self.state.calls.append(
            (name, {k: v for k, v in params.items() if not isinstance(v, EmuFile)})
        )
        outage = self.outages.active(name)
        if outage is not None and outage.mode != "late":
            status = await self.outages.fail(outage)
            # nginx's page, as Telegram's front answers when the Bot API behind it is down.
            return web.Response(
                status=status, text=_GATEWAY_PAGE.format(status), content_type="text/html"
            )
        handler = METHODS.get(name.lower())
        if handler is None:
            return _reply(ApiError(404, "Not Found: method not found").body(), 404)
        try:
            result = await handler(self, params)
        except ApiError as error:
            return _reply(error.body(), error.code)
        if outage is not None:  # "late": carried out, but the answer comes after the outage
            self.outages.hits += 1
            await self.outages.hold(outage)
        return _reply({"ok": True, "result": result}, 200)

    async def _file(self, request: web.Request) -> web.Response:
        """The bytes of a stored file."""
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        path = request.match_info["path"]
        for stored in self.state.files.values():
            if stored.path == path:
                return web.Response(body=stored.content)
        return web.Response(status=404)

    # ── used by the methods ─────────────────────────────────────────────────
    def chat_for_sending(self, chat_id: int) -> EmuChat:
        """The chat the bot writes to, or Telegram's refusal."""
        chat = self.state.chats.get(chat_id)
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        user = self.state.users.get(chat_id)
        if user is not None and user.blocked_bot:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat

    def flood_check(self, chat_id: int) -> None:
        """429 when the bot sends faster than Telegram allows."""
        if not self.flood.allow(chat_id):
            wait = self.limits.retry_after
            raise ApiError(429, f"Too Many Requests: retry after {wait}", retry_after=wait)

    def record(self, msg: BotMessage) -> None:
        """Keep a message the bot sent."""
        self.state.messages.setdefault(msg.chat_id, []).append(msg)
        self.changed(msg)

    def changed(self, msg: BotMessage | None) -> None:
        """Wake everyone waiting for the bot's output."""
        self._changed.set()
        self._changed = asyncio.Event()
        if msg is not None:
            event = {"chat_id": msg.chat_id, "message": self.message_view(msg)}
            for queue in self._listeners:
                queue.put_nowait(event)

    def message_view(self, msg: BotMessage) -> dict[str, Any]:
        """A message as the web page shows it."""
        return {
            "message_id": msg.message_id,
            "text": msg.text,
            "caption": msg.caption,
            "parse_mode": msg.parse_mode,
            "reply_markup": msg.reply_markup,
            "edits": msg.edits,
            "deleted": msg.deleted,
            "document": _file_view(self, msg.document),
            "photo": _file_view(self, msg.photo),
        }

    def listen(self) -> asyncio.Queue[dict[str, Any]]:
        """A queue of every change, for the events stream."""
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._listeners.append(queue)
        return queue

    def unlisten(self, queue: asyncio.Queue[dict[str, Any]]) -> None:
        """Stop feeding a queue."""
        with contextlib.suppress(ValueError):
            self._listeners.remove(queue)

    async def take_updates(self, offset: int, timeout: float, limit: int) -> list[dict[str, Any]]:
        """Drop confirmed updates, then wait for pending ones."""
        if offset:
            self.state.pending = [u for u in self.state.pending if u["update_id"] >= offset]
        if not self.state.pending and timeout > 0 and not self._closing:
            event = self._updates
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), timeout)
        return self.state.pending[:limit]

    async def set_webhook(self, url: str, secret: str | None, drop: bool) -> None:
        """Switch between webhook and getUpdates."""
        self.state.webhook = Webhook(url, secret) if url else None
        if drop:
            self.state.pending.clear()
        if self.state.webhook is not None:
            for update in self.state.pending:
                self._deliveries.put_nowait(update)
            self.state.pending.clear()

    async def _push_webhooks(self) -> None:
        """POST each update to the webhook, a few tries each."""
        while True:
            update = await self._deliveries.get()
            hook = self.state.webhook
            if hook is None or self._http is None:
                self.state.pending.append(update)
                continue
            headers = (
                {"X-Telegram-Bot-Api-Secret-Token": hook.secret_token} if hook.secret_token else {}
            )
            for attempt in range(WEBHOOK_TRIES):
                try:
                    async with self._http.post(hook.url, json=update, headers=headers) as resp:
                        if resp.status < 300:
                            break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.2 * (attempt + 1))

    # ── scripted users ──────────────────────────────────────────────────────
    def add_user(
        self,
        user_id: int,
        first_name: str,
        username: str | None = None,
        language_code: str | None = "zh-hans",
    ) -> EmuUser:
        """A user who has opened a private chat with the bot."""
        user = EmuUser(user_id, first_name, username, language_code)
        self.state.users[user_id] = user
        self.state.chats[user_id] = EmuChat(user_id, "private", first_name=first_name)
        return user

    def add_group(self, chat_id: int, title: str) -> EmuChat:
        """A group the bot is a member of."""
        chat = EmuChat(chat_id, "group", title=title)
        self.state.chats[chat_id] = chat
        return chat

    def block_bot(self, user: EmuUser) -> None:
        """The user blocks the bot: sending to them gives 403 from now on."""
        user.blocked_bot = True

    def _user_message(self, user: EmuUser, chat: EmuChat | None, **content: Any) -> dict[str, Any]:
        """A message from a user, kept so a later button press can quote it."""
        chat = chat or self.state.chats[user.id]
        return {
            "message_id": self.state.message_id(),
            "date": int(time.time()),
            "chat": chat.as_json(),
            "from": user.as_json(),
            **content,
        }

    async def send_text(
        self, user: EmuUser, text: str, chat: EmuChat | None = None
    ) -> dict[str, Any]:
        """The user sends text; a leading /command gets its bot_command entity."""
        message = self._user_message(user, chat, **_text_content(text))
        self.state.user_messages.setdefault(message["chat"]["id"], {})[message["message_id"]] = (
            message
        )
        return await self.send_update_raw({"message": message})

    async def edit_text(self, user: EmuUser, message_id: int, text: str) -> dict[str, Any]:
        """The user edits a text they sent earlier: Telegram sends an edited_message update."""
        message = self.state.user_messages[user.id][message_id]
        edited = {**message, "edit_date": int(time.time())}
        edited.pop("entities", None)
        edited.update(_text_content(text))
        self.state.user_messages[user.id][message_id] = edited
        return await self.send_update_raw({"edited_message": edited})

    async def press_button(
        self, user: EmuUser, message_id: int, callback_data: str
    ) -> dict[str, Any]:
        """The user presses an inline button of a bot message in their chat."""
        msg = next(
            (
                m
                for m in self.state.messages.get(user.id, [])
                if m.message_id == message_id and not m.deleted
            ),
            None,
        )
        if msg is None or callback_data not in [d for _, d in msg.buttons()]:
            raise LookupError(f"message {message_id} has no button with data {callback_data!r}")
        chat = self.state.chats[user.id]
        query = {
            "id": f"{user.id}-{time.monotonic_ns()}",
            "from": user.as_json(),
            "message": msg.as_json(self.bot_user, chat),
            "chat_instance": str(user.id),
            "data": callback_data,
        }
        return await self.send_update_raw({"callback_query": query})

    async def send_document(
        self,
        user: EmuUser,
        file_name: str,
        content: bytes,
        mime_type: str | None = None,
        caption: str | None = None,
    ) -> dict[str, Any]:
        """The user uploads a document."""
        stored = self.state.new_file(file_name, content, mime_type)
        from bot.emulator.state import file_json

        extra: dict[str, Any] = {"document": file_json(stored)}
        if caption:
            extra["caption"] = caption
        return await self.send_update_raw({"message": self._user_message(user, None, **extra)})

    async def send_update_raw(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update as is (an update with an id is delivered again with that id)."""
        if "update_id" not in update:
            update = {"update_id": self.state.update_id(), **update}
        wanted = self.state.allowed_updates
        if wanted is not None and not any(kind in update for kind in wanted):
            return update
        if self.state.webhook is not None:
            self._deliveries.put_nowait(update)
        else:
            self.state.pending.append(update)
            self._updates.set()
            self._updates = asyncio.Event()
        return update

    # ── reading what the bot did ────────────────────────────────────────────
    def messages(self, chat_id: int) -> list[BotMessage]:
        """The bot's messages in a chat, edits applied, deleted ones left out."""
        return [m for m in self.state.messages.get(chat_id, []) if not m.deleted]

    @property
    def calls(self) -> list[tuple[str, dict[str, Any]]]:
        """Every API call the bot made, refused ones included."""
        return self.state.calls

    @property
    def answered_callbacks(self) -> list[dict[str, Any]]:
        """Every answerCallbackQuery."""
        return self.state.answered_callbacks

    async def wait_for(self, condition: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Wait until `condition()` is truthy and return its value."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = condition()
            if value:
                return value
            left = deadline - loop.time()
            if left <= 0:
                raise TimeoutError("the bot did not do that in time")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), left)

    async def wait_for_message(
        self,
        chat_id: int,
        predicate: Callable[[BotMessage], bool] | None = None,
        timeout: float = 10.0,
    ) -> BotMessage:
        """The first new message in the chat (after this call began) that matches."""
        seen = {m.message_id for m in self.state.messages.get(chat_id, [])}

        def found() -> BotMessage | None:
            for m in self.messages(chat_id):
                if m.message_id not in seen and (predicate is None or predicate(m)):
                    return m
            return None

        result: BotMessage = await self.wait_for(found, timeout)
        return result


def _file_view(emu: Emulator, f: EmuFile | None) -> dict[str, Any] | None:
    """A file as the web page links it."""
    if f is None:
        return None
    return {
        "file_name": f.file_name,
        "url": f"/_emulator/files/{f.file_id}",
        "size": len(f.content),
    }


def _text_content(text: str) -> dict[str, Any]:
    """A text message's fields; a leading /command gets its bot_command entity."""
    content: dict[str, Any] = {"text": text}
    if text.startswith("/"):
        word = text.split(maxsplit=1)[0]
        length = len(word.encode("utf-16-le")) // 2
        content["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    return content


def _reply(body: dict[str, Any], status: int) -> web.Response:
    """A JSON response."""
    return web.json_response(body, status=status, dumps=lambda o: json.dumps(o, ensure_ascii=False))


async def _params(request: web.Request) -> dict[str, Any]:
    """Parameters from the query string and a JSON, form or multipart body."""
    params: dict[str, Any] = dict(request.query)
    # The header read as is: aiohttp's `content_type` parses it in full on every call.
    content_type = request.headers.get("Content-Type", "").partition(";")[0].strip().lower()
    if content_type == "application/json":
        with contextlib.suppress(ValueError):
            params.update(await request.json())
    elif content_type == "multipart/form-data":
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if not isinstance(part, aiohttp.BodyPartReader) or part.name is None:
                continue
            if part.filename:
                params[part.name] = EmuFile(
                    "", "", part.filename, await part.read(), part.headers.get("Content-Type")
                )
            else:
                params[part.name] = await part.text()
    elif request.can_read_body:
        params.update(await request.post())
    for key in JSON_FIELDS & params.keys():
        if isinstance(params[key], str):
            with contextlib.suppress(ValueError):
                params[key] = json.loads(params[key])
    return params
