"""The sandbox page's WeCom view: one member's chat, and what they do, through the emulator."""

from __future__ import annotations

import asyncio
import itertools
import json
from typing import Any

from aiohttp import web

from bot.wecom_emulator import WeComEmulator
from bot.wecom_emulator.view import add_media_route, chat_view, json_view


def _json(data: Any) -> web.Response:
    """A JSON response that keeps Chinese readable."""
    return web.json_response(data, dumps=lambda o: json.dumps(o, ensure_ascii=False))


class WeComView:
    """Routes under /sandbox/wecom/ acting as members of the emulated WeCom."""

    def __init__(self, emu: WeComEmulator) -> None:
        self.emu = emu
        # A member's own messages (WeCom keeps no copy of what members send the app).
        self.sent: dict[str, list[dict[str, Any]]] = {}
        self._ids = itertools.count(1)

    def add_routes(self, app: web.Application) -> None:
        """The member's chat, menu and actions, and the media their chat shows."""
        app.router.add_get("/sandbox/wecom/chat", self.chat)
        app.router.add_get("/sandbox/wecom/menu", self.menu)
        app.router.add_post("/sandbox/wecom/send", self.send)
        app.router.add_post("/sandbox/wecom/press", self.press)
        app.router.add_post("/sandbox/wecom/submit", self.submit)
        app.router.add_post("/sandbox/wecom/click", self.click)
        add_media_route(app, self.emu)

    def _member(self, raw: Any) -> str:
        """The member with this UserID, or 404."""
        member = self.emu.state.member(str(raw or ""))
        if member is None:
            raise web.HTTPNotFound(text="unknown member")
        return member

    async def chat(self, request: web.Request) -> web.Response:
        """One member's chat, oldest first."""
        userid = self._member(request.query.get("userid"))
        shown = chat_view(self.emu, userid) + self.sent.get(userid, [])
        return _json(sorted(shown, key=lambda m: float(m["at"])))

    async def menu(self, request: web.Request) -> web.Response:
        """The app's menu as created through menu/create."""
        return _json(self.emu.state.menu or {"button": []})

    async def send(self, request: web.Request) -> web.Response:
        """The member types a line."""
        body = await request.json()
        userid = self._member(body.get("userid"))
        text = str(body.get("text") or "").strip()
        if not text:
            raise web.HTTPBadRequest(text="empty message")
        entry = {"id": f"m{next(self._ids)}", "at": self.emu.now(), "from_bot": False,
                 "kind": "text", "text": text}  # fmt: skip
        self.sent.setdefault(userid, []).append(entry)
        await self.emu.send_text(userid, text)
        return _json(entry)

    async def press(self, request: web.Request) -> web.Response:
        """The member presses a card's button."""
        body = await request.json()
        userid = self._member(body.get("userid"))
        try:
            await self.emu.press_card(userid, str(body.get("task_id")), str(body.get("key")))
        except LookupError:
            raise web.HTTPConflict(text="that button is gone") from None
        return _json({"ok": True})

    async def submit(self, request: web.Request) -> web.Response:
        """The member picks an option of a vote card and submits it."""
        body = await request.json()
        userid = self._member(body.get("userid"))
        task_id = str(body.get("task_id"))
        try:
            question = self.emu.card(userid, task_id)["checkbox"]["question_key"]
            await self.emu.submit_card(userid, task_id, {question: [str(body.get("option"))]})
        except (KeyError, LookupError):
            raise web.HTTPConflict(text="that card takes no answer now") from None
        return _json({"ok": True})

    async def click(self, request: web.Request) -> web.Response:
        """The member taps an item of the app's menu."""
        body = await request.json()
        userid = self._member(body.get("userid"))
        try:
            await self.emu.click_menu(userid, str(body.get("key")))
        except LookupError:
            raise web.HTTPBadRequest(text="no such menu item") from None
        return _json({"ok": True})

    async def forward(self, page: asyncio.Queue[dict[str, Any]]) -> None:
        """Put what the emulator delivers on a page's event queue, as the page draws it."""
        queue = self.emu.listen()
        try:
            while True:
                event = await queue.get()
                if event.get("type") != "sent":
                    continue  # a dropped message never reached the member
                userid = str(event["userid"])
                view = json_view(self.emu, userid, event["message"])
                if view is not None and event["message"].get("msgtype") == "update":
                    view["edits"] = 1  # a card changed in place: nothing new to count
                if view is not None:
                    page.put_nowait({"wecom": userid, "message": view})
        finally:
            self.emu.unlisten(queue)
