"""gettoken, media, menu and web-login identity: the calls around sending messages."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.wecom_emulator.errors import WeComError
from bot.wecom_emulator.limits import MAX_MEDIA_BYTES, MIN_MEDIA_BYTES
from bot.wecom_emulator.messages import check_agent
from bot.wecom_emulator.state import Media, Token

if TYPE_CHECKING:
    from bot.wecom_emulator.server import WeComEmulator


@dataclass
class Upload:
    """The `media` part of a multipart upload."""

    filename: str
    content: bytes
    content_type: str


def gettoken(emu: WeComEmulator, query: dict[str, str]) -> dict[str, Any]:
    """获取access_token: the same token while it lives ("有效期内重复获取返回相同结果")."""
    corpid, secret = query.get("corpid"), query.get("corpsecret")
    if not corpid:
        raise WeComError(41002)
    if not secret:
        raise WeComError(41004)
    if corpid != emu.corp_id:
        raise WeComError(40013)
    if secret != emu.secret:
        raise WeComError(40001)
    now = emu.now()
    live = [t for t in emu.state.tokens.values() if not t.revoked and t.expires_at > now]
    token = live[0] if live else None
    if token is None:
        token = Token(secrets.token_urlsafe(48), now + emu.limits.token_ttl)
        emu.state.tokens[token.value] = token
    expires_in = max(1, int(token.expires_at - now))
    return {"errcode": 0, "errmsg": "ok", "access_token": token.value, "expires_in": expires_in}


def check_token(emu: WeComEmulator, value: str | None) -> None:
    """41001 without a token, 40014 for one WeCom never gave, 42001 for an expired one."""
    if not value:
        raise WeComError(41001)
    token = emu.state.tokens.get(value)
    if token is None:
        raise WeComError(40014)
    if token.revoked or token.expires_at <= emu.now():
        raise WeComError(42001)


def _format_ok(kind: str, content: bytes) -> bool:
    """上传临时素材: 图片 "支持JPG,PNG格式", 语音 "仅支持AMR格式", 视频 "支持MP4格式"."""
    if kind == "image":
        return content.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"))
    if kind == "voice":
        return content.startswith(b"#!AMR")
    if kind == "video":
        return content[4:8] == b"ftyp"
    return True


async def media_upload(emu: WeComEmulator, query: dict[str, str], upload: Any) -> dict[str, Any]:
    """上传临时素材 (path/90389): multipart field "media"; a media_id lives three days."""
    kind = query.get("type", "")
    if kind not in MAX_MEDIA_BYTES:
        raise WeComError(40005, f"type {kind!r} is not image, voice, video or file")
    if not isinstance(upload, Upload) or not upload.content:
        raise WeComError(44001, 'send the file as the multipart field "media"')
    size = len(upload.content)
    if size <= MIN_MEDIA_BYTES or size > MAX_MEDIA_BYTES[kind]:
        code = {"image": 40009, "video": 40011}.get(kind, 40006)
        raise WeComError(code, f"{size} bytes; {kind} takes 6 to {MAX_MEDIA_BYTES[kind]}")
    if not _format_ok(kind, upload.content):
        raise WeComError(40004, f"not a format {kind} takes")
    media = Media(
        "M" + secrets.token_urlsafe(32),
        kind,
        upload.filename,
        upload.content,
        upload.content_type,
        emu.now(),
    )
    emu.state.media[media.media_id] = media
    created = str(int(media.created_at))
    answer = {"errcode": 0, "errmsg": "", "type": kind, "media_id": media.media_id}
    return {**answer, "created_at": created}


async def media_get(emu: WeComEmulator, query: dict[str, str], body: Any) -> web.Response:
    """获取临时素材 (path/90254): the bytes, or errcode 40007."""
    media = emu.state.media.get(query.get("media_id", ""))
    if media is None or emu.now() > media.created_at + emu.limits.media_ttl:
        raise WeComError(40007)
    disposition = f'attachment; filename="{media.filename}"'
    return web.Response(
        body=media.content,
        content_type=media.content_type,
        headers={"Content-Disposition": disposition},
    )


# 创建菜单: "button 一级菜单数组，个数应为1~3个", "sub_button 二级菜单数组，个数应为1~5个",
# "name 菜单的标题，不超过16个字节，子菜单不超过40个字节", "key ... 不超过128字节",
# url "不超过256字节" (view). The errcodes are those of 全局错误码 for each rule.
MENU_TYPES = {
    "click",
    "view",
    "scancode_push",
    "scancode_waitmsg",
    "pic_sysphoto",
    "pic_photo_or_album",
    "pic_weixin",
    "location_select",
    "view_miniprogram",
}


def _menu_button(button: Any, sub: bool) -> None:
    # (count, type, name, key, url) errcodes for a top button and for a sub button.
    codes = (40023, 40024, 40025, 40026, 40027) if sub else (40016, 40017, 40018, 40019, 40020)
    if not isinstance(button, dict):
        raise WeComError(codes[1])
    name = str(button.get("name") or "")
    if not name or len(name.encode()) > (40 if sub else 16):
        raise WeComError(codes[2], f"name {name!r}")
    if "sub_button" in button and not sub:
        subs = button["sub_button"]
        if not isinstance(subs, list) or not 1 <= len(subs) <= 5:
            raise WeComError(40023, "a sub menu holds 1 to 5 buttons")
        for child in subs:
            _menu_button(child, True)
        return
    kind = button.get("type")
    if kind not in MENU_TYPES:
        raise WeComError(codes[1], f"type {kind!r}")
    if kind == "view":
        url = str(button.get("url") or "")
        if not url or len(url.encode()) > 256:
            raise WeComError(codes[4])
    elif kind != "view_miniprogram":
        key = str(button.get("key") or "")
        if not key or len(key.encode()) > 128:
            raise WeComError(codes[3], f"key {key!r}")


async def menu_create(emu: WeComEmulator, query: dict[str, str], body: Any) -> dict[str, Any]:
    """创建菜单: agentid in the query, {"button": [...]} in the body."""
    check_agent(emu, query.get("agentid"))
    buttons = body.get("button") if isinstance(body, dict) else None
    if not isinstance(buttons, list) or not 1 <= len(buttons) <= 3:
        raise WeComError(40016, "the menu holds 1 to 3 buttons")
    for button in buttons:
        _menu_button(button, False)
    emu.state.menu = {"button": buttons}
    return {"errcode": 0, "errmsg": "ok"}


async def menu_get(emu: WeComEmulator, query: dict[str, str], body: Any) -> dict[str, Any]:
    """获取菜单: 46003 when none is set."""
    check_agent(emu, query.get("agentid"))
    if emu.state.menu is None:
        raise WeComError(46003)
    return {"errcode": 0, "errmsg": "ok", **emu.state.menu}


async def menu_delete(emu: WeComEmulator, query: dict[str, str], body: Any) -> dict[str, Any]:
    """删除菜单."""
    check_agent(emu, query.get("agentid"))
    emu.state.menu = None
    return {"errcode": 0, "errmsg": "ok"}


def _oauth_user(emu: WeComEmulator, query: dict[str, str]) -> str:
    code = query.get("code")
    if not code:
        raise WeComError(41008)
    grant = emu.state.oauth_codes.get(code)
    if grant is None or grant.used or emu.now() > grant.expires_at:
        # 获取访问用户身份: the code "只能使用一次，5分钟未被使用自动过期".
        raise WeComError(40029)
    grant.used = True
    return grant.userid


async def auth_userinfo(emu: WeComEmulator, query: dict[str, str], body: Any) -> dict[str, Any]:
    """获取访问用户身份 (auth/getuserinfo): userid for a member, openid for anyone else."""
    userid = _oauth_user(emu, query)
    member = emu.state.member(userid)
    if member is None:
        return {"errcode": 0, "errmsg": "ok", "openid": f"o{userid}"}
    return {"errcode": 0, "errmsg": "ok", "userid": member}


async def legacy_userinfo(emu: WeComEmulator, query: dict[str, str], body: Any) -> dict[str, Any]:
    """The older user/getuserinfo, which answers UserId."""
    userid = _oauth_user(emu, query)
    member = emu.state.member(userid)
    if member is None:
        return {"errcode": 0, "errmsg": "ok", "OpenId": f"o{userid}"}
    return {"errcode": 0, "errmsg": "ok", "UserId": member, "DeviceId": ""}
