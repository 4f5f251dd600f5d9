"""WeCom's documented limits, and the sliding windows that count calls and deliveries."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

# 发送应用消息 (path/90236): "文本消息 content ... 最长不超过2048个字节".
MAX_TEXT_BYTES = 2048
# 发送应用消息: touser "最多支持1000个".
MAX_RECIPIENTS = 1000
# 上传临时素材 (path/90389): "所有文件size必须大于5个字节"; 图片 10MB (JPG, PNG), 语音 2MB (AMR),
# 视频 10MB (MP4), 普通文件 20MB.
MIN_MEDIA_BYTES = 5
MAX_MEDIA_BYTES = {
    "image": 10 * 1024 * 1024,
    "voice": 2 * 1024 * 1024,
    "video": 10 * 1024 * 1024,
    "file": 20 * 1024 * 1024,
}


@dataclass(frozen=True)
class WeComLimits:
    """The limits the emulator enforces (None turns a limit off)."""

    # 获取access_token: "正常情况下为7200秒", and "有效期内重复获取返回相同结果".
    token_ttl: float = 7200
    # 发送应用消息, 频率限制: "每应用对同一个成员不可超过30次/分钟，1000次/小时，
    # 超过部分会被丢弃不下发": the call succeeds and the message never arrives.
    member_per_minute: int | None = 30
    member_per_hour: int | None = 1000
    # 主动调用的频率限制: "每企业调用单个cgi/api不可超过1万次/分，15万次/小时";
    # beyond it the call is refused with 45009.
    api_per_minute: int | None = 10_000
    api_per_hour: int | None = 150_000
    # 45033 (接口并发调用超过限制): the docs give no number. The emulator's own: off unless set;
    # `latency` (the emulator's own, seconds per call) keeps calls in flight long enough to overlap.
    max_concurrent: int | None = None
    latency: float = 0.0
    # 接收消息与事件, 使用接收消息: "企业微信服务器在五秒内收不到响应会断掉连接，并且重新发起请求，
    # 总共重试三次". Read as three retries after the first try (four tries in all).
    callback_timeout: float = 5.0
    callback_retries: int = 3
    # The pause between two tries is not documented: the emulator's own.
    callback_retry_delay: float = 0.0
    # 更新模版卡片消息 (path/94888): "response_code的有效期是72小时", and each code is usable once.
    response_code_ttl: float = 72 * 3600
    # 上传临时素材: "该media_id仅三天内有效".
    media_ttl: float = 3 * 86400
    # 获取访问用户身份: the code "只能使用一次，5分钟未被使用自动过期".
    oauth_code_ttl: float = 300
    # 发送应用消息: 重复消息检查 "默认1800秒".
    duplicate_check_interval: float = 1800
    # The docs say over-long text is cut ("超过将截断") and card fields "建议不超过N个字". Strict
    # (the emulator's default) refuses such a message instead, so a test sees what a user would
    # have seen cut; strict=False cuts text as WeCom does and lets long card fields through.
    strict: bool = True


class Window:
    """Counts events in a sliding window of `seconds`."""

    def __init__(self, seconds: float, cap: int | None) -> None:
        self.seconds = seconds
        self.cap = cap
        self.times: deque[float] = deque()

    def full(self, now: float) -> bool:
        """True when one more event would go over the cap."""
        while self.times and self.times[0] <= now - self.seconds:
            self.times.popleft()
        return self.cap is not None and len(self.times) >= self.cap

    def add(self, now: float) -> None:
        """Count one event."""
        self.times.append(now)


class Pacer:
    """Per-key minute and hour windows: `allow` counts an event when both have room."""

    def __init__(self, per_minute: int | None, per_hour: int | None) -> None:
        self.per_minute = per_minute
        self.per_hour = per_hour
        self.windows: dict[str, tuple[Window, Window]] = {}

    def allow(self, key: str, now: float) -> bool:
        """Count an event for `key` if it is within the limits; False (not counted) if not."""
        minute, hour = self.windows.setdefault(
            key, (Window(60, self.per_minute), Window(3600, self.per_hour))
        )
        if minute.full(now) or hour.full(now):
            return False
        minute.add(now)
        hour.add(now)
        return True
