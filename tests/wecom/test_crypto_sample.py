"""The callback crypto reproduces WeCom's own published sample (加解密方案说明, 举例说明)."""

from __future__ import annotations

import pytest
import xmltodict

from bot.wecom.crypto import BadCallback, CallbackCrypto

# The sample company of WeCom's 加解密 documentation.
SAMPLE = CallbackCrypto(
    token="QDG6eK",
    aes_key="jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
    corp_id="wx5823bf96d3bd56c7",
)
ECHOSTR = "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ=="
MESSAGE = (
    "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA["
    "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3Qczc"
    "dCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjv"
    "d4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnv"
    "w2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k2"
    "2Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2Yoyy"
    "H2uyPIGHBZZIs2pDBS8R07+qN+E7Q==]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>"
)


def test_it_answers_the_sample_url_check_with_the_decrypted_echostr() -> None:
    echo = SAMPLE.verify_url(
        signature="5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3",
        timestamp="1409659589",
        nonce="263014780",
        echostr=ECHOSTR,
    )
    assert echo == "1616140317555161061"


def test_it_decrypts_the_sample_message_to_hello_from_mycreate() -> None:
    fields = SAMPLE.decrypt(
        body=MESSAGE,
        signature="477715d11cdb4164915debcba66cb864d751f3e6",
        timestamp="1409659813",
        nonce="1372623149",
    )
    assert fields["FromUserName"] == "mycreate"
    assert fields["MsgType"] == "text"
    assert fields["Content"] == "hello"
    assert fields["AgentID"] == "218"


@pytest.mark.parametrize(
    "signature, timestamp",
    [
        ("477715d11cdb4164915debcba66cb864d751f3e7", "1409659813"),  # one digit off
        ("477715d11cdb4164915debcba66cb864d751f3e6", "1409659814"),  # another timestamp
        ("", "1409659813"),
    ],
)
def test_it_refuses_a_message_whose_signature_is_wrong(signature: str, timestamp: str) -> None:
    with pytest.raises(BadCallback):
        SAMPLE.decrypt(body=MESSAGE, signature=signature, timestamp=timestamp, nonce="1372623149")


def test_it_refuses_a_url_check_with_a_forged_signature() -> None:
    with pytest.raises(BadCallback):
        SAMPLE.verify_url(
            signature="0" * 40, timestamp="1409659589", nonce="263014780", echostr=ECHOSTR
        )


def test_what_it_encrypts_it_decrypts() -> None:
    xml = "<xml><FromUserName>张老师</FromUserName><Content>/me</Content></xml>"
    envelope = SAMPLE.encrypt(xml=xml, nonce="42", timestamp="1700000000")
    outer = xmltodict.parse(envelope)["xml"]
    fields = SAMPLE.decrypt(
        body=envelope, signature=outer["MsgSignature"], timestamp="1700000000", nonce="42"
    )
    assert fields["FromUserName"] == "张老师" and fields["Content"] == "/me"
