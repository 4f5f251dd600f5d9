"""One-line logging for people in a hurry: /talk, /dorm and /meeting, with the /log checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from telegram import Update

from handlers.access import Caller, for_staff, holds
from handlers.common import Context, reply
from handlers.log_fields import Accepted, Choose, accept_text
from handlers.log_save import save_answers
from handlers.parsing import looks_like_date
from i18n import esc
from models.dorms import normalize_dorm
from policy.kinds import ActivityKind, load_kinds

# What a shortcut fills in that the conversation would have asked for.
DEFAULTS: dict[str, dict[str, Any]] = {
    "talk": {"subtype": "general", "crisis": False},
    "dorm_visit": {"findings": None, "crisis": False},
    "class_meeting": {"subtype": "theme_meeting"},
}


def split_command(text: str, heads: int) -> tuple[list[str], str]:
    """The first `heads` words after the command, and the rest of the line as typed."""
    parts = text.split(maxsplit=heads + 1)[1:]
    words = parts[:heads]
    rest = parts[heads] if len(parts) > heads else ""
    return words, rest.strip()


def split_date(rest: str) -> tuple[str, str]:
    """A leading date word (or 今天 by default) and what follows it."""
    first, _, tail = rest.partition(" ")
    if first and looks_like_date(first):
        return first, tail.strip()
    return "今天", rest


async def _checked(
    caller: Caller, kind: ActivityKind, answers: dict[str, str]
) -> tuple[dict[str, Any], dict[str, str]] | str:
    """Run every given answer through its field's checks; an error message on the first refusal."""
    t, today = caller.t, caller.svc.today()
    values: dict[str, Any] = dict(DEFAULTS[kind.code])
    shown: dict[str, str] = {k: "" for k in values}
    for spec in kind.fields:
        text = answers.get(spec.key)
        if text is None:
            values.setdefault(spec.key, None)
            continue
        outcome = await accept_text(caller.session, caller.staff, spec, text, today, t)
        if isinstance(outcome, Choose):
            return t("shortcut-ambiguous", query=esc(text))
        if not isinstance(outcome, Accepted):
            return outcome.text
        values[spec.key], shown[spec.key] = outcome.value, outcome.shown
    for key, value in DEFAULTS[kind.code].items():
        if isinstance(value, str):
            shown[key] = t(f"option-{value}")
    return values, shown


Answers = Callable[[str], dict[str, str] | None]


async def _log(update: Update, caller: Caller, code: str, answers_of: Answers) -> None:
    """Parse a shortcut, check it like /log would, and save it through the same path."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    t, kind = caller.t, load_kinds().get(code)
    assert kind is not None
    if not holds(caller.staff, kind.roles):
        await reply(update, t("log-nothing-for-role"))
        return
    answers = answers_of(message.text)
    if answers is None:
        await reply(update, t(f"shortcut-usage-{code}"))
        return
    checked = await _checked(caller, kind, answers)
    if isinstance(checked, str):
        await reply(update, f"⚠️ {checked}\n{t(f'shortcut-usage-{code}')}")
        return
    values, shown = checked
    await reply(
        update, await save_answers(update, caller, kind, {"values": values, "shown": shown})
    )


def _talk_answers(text: str) -> dict[str, str] | None:
    """/talk <学号> [日期] [备注]."""
    words, rest = split_command(text, 1)
    if not words:
        return None
    day, note = split_date(rest)
    answers = {"student": words[0], "occurred_on": day}
    if note:
        answers["note"] = note
    return answers


def _dorm_answers(text: str) -> dict[str, str] | None:
    """/dorm <楼栋> <房间> [日期] [备注] (or the room written as one word, like 7-312)."""
    words, rest = split_command(text, 2)
    if not words:
        return None
    if normalize_dorm(words[0]) is not None:
        room, rest = words[0], " ".join([*words[1:], rest]).strip()
    elif len(words) == 2:
        room = f"{words[0]} {words[1]}"
    else:
        return None
    day, note = split_date(rest)
    answers = {"dorm": room, "occurred_on": day}
    if note:
        answers["note"] = note
    return answers


def _meeting_answers(text: str) -> dict[str, str] | None:
    """/meeting <班级> [日期] [主题]."""
    words, rest = split_command(text, 1)
    if not words:
        return None
    day, theme = split_date(rest)
    answers = {"class": words[0], "occurred_on": day}
    if theme:
        answers["theme"] = theme
    return answers


@for_staff()
async def talk(update: Update, context: Context, caller: Caller) -> None:
    """/talk: log a talk with one of my students."""
    await _log(update, caller, "talk", _talk_answers)


@for_staff()
async def dorm(update: Update, context: Context, caller: Caller) -> None:
    """/dorm: log a dorm visit."""
    await _log(update, caller, "dorm_visit", _dorm_answers)


@for_staff()
async def meeting(update: Update, context: Context, caller: Caller) -> None:
    """/meeting: log a class meeting of one of my classes."""
    await _log(update, caller, "class_meeting", _meeting_answers)
