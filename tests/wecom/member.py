"""A scripted WeCom member: types, clicks the menu, presses card buttons, reads the answers."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from bot.wecom_emulator import WeComEmulator

WAIT = 10.0
SETTLE = 0.15


def card_text(card: dict[str, Any]) -> str:
    """What a card shows in words: title, sub-title and the words on its buttons or options."""
    parts = [card.get("main_title", {}).get("title", ""), card.get("sub_title_text", "")]
    parts += [b.get("text", "") for b in card.get("button_list", [])]
    parts += [o.get("text", "") for o in card.get("checkbox", {}).get("option_list", [])]
    return "\n".join(p for p in parts if p)


def words_of(entry: dict[str, Any]) -> str:
    """What one thing the member received says."""
    kind = entry["msgtype"]
    if kind == "text":
        return str(entry["text"]["content"])
    if kind == "template_card":
        return card_text(entry["template_card"])
    if kind == "update":
        if "template_card" in entry:
            return card_text(entry["template_card"])
        return str(entry.get("button", {}).get("replace_name", ""))
    return f"[{kind}]"


@dataclass
class Answer:
    """Everything that reached the member after one action."""

    entries: list[dict[str, Any]] = field(default_factory=list)

    @property
    def plain_text(self) -> str:
        """All of it in words, in order."""
        return "\n".join(words_of(e) for e in self.entries)

    def kinds(self) -> list[str]:
        """The msgtype of each thing received."""
        return [e["msgtype"] for e in self.entries]


class Member:
    """One WeCom member using the app."""

    def __init__(self, emu: WeComEmulator, userid: str, name: str = "") -> None:
        self.emu = emu
        self.userid = userid
        emu.add_member(userid, name or userid)

    async def _after(self, since: int, until: str | None = None) -> Answer:
        """What arrived from `since` on: once it holds `until`, or once nothing more comes."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + WAIT

        def waiting() -> bool:
            got = Answer(self.emu.sent_to(self.userid)[since:])
            return not got.entries or (until is not None and until not in got.plain_text)

        while waiting():
            if loop.time() > deadline:
                raise AssertionError(f"no answer ({until!r}) reached {self.userid} in {WAIT} s")
            await asyncio.sleep(0.02)
        # A multi-part answer (text before a card, a chart and a workbook) arrives in a row.
        count = -1
        while count != len(self.emu.sent_to(self.userid)):
            count = len(self.emu.sent_to(self.userid))
            await asyncio.sleep(SETTLE)
        return Answer(self.emu.sent_to(self.userid)[since:])

    async def say(self, text: str, until: str | None = None) -> Answer:
        """Type a line and wait for the answer (the one that says `until`, if given)."""
        since = len(self.emu.sent_to(self.userid))
        await self.emu.send_text(self.userid, text)
        return await self._after(since, until)

    async def join(self) -> Answer:
        """The first message: known by their 工号, welcomed, and shown the help."""
        return await self.say("/help", until="/cancel")

    async def click(self, key: str) -> Answer:
        """Click a menu item by its key."""
        since = len(self.emu.sent_to(self.userid))
        await self.emu.click_menu(self.userid, key)
        return await self._after(since)

    def last_card(self) -> dict[str, Any]:
        """The newest card the member got (as it looks now, updates included)."""
        for entry in reversed(self.emu.sent_to(self.userid)):
            task_id = entry.get("task_id") or entry.get("template_card", {}).get("task_id")
            if task_id:
                return self.emu.card(self.userid, str(task_id))
        raise AssertionError("no card")

    async def tap(
        self, label: str, card: dict[str, Any] | None = None, until: str | None = None
    ) -> Answer:
        """Press the button (or pick the option and submit) whose words contain `label`;
        the answer (the one that says `until`, if given)."""
        card = card or self.last_card()
        since = len(self.emu.sent_to(self.userid))
        task_id = str(card["task_id"])
        if card["card_type"] == "button_interaction":
            keys = [b["key"] for b in card["button_list"] if label in b["text"]]
            assert keys, f"no button {label!r} in {card_text(card)}"
            await self.emu.press_card(self.userid, task_id, keys[0])
        else:
            box = card["checkbox"]
            ids = [o["id"] for o in box["option_list"] if label in o["text"]]
            assert ids, f"no option {label!r} in {card_text(card)}"
            await self.emu.submit_card(self.userid, task_id, {box["question_key"]: [ids[0]]})
        return await self._after(since, until)
