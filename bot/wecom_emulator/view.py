"""What a member's chat looks like, as JSON for a page: texts, cards as they are now, files.

A card is one item (id `t<task_id>`) that later updates replace in place; an uploaded file is
served from `/_wecom/media/{id}` on the page's own origin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from aiohttp import web

if TYPE_CHECKING:
    from bot.wecom_emulator.server import WeComEmulator

MEDIA_PATH = "/_wecom/media/"


def _card_sent_at(emu: WeComEmulator, userid: str, task_id: str) -> float:
    """When the card first reached the member (an update keeps its place in the chat)."""
    for entry in emu.sent_to(userid):
        if entry.get("template_card", {}).get("task_id") == task_id:
            return float(entry["at"])
    return 0.0


def card_view(emu: WeComEmulator, userid: str, task_id: str) -> dict[str, Any]:
    """The card as the member sees it now, and the word its buttons show once greyed out."""
    return {
        "id": f"t{task_id}",
        "at": _card_sent_at(emu, userid, task_id),
        "from_bot": True,
        "kind": "card",
        "task_id": task_id,
        "card": emu.card(userid, task_id),
        "greyed": emu.greyed(userid, task_id),
    }


def json_view(emu: WeComEmulator, userid: str, entry: dict[str, Any]) -> dict[str, Any] | None:
    """One thing the member received, as a page draws it (None for what shows nothing)."""
    kind = entry.get("msgtype")
    base = {"id": f"b{entry.get('msgid', '')}-{entry['at']}", "at": entry["at"], "from_bot": True}
    if kind == "text":
        return {**base, "kind": "text", "text": entry["text"]["content"]}
    if kind in ("image", "file"):
        media_id = str(entry[kind]["media_id"])
        media = entry.get("media", {})
        return {
            **base,
            "kind": kind,
            "url": MEDIA_PATH + quote(media_id),
            "file_name": media.get("filename", media_id),
            "size": len(media.get("bytes", b"")),
        }
    if kind == "template_card":
        return card_view(emu, userid, str(entry["template_card"]["task_id"]))
    if kind == "update":
        return card_view(emu, userid, str(entry["task_id"]))
    if kind == "passive":
        content = entry["passive"].get("Content")
        return {**base, "kind": "text", "text": str(content)} if content else None
    return None


def chat_view(emu: WeComEmulator, userid: str) -> list[dict[str, Any]]:
    """Everything the member received, each card once and as it is now."""
    shown: list[dict[str, Any]] = []
    for entry in emu.sent_to(userid):
        if entry.get("msgtype") == "update":
            continue  # the card itself is drawn as it is now
        view = json_view(emu, userid, entry)
        if view is not None:
            shown.append(view)
    return shown


def add_media_route(app: web.Application, emu: WeComEmulator) -> None:
    """Serve uploaded media (charts, workbooks) at /_wecom/media/{id} of this app."""

    async def media(request: web.Request) -> web.Response:
        found = emu.state.media.get(request.match_info["media_id"])
        if found is None:
            raise web.HTTPNotFound(text="unknown media")
        disposition = "inline" if found.type == "image" else "attachment"
        name = quote(found.filename)
        return web.Response(
            body=found.content,
            content_type=found.content_type,
            headers={"Content-Disposition": f"{disposition}; filename*=UTF-8''{name}"},
        )

    app.router.add_get(MEDIA_PATH + "{media_id}", media)
