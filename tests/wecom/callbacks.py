"""Callbacks posted by hand, for what the emulator will not do: replays, forgeries, old cards."""

from __future__ import annotations

import time
from typing import Any

import aiohttp
import xmltodict

from bot.wecom.crypto import CallbackCrypto
from tests.wecom.conftest import WeComApp
from tests.wecom.emulator_kit import AES_KEY, AGENT_ID, CORP_ID, TOKEN

CRYPTO = CallbackCrypto(token=TOKEN, aes_key=AES_KEY, corp_id=CORP_ID)


def event(*, userid: str, **fields: Any) -> dict[str, Any]:
    """The plain fields of an event from a member."""
    return {
        "ToUserName": CORP_ID, "FromUserName": userid, "CreateTime": int(time.time()),
        "MsgType": "event", "AgentID": AGENT_ID, **fields,
    }  # fmt: skip


def text(*, userid: str, content: str, msg_id: int) -> dict[str, Any]:
    """The plain fields of a text message from a member."""
    return {
        "ToUserName": CORP_ID, "FromUserName": userid, "CreateTime": int(time.time()),
        "MsgType": "text", "Content": content, "MsgId": msg_id, "AgentID": AGENT_ID,
    }  # fmt: skip


async def post_callback(
    wecom: WeComApp, fields: dict[str, Any], *, signature: str | None = None
) -> int:
    """POST one callback as WeCom would (or with a forged signature); the HTTP status."""
    plain = xmltodict.unparse({"xml": fields}, full_document=False)
    nonce, timestamp = "1372623149", str(int(time.time()))
    envelope = CRYPTO.encrypt(xml=plain, nonce=nonce, timestamp=timestamp)
    outer = xmltodict.parse(envelope)["xml"]
    body = xmltodict.unparse(
        {"xml": {"ToUserName": CORP_ID, "Encrypt": outer["Encrypt"], "AgentID": AGENT_ID}},
        full_document=False,
    )
    params = {
        "msg_signature": signature or outer["MsgSignature"],
        "timestamp": timestamp,
        "nonce": nonce,
    }
    assert wecom.emu.callback_url is not None
    async with (
        aiohttp.ClientSession() as http,
        http.post(wecom.emu.callback_url, params=params, data=body.encode()) as response,
    ):
        return response.status
