"""The WeCom emulator: an aiohttp app on 127.0.0.1 that answers like qyapi.weixin.qq.com.

Paths are WeCom's (/cgi-bin/gettoken, /cgi-bin/message/send ...). Members are scripted
(actions.py), callbacks go to `callback_url` encrypted (callbacks.py), and faults can be
injected: expired tokens, errcode storms, outages.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web

from bot.wecom_emulator import api, messages
from bot.wecom_emulator.actions import MemberActions
from bot.wecom_emulator.callbacks import CallbackSender
from bot.wecom_emulator.errors import WeComError
from bot.wecom_emulator.limits import Pacer, WeComLimits
from bot.wecom_emulator.state import CallbackTry, OAuthCode, WeComState

Handler = Callable[["WeComEmulator", dict[str, str], Any], Awaitable[Any]]
HANDLERS: dict[str, Handler] = {
    "message/send": messages.message_send,
    "message/update_template_card": messages.update_card,
    "media/upload": api.media_upload,
    "media/get": api.media_get,
    "menu/create": api.menu_create,
    "menu/get": api.menu_get,
    "menu/delete": api.menu_delete,
    "auth/getuserinfo": api.auth_userinfo,
    "user/getuserinfo": api.legacy_userinfo,
}


@dataclass
class Fault:
    """An injected errcode for the next `times` calls (to `path`, or any but gettoken)."""

    errcode: int
    times: int
    path: str | None


class WeComEmulator(MemberActions):
    """A local WeCom for one self-built app (自建应用), its members, and all it was sent."""

    def __init__(
        self,
        *,
        corp_id: str,
        secret: str,
        agent_id: int,
        token: str,
        aes_key: str,
        limits: WeComLimits | None = None,
    ) -> None:
        self.corp_id, self.secret, self.agent_id = corp_id, secret, agent_id
        self.token, self.aes_key = token, aes_key
        self.limits = limits or WeComLimits()
        self.state = WeComState()
        self.callback_url: str | None = None
        self.expected_echo = ""  # the plain echostr of the last verify_url()
        self.host, self.port = "127.0.0.1", 0
        self._offset = 0.0
        self._sender = CallbackSender(self)
        self._background: set[asyncio.Task[None]] = set()
        self._last_event: dict[str, int] = {}
        self._member_pacer = Pacer(self.limits.member_per_minute, self.limits.member_per_hour)
        self._api_pacer = Pacer(self.limits.api_per_minute, self.limits.api_per_hour)
        self._in_flight = 0
        self._faults: list[Fault] = []
        self._outage: tuple[float, int, bool] = (0.0, 502, False)  # until (monotonic), status, hang
        self._listeners: list[asyncio.Queue[dict[str, Any]]] = []
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None

    # ── life cycle ──────────────────────────────────────────────────────────
    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Serve on host:port (0 picks a free port)."""
        app = web.Application(client_max_size=30 * 1024 * 1024)
        app.router.add_route("*", "/cgi-bin/{path:.*}", self._http)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        self.host = host

    async def stop(self) -> None:
        """Stop serving and sending."""
        for task in list(self._background):
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)
        await self._sender.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        """The base the app puts /cgi-bin/... after, in place of https://qyapi.weixin.qq.com."""
        return f"http://{self.host}:{self.port}"

    def now(self) -> float:
        """The emulator's clock: wall time, moved on by advance()."""
        return time.time() + self._offset

    def advance(self, seconds: float) -> None:
        """Move the emulator's clock (tokens, response_codes, media and windows age with it)."""
        self._offset += seconds

    # ── HTTP ────────────────────────────────────────────────────────────────
    async def _http(self, request: web.Request) -> web.StreamResponse:
        """One API call, answered as WeCom does: HTTP 200 and an errcode."""
        until, status, hang = self._outage
        left = until - time.monotonic()
        if left > 0:
            if hang:
                await asyncio.sleep(left)
                if request.transport is not None:
                    request.transport.close()
            return web.Response(status=status, text="emulated outage")
        path = request.match_info["path"].strip("/")
        query = dict(request.query)
        try:
            if path == "gettoken":
                answer: Any = api.gettoken(self, query)
            else:
                answer = await self._call(path, query, request)
        except WeComError as error:
            self.state.calls.append({"path": path, "errcode": error.errcode})
            return _json(error.body())
        if isinstance(answer, web.StreamResponse):
            self.state.calls.append({"path": path, "errcode": 0})
            return answer
        self.state.calls.append({"path": path, "errcode": answer.get("errcode", 0)})
        return _json(answer)

    async def _call(self, path: str, query: dict[str, str], request: web.Request) -> Any:
        handler = HANDLERS.get(path)
        if handler is None:
            raise WeComError(40058, f"the emulator has no /cgi-bin/{path}")
        api.check_token(self, query.get("access_token"))
        self._injected(path)
        if not self._api_pacer.allow(path, self.now()):
            raise WeComError(45009)
        limit = self.limits.max_concurrent
        if limit is not None and self._in_flight >= limit:
            raise WeComError(45033)
        self._in_flight += 1
        try:
            if self.limits.latency:
                await asyncio.sleep(self.limits.latency)
            body = await _body(request, path)
            return await handler(self, query, body)
        finally:
            self._in_flight -= 1

    def _injected(self, path: str) -> None:
        for fault in self._faults:
            if fault.times > 0 and (fault.path == path or fault.path is None):
                fault.times -= 1
                raise WeComError(fault.errcode, "injected")
        self._faults = [f for f in self._faults if f.times > 0]

    # ── what the app sent ──────────────────────────────────────────────────
    def deliver(self, userid: str, entry: dict[str, Any], *, paced: bool = True) -> bool:
        """Show a message to a member, or drop it past the per-member limit."""
        now = self.now()
        entry = {**entry, "at": now}
        if paced and not self._member_pacer.allow(userid, now):
            self.state.dropped.append({**entry, "userid": userid})
            self._notify("dropped", userid, entry)
            return False
        if entry.get("msgtype") == "template_card":
            task = self.state.tasks.get(entry["template_card"].get("task_id", ""))
            if task is not None:
                task.recipients.append(userid)
                task.views[userid] = copy.deepcopy(entry["template_card"])
        self.state.sent.setdefault(userid, []).append(entry)
        self._notify("sent", userid, entry)
        return True

    def deliver_reply(self, userid: str, fields: dict[str, Any]) -> None:
        """A passive reply (被动回复) in a callback's answer, shown to the member."""
        self.deliver(userid, {"msgtype": "passive", "passive": fields}, paced=False)

    def _notify(self, kind: str, userid: str, entry: dict[str, Any]) -> None:
        self._changed.set()
        self._changed = asyncio.Event()
        event = {"type": kind, "userid": userid, "message": entry}
        for queue in self._listeners:
            queue.put_nowait(event)

    def sent_to(self, userid: str) -> list[dict[str, Any]]:
        """What reached the member, in order (updates and passive replies included)."""
        member = self.state.member(userid) or userid
        return list(self.state.sent.get(member, []))

    def texts(self, userid: str) -> list[str]:
        """The text messages the member got."""
        return [e["text"]["content"] for e in self.sent_to(userid) if e["msgtype"] == "text"]

    def card(self, userid: str, task_id: str) -> dict[str, Any]:
        """The card as the member sees it now (after updates)."""
        return copy.deepcopy(self.state.tasks[task_id].views[self.state.member(userid) or userid])

    def greyed(self, userid: str, task_id: str) -> str | None:
        """The replace_name the card's buttons show once greyed out, else None."""
        return self.state.tasks[task_id].greyed.get(self.state.member(userid) or userid)

    async def wait_for(
        self,
        userid: str,
        predicate: Callable[[dict[str, Any]], bool],
        timeout: float = 10,
        *,
        since: int = 0,
    ) -> dict[str, Any]:
        """The first message to the member from index `since` on that matches."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            for entry in self.sent_to(userid)[since:]:
                if predicate(entry):
                    return entry
            left = deadline - loop.time()
            if left <= 0:
                raise TimeoutError(f"nothing matching reached {userid} in {timeout} s")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), left)

    def listen(self) -> asyncio.Queue[dict[str, Any]]:
        """A queue of everything sent, updated or dropped, for a page that draws the chat."""
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._listeners.append(queue)
        return queue

    def unlisten(self, queue: asyncio.Queue[dict[str, Any]]) -> None:
        """Stop feeding a queue."""
        with contextlib.suppress(ValueError):
            self._listeners.remove(queue)

    @property
    def dropped(self) -> list[dict[str, Any]]:
        """Messages the per-member limit dropped (the send call still said ok)."""
        return self.state.dropped

    @property
    def callback_tries(self) -> list[CallbackTry]:
        """Every callback POST, with its status and duration."""
        return self.state.callback_tries

    @property
    def calls(self) -> list[dict[str, Any]]:
        """Every API call: its path and the errcode answered."""
        return self.state.calls

    # ── members and identity ───────────────────────────────────────────────
    def add_member(self, userid: str, name: str = "") -> None:
        """A member the app can reach; sending to anyone else gives invaliduser."""
        self.state.members[userid] = name or userid

    def remove_member(self, userid: str) -> None:
        """The member leaves the corp (or the app's visible range)."""
        self.state.members.pop(self.state.member(userid) or userid, None)

    def oauth_code(self, userid: str) -> str:
        """A web-login code that auth/getuserinfo exchanges for the userid, once."""
        code = secrets.token_urlsafe(24)
        self.state.oauth_codes[code] = OAuthCode(userid, self.now() + self.limits.oauth_code_ttl)
        return code

    async def verify_url(self) -> tuple[int, str]:
        """The GET check of the callback URL; a good app answers `expected_echo`."""
        return await self._sender.verify_url()

    # ── fault injection ─────────────────────────────────────────────────────
    def expire_tokens(self) -> None:
        """Every token given so far answers 42001 from now on; gettoken gives a new one."""
        for token in self.state.tokens.values():
            token.revoked = True

    def fail_next(self, errcode: int, times: int = 1, *, path: str | None = None) -> None:
        """Answer `errcode` to the next `times` calls (to `path`; by default any but gettoken)."""
        self._faults.append(Fault(errcode, times, path))

    def outage(self, seconds: float, *, status: int = 502, hang: bool = False) -> None:
        """For `seconds`, answer every call with HTTP `status`, or (hang) never answer."""
        self._outage = (time.monotonic() + seconds, status, hang)


def _json(body: dict[str, Any]) -> web.Response:
    return web.json_response(body, dumps=lambda o: json.dumps(o, ensure_ascii=False))


async def _body(request: web.Request, path: str) -> Any:
    """The request's JSON, or the "media" part of an upload; 47001 for JSON that does not parse."""
    if path == "media/upload":
        if request.content_type != "multipart/form-data":
            return None
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if isinstance(part, aiohttp.BodyPartReader) and part.name == "media":
                content_type = part.headers.get("Content-Type", "application/octet-stream")
                return api.Upload(part.filename or "media", await part.read(), content_type)
        return None
    raw = await request.read() if request.can_read_body else b""
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except ValueError:
        raise WeComError(47001) from None
