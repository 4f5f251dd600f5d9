"""One step of the logging conversation: how each field type asks, and what it accepts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from handlers.common import Buttons, id_of
from handlers.parsing import (
    DateError,
    check_past_date,
    normalize_text,
    parse_date,
    parse_future_date,
    parse_number,
)
from i18n import Translate, esc, has_message
from models.dorms import normalize_dorm
from models.org import Staff, Student
from models.scope import (
    MAX_MATCHES,
    class_by_id,
    classes_of,
    dorms_of,
    find_students,
    is_my_student,
    student_by_id,
    student_by_no,
)
from policy.kinds import NOTE_MAX_LENGTH, ActivityKind, FieldSpec
from reports.digest_text import units

MAX_DORM_BUTTONS = 12


@dataclass(frozen=True)
class Accepted:
    """A value the field took, and how to show it back to the person."""

    value: Any
    shown: str


@dataclass(frozen=True)
class Refused:
    """Input the field did not take; `text` says why and what to do."""

    text: str


@dataclass(frozen=True)
class Choose:
    """Several candidates: ask the person to pick one by button."""

    text: str
    buttons: list[tuple[str, str]]


Outcome = Accepted | Refused | Choose


def prompt_text(t: Translate, kind: ActivityKind, spec: FieldSpec) -> str:
    """The question for a field: the kind's own wording, else the field type's."""
    specific = f"prompt-{kind.code}-{spec.key}"
    return t(specific) if has_message(specific) else t(f"prompt-{spec.type}")


def option_label(t: Translate, code: str) -> str:
    """The label of a choice option."""
    return t(f"option-{code}")


async def choice_buttons(
    session: AsyncSession, staff: Staff, spec: FieldSpec, t: Translate, chosen: list[str]
) -> list[tuple[str, str]]:
    """The value buttons a field offers (payloads only; the flow adds the step prefix)."""
    if spec.type == "choice":
        if spec.multi:
            mark = {True: "✅ ", False: ""}
            return [(mark[o in chosen] + option_label(t, o), f"t:{o}") for o in spec.options]
        return [(option_label(t, o), f"v:{o}") for o in spec.options]
    if spec.type == "class":
        return [(c.name, f"v:{c.id}") for c in await classes_of(session, staff=staff)]
    if spec.type == "dorm":
        rooms = await dorms_of(session, staff=staff)
        return [(room, f"v:{room}") for room, _n in rooms[:MAX_DORM_BUTTONS]]
    if spec.type == "date" and not spec.future:
        return [(t("date-today"), "v:0"), (t("date-yesterday"), "v:1"), (t("date-before"), "v:2")]
    if spec.type == "bool":
        return [(t("answer-yes"), "v:1"), (t("answer-no"), "v:0")]
    return []


def rows_of(buttons: list[tuple[str, str]], width: int) -> Buttons:
    """Lay buttons out in rows of `width`."""
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


async def accept_text(
    session: AsyncSession, staff: Staff, spec: FieldSpec, text: str, today: date, t: Translate
) -> Outcome:
    """Check what the person typed for this field."""
    raw = text.strip()
    if spec.type == "note" or spec.type == "text":
        limit = NOTE_MAX_LENGTH if spec.type == "note" else spec.max_length
        if not raw:
            return Refused(t("error-empty-text"))
        # Counted as Telegram counts (UTF-16 units), so the confirmation always fits one message.
        if units(raw) > limit:
            return Refused(t("error-text-too-long", limit=str(limit), length=str(units(raw))))
        return Accepted(raw, esc(raw))
    word = normalize_text(raw)
    if spec.type == "date":
        try:
            day = parse_future_date(word, today) if spec.future else parse_date(word, today)
            if not spec.future:
                check_past_date(day, today)
        except DateError as error:
            return Refused(t(f"error-{error.reason}"))
        return Accepted(day.isoformat(), day.isoformat())
    if spec.type == "number":
        return _accept_number(spec, word, t)
    if spec.type == "student":
        return await _accept_student_text(session, staff, word, t)
    if spec.type == "class":
        return await _accept_class_text(session, staff, word, t)
    if spec.type == "dorm":
        room = normalize_dorm(word)
        if room is None:
            return Refused(t("error-dorm-unreadable"))
        return Accepted(room, esc(room))
    if spec.type == "choice":
        for option in spec.options:
            if word in (option, option_label(t, option)):
                return Accepted([option] if spec.multi else option, option_label(t, option))
        return Refused(t("error-use-buttons"))
    if spec.type == "bool":
        yes = {t("answer-yes"), "是", "yes", "y"}
        no = {t("answer-no"), "否", "no", "n"}
        if word.lower() in yes | no:
            value = word.lower() in yes
            return Accepted(value, t("answer-yes") if value else t("answer-no"))
        return Refused(t("error-use-buttons"))
    raise AssertionError(f"unknown field type {spec.type}")


def _accept_number(spec: FieldSpec, word: str, t: Translate) -> Outcome:
    """A number inside the field's bounds."""
    value = parse_number(word, integer=spec.integer)
    low = spec.min if spec.min is not None else float("-inf")
    high = spec.max if spec.max is not None else float("inf")
    if value is None or not low <= value <= high:
        return Refused(t("error-number", low=_num(spec.min), high=_num(spec.max)))
    return Accepted(int(value) if spec.integer else value, _num(value))


