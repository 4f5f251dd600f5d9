"""Days and times of day in a sentence: 今天, 上周三, 3月12日, 3.12, 上个月30号, 月底, 上周末."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta

from policy.freetext.numbers import chinese_number
from policy.freetext.text import Text
from policy.freetext.vocabulary import Matcher
from policy.kinds import MAX_DAYS_BACK

# A month and day without a year more than this far ahead mean last year's (12-30 on Jan 2).
FUTURE_SLACK_DAYS = 31

_RELATIVE = {
    **dict.fromkeys(("今天", "今日", "今晚", "今早", "today", "tonight", "this morning"), 0),
    **dict.fromkeys(("今儿", "今儿个", "今天早上"), 0),
    **dict.fromkeys(("昨儿", "昨儿个", "昨早"), 1),
    **dict.fromkeys(("大前天", "大前晚"), 3),
    **dict.fromkeys(("this afternoon", "this evening"), 0),
    **dict.fromkeys(("昨天", "昨日", "昨晚", "yesterday", "last night"), 1),
    **dict.fromkeys(("前天", "前晚"), 2),
    **dict.fromkeys(("明天", "明早", "明晚", "tomorrow"), -1),
    "后天": -2,
}
_RELATIVE_WORDS = Matcher(
    {str(back): tuple(w for w, b in _RELATIVE.items() if b == back) for back in _RELATIVE.values()}
)
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_WEEKDAYS |= {str(n + 1): n for n in range(7)}
_EN_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_PATTERNS = {
    "iso": re.compile(r"(?<!\d)(?P<y>\d{4})[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})日?"),
    "month_day": re.compile(r"(?<![\d.])(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]?"),
    # 十一月三十日: in Chinese numerals, only with 日 or 号 after the day.
    "month_day_cn": re.compile(
        r"(?<![一二三四五六七八九十])(?P<m>十[一二]?|[一二三四五六七八九])月"
        r"(?P<d>[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])[日号]"
    ),
    # 3.12 or 3/12, but not 1.5小时 or 95.5%.
    "dotted": re.compile(
        r"(?<![\d./-])(?P<m>\d{1,2})[./](?P<d>\d{1,2})(?![\d./%]|\s*(?:学时|小时|课时|个|h\b|分))"
    ),
    # 11-27, as a phone keyboard writes it; not 7-305 (a room) nor 10-15人 (a count).
    "dashed": re.compile(
        r"(?<![\d./a-z-])(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d./%-]|\s*(?:人|名|个|层|楼|号|天))"
    ),
    # 上个月30号, 本月1号, 下个月3号: a day of a month named by where it stands.
    "month_rel": re.compile(
        r"(?P<p>上个?|本|这个?|下个?)月\s*(?P<d>\d{1,2}|[一二三]?十[一二三四五六七八九]?|"
        r"[一二三四五六七八九])\s*[号日]"
    ),
    # 月底, 上月底, 本月底: the last day of a month.
    "month_end": re.compile(r"(?P<p>上个?|本|这个?)?月底"),
    # 上周末, 周末, 这周末: the Saturday of a weekend.
    "weekend": re.compile(r"(?P<p>上|这|本)?个?(?:周末|weekend)"),
    # 12号, but not 5号楼 (a building).
    "day": re.compile(r"(?<![\d月.#-])(?P<d>\d{1,2})\s*[号日](?!楼|栋|床|宿舍|寝|教|线|门|馆|\d)"),
    "weekday": re.compile(
        r"(?<!第)(?P<p>上|这|本|下)?(?:周|星期|礼拜)(?P<w>[一二三四五六日天1-7])"
    ),
    "en_weekday": re.compile(rf"(?P<p>last\s+|this\s+)?(?P<w>{'|'.join(_EN_DAYS)})"),
}
_CLOCK = re.compile(
    r"(?<![\d:.])(?P<h>\d{1,2})\s*(?::(?P<m>\d{2})|点\s*(?:(?P<half>半)|(?P<min>\d{1,2})分?)?|"
    r"\s*(?P<ampm>am|pm)\b)"
)
# 两点半, 七点: an hour in Chinese numerals, taken only beside a part of the day (晚上七点) or
# with 半/钟/整 after it, since 一点 alone is mostly "a little" (有一点想家).
_CN_CLOCK = re.compile(
    r"(?<![一二两三四五六七八九十])(?P<h>十[一二]?|[一二两三四五六七八九])点"
    r"(?:(?P<half>半)|(?P<min>[一二三四五]十[一二三四五六七八九]?|\d{1,2})分?|(?P<on>钟|整))?"
)
# 周一晚, 3号晚, 1号早上 is read by its word: the bare 晚/早 right after a day.
_DAY_PART = re.compile(r"(?:(?:周|星期|礼拜)[一二三四五六日天1-7]|\d{1,2}[号日])(?P<p>晚|早)")
# 一晚上, 整晚 are how long, not when.
_DURATION_BEFORE = ("一", "整", "半", "两", "几", "每")


@dataclass(frozen=True)
class DayFound:
    """The day a sentence names, or why it cannot be used (a locale key's tail)."""

    day: date | None = None
    problem: str | None = None


def find_day(text: Text, today: date) -> DayFound:
    """The first day written in the sentence, checked as a day of work (past, ≤30 days back)."""
    found: list[tuple[int, int, date | None, str | None]] = []
    for hit in _RELATIVE_WORDS.find(text.free):
        back = int(hit.code)
        day = today - timedelta(days=back) if back >= 0 else None
        found.append((hit.start, hit.end, day, None if back >= 0 else "date-future"))
    for name, pattern in _PATTERNS.items():
        for match in pattern.finditer(text.free):
            try:
                day = _day_of(name, match, today)
            except ValueError:
                if name != "dashed":  # 3-45 is not a day someone meant to write
                    found.append((match.start(), match.end(), None, "date-invalid"))
                continue
            if day is not None:
                found.append((match.start(), match.end(), day, None))
    if not found:
        return DayFound()
    start, end, day, problem = min(found, key=lambda f: f[0])
    text.consume((start, end))
    if day is None:
        return DayFound(problem=problem)
    if day > today:
        return DayFound(problem="date-future")
    if (today - day).days > MAX_DAYS_BACK:
        return DayFound(problem="date-too-old")
    return DayFound(day=day)


def _day_of(name: str, match: re.Match[str], today: date) -> date | None:
    """The day one pattern's match stands for (ValueError when no such day exists)."""
    if name == "iso":
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    if name in ("month_rel", "month_end", "weekend"):
        return _relative_day(name, match, today)
    if name in ("month_day", "dotted", "dashed", "month_day_cn"):
        month, day = (int(chinese_number(match[g]) or 0) for g in ("m", "d"))
        guess = date(today.year, month, day)
        if (guess - today).days > FUTURE_SLACK_DAYS:
            return guess.replace(year=today.year - 1)
        return guess
    if name == "day":
        # The latest such day not after today: 12号 on December 2nd is November 12th.
        day = int(match["d"])
        if day <= today.day:
            return today.replace(day=day)
        last_month = today.replace(day=1) - timedelta(days=1)
        return last_month.replace(day=day)
    weekday = _WEEKDAYS[match["w"]] if name == "weekday" else _EN_DAYS.index(match["w"])
    prefix = (match["p"] or "").strip()
    monday = today - timedelta(days=today.weekday())
    if prefix in ("上", "last"):
        return monday - timedelta(days=7 - weekday)
    if prefix in ("这", "本", "this"):
        return monday + timedelta(days=weekday)
    if prefix in ("下", "next"):
        # Next week is still to come: the day is returned so that it is refused as future.
        return monday + timedelta(days=7 + weekday)
    return today - timedelta(days=(today.weekday() - weekday) % 7)


def _relative_day(name: str, match: re.Match[str], today: date) -> date:
    """上个月30号, 月底, 上周末: days named by the month or week they stand in.

    A day past the end of a short month is that month's last day (上个月30号 in March is
    28 or 29 February): the person meant the end of the month, and the card shows the day.
    月底 alone is the latest month end not after today; a weekend is its Saturday.
    """
    prefix = (match["p"] or "").rstrip("个")
    this_month = today.replace(day=1)
    if name == "weekend":
        monday = today - timedelta(days=today.weekday())
        if prefix == "上":
            return monday - timedelta(days=2)
        if prefix in ("这", "本"):
            return monday + timedelta(days=5)
        return today - timedelta(days=(today.weekday() - 5) % 7)
    month = {"上": _month_before(this_month), "下": _month_after(this_month)}.get(
        prefix, this_month
    )
    last = _month_after(month) - timedelta(days=1)
    if name == "month_end":
        if prefix == "" and last > today:
            return this_month - timedelta(days=1)
        return last
    day = int(chinese_number(match["d"]) or 0)
    if day < 1:
        raise ValueError(day)
    return month.replace(day=min(day, last.day))


def _month_before(first: date) -> date:
    """The first day of the month before."""
    return (first - timedelta(days=1)).replace(day=1)


def _month_after(first: date) -> date:
    """The first day of the month after."""
    return (first + timedelta(days=32)).replace(day=1)


def _part_of_day(text: str, words: Matcher) -> str | None:
    """The first part of the day written as such (not 一晚上, a duration)."""
    for hit in words.find(text):
        if not text[: hit.start].endswith(_DURATION_BEFORE):
            return hit.code
    match = _DAY_PART.search(text)
    if match is None:
        return None
    return "evening" if match["p"] == "晚" else "morning"


def find_time_of_day(text: Text, words: Matcher) -> tuple[str | None, time | None]:
    """The part of the day (上午, 晚上 …) and the clock time (9点, 21:30), when written."""
    period = _part_of_day(text.unquoted, words)
    match = _CLOCK.search(text.free)
    if match is not None:
        hour = int(match["h"])
        minute = 30 if match["half"] else int(match["m"] or match["min"] or 0)
    else:
        match = _CN_CLOCK.search(text.free)
        if match is None or not (period or match["half"] or match["min"] or match["on"]):
            return period, None
        hour = int(chinese_number(match["h"]) or 0)
        minute = 30 if match["half"] else int(chinese_number(match["min"] or "0") or 0)
    text.consume(match.span())
    # 晚上9点 is 21:00 and 3pm is 15:00; 中午1点 is 13:00.
    later = period in ("afternoon", "evening") or match.groupdict().get("ampm") == "pm"
    if (later and hour < 12) or (period == "noon" and hour < 6):
        hour += 12
    if hour > 23 or minute > 59:
        return period, None
    return period, time(hour, minute)
