"""Template cards (模板卡片消息): WeCom's field limits, and what a member can press or submit.

Numbers from 发送应用消息 (path/90236), 模板卡片消息. Limits the doc words as "不超过N" or
"最长支持N字节" are hard: such a card is refused (errcode 40058, 不合法的参数). Limits worded
"建议不超过N个字" are soft: WeCom cuts the text; the emulator refuses them when strict. The doc
has carried two sets of soft numbers (e.g. main_title.title 26 then 36, sub_title_text 112 then
160); the emulator keeps the smaller, so text that fits here fits either.
"""

from __future__ import annotations

import re
from typing import Any

from bot.wecom_emulator.errors import WeComError

CARD_TYPES = {
    "text_notice",
    "news_notice",
    "button_interaction",
    "vote_interaction",
    "multiple_interaction",
}
# 发送应用消息: response_code "仅消息类型为按钮交互型，投票选择型和多项选择型的模板卡片消息返回";
# 更新模版卡片消息 also lets notices with an action_menu be updated, so they get one too.
INTERACTIVE = {"button_interaction", "vote_interaction", "multiple_interaction"}
# task_id: "只能由数字、字母和“_-@”组成，最长128字节".
TASK_ID = re.compile(r"^[0-9A-Za-z_\-@]{1,128}$")
KEY_BYTES = 1024  # button, question and submit keys: "最长支持1024字节"
OPTION_ID_BYTES = 128  # option ids: "最长支持128字节，不可重复"
# Soft limits in characters ("建议不超过N个字"), by field.
SOFT = {
    "source.desc": 13,
    "main_title.title": 26,
    "main_title.desc": 30,
    "sub_title_text": 112,
    "emphasis_content.title": 10,
    "emphasis_content.desc": 15,
    "horizontal_content_list.keyname": 5,
    "horizontal_content_list.value": 26,
    "jump_list.title": 13,
    "vertical_content_list.title": 26,
    "vertical_content_list.desc": 112,
    "button_list.text": 10,
    "button_selection.title": 13,
    "button_selection.option_list.text": 10,
    "checkbox.option_list.text": 11,
    "select_list.title": 13,
    "select_list.option_list.text": 10,
    "submit_button.text": 10,
}


def refuse(detail: str) -> WeComError:
    """The refusal of a card that breaks a rule."""
    return WeComError(40058, f"template_card.{detail}")


def _soft(obj: dict[str, Any], key: str, field: str, strict: bool) -> None:
    text = obj.get(key)
    if strict and isinstance(text, str) and len(text) > SOFT[field]:
        raise refuse(f"{field} over {SOFT[field]} characters ({len(text)})")


def _bytes(value: Any, limit: int, field: str) -> str:
    if not isinstance(value, str) or not value:
        raise refuse(f"{field} is required")
    if len(value.encode()) > limit:
        raise refuse(f"{field} over {limit} bytes")
    return value


def _items(card: dict[str, Any], key: str, low: int, high: int) -> list[dict[str, Any]]:
    items = card.get(key)
    if items is None and low == 0:
        return []
    if not isinstance(items, list) or not low <= len(items) <= high:
        raise refuse(f"{key} must hold {low} to {high} items")
    if not all(isinstance(item, dict) for item in items):
        raise refuse(f"{key} items must be objects")
    return items


def _options(box: dict[str, Any], field: str, high: int, strict: bool) -> None:
    _bytes(box.get("question_key"), KEY_BYTES, f"{field}.question_key")
    options = _items(box, "option_list", 1, high)
    ids = [_bytes(o.get("id"), OPTION_ID_BYTES, f"{field}.option_list.id") for o in options]
    if len(set(ids)) != len(ids):
        raise refuse(f"{field}.option_list ids repeat")
    for option in options:
        if not isinstance(option.get("text"), str) or not option["text"]:
            raise refuse(f"{field}.option_list.text is required")
        _soft(option, "text", f"{field}.option_list.text", strict)


def _common(card: dict[str, Any], strict: bool) -> None:
    for name in ("source", "main_title", "emphasis_content"):
        part = card.get(name, {})
        if not isinstance(part, dict):
            raise refuse(f"{name} must be an object")
        for key in ("desc", "title"):
            if f"{name}.{key}" in SOFT:
                _soft(part, key, f"{name}.{key}", strict)
    _soft(card, "sub_title_text", "sub_title_text", strict)
    for item in _items(card, "horizontal_content_list", 0, 6):
        if not item.get("keyname"):
            raise refuse("horizontal_content_list.keyname is required")
        _soft(item, "keyname", "horizontal_content_list.keyname", strict)
        _soft(item, "value", "horizontal_content_list.value", strict)
    for item in _items(card, "jump_list", 0, 3):
        _soft(item, "title", "jump_list.title", strict)
    for item in _items(card, "vertical_content_list", 0, 4):
        _soft(item, "title", "vertical_content_list.title", strict)
        _soft(item, "desc", "vertical_content_list.desc", strict)
    if "action_menu" in card:
        menu = card["action_menu"]
        actions = _items(menu if isinstance(menu, dict) else {}, "action_list", 1, 3)
        keys = [_bytes(a.get("key"), KEY_BYTES, "action_menu.action_list.key") for a in actions]
        if len(set(keys)) != len(keys):
            raise refuse("action_menu.action_list keys repeat")


