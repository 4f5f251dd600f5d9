"""What scripted members do in the app: messages, menu clicks, entering, card presses.

Each becomes the plain XML of 接收消息与事件 (消息格式, 事件格式, 模板卡片事件推送), sent to the
app as an encrypted callback by callbacks.py.
"""

from __future__ import annotations

import asyncio
import secrets
from typing import TYPE_CHECKING, Any

from bot.wecom_emulator.callbacks import CallbackSender, Node, selected_items
from bot.wecom_emulator.cards import answers, press_keys
from bot.wecom_emulator.state import Media, Task, WeComState

if TYPE_CHECKING:
    from bot.wecom_emulator.limits import WeComLimits

# A 1x1 PNG, the picture a scripted member sends.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4d30000000049454e44ae426082"
)


class MemberActions:
    """The scripted side of the emulator: members using the app."""

    state: WeComState
    limits: WeComLimits
    corp_id: str
    agent_id: int
    _sender: CallbackSender
    _background: set[asyncio.Task[None]]
    _last_event: dict[str, int]

    def now(self) -> float:
        """The emulator's clock (defined by the emulator)."""
        raise NotImplementedError

    def _member(self, userid: str) -> str:
        member = self.state.member(userid)
        if member is None:
            raise LookupError(f"{userid!r} is not a member: add_member() first")
        return member

    def _base(self, userid: str, msgtype: str) -> dict[str, Node]:
        # Two events of one member never share a CreateTime, as they would not from a person:
        # the app tells repeated events apart by FromUserName + CreateTime.
        stamp = max(int(self.now()), self._last_event.get(userid, 0) + 1)
        self._last_event[userid] = stamp
        return {
            "ToUserName": self.corp_id,
            "FromUserName": userid,
            "CreateTime": stamp,
            "MsgType": msgtype,
        }

    async def _post(self, kind: str, userid: str, fields: dict[str, Node], wait: bool) -> None:
        if wait:
            await self._sender.deliver(kind, userid, fields)
            return
        task = asyncio.create_task(self._sender.deliver(kind, userid, fields))
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def _msgid(self) -> int:
        # MsgIds are 64-bit numbers in WeCom's samples.
        return 7_000_000_000_000_000_000 + secrets.randbelow(10**18)

    async def _message(self, userid: str, msgtype: str, wait: bool, **content: Node) -> int:
        member = self._member(userid)
        msgid = self._msgid()
        fields = {**self._base(member, msgtype), **content, "MsgId": msgid}
        fields["AgentID"] = self.agent_id
        await self._post(msgtype, member, fields, wait)
        return msgid

    async def send_text(self, userid: str, text: str, *, wait: bool = True) -> int:
        """The member sends text; returns its MsgId. wait=False returns before delivery."""
        return await self._message(userid, "text", wait, Content=text)

    def _stored(self, kind: str, content: bytes, name: str, mime: str) -> str:
        media = Media("U" + secrets.token_urlsafe(24), kind, name, content, mime, self.now())
        self.state.media[media.media_id] = media
        return media.media_id

    async def send_image(self, userid: str, *, wait: bool = True) -> int:
        """The member sends a picture."""
        media_id = self._stored("image", PIXEL, "photo.png", "image/png")
        picurl = f"https://wework.qpic.cn/emulator/{media_id}"
        return await self._message(userid, "image", wait, PicUrl=picurl, MediaId=media_id)

    async def send_voice(self, userid: str, *, wait: bool = True) -> int:
        """The member sends a voice message."""
        media_id = self._stored("voice", b"#!AMR\n" + bytes(32), "voice.amr", "audio/amr")
        return await self._message(userid, "voice", wait, MediaId=media_id, Format="amr")

    async def send_location(
        self,
        userid: str,
        latitude: float = 31.2304,
        longitude: float = 121.4737,
        label: str = "上海市",
        *,
        wait: bool = True,
    ) -> int:
        """The member shares a location."""
        return await self._message(
            userid,
            "location",
            wait,
            Location_X=str(latitude),
            Location_Y=str(longitude),
            Scale=15,
            Label=label,
            AppType="wxwork",
        )

    async def _event(self, userid: str, event: str, wait: bool, **more: Node) -> None:
        member = self._member(userid)
        fields = {**self._base(member, "event"), "Event": event, **more}
        fields["AgentID"] = self.agent_id
        await self._post(event, member, fields, wait)

    async def click_menu(self, userid: str, event_key: str, *, wait: bool = True) -> None:
        """The member taps a click item of the app's menu."""
        if self.state.menu is not None and event_key not in _menu_keys(self.state.menu):
            raise LookupError(f"the app's menu has no click item with key {event_key!r}")
        await self._event(userid, "click", wait, EventKey=event_key)

    async def enter_agent(self, userid: str, *, wait: bool = True) -> None:
        """The member opens the app."""
        await self._event(userid, "enter_agent", wait, EventKey="")

    def _card(self, userid: str, ref: str) -> tuple[Task, dict[str, Any]]:
        """The card a member sees, by task_id or by the response_code its send returned."""
        member = self._member(userid)
        task = self.state.tasks.get(ref)
        if task is None and ref in self.state.response_codes:
            task = self.state.tasks.get(self.state.response_codes[ref].task_id)
        if task is None or member not in task.views:
            raise LookupError(f"{userid!r} has no card {ref!r}")
        if member in task.greyed:
            raise LookupError(f"the card {task.task_id} shows {task.greyed[member]!r}: greyed")
        return task, task.views[member]

    async def _card_event(
        self, userid: str, task: Task, card: dict[str, Any], key: str, items: Any, wait: bool
    ) -> str:
        code = self.state.new_response_code(task.task_id, self.now())
        more: dict[str, Node] = {
            "EventKey": key,
            "TaskId": task.task_id,
            "CardType": str(card["card_type"]),
            "ResponseCode": code,
            "AgentID": self.agent_id,
        }
        if items:
            more["SelectedItems"] = selected_items(items)
        member = self._member(userid)
        fields = {**self._base(member, "event"), "Event": "template_card_event", **more}
        await self._post("template_card_event", member, fields, wait)
        return code

    async def press_card(
        self,
        userid: str,
        response_code_or_task_id: str,
        button_key: str,
        *,
        selections: dict[str, list[str]] | None = None,
        wait: bool = True,
    ) -> str:
        """The member presses a button (or action menu item); returns the event's ResponseCode."""
        task, card = self._card(userid, response_code_or_task_id)
        if button_key not in press_keys(card):
            raise LookupError(f"card {task.task_id} has no button with key {button_key!r}")
        items = answers(card, selections or {}) if "button_selection" in card else []
        return await self._card_event(userid, task, card, button_key, items, wait)

    async def submit_card(
        self, userid: str, task_id: str, selections: dict[str, list[str]], *, wait: bool = True
    ) -> str:
        """The member submits a vote or multiple-choice card; returns the event's ResponseCode."""
        task, card = self._card(userid, task_id)
        if card["card_type"] not in ("vote_interaction", "multiple_interaction"):
            raise LookupError(f"card {task.task_id} is a {card['card_type']}: nothing to submit")
        items = answers(card, selections)
        key = str(card["submit_button"]["key"])
        return await self._card_event(userid, task, card, key, items, wait)


def _menu_keys(menu: dict[str, Any]) -> set[str]:
    """Keys of the menu's click items, sub menus included."""
    keys = set()
    for button in menu.get("button", []):
        for item in [button, *button.get("sub_button", [])]:
            if item.get("type") == "click":
                keys.add(str(item.get("key")))
    return keys
