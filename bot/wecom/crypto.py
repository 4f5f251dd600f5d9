"""WeCom's callback crypto (加解密): signature checks and AES, by wechatpy, never by hand."""

from __future__ import annotations

from typing import Any

import xmltodict
from wechatpy.enterprise.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidSignatureException, WeChatClientException

__all__ = ["BadCallback", "CallbackCrypto"]


class BadCallback(Exception):
    """A callback whose signature or encryption does not check out; it is ignored."""


class CallbackCrypto:
    """Verify and decrypt what WeCom posts to the callback URL, for one app."""

    def __init__(self, *, token: str, aes_key: str, corp_id: str) -> None:
        self._crypto = WeChatCrypto(token, aes_key, corp_id)

    def verify_url(self, *, signature: str, timestamp: str, nonce: str, echostr: str) -> str:
        """The decrypted echostr of the URL check (GET), which is the answer WeCom expects."""
        try:
            return str(self._crypto.check_signature(signature, timestamp, nonce, echostr))
        except (InvalidSignatureException, WeChatClientException, ValueError) as error:
            raise BadCallback(type(error).__name__) from None

    def decrypt(self, *, body: str, signature: str, timestamp: str, nonce: str) -> dict[str, Any]:
        """The fields of a posted message or event, once its signature is checked."""
        try:
            plain = self._crypto.decrypt_message(body, signature, timestamp, nonce)
            fields = xmltodict.parse(plain)["xml"]
        except Exception as error:  # malformed XML, bad padding, wrong corp id, bad signature
            raise BadCallback(type(error).__name__) from None
        if not isinstance(fields, dict):
            raise BadCallback("not a message")
        return dict(fields)

    def encrypt(self, *, xml: str, nonce: str, timestamp: str) -> str:
        """An encrypted, signed reply envelope (the emulator plays WeCom's side with it)."""
        return str(self._crypto.encrypt_message(xml, nonce, timestamp))
