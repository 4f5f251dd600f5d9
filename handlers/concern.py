"""/concern: the key-concern list (重点关注), and marking or unmarking a student."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update

from handlers import steps
from handlers.access import Caller, for_staff
from handlers.common import (
    Buttons,
    Context,
    args_of,
    id_of,
    reply,
)
from handlers.log_fields import rows_of, student_label
from i18n import Translate, esc
from i18n import t as translate
from models.concern import (
    LEVELS,
    REASONS,
    ConcernEntry,
    ConcernRefused,
    current_concern,
    is_counselor_of,
    mark_concern,
    unmark_concern,
    visible_concerns,
)
from models.org import Staff, Student
from models.scope import student_by_id, student_by_no

FORM = "concern"


def reason_label(t: Translate, reason: str) -> str:
    """The reason category as people read it."""
    return t(f"concern-reason-{reason}")


def level_label(t: Translate, level: str) -> str:
    """The level with how often it means following up."""
    return t(f"concern-level-{level}")


def _words() -> tuple[dict[str, str], dict[str, str]]:
    """What people may type for a reason or a level, in either language."""
    reasons = {code: code for code in REASONS}
    levels = {code: code for code in LEVELS}
    for loc in ("zh", "en"):
        reasons |= {translate(f"concern-reason-{c}", loc).lower(): c for c in REASONS}
        levels |= {translate(f"concern-level-{c}-short", loc).lower(): c for c in LEVELS}
    return reasons, levels


def entry_line(t: Translate, entry: ConcernEntry, today: date) -> str:
    """One student of the list; reason and follow-up only for those allowed to see them."""
    who = esc(student_label(entry.student))
    if entry.access != "full" or entry.reason is None or entry.level is None:
        return t("concern-line-names", student=who)
    parts = [
        t(
            "concern-line-full",
            student=who,
            reason=reason_label(t, entry.reason),
            level=level_label(t, entry.level),
        )
    ]
    if entry.last_talk is not None:
        parts.append(t("concern-last-talk", day=entry.last_talk.isoformat()))
    else:
        parts.append(t("concern-no-talk"))
    if entry.next_due is not None:
        key = "concern-overdue" if entry.next_due < today else "concern-due"
        parts.append(t(key, day=entry.next_due.isoformat()))
    return " · ".join(parts)


def list_text(t: Translate, entries: list[ConcernEntry], today: date) -> str:
    """The list grouped by class."""
    if not entries:
        return t("concern-empty")
    lines = [t("concern-title", count=len(entries))]
    shown_class = None
    for entry in entries:
        if entry.class_name != shown_class:
            shown_class = entry.class_name
            lines += ["", f"<b>{esc(entry.class_name)}</b>"]
        lines.append(entry_line(t, entry, today))
    return "\n".join(lines)


def reason_buttons(t: Translate, student: Student) -> Buttons:
    """One button per reason category."""
    return rows_of([(reason_label(t, r), f"kc:r:{student.id}:{r}") for r in REASONS], 4)


def level_buttons(t: Translate, student: Student, reason: str) -> Buttons:
    """One button per level, carrying the chosen reason."""
    return [[(level_label(t, lv), f"kc:l:{student.id}:{reason}:{lv}")] for lv in LEVELS]


@for_staff()
async def concern(update: Update, context: Context, caller: Caller) -> None:
    """/concern [学号 [原因] [级别]]: the list, or one student's status and what to change."""
    svc, session, staff, t = caller.svc, caller.session, caller.staff, caller.t
    words, today = args_of(context), svc.today()
    if not words:
        entries = await visible_concerns(session, viewer=staff, today=today)
        await reply(update, list_text(t, entries, today))
        return
    student = await student_by_no(session, student_no=words[0])
    if student is None or student.id is None:
        await reply(update, t("concern-unknown-student", query=esc(words[0])))
        return
    if not await is_counselor_of(session, staff=staff, class_id=student.class_id):
        await reply(update, t("concern-not-counselor"))
        return
    if len(words) > 1:
        text = await _mark_typed(session, staff, student, words[1:], t, svc.now())
        await reply(update, text)
        return
    who = esc(student_label(student))
    spell = await current_concern(session, student_id=student.id)
    if spell is None:
        off = t("concern-status-off", student=who)
        await steps.ask(update, context, FORM, off, reason_buttons(t, student))
        return
    text = t(
        "concern-status-on",
        student=who,
        reason=reason_label(t, spell.reason),
        level=level_label(t, spell.level),
    )
    buttons = [
        [(t("concern-change"), f"kc:c:{student.id}")],
        [(t("concern-remove"), f"kc:off:{student.id}")],
    ]
    await steps.ask(update, context, FORM, text, buttons)


async def _mark_typed(
    session: AsyncSession,
    staff: Staff,
    student: Student,
    words: list[str],
    t: Translate,
    now: datetime,
) -> str:
    """`/concern 学号 心理 一级`: mark at once (the level defaults to the middle one)."""
    reasons, levels = _words()
    reason = reasons.get(words[0].lower())
    level = levels.get(words[1].lower()) if len(words) > 1 else "medium"
    if reason is None or level is None:
        bad = words[0] if reason is None else words[1]
        return t("concern-bad-words", query=esc(bad))
    return await _save(session, staff, student, reason, level, t, now)


async def _save(
    session: AsyncSession,
    staff: Staff,
    student: Student,
    reason: str,
    level: str,
    t: Translate,
    now: datetime,
) -> str:
    """Mark or change, and say what was done."""
    assert student.id is not None
    was_on = await current_concern(session, student_id=student.id) is not None
    await mark_concern(session, actor=staff, student=student, reason=reason, level=level, now=now)
    key = "concern-changed" if was_on else "concern-saved"
    return t(
        key,
        student=esc(student_label(student)),
        reason=reason_label(t, reason),
        level=level_label(t, level),
    )


@for_staff()
async def pressed(update: Update, context: Context, caller: Caller) -> None:
    """The /concern buttons: choose a reason, a level, change or remove."""
    query = update.callback_query
    assert query is not None and query.data is not None
    _kc, action, sid, *rest = [*query.data.split(":"), "", "", ""][:5]
    svc, session, staff, t = caller.svc, caller.session, caller.staff, caller.t
    if await steps.stale(update, context, FORM, t):
        return
    student = await student_by_id(session, student_id=id_of(sid))
    # Buttons are re-checked: the person may have lost the class since the message was sent.
    if student is None or not await is_counselor_of(
        session, staff=staff, class_id=student.class_id
    ):
        await steps.edit(update, context, FORM, t("concern-not-counselor"), None)
        return
    who = esc(student_label(student))
    try:
        if action == "c":
            ask = t("concern-choose-reason")
            await steps.edit(update, context, FORM, ask, reason_buttons(t, student))
            return
        if action == "r" and rest[0] in REASONS:
            ask = t("concern-choose-level", reason=reason_label(t, rest[0]))
            await steps.edit(update, context, FORM, ask, level_buttons(t, student, rest[0]))
            return
        if action == "l" and rest[0] in REASONS and rest[1] in LEVELS:
            text = await _save(session, staff, student, rest[0], rest[1], t, svc.now())
        elif action == "off":
            removed = await unmark_concern(session, actor=staff, student=student, now=svc.now())
            text = t("concern-removed" if removed else "concern-not-on-list", student=who)
        else:
            text = t("error-button-stale")
    except ConcernRefused as refusal:
        text = t(f"concern-{refusal.reason}")
    await steps.edit(update, context, FORM, text, None)