def _num(value: float | None) -> str:
    """A number without a trailing .0."""
    if value is None:
        return "-"
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def student_label(student: Student) -> str:
    """How a student is shown: 姓名（学号）."""
    return f"{student.name}（{student.student_no}）"


async def _accept_student_text(
    session: AsyncSession, staff: Staff, word: str, t: Translate
) -> Outcome:
    """Find one of the caller's students by 学号 or part of the name."""
    if not word:
        return Refused(t("error-empty-text"))
    matches = await find_students(session, staff=staff, text=word)
    if len(matches) == 1:
        return Accepted(matches[0].id, esc(student_label(matches[0])))
    if matches:
        more = t("student-too-many", limit=MAX_MATCHES) if len(matches) > MAX_MATCHES else ""
        buttons = [(student_label(s), f"v:{s.id}") for s in matches[:MAX_MATCHES]]
        return Choose(t("student-pick") + more, buttons)
    other = await student_by_no(session, student_no=word)
    if other is not None and not await is_my_student(session, staff=staff, student=other):
        return Refused(t("error-student-not-yours", query=esc(word)))
    return Refused(t("error-student-unknown", query=esc(word)))


async def _accept_class_text(
    session: AsyncSession, staff: Staff, word: str, t: Translate
) -> Outcome:
    """One of the caller's classes by its name."""
    mine = await classes_of(session, staff=staff)
    exact = [c for c in mine if c.name == word] or [c for c in mine if word and word in c.name]
    if len(exact) == 1:
        return Accepted(exact[0].id, esc(exact[0].name))
    if exact:
        return Choose(t("class-pick"), [(c.name, f"v:{c.id}") for c in exact])
    return Refused(t("error-class-not-yours", query=esc(word)))


async def accept_button(
    session: AsyncSession, staff: Staff, spec: FieldSpec, value: str, today: date, t: Translate
) -> Outcome:
    """Check a button's value again against the database: callback data is never trusted."""
    if spec.type == "student":
        student = await student_by_id(session, student_id=id_of(value))
        if student is None or not await is_my_student(session, staff=staff, student=student):
            return Refused(t("error-button-stale"))
        return Accepted(student.id, esc(student_label(student)))
    if spec.type == "class":
        cls = await class_by_id(session, class_id=id_of(value))
        if cls is None or cls.id not in {c.id for c in await classes_of(session, staff=staff)}:
            return Refused(t("error-button-stale"))
        return Accepted(cls.id, esc(cls.name))
    if spec.type == "date" and value.isdigit():
        day = date.fromordinal(today.toordinal() - int(value))
        return Accepted(day.isoformat(), day.isoformat())
    if spec.type == "bool":
        return Accepted(value == "1", t("answer-yes") if value == "1" else t("answer-no"))
    if spec.type == "choice" and value in spec.options:
        return Accepted(value, option_label(t, value))
    if spec.type == "dorm" and (room := normalize_dorm(value)) is not None:
        return Accepted(room, esc(room))
    return Refused(t("error-button-stale"))
