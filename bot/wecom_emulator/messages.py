"""message/send and message/update_template_card, with their documented checks and limits."""

from __future__ import annotations

import copy
import json
from typing import TYPE_CHECKING, Any

from bot.wecom_emulator.cards import has_response_code, validate_card
from bot.wecom_emulator.errors import WeComError
from bot.wecom_emulator.limits import MAX_RECIPIENTS, MAX_TEXT_BYTES
from bot.wecom_emulator.state import Task

if TYPE_CHECKING:
    from bot.wecom_emulator.server import WeComEmulator

# The message types fudao sends; WeCom has more (voice, video, textcard, news, markdown ...),
# which the emulator refuses as an unknown msgtype so a test notices.
MSGTYPES = {"text", "image", "file", "template_card"}


def check_agent(emu: WeComEmulator, agentid: Any) -> None:
    """41011 without an agentid, 40056 for another app's."""
    if agentid in (None, ""):
        raise WeComError(41011)
    try:
        if int(agentid) != emu.agent_id:
            raise WeComError(40056)
    except (TypeError, ValueError):
        raise WeComError(40056) from None


def _recipients(emu: WeComEmulator, body: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(members who get it, the lowercased userids that are not members)."""
    touser = str(body.get("touser") or "")
    if touser == "@all":
        return list(emu.state.members), []
    asked = [u.strip() for u in touser.split("|") if u.strip()]
    if len(asked) > MAX_RECIPIENTS:
        raise WeComError(40032, f"touser holds more than {MAX_RECIPIENTS} userids")
    valid: list[str] = []
    invalid: list[str] = []
    for userid in asked:
        member = emu.state.member(userid)
        if member is None:
            # 发送应用消息: "返回包中的userid，不区分大小写，统一转为小写".
            invalid.append(userid.lower())
        elif member not in valid:
            valid.append(member)
    return valid, invalid


def _text(emu: WeComEmulator, payload: dict[str, Any]) -> None:
    text = payload.get("text")
    if not isinstance(text, dict) or not isinstance(text.get("content"), str):
        raise WeComError(44004)
    content = str(text["content"])
    if not content:
        raise WeComError(44004)
    size = len(content.encode())
    if size <= MAX_TEXT_BYTES:
        return
    if emu.limits.strict:
        raise WeComError(45002, f"text.content is {size} bytes, over {MAX_TEXT_BYTES}")
    # "最长不超过2048个字节，超过将截断": cut at a character boundary.
    payload["text"] = {
        **text,
        "content": content.encode()[:MAX_TEXT_BYTES].decode(errors="ignore"),
    }


def _media(emu: WeComEmulator, payload: dict[str, Any], msgtype: str) -> dict[str, Any]:
    part = payload.get(msgtype)
    media_id = part.get("media_id") if isinstance(part, dict) else None
    if not media_id:
        raise WeComError(41006)
    media = emu.state.media.get(str(media_id))
    if media is None or emu.now() > media.created_at + emu.limits.media_ttl:
        raise WeComError(40007, "unknown or expired (a media_id lives three days)")
    if media.type != msgtype:
        # The emulator's own check: an image message shows an uploaded image.
        raise WeComError(40007, f"media {media_id} was uploaded as {media.type}, not {msgtype}")
    return {"bytes": media.content, "filename": media.filename, "type": media.type}


def _duplicate(emu: WeComEmulator, body: dict[str, Any]) -> bool:
    """enable_duplicate_check: the same request JSON within the interval is not delivered again."""
    if not body.get("enable_duplicate_check"):
        return False
    key = json.dumps(body, sort_keys=True, ensure_ascii=False)
    interval = float(body.get("duplicate_check_interval") or emu.limits.duplicate_check_interval)
    last = emu.state.recent.get(key)
    now = emu.now()
    emu.state.recent[key] = now if last is None or now - last >= interval else last
    return last is not None and now - last < interval


async def message_send(emu: WeComEmulator, query: dict[str, str], body: Any) -> dict[str, Any]:
    """发送应用消息 (path/90236)."""
    if not isinstance(body, dict):
        raise WeComError(47001)
    check_agent(emu, body.get("agentid"))
    msgtype = body.get("msgtype")
    if msgtype not in MSGTYPES:
        raise WeComError(40008, f"{msgtype!r} (the emulator takes {sorted(MSGTYPES)})")
    payload = copy.deepcopy(body)
    extra: dict[str, Any] = {}
    if msgtype == "text":
        _text(emu, payload)
    elif msgtype in ("image", "file"):
        extra["media"] = _media(emu, payload, msgtype)
    else:
        card = validate_card(payload.get("template_card"), strict=emu.limits.strict)
        if card.get("task_id") in emu.state.tasks:
            # "同一个应用任务id不能重复"; the errcode is the emulator's choice (不合法的参数).
            raise WeComError(40058, f"task_id {card['task_id']} was used before")
    valid, invalid = _recipients(emu, body)
    answer: dict[str, Any] = {"errcode": 0, "errmsg": "ok"}
    if invalid:
        answer["invaliduser"] = "|".join(invalid)
    if not valid:
        # "如果全部接收人无权限或不存在，则本次调用返回失败，errcode为81013".
        raise WeComError(81013, **({"invaliduser": answer["invaliduser"]} if invalid else {}))
    answer["msgid"] = emu.state.msgid()
    if msgtype == "template_card":
        card = payload["template_card"]
        if has_response_code(card):
            answer["response_code"] = emu.state.new_response_code(card["task_id"], emu.now())
            extra["response_code"] = answer["response_code"]
        if card.get("task_id"):
            emu.state.tasks[card["task_id"]] = Task(card["task_id"], answer["msgid"], [])
    if _duplicate(emu, body):
        return answer
    for userid in valid:
        entry = {**payload, **extra, "msgid": answer["msgid"]}
        emu.deliver(userid, entry)
    return answer


def _affected(emu: WeComEmulator, body: dict[str, Any], task: Task) -> list[str]:
    if body.get("atall") == 1:
        return list(task.recipients)
    userids = body.get("userids")
    if not isinstance(userids, list) or not userids:
        # The doc makes no recipient field required; the emulator asks for userids or atall,
        # so a channel never relies on an update reaching no one.
        raise WeComError(40058, "give userids or atall")
    affected = []
    for userid in userids:
        member = emu.state.member(str(userid))
        if member in task.recipients and member not in affected:
            affected.append(member)
    return affected


async def update_card(emu: WeComEmulator, query: dict[str, str], body: Any) -> dict[str, Any]:
    """更新模版卡片消息 (path/94888): one use of a response_code within 72 hours."""
    if not isinstance(body, dict):
        raise WeComError(47001)
    check_agent(emu, body.get("agentid"))
    # The errcodes for a bad response_code are not documented: 40058 is the emulator's choice.
    code = emu.state.response_codes.get(str(body.get("response_code") or ""))
    if code is None:
        raise WeComError(40058, "invalid response_code")
    if code.used:
        raise WeComError(40058, "response_code has been used")
    if emu.now() > code.created_at + emu.limits.response_code_ttl:
        raise WeComError(40058, "response_code expired (72 hours)")
    task = emu.state.tasks[code.task_id]
    button = body.get("button")
    new_card = None
    replace_name = ""
    if isinstance(button, dict):
        replace_name = str(button.get("replace_name") or "")
        if not replace_name:
            raise WeComError(40058, "button.replace_name is required")
    elif "template_card" in body:
        new_card = validate_card(body["template_card"], strict=emu.limits.strict, update=True)
    else:
        raise WeComError(40058, "give button or template_card")
    affected = _affected(emu, body, task)
    asked = body.get("userids") or []
    invalid = [str(u).lower() for u in asked if emu.state.member(str(u)) not in task.recipients]
    if not affected:
        raise WeComError(81013, invaliduser=invalid)
    code.used = True
    for userid in affected:
        if new_card is not None:
            task.views[userid] = {**copy.deepcopy(new_card), "task_id": task.task_id}
            task.greyed.pop(userid, None)
        else:
            task.greyed[userid] = replace_name
        entry = {"msgtype": "update", **copy.deepcopy(body), "task_id": task.task_id}
        # Whether updates count toward the per-member limit is not documented: they do not here.
        emu.deliver(userid, entry, paced=False)
    return {"errcode": 0, "errmsg": "ok", "invaliduser": invalid}
