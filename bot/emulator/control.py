"""JSON control endpoints and an event stream, for the sandbox page to act as users."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from aiohttp import web

if TYPE_CHECKING:
    from bot.emulator.server import Emulator


def add_control_routes(app: web.Application, emu: Emulator) -> None:
    """Mount /_emulator/* on the emulator's app."""

    async def send(request: web.Request) -> web.Response:
        body = await request.json()
        user = emu.state.users.get(int(body["user_id"]))
        if user is None:
            raise web.HTTPNotFound(text="unknown user")
        update = await emu.send_text(user, str(body["text"]))
        return web.json_response(update)

    async def press(request: web.Request) -> web.Response:
        body = await request.json()
        user = emu.state.users.get(int(body["user_id"]))
        if user is None:
            raise web.HTTPNotFound(text="unknown user")
        try:
            update = await emu.press_button(user, int(body["message_id"]), str(body["data"]))
        except LookupError as error:
            raise web.HTTPBadRequest(text=str(error)) from None
        return web.json_response(update)

    async def upload(request: web.Request) -> web.Response:
        form = await request.post()
        user = emu.state.users.get(int(str(form["user_id"])))
        upload = form.get("file")
        if user is None or not isinstance(upload, web.FileField):
            raise web.HTTPBadRequest(text="user_id and file are required")
        update = await emu.send_document(
            user, upload.filename, upload.file.read(), upload.content_type
        )
        return web.json_response(update)

    async def messages(request: web.Request) -> web.Response:
        chat_id = int(request.query["chat_id"])
        views = [emu.message_view(m) for m in emu.messages(chat_id)]
        return web.json_response(views, dumps=lambda o: json.dumps(o, ensure_ascii=False))

    async def files(request: web.Request) -> web.Response:
        stored = emu.state.files.get(request.match_info["file_id"])
        if stored is None:
            raise web.HTTPNotFound()
        headers = {
            "Content-Disposition": f"attachment; filename*=UTF-8''{_quote(stored.file_name)}"
        }
        return web.Response(
            body=stored.content,
            headers=headers,
            content_type=stored.mime_type or "application/octet-stream",
        )

    async def events(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
        )
        await response.prepare(request)
        queue = emu.listen()
        try:
            while True:
                event: dict[str, Any] = await queue.get()
                data = json.dumps(event, ensure_ascii=False)
                await response.write(f"data: {data}\n\n".encode())
        finally:
            emu.unlisten(queue)

    async def outage(request: web.Request) -> web.Response:
        body = await request.json()
        seconds = float(body.get("seconds", 0))
        if seconds <= 0:
            emu.outages.end()
            return web.json_response({"outage": False})
        try:
            emu.outages.start(seconds, body.get("mode", "502"), body.get("spare", ()))
        except ValueError as error:
            raise web.HTTPBadRequest(text=str(error)) from None
        return web.json_response({"outage": True, "seconds": seconds})

    app.router.add_post("/_emulator/send", send)
    app.router.add_post("/_emulator/outage", outage)
    app.router.add_post("/_emulator/press", press)
    app.router.add_post("/_emulator/upload", upload)
    app.router.add_get("/_emulator/messages", messages)
    app.router.add_get("/_emulator/files/{file_id}", files)
    app.router.add_get("/_emulator/events", events)


def _quote(name: str) -> str:
    """A file name for a Content-Disposition header."""
    from urllib.parse import quote

    return quote(name)
