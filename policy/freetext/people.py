"""Who and where: the caller's students (by name or 学号), classes (by alias) and dorm rooms."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from models.dorms import normalize_dorm
from policy.freetext.numbers import chinese_number
from policy.freetext.text import Text
from policy.freetext.vocabulary import Matcher, load_vocabulary, matcher

T = TypeVar("T")
_STUDENT_NO = re.compile(r"(?<![\d.])\d{6,14}(?![\d.])")
_CN_DIGIT = "一二三四五六七八九十"
_DORM = re.compile(
    rf"(?:(?<![0-9a-z])(?P<b>[a-z]?\d{{1,3}}[a-z]?)|(?P<cn>[{_CN_DIGIT}]{{1,3}}))"
    r"\s*(?:号楼|号|栋|幢|楼|座|#|-)\s*(?P<r>[a-z]?\d{3,4})(?![\d.])"
)
_EN_DORM = re.compile(r"building\s*(?P<b>[a-z]?\d{1,3})\s*,?\s*room\s*(?P<r>\d{3,4})")
_CLASS_NAME = re.compile(r"^(?P<prefix>\D+?)(?P<yy>\d{2})(?P<nn>\d{2})班?$")


@dataclass(frozen=True)
class StudentRef:
    """One of the caller's students."""

    id: int
    name: str
    student_no: str
    class_id: int | None = None
    class_name: str = ""
    dorm: str | None = None


@dataclass(frozen=True)
class ClassRef:
    """One of the caller's classes and the other ways it is written (机械2302, 23级机械2班)."""

    id: int
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Caller:
    """What the reader may know about the person writing: theirs, and what exists beyond."""

    students: tuple[StudentRef, ...] = ()
    classes: tuple[ClassRef, ...] = ()
    kinds: frozenset[str] = frozenset()
    # Names and 学号 of students who exist but are someone else's: refused, never proposed.
    others: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Ambiguity:
    """A name several of the caller's students share: the card asks which one."""

    name: str
    candidates: tuple[StudentRef, ...]


@dataclass
class People:
    """The students, class and refusals found in a sentence."""

    student_ids: list[int] = field(default_factory=list)
    ambiguous: list[Ambiguity] = field(default_factory=list)
    not_own: list[str] = field(default_factory=list)
    class_ids: list[int] = field(default_factory=list)


def class_aliases(name: str, grade: int | None = None) -> tuple[str, ...]:
    """Ways a class named like `机械2302班` is written: 机械2302, 2302班, 23级机械2班, …

    The roster's name is taken apart as major prefix, two digits of year, two of number; a
    longer prefix (机电机械2301班, the demo's college + major) also yields its last two
    characters. Names of other shapes keep themselves, and their form without 班 when it has
    a number in it.
    """
    bare = name.removesuffix("班")
    # Without a number, the bare form is a common word (实验 of 实验班, in 实验室安全).
    aliases = [name, bare] if any(c.isdigit() for c in bare) else [name]
    match = _CLASS_NAME.match(name)
    if match is not None:
        yy, nn, number = match["yy"], match["nn"], str(int(match["nn"]))
        if grade is not None and str(grade)[-2:] != yy:
            return tuple(dict.fromkeys(aliases))
        for prefix in dict.fromkeys([match["prefix"], match["prefix"][-2:]]):
            aliases += [
                f"{prefix}{yy}{nn}",
                f"{yy}级{prefix}{number}班",
                f"20{yy}级{prefix}{number}班",
            ]
            aliases += [f"{prefix}{yy}-{number}", f"{yy}级{prefix}{nn}班"]
        aliases.append(f"{yy}{nn}班")
    return tuple(dict.fromkeys(aliases))


def find_people(text: Text, caller: Caller) -> People:
    """Students by 学号 or full name, and classes by alias; someone else's are refused."""
    found = People()
    by_no = {s.student_no: s for s in caller.students}
    named_by_no: set[int] = set()
    for match in _STUDENT_NO.finditer(text.free):
        number = match.group()
        if number in by_no:
            _add(found.student_ids, by_no[number].id)
            named_by_no.add(by_no[number].id)
        elif number in caller.others:
            _add(found.not_own, number)
        else:
            continue
        text.consume(match.span())
    for hit in _class_matcher(caller.classes).find(text.free):
        _add(found.class_ids, int(hit.code))
        text.consume(hit.span)
    own = tuple(sorted({s.name.lower() for s in caller.students}))
    names = matcher(("own", own), ("other", tuple(sorted(n.lower() for n in caller.others))))
    for hit in names.find(text.free):
        if not _stands_as_name(text.free, hit.start, hit.end):
            continue
        name = text.folded[hit.start : hit.end]
        text.consume(hit.span)
        if hit.code == "other":
            _add(found.not_own, text.raw_slice(hit.start, hit.end))
            continue
        same = tuple(s for s in caller.students if s.name.lower() == name)
        chosen = _disambiguate(same, named_by_no, found.class_ids)
        if chosen is not None:
            _add(found.student_ids, chosen.id)
        elif not any(a.name == same[0].name for a in found.ambiguous):
            found.ambiguous.append(Ambiguity(same[0].name, same))
    return found


def _stands_as_name(free: str, start: int, end: int) -> bool:
    """Whether a name is written as one, not inside a word (很高兴) or a longer name (张伟强)."""
    words = load_vocabulary()
    before, after = free[start - 1 : start], free[end : end + 1]
    return before not in words.name_not_after and after not in words.name_not_before


def _disambiguate(
    same: tuple[StudentRef, ...], by_no: set[int], class_ids: list[int]
) -> StudentRef | None:
    """One student for a name: the only one, or the one the 学号 or a class points at."""
    if len(same) == 1:
        return same[0]
    for narrowed in (
        [s for s in same if s.id in by_no],
        [s for s in same if s.class_id in class_ids],
    ):
        if len(narrowed) == 1:
            return narrowed[0]
    return None


def _class_matcher(classes: tuple[ClassRef, ...]) -> Matcher:
    """Every alias of the caller's classes; an alias two classes share names neither."""
    owners: dict[str, set[int]] = {}
    for cls in classes:
        for alias in (cls.name, *cls.aliases):
            owners.setdefault(alias.lower(), set()).add(cls.id)
    groups: dict[str, list[str]] = {}
    for alias, ids in owners.items():
        if len(ids) == 1:
            groups.setdefault(str(next(iter(ids))), []).append(alias)
    return Matcher(groups)


def find_dorm(text: Text) -> str | None:
    """The first dorm room written (5号楼302, 5#302, 五号楼 302, 5-302), in the roster's form."""
    for pattern in (_EN_DORM, _DORM):
        match = pattern.search(text.free)
        if match is None:
            continue
        building = match["b"] or str(int(chinese_number(match["cn"]) or 0))
        room = normalize_dorm(f"{building}号楼 {match['r']}")
        if room is not None:
            text.consume(match.span())
            return room
    return None


def _add(items: list[T], item: T) -> None:
    """Append once, keeping the order in which things were written."""
    if item not in items:
        items.append(item)


def dorm_of(students: Iterable[StudentRef], ids: list[int]) -> str | None:
    """The dorm of the one student named, when a visit names a student instead of a room."""
    rooms = {s.dorm for s in students if s.id in ids and s.dorm}
    return next(iter(rooms)) if len(ids) == 1 and len(rooms) == 1 else None