def _buttons(card: dict[str, Any], strict: bool) -> None:
    buttons = _items(card, "button_list", 1, 6)
    keys = []
    for button in buttons:
        if not isinstance(button.get("text"), str) or not button["text"]:
            raise refuse("button_list.text is required")
        _soft(button, "text", "button_list.text", strict)
        if button.get("type", 0) == 1:
            if not button.get("url"):
                raise refuse("button_list.url is required when type is 1")
        else:
            keys.append(_bytes(button.get("key"), KEY_BYTES, "button_list.key"))
    if len(set(keys)) != len(keys):
        raise refuse("button_list keys repeat")
    if "button_selection" in card:
        selection = card["button_selection"]
        _options(selection, "button_selection", 10, strict)
        _soft(selection, "title", "button_selection.title", strict)


def _submit(card: dict[str, Any], strict: bool) -> None:
    submit = card.get("submit_button")
    if not isinstance(submit, dict):
        raise refuse("submit_button is required")
    _bytes(submit.get("key"), KEY_BYTES, "submit_button.key")
    _soft(submit, "text", "submit_button.text", strict)


def validate_card(card: Any, *, strict: bool, update: bool = False) -> dict[str, Any]:
    """The card if WeCom would take it, else the refusal (an update needs no task_id)."""
    if not isinstance(card, dict):
        raise refuse("is required")
    kind = card.get("card_type")
    if kind not in CARD_TYPES:
        raise refuse(f"card_type {kind!r} is not one of {sorted(CARD_TYPES)}")
    _common(card, strict)
    title = (card.get("main_title") or {}).get("title")
    if kind in {"vote_interaction", "multiple_interaction"} and not title:
        raise refuse("main_title.title is required")
    if kind in {"text_notice", "button_interaction"} and not (title or card.get("sub_title_text")):
        raise refuse("main_title.title or sub_title_text is required")
    if kind in {"text_notice", "news_notice"}:
        action = card.get("card_action")
        if not isinstance(action, dict) or action.get("type") not in (1, 2):
            raise refuse("card_action with type 1 or 2 is required")
    if kind == "news_notice" and not (card.get("card_image") or card.get("image_text_area")):
        raise refuse("card_image or image_text_area is required")
    if kind == "button_interaction":
        _buttons(card, strict)
    if kind == "vote_interaction":
        box = card.get("checkbox")
        if not isinstance(box, dict) or box.get("mode", 0) not in (0, 1):
            raise refuse("checkbox with mode 0 or 1 is required")
        _options(box, "checkbox", 20, strict)
        _submit(card, strict)
    if kind == "multiple_interaction":
        selects = _items(card, "select_list", 1, 3)
        for select in selects:
            _options(select, "select_list", 10, strict)
            _soft(select, "title", "select_list.title", strict)
        if len({s["question_key"] for s in selects}) != len(selects):
            raise refuse("select_list question_keys repeat")
        _submit(card, strict)
    if not update and (kind in INTERACTIVE or "action_menu" in card):
        task_id = card.get("task_id")
        if not isinstance(task_id, str) or not TASK_ID.match(task_id):
            raise refuse("task_id is required: 1 to 128 of digits, letters and _-@")
    return card


def has_response_code(card: dict[str, Any]) -> bool:
    """Whether WeCom answers this card with a response_code."""
    return card.get("card_type") in INTERACTIVE or "action_menu" in card


def press_keys(card: dict[str, Any]) -> set[str]:
    """Keys a press sends back as EventKey: callback buttons and action menu items."""
    keys = {b["key"] for b in card.get("button_list", []) if b.get("type", 0) != 1}
    menu = card.get("action_menu") or {}
    return keys | {a["key"] for a in menu.get("action_list", [])}


def questions(card: dict[str, Any]) -> dict[str, tuple[set[str], bool]]:
    """Each question a member answers on the card: its option ids, and whether several may be."""
    found: dict[str, tuple[set[str], bool]] = {}
    boxes = [(card.get("checkbox"), card.get("checkbox", {}).get("mode", 0) == 1)]
    boxes += [(s, False) for s in card.get("select_list", [])]
    boxes.append((card.get("button_selection"), False))
    for box, many in boxes:
        if isinstance(box, dict) and "question_key" in box:
            found[box["question_key"]] = ({o["id"] for o in box["option_list"]}, many)
    return found


def _default(box: dict[str, Any], checkbox: bool) -> list[str]:
    """What a question shows before the member touches it."""
    ids = [o["id"] for o in box["option_list"]]
    if checkbox:
        return [o["id"] for o in box["option_list"] if o.get("is_checked")]
    # select_list, button_selection: "默认选定的id，不填或错填默认第一个".
    return [box["selected_id"] if box.get("selected_id") in ids else ids[0]]


def answers(card: dict[str, Any], chosen: dict[str, list[str]]) -> list[tuple[str, list[str]]]:
    """The SelectedItems of a submission: the member's choices, defaults for the rest.

    Raises ValueError unless the member could have chosen this on the card.
    """
    asked = questions(card)
    for key, ids in chosen.items():
        if key not in asked:
            raise ValueError(f"the card asks no question {key!r}")
        options, many = asked[key]
        if not ids or not set(ids) <= options or (len(ids) > 1 and not many):
            raise ValueError(f"{ids!r} is not a choice the card offers for {key!r}")
    boxes = [(card.get("checkbox"), True), (card.get("button_selection"), False)]
    boxes += [(s, False) for s in card.get("select_list", [])]
    result = []
    for box, checkbox in boxes:
        if isinstance(box, dict) and "question_key" in box:
            ids = chosen.get(box["question_key"]) or _default(box, checkbox)
            if ids:
                result.append((box["question_key"], list(ids)))
    return result
