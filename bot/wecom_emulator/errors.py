"""WeCom's answers to a refused call: an errcode, its errmsg, and sometimes more fields.

The codes are those of 全局错误码 (developer.work.weixin.qq.com/document/path/90313). WeCom
answers HTTP 200 with the errcode in the JSON body; only an outage gives another status.
"""

from __future__ import annotations

from typing import Any

# errcode -> errmsg, worded as WeCom's answers are (English, short); the Chinese meaning of
# each code in 全局错误码 follows in the comment.
ERRMSG: dict[int, str] = {
    -1: "system busy",  # 系统繁忙
    40001: "invalid credential",  # 不合法的secret参数
    40004: "invalid media type",  # 不合法的媒体文件类型
    40005: "invalid type",  # 不合法的type参数
    40006: "invalid file size",  # 不合法的文件大小
    40007: "invalid media_id",  # 不合法的media_id参数
    40008: "invalid message type",  # 不合法的msgtype参数
    40009: "invalid image size",  # 上传图片大小不是有效值
    40011: "invalid video size",  # 上传视频大小不是有效值
    40013: "invalid corpid",  # 不合法的CorpID
    40014: "invalid access_token",  # 不合法的access_token
    40016: "invalid button size",  # 不合法的按钮个数
    40017: "invalid button type",  # 不合法的按钮类型
    40018: "invalid button name size",  # 不合法的按钮名字长度
    40019: "invalid button key size",  # 不合法的按钮KEY长度
    40020: "invalid button url size",  # 不合法的按钮URL长度
    40023: "invalid sub button size",  # 不合法的子菜单按钮个数
    40024: "invalid sub button type",  # 不合法的子菜单按钮类型
    40025: "invalid sub button name size",  # 不合法的子菜单按钮名字长度
    40026: "invalid sub button key size",  # 不合法的子菜单按钮KEY长度
    40027: "invalid sub button url size",  # 不合法的子菜单按钮URL长度
    40029: "invalid code",  # 不合法的oauth_code
    40032: "invalid userid list size",  # 不合法的UserID列表长度
    40056: "invalid agentid",  # 不合法的agentid
    40058: "invalid parameter",  # 不合法的参数
    41001: "access_token missing",  # 缺少access_token参数
    41002: "corpid missing",  # 缺少corpid参数
    41004: "corpsecret missing",  # 缺少secret参数
    41006: "media_id missing",  # 缺少media_id参数
    41008: "missing code",  # 缺少oauth code参数
    41011: "missing agentid",  # 缺少agentid参数
    42001: "access_token expired",  # access_token已过期
    44001: "empty media data",  # 多媒体文件为空
    44004: "empty content",  # 文本消息content参数为空
    45001: "media size out of limit",  # 多媒体文件大小超过限制
    45002: "content size out of limit",  # 消息内容大小超过限制
    45009: "api freq out of limit",  # 接口调用超过限制
    45033: "api concurrent out of limit",  # 接口并发调用超过限制
    46003: "menu no exist",  # 菜单未设置
    47001: "data format error",  # 解析JSON/XML内容失败
    81013: "user & party & tag all invalid",  # UserID、部门ID、标签ID全部非法或无权限
}


class WeComError(Exception):
    """A refused call: becomes {"errcode": ..., "errmsg": ...} plus any extra fields."""

    def __init__(self, errcode: int, detail: str = "", **extra: Any) -> None:
        self.errcode = errcode
        base = ERRMSG.get(errcode, "error")
        self.errmsg = f"{base}: {detail}" if detail else base
        self.extra = extra
        super().__init__(f"{errcode} {self.errmsg}")

    def body(self) -> dict[str, Any]:
        """The JSON WeCom answers."""
        return {"errcode": self.errcode, "errmsg": self.errmsg, **self.extra}
