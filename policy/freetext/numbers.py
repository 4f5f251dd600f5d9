"""Numbers as counselors write them (41, ４１, 四十一, 两): attendance 到了41人, hours 4学时."""

from __future__ import annotations

import re

from policy.freetext.text import Text

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_DIGITS |= {"七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
# A number in digits (after NFKC folding) or in Chinese numerals, for use inside patterns.
NUM = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"

# Attendance phrasings, most explicit first; a bare "41人" is only the last resort.
_ATTENDANCE = [
    re.compile(p)
    for p in (
        rf"(?:到了|实到|出席|到场|参加了?|出勤|共|参测|参测人数|参加人数|出席人数|到会)\s*:?\s*(?P<n>{NUM})\s*(?:人|名)?",
        rf"(?P<n>{NUM})\s*(?:人|名同学|名学生|名)\s*(?:参加|参与|出席|到场|到会|参测)",
        r"(?P<n>\d+)\s+(?:students?\s+)?(?:attended|present|came)",
        r"(?:attendance|attended by)\s*:?\s*(?P<n>\d+)",
        r"(?P<n>\d+)\s+students",
    )
]
_BARE_PEOPLE = re.compile(rf"(?<![缺请假旷])(?<!缺席)(?<!缺勤)(?<![\d.])(?P<n>{NUM})\s*人(?!次)")
_HOURS = re.compile(rf"(?P<n>{NUM})\s*(?:个)?\s*(?:学时|小时|课时|hours?\b|h\b)")


def chinese_number(word: str) -> float | None:
    """`41`, `4.5`, `四十一`, `两`, `十二` → the number; None if it is not one."""
    if re.fullmatch(r"\d+(?:\.\d+)?", word):
        return float(word)
    if not word or any(c not in _DIGITS and c not in _UNITS for c in word):
        return None
    # 四十一 = 4×10 + 1; a unit without a digit before it counts once (十二 = 12).
    total, current = 0, 0
    for char in word:
        if char in _DIGITS:
            current = _DIGITS[char]
        else:
            total += (current or 1) * _UNITS[char]
            current = 0
    return float(total + current)


def find_attendance(text: Text) -> int | None:
    """How many people took part, as the sentence says it."""
    for pattern in [*_ATTENDANCE, _BARE_PEOPLE]:
        for match in pattern.finditer(text.free):
            value = chinese_number(match["n"])
            if value is not None and value.is_integer():
                text.consume(match.span())
                return int(value)
    return None


def find_hours(text: Text) -> float | None:
    """How many hours (学时) a training lasted."""
    match = _HOURS.search(text.free)
    if match is None:
        return None
    text.consume(match.span())
    return chinese_number(match["n"])
