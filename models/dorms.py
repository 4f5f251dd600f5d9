"""Dorm rooms as people write them, folded to one form: `7号楼 312`."""

from __future__ import annotations

import re
import unicodedata

_ROOM = re.compile(
    r"^(?P<building>[A-Za-z]?\d{1,3}[A-Za-z]?|[A-Za-z]|[\u4e00-\u9fff]{1,6}?\d{0,3})"
    r"\s*(?:号楼|号|栋|幢|楼|座|#|-|－|—|\s)\s*"
    r"(?P<room>[A-Za-z]?\d{2,5}[A-Za-z]?)(?:室|房间)?$"
)


def normalize_dorm(text: str) -> str | None:
    """`7号楼312`, `7-312`, `7栋312`, `７号楼　３１２` → `7号楼 312`; None if unclear."""
    folded = unicodedata.normalize("NFKC", text).strip()
    folded = re.sub(r"\s+", " ", folded)
    match = _ROOM.match(folded)
    if match is None:
        return None
    building = match["building"].upper()
    if building[-1].isdigit() or (building[-1].isalpha() and building.isascii()):
        building += "号楼"
    return f"{building} {match['room'].upper()}"


def split_dorm(dorm: str) -> tuple[str, str]:
    """The building and the room of a normalised dorm."""
    building, _, room = dorm.partition(" ")
    return building, room
