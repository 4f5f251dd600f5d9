"""Read one sentence into a proposed work record: pure, offline, all words from freetext.yaml.

A counselor writes 「今晚去5号楼302走访，卫生较差，有人用违规电器」 and the reader proposes a
dorm visit at 5号楼 302 today, evening, findings hygiene and appliance. It proposes; the
confirmation card shows every field, asks for the missing ones, and saves only on 确认.

1. Fold the text (full-width to half-width, lower case) and set quoted parts aside: a title
   in 《》 or a theme in “” is a course or theme, never a kind, name or crisis.
2. Take what has a shape, each step blanking what it used so that no later step reads it
   again: links, 学号 and names of students, class aliases, the day, the clock time, the dorm
   room, the attendance, the hours, the classroom.
3. Read the kind from its words (highest priority, then the earliest), then the kind's
   subtype, choices, findings and theme; a crisis word is proposed, never set.
4. Keep only what the kind has a field for (a class named in a talk only told which 张伟).

The note is the sentence kept whole, as typed. The issue asks for "what is left of the
sentence, kept whole": cutting the recognized words out of Chinese leaves fragments
(「今晚去走访，，有人用」) that a reader of the record cannot follow, and every recognized value
is already a field of its own; the whole sentence is what the counselor meant to write down.

There is no locale argument: Chinese and English words are read for everybody, since people
mix them (「dorm 5-302 卫生差」), and the reader returns codes, never words to show.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, time
from typing import Any, TypeVar

from policy.freetext.dates import find_day, find_time_of_day
from policy.freetext.numbers import find_attendance, find_hours
from policy.freetext.people import Ambiguity, Caller, dorm_of, find_dorm, find_people
from policy.freetext.text import Text
from policy.freetext.themes import find_theme
from policy.freetext.vocabulary import groups, load_vocabulary, matcher
from policy.freetext.words import (
    crisis_words,
    find_choice,
    find_findings,
    find_kind,
    find_subtype,
)
from policy.kinds import NOTE_MAX_LENGTH, ActivityKind, load_kinds

N = TypeVar("N", int, float)
_CLASSROOM = re.compile(r"(?P<b>\d{1,2})\s*教\s*(?P<r>\d{3})(?!\d)|(?P<x>[a-z]\d{3})教室")


@dataclass(frozen=True)
class Proposal:
    """A record as the sentence proposes it; None or empty where nothing was recognized."""

    kind: str | None
    note: str
    student_ids: tuple[int, ...] = ()
    ambiguous: tuple[Ambiguity, ...] = ()
    not_own: tuple[str, ...] = ()
    class_id: int | None = None
    dorm: str | None = None
    occurred_on: date | None = None
    # Why a written day was not taken: date-future, date-too-old or date-invalid.
    date_problem: str | None = None
    time_of_day: str | None = None
    at: time | None = None
    subtype: str | None = None
    theme: str | None = None
    attendance: int | None = None
    hours: float | None = None
    findings: tuple[str, ...] = ()
    # Other fields of the kind by key: relation, channel, platform, link, course, classroom.
    details: Mapping[str, str] = field(default_factory=dict)
    # A crisis word was written: the card must ask, never save it as set.
    crisis_proposed: bool = False

    def values(self) -> dict[str, Any]:
        """The recognized values by field key of the kind, as the /log form keeps them."""
        kind = load_kinds().get(self.kind) if self.kind else None
        if kind is None:
            return {}
        known: dict[str, Any] = {
            "student": self.student_ids[0] if len(self.student_ids) == 1 else None,
            "class": self.class_id,
            "dorm": self.dorm,
            "occurred_on": self.occurred_on.isoformat() if self.occurred_on else None,
            "subtype": self.subtype,
            "theme": self.theme,
            "attendance": self.attendance,
            "hours": self.hours,
            "findings": list(self.findings) or None,
            "note": self.note or None,
            **self.details,
        }
        return {f.key: known[f.key] for f in kind.fields if known.get(f.key) is not None}


def read(text: str, *, today: date, caller: Caller) -> Proposal:
    """Propose a record from one sentence in Chinese or English; `today` is the local date."""
    vocabulary, kinds = load_vocabulary(), load_kinds()
    sentence = Text(text)
    people = find_people(sentence, caller)
    day = find_day(sentence, today)
    period, clock = find_time_of_day(sentence, matcher(*groups(vocabulary.time_of_day)))
    dorm = find_dorm(sentence)
    attendance = find_attendance(sentence)
    hours = find_hours(sentence)
    classroom = _take(sentence, _CLASSROOM)
    allowed = [k.code for k in kinds.kinds if k.code in caller.kinds]
    named = bool(people.student_ids or people.ambiguous or people.not_own)
    found = find_kind(sentence, vocabulary, allowed, person=named)
    kind = kinds.get(found.code) if found.code else None
    proposal = Proposal(
        kind=found.code,
        note=text.strip()[:NOTE_MAX_LENGTH],
        student_ids=tuple(people.student_ids),
        ambiguous=tuple(people.ambiguous),
        not_own=tuple(people.not_own),
        class_id=people.class_ids[0] if people.class_ids else None,
        dorm=dorm,
        occurred_on=day.day,
        date_problem=day.problem,
        time_of_day=period,
        at=clock,
        attendance=attendance,
        hours=hours,
        crisis_proposed=crisis_words(sentence, vocabulary),
    )
    if kind is None:
        return proposal
    details = {"link": sentence.link(), "classroom": classroom}
    return _fit(proposal, kind, _kind_values(sentence, kind, found.word, caller, proposal, details))


def _kind_values(
    sentence: Text,
    kind: ActivityKind,
    kind_word: tuple[int, int] | None,
    caller: Caller,
    proposal: Proposal,
    shaped: dict[str, str | None],
) -> dict[str, Any]:
    """The values that depend on the kind: subtype, choices, findings, theme, texts."""
    vocabulary = load_vocabulary()
    words = vocabulary.kinds[kind.code]
    subtype = find_subtype(sentence, words) if kind.field("subtype") else None
    details: dict[str, str] = {}
    for spec in kind.fields:
        if spec.type == "choice" and spec.key not in ("subtype", "findings"):
            choice = find_choice(sentence, vocabulary, spec.key, spec.options)
            if choice is not None:
                details[spec.key] = choice
        elif spec.key == "course" and (title := sentence.quoted(titles=True)):
            details["course"] = title
        elif spec.key in shaped and (value := shaped[spec.key]) is not None:
            details[spec.key] = value
    theme = None
    if (theme_spec := kind.field("theme")) is not None:
        taken = [kind_word, subtype.span if subtype else None]
        theme = find_theme(sentence, vocabulary, titles=not kind.field("course"), taken=taken)
        if theme and len(theme) > theme_spec.max_length:
            theme = None
    dorm = proposal.dorm
    if kind.field("dorm") and dorm is None:
        dorm = dorm_of(caller.students, list(proposal.student_ids))
    return {
        "subtype": subtype.code if subtype else None,
        "details": details,
        "findings": find_findings(sentence, vocabulary, kind),
        "theme": theme,
        "dorm": dorm,
    }


def _fit(proposal: Proposal, kind: ActivityKind, extra: dict[str, Any]) -> Proposal:
    """The proposal with the kind's values, and without what the kind has no field for.

    The crisis stays whatever the kind: one mentioned while logging a parent call matters.
    """
    has = {f.type for f in kind.fields} | {f.key for f in kind.fields}
    students = "student" in has
    return replace(
        proposal,
        student_ids=proposal.student_ids if students else (),
        ambiguous=proposal.ambiguous if students else (),
        not_own=proposal.not_own if students else (),
        class_id=proposal.class_id if "class" in has else None,
        dorm=extra["dorm"] if "dorm" in has else None,
        subtype=extra["subtype"],
        theme=extra["theme"],
        attendance=_bounded(kind, "attendance", proposal.attendance),
        hours=_bounded(kind, "hours", proposal.hours),
        findings=extra["findings"],
        details=extra["details"],
    )


def _bounded(kind: ActivityKind, key: str, value: N | None) -> N | None:
    """A number the kind's field takes; one out of its bounds is left for the card to ask."""
    spec = kind.field(key)
    if spec is None or value is None:
        return None
    low = spec.min if spec.min is not None else float("-inf")
    high = spec.max if spec.max is not None else float("inf")
    return value if low <= value <= high else None


def _take(sentence: Text, pattern: re.Pattern[str]) -> str | None:
    """The first match of a shape, as typed, blanked from the sentence."""
    match = pattern.search(sentence.free)
    if match is None:
        return None
    sentence.consume(match.span())
    if "b" in pattern.groupindex and match["b"]:
        return f"{match['b']}教{match['r']}"
    return sentence.raw_slice(*match.span())
