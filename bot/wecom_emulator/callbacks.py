"""Callbacks as WeCom sends them: plain XML per 接收消息与事件, encrypted and signed, POSTed.

使用接收消息: WeCom POSTs <xml><ToUserName/><AgentID/><Encrypt/></xml> to the callback URL
with msg_signature, timestamp and nonce in the query, and "五秒内收不到响应会断掉连接，
并且重新发起请求，总共重试三次". The encryption is wechatpy's WeChatCrypto.encrypt_message.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from typing import TYPE_CHECKING, Any
from xml.parsers.expat import ExpatError

import aiohttp
import xmltodict
from wechatpy.enterprise.crypto import WeChatCrypto
from wechatpy.exceptions import WeChatException

from bot.wecom_emulator.state import CallbackTry

if TYPE_CHECKING:
    from bot.wecom_emulator.server import WeComEmulator

# An XML child: text becomes CDATA, a number stays plain, a list of (tag, value) repeats tags.
Node = str | int | dict[str, "Node"] | list[tuple[str, "Node"]]


def _cdata(text: str) -> str:
    # "]]>" cannot sit inside CDATA: close and reopen around it.
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _render(tag: str, value: Node) -> str:
    if isinstance(value, bool | int):
        inner = str(int(value))
    elif isinstance(value, str):
        inner = _cdata(value)
    elif isinstance(value, dict):
        inner = "".join(_render(k, v) for k, v in value.items())
    else:
        inner = "".join(_render(k, v) for k, v in value)
    return f"<{tag}>{inner}</{tag}>"


def render_xml(fields: dict[str, Node]) -> str:
    """The plain XML of a message or event."""
    return _render("xml", fields)


def selected_items(answers: list[tuple[str, list[str]]]) -> Node:
    """SelectedItems of a template_card_event, as 接收消息与事件 shows it."""
    return [
        (
            "SelectedItem",
            {"QuestionKey": key, "OptionIds": [("OptionId", option) for option in ids]},
        )
        for key, ids in answers
    ]


class CallbackSender:
    """Encrypts, signs and POSTs callbacks, with WeCom's timeout and retries."""

    def __init__(self, emu: WeComEmulator) -> None:
        self.emu = emu
        self.crypto = WeChatCrypto(emu.token, emu.aes_key, emu.corp_id)
        self.http: aiohttp.ClientSession | None = None

    def _session(self) -> aiohttp.ClientSession:
        if self.http is None:
            self.http = aiohttp.ClientSession()
        return self.http

    async def close(self) -> None:
        """Close the HTTP session."""
        if self.http is not None:
            await self.http.close()
            self.http = None

    def seal(self, plain: str) -> tuple[str, dict[str, str]]:
        """The encrypted text of `plain` and the query that signs it."""
        nonce = secrets.token_hex(8)
        timestamp = str(int(self.emu.now()))
        sealed = xmltodict.parse(self.crypto.encrypt_message(plain, nonce, timestamp))["xml"]
        query = {"msg_signature": sealed["MsgSignature"], "timestamp": timestamp, "nonce": nonce}
        return sealed["Encrypt"], query

    def _url(self) -> str:
        if not self.emu.callback_url:
            raise RuntimeError("set WeComEmulator.callback_url before sending callbacks")
        return self.emu.callback_url

    async def deliver(self, kind: str, userid: str, fields: dict[str, Node]) -> None:
        """POST one callback, trying again on a slow or failed answer, as WeCom does."""
        plain = render_xml(fields)
        url = self._url()
        encrypted, query = self.seal(plain)
        envelope: dict[str, Node] = {"ToUserName": self.emu.corp_id}
        envelope |= {"AgentID": str(self.emu.agent_id), "Encrypt": encrypted}
        body = render_xml(envelope)
        limits = self.emu.limits
        timeout = aiohttp.ClientTimeout(total=limits.callback_timeout)
        for attempt in range(1 + limits.callback_retries):
            start = time.monotonic()
            status: int | None = None
            error: str | None = None
            reply = ""
            try:
                async with self._session().post(
                    url, params=query, data=body.encode(), timeout=timeout
                ) as response:
                    status = response.status
                    reply = await response.text()
            except TimeoutError:
                error = f"no answer within {limits.callback_timeout} s"
            except aiohttp.ClientError as failure:
                error = type(failure).__name__
            attempt_log = CallbackTry(
                kind, userid, attempt + 1, status, time.monotonic() - start, error, plain
            )
            self.emu.state.callback_tries.append(attempt_log)
            if status == 200:
                self._passive_reply(userid, reply, attempt_log)
                return
            if error is None:
                attempt_log.error = f"HTTP {status}"
            await asyncio.sleep(limits.callback_retry_delay)

    def _passive_reply(self, userid: str, reply: str, attempt: CallbackTry) -> None:
        """A reply in the answer (被动回复消息) reaches the member like a sent message."""
        if not reply.strip():
            return
        try:
            sealed = xmltodict.parse(reply)["xml"]
            plain = self.crypto.decrypt_message(
                {"Encrypt": sealed["Encrypt"]},
                sealed["MsgSignature"],
                sealed["TimeStamp"],
                sealed["Nonce"],
            )
        except (WeChatException, ExpatError, KeyError, TypeError, ValueError) as failure:
            # WeCom shows nothing for a reply it cannot read.
            attempt.error = f"unreadable passive reply ({type(failure).__name__})"
            return
        fields: dict[str, Any] = dict(xmltodict.parse(plain)["xml"])
        self.emu.deliver_reply(userid, fields)

    async def verify_url(self) -> tuple[int, str]:
        """WeCom's GET check of the callback URL: (status, body); the body should be the echo."""
        url = self._url()
        self.emu.expected_echo = str(secrets.randbelow(10**19))
        encrypted, query = self.seal(self.emu.expected_echo)
        timeout = aiohttp.ClientTimeout(total=self.emu.limits.callback_timeout)
        params = {**query, "echostr": encrypted}
        async with self._session().get(url, params=params, timeout=timeout) as response:
            return response.status, await response.text()
