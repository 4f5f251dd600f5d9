"""The /log conversation: pick a kind, answer its fields one by one, confirm, save once."""

from __future__ import annotations

import warnings
from datetime import date
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from handlers.common import (
    Buttons,
    Context,
    caller_locale,
    html_kwargs,
    identify,
    keyboard,
    reply,
    services,
    tr,
)
from handlers.log_fields import (
    Accepted,
    Choose,
    Refused,
    accept_button,
    accept_text,
    choice_buttons,
    prompt_text,
    rows_of,
)
from i18n import Translate, esc, translator
from models.org import Staff
from models.scope import staff_by_telegram
from models.worklog import RecordDraft, save_record
from policy.kinds import COLUMN_KEYS, ActivityKind, load_kinds
from reports.progress import progress_lines

MENU, FIELD = range(2)
# Conversations are tracked per chat and user, not per message, on purpose: a person fills one
# form at a time, and typed answers must reach it. PTB warns about that choice; it is deliberate.
warnings.filterwarnings("ignore", message=".*per_message=False.*", category=PTBUserWarning)
CONVERSATION_TIMEOUT = 600
# Beyond this many kinds the menu shows groups first, so any kind is two taps away.
FLAT_MENU_LIMIT = 8


def _draft(context: Context) -> dict[str, Any] | None:
    """The half-filled form of this chat, kept in user_data until confirmed."""
    data = context.user_data
    return data.get("draft") if data is not None else None


def _kind(draft: dict[str, Any]) -> ActivityKind:
    """The kind a draft is for."""
    kind = load_kinds().get(draft["kind"])
    assert kind is not None
    return kind


def _today(context: Context) -> date:
    """Today in the university's zone."""
    svc = services(context)
    return svc.today()


def new_draft(
    kind: ActivityKind, prefill: dict[str, tuple[Any, str]] | None = None
) -> dict[str, Any]:
    """A fresh form for a kind, with any values already known (a student picked from /me)."""
    draft: dict[str, Any] = {"kind": kind.code, "step": 0, "values": {}, "shown": {}}
    for key, (value, shown) in (prefill or {}).items():
        draft["values"][key], draft["shown"][key] = value, shown
    draft["step"] = next_step(kind, draft)
    return draft


def next_step(kind: ActivityKind, draft: dict[str, Any]) -> int:
    """The first field not answered yet (a sentence may have filled any of them), else confirm."""
    filled = draft["values"]
    return next((i for i, f in enumerate(kind.fields) if f.key not in filled), len(kind.fields))


def to_record_draft(kind: ActivityKind, values: dict[str, Any]) -> RecordDraft:
    """Turn the answers into a record: known keys go to columns, the rest to details."""
    draft = RecordDraft(kind=kind.code, occurred_on=date.fromisoformat(values["occurred_on"]))
    for spec in kind.fields:
        value = values.get(spec.key)
        if spec.type == "student":
            draft.student_ids = [value] if value is not None else []
        elif spec.type == "class":
            draft.class_id = value
        elif spec.type == "dorm":
            draft.dorm = value
        elif spec.key in ("occurred_on", "follow_up_on"):
            setattr(draft, spec.key, date.fromisoformat(value) if value else None)
        elif spec.key in COLUMN_KEYS:
            setattr(draft, spec.key, bool(value) if spec.type == "bool" else value)
        elif value is not None:
            draft.details[spec.key] = value
    return draft


def summary(t: Translate, kind: ActivityKind, draft: dict[str, Any]) -> str:
    """The answers so far, one line a field."""
    lines = [f"<b>{t(f'kind-{kind.code}')}</b>"]
    for spec in kind.fields:
        if spec.key in draft["values"]:
            shown = draft["shown"].get(spec.key) or t("value-skipped")
            lines.append(f"{t(f'field-{spec.key}')}：{shown}")
    return "\n".join(lines)


async def render(
    session: AsyncSession, staff: Staff, draft: dict[str, Any], t: Translate
) -> tuple[str, Buttons]:
    """The message and buttons for the draft's current step (or its confirmation)."""
    kind, step = _kind(draft), draft["step"]
    nav_back = [(t("button-back"), f"f:{step}:back")]
    cancel = [(t("button-cancel"), f"f:{step}:cancel")]
    if step >= len(kind.fields):
        text = t("confirm-title") + "\n\n" + summary(t, kind, draft)
        edits = [
            (t("button-change", field=t(f"field-{f.key}")), f"f:{step}:e:{i}")
            for i, f in enumerate(kind.fields)
        ]
        return text, [
            [(t("button-confirm"), f"f:{step}:ok")],
            *rows_of(edits, 3),
            nav_back + cancel,
        ]
    spec = kind.fields[step]
    values = await choice_buttons(session, staff, spec, t, draft.get("pending", []))
    rows = list(rows_of([(label, f"f:{step}:{p}") for label, p in values], 2 if spec.multi else 3))
    extra = [(t("button-skip"), f"f:{step}:skip")] if spec.skippable else []
    if spec.multi:
        extra.append((t("button-done"), f"f:{step}:done"))
    nav = (nav_back if step > 0 else []) + extra + cancel
    header = summary(t, kind, draft) if draft["values"] else f"<b>{t(f'kind-{kind.code}')}</b>"
    return f"{header}{crisis_notice(t, kind, draft)}\n\n{prompt_text(t, kind, spec)}", [*rows, nav]


def crisis_notice(t: Translate, kind: ActivityKind, draft: dict[str, Any]) -> str:
    """A crisis word was written (issue 16): say so until the person has answered the question."""
    if draft.get("crisis_seen") and kind.field("crisis") and "crisis" not in draft["values"]:
        return f"\n\n⚠️ {t('freetext-crisis-seen')}"
    return ""


async def send_step(update: Update, context: Context, staff: Staff, prefix: str = "") -> None:
    """Ask for the current step in a new message (after typed input)."""
    draft = _draft(context)
    assert draft is not None
    async with services(context).db.session() as session:
        text, buttons = await render(session, staff, draft, tr(staff))
    await reply(update, f"{prefix}{text}", buttons)


async def edit_step(update: Update, context: Context, staff: Staff, session: AsyncSession) -> None:
    """Show the current step in place of the message whose button was pressed."""
    draft = _draft(context)
    assert draft is not None and update.callback_query is not None
    text, buttons = await render(session, staff, draft, tr(staff))
    await update.callback_query.edit_message_text(
        text, reply_markup=keyboard(buttons), **html_kwargs()
    )


async def start(update: Update, context: Context) -> int:
    """/log: show the kinds this person may log, the urgent and everyday ones first."""
    svc = services(context)
    async with svc.db.session() as session:
        staff = await identify(update, session)
        if staff is None or staff.id is None:
            return ConversationHandler.END
        evaluation = await svc.policy.evaluate(session, now=svc.now(), staff_ids=[staff.id])
    t = tr(staff)
    kinds = load_kinds().for_roles(staff.roles)
    if not kinds:
        await reply(update, t("log-nothing-for-role"))
        return ConversationHandler.END
    if context.user_data is not None:
        context.user_data.pop("draft", None)
    statuses = sorted(evaluation.for_staff(staff.id), key=lambda s: s.days_left)
    behind = [s.rule.kind for s in statuses if s.status in URGENT and s.days_left >= 0]
    await reply(update, t("log-choose-kind"), menu_buttons(t, kinds, urgent=behind))
    return MENU


# The kinds logged most days; they sit on the first screen after the ones behind schedule.
EVERYDAY = ("talk", "dorm_visit", "class_meeting")
URGENT = frozenset({"at_risk", "behind"})
FIRST_SCREEN = 6


def menu_buttons(
    t: Translate,
    kinds: list[ActivityKind],
    group: str | None = None,
    urgent: list[str] | None = None,
) -> Buttons:
    """The first screen: urgent and everyday kinds, then groups; or one group's kinds."""
    if group is None and len(kinds) > FLAT_MENU_LIMIT:
        allowed = {k.code: k for k in kinds}
        codes = dict.fromkeys([*(urgent or []), *EVERYDAY])
        first = [allowed[c] for c in codes if c in allowed][:FIRST_SCREEN]
        groups = list(dict.fromkeys(k.menu for k in kinds if k not in first))
        rows = list(rows_of([(t(f"kind-{k.code}"), f"m:k:{k.code}") for k in first], 2))
        more = [(f"{t(f'menu-{g}')} ›", f"m:g:{g}") for g in groups]
        return [*rows, *rows_of(more, 2)]
    shown = [k for k in kinds if group is None or k.menu == group]
    rows = list(rows_of([(t(f"kind-{k.code}"), f"m:k:{k.code}") for k in shown], 2))
    if group is not None:
        rows.append([(t("button-back"), "m:top")])
    return rows


async def menu_pick(update: Update, context: Context) -> int:
    """A tap in the /log menu: open a group, or start a kind."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    async with services(context).db.session() as session:
        staff = await identify(update, session)
        if staff is None:
            return ConversationHandler.END
        t = tr(staff)
        kinds = load_kinds().for_roles(staff.roles)
        _m, action, *rest = query.data.split(":")
        if action in ("g", "top"):
            group = rest[0] if rest else None
            await query.edit_message_text(
                t("log-choose-kind"), reply_markup=keyboard(menu_buttons(t, kinds, group))
            )
            return MENU
        kind = next((k for k in kinds if k.code == (rest[0] if rest else "")), None)
        if kind is None:
            await query.edit_message_text(t("error-button-stale"))
            return ConversationHandler.END
        assert context.user_data is not None
        context.user_data["draft"] = new_draft(kind)
        await edit_step(update, context, staff, session)
    return FIELD


async def start_kind(update: Update, context: Context) -> int:
    """A "log it now" button (from /todo or a reminder): open that kind's form directly."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    async with services(context).db.session() as session:
        staff = await identify(update, session)
        if staff is None:
            return ConversationHandler.END
        code = query.data.rsplit(":", 1)[-1]
        kind = next((k for k in load_kinds().for_roles(staff.roles) if k.code == code), None)
        if kind is None:
            await reply(update, tr(staff)("error-button-stale"))
            return ConversationHandler.END
        return await open_form(update, context, session, staff, kind)


async def open_form(
    update: Update,
    context: Context,
    session: AsyncSession,
    staff: Staff,
    kind: ActivityKind,
    prefill: dict[str, tuple[Any, str]] | None = None,
) -> int:
    """Start a form for a kind (with anything already known) and ask its first question."""
    assert context.user_data is not None
    context.user_data["draft"] = new_draft(kind, prefill)
    text, buttons = await render(session, staff, context.user_data["draft"], tr(staff))
    await reply(update, text, buttons)
    return FIELD


async def typed(update: Update, context: Context) -> int:
    """Text typed while a field is asked for."""
    draft = _draft(context)
    message = update.effective_message
    if draft is None or message is None or message.text is None:
        return ConversationHandler.END
    async with services(context).db.session() as session:
        staff = await identify(update, session)
        if staff is None:
            return ConversationHandler.END
        t, kind = tr(staff), _kind(draft)
        if draft["step"] >= len(kind.fields):
            await reply(update, t("confirm-use-buttons"))
            return FIELD
        spec = kind.fields[draft["step"]]
        outcome = await accept_text(session, staff, spec, message.text, _today(context), t)
    return await _after(update, context, staff, outcome, edit=False)


async def pressed(update: Update, context: Context) -> int:
    """A button of the current step: a value, skip, back, done, cancel or confirm."""
    query = update.callback_query
    assert query is not None and query.data is not None
    draft = _draft(context)
    _f, step_text, action, *rest = [*query.data.split(":", 3), ""][:4]
    if draft is None or step_text != str(draft["step"]):
        await query.answer(tr_for_update(update)("error-button-stale"), show_alert=False)
        return FIELD if draft is not None else ConversationHandler.END
    await query.answer()
    async with services(context).db.session() as session:
        staff = await identify(update, session)
        if staff is None:
            return ConversationHandler.END
        t, kind, step = tr(staff), _kind(draft), draft["step"]
        if action == "cancel":
            return await cancel(update, context)
        if action == "back":
            draft["step"] = max(step - 1, 0)
            key = kind.fields[draft["step"]].key
            draft["values"].pop(key, None)
            draft["shown"].pop(key, None)
            await edit_step(update, context, staff, session)
            return FIELD
        if action == "ok" and step >= len(kind.fields):
            return await _confirm(update, context, staff, session)
        if action == "e" and step >= len(kind.fields) and rest and rest[0].isdigit():
            # A change button of the confirmation: ask that field again, keep the others.
            draft["step"] = min(int(rest[0]), len(kind.fields) - 1)
            key = kind.fields[draft["step"]].key
            draft["values"].pop(key, None)
            draft["shown"].pop(key, None)
            await edit_step(update, context, staff, session)
            return FIELD
        if step >= len(kind.fields):
            return FIELD
        spec = kind.fields[step]
        if action == "skip" and spec.skippable:
            outcome: Accepted | Refused | Choose = Accepted(None, "")
        elif action == "t" and spec.multi:
            # Toggled options wait in `pending` until 完成: the summary never shows half a choice.
            chosen = set(draft.get("pending", []))
            value = rest[0] if rest else ""
            if value in spec.options:
                chosen ^= {value}
                draft["pending"] = [o for o in spec.options if o in chosen]
            await edit_step(update, context, staff, session)
            return FIELD
        elif action == "done" and spec.multi:
            chosen_list = draft.pop("pending", [])
            if not chosen_list:
                outcome = Refused(t("error-choose-one"))
            else:
                shown = "、".join(t(f"option-{o}") for o in chosen_list)
                outcome = Accepted(chosen_list, shown)
        elif action == "v":
            outcome = await accept_button(
                session, staff, spec, rest[0] if rest else "", _today(context), t
            )
        else:
            outcome = Refused(t("error-button-stale"))
    return await _after(update, context, staff, outcome, edit=True)


def tr_for_update(update: Update) -> Translate:
    """A translator for someone not looked up yet (stale buttons)."""
    return translator(caller_locale(update))


async def _after(
    update: Update,
    context: Context,
    staff: Staff,
    outcome: Accepted | Refused | Choose,
    *,
    edit: bool,
) -> int:
    """Store an accepted value and move on, or say why not and stay on the step."""
    draft = _draft(context)
    assert draft is not None
    kind, step, t = _kind(draft), draft["step"], tr(staff)
    if isinstance(outcome, Accepted):
        key = kind.fields[step].key
        draft["values"][key], draft["shown"][key] = outcome.value, outcome.shown
        draft["step"] = next_step(kind, draft)
        draft.pop("pending", None)
        if edit:
            async with services(context).db.session() as session:
                await edit_step(update, context, staff, session)
        else:
            await send_step(update, context, staff)
        return FIELD
    if isinstance(outcome, Choose):
        rows = list(rows_of([(label, f"f:{step}:{p}") for label, p in outcome.buttons], 1))
        rows.append([(t("button-cancel"), f"f:{step}:cancel")])
        await reply(update, outcome.text, rows)
        return FIELD
    await send_step(update, context, staff, prefix=f"⚠️ {outcome.text}\n\n")
    return FIELD


async def _confirm(update: Update, context: Context, staff: Staff, session: AsyncSession) -> int:
    """Save the confirmed record, then show it with the quotas it counts toward."""
    draft = _draft(context)
    query = update.callback_query
    assert draft is not None and query is not None and staff.id is not None
    kind, t, svc = _kind(draft), tr(staff), services(context)
    record_draft = to_record_draft(kind, draft["values"])
    now = svc.now()
    await save_record(
        session, staff_id=staff.id, draft=record_draft, now=now, update_id=update.update_id
    )
    if record_draft.crisis:
        services(context).run_job_soon("crisis_watch")  # leaders hear of it now, not in a minute
    assert context.user_data is not None
    context.user_data.pop("draft", None)
    lines = await progress_lines(session, svc.policy, staff, record_draft, t, now=svc.now())
    text = "✅ " + t("log-saved") + "\n" + summary(t, kind, draft)
    if lines:
        text += "\n\n" + "\n".join(esc(line) for line in lines)
    await query.edit_message_text(text, **html_kwargs())
    return ConversationHandler.END


async def cancel(update: Update, context: Context) -> int:
    """/cancel or the cancel button: drop the half-filled form, save nothing."""
    if context.user_data is not None:
        context.user_data.pop("draft", None)
    t = tr_for_update(update)
    async with services(context).db.session() as session:
        user = update.effective_user
        staff = await staff_by_telegram(session, telegram_user_id=user.id) if user else None
    if staff is not None:
        t = tr(staff)
    if update.callback_query is not None:
        await update.callback_query.edit_message_text(t("log-cancelled"))
    else:
        await reply(update, t("log-cancelled"))
    return ConversationHandler.END


async def timed_out(update: Update, context: Context) -> None:
    """Ten idle minutes: say the form was dropped."""
    if context.user_data is not None:
        context.user_data.pop("draft", None)
    await reply(update, tr_for_update(update)("log-timeout"))


def build_log_conversation(
    entry_points: list[Any] | None = None, timeout: float = CONVERSATION_TIMEOUT
) -> ConversationHandler[Any]:
    """The /log conversation; other modules may add entry points that preset a draft."""
    return ConversationHandler(
        entry_points=[
            CommandHandler("log", start),
            CallbackQueryHandler(start_kind, pattern=r"^log:kind:\w+$"),
            *(entry_points or []),
        ],
        states={
            MENU: [CallbackQueryHandler(menu_pick, pattern=r"^m:")],
            FIELD: [
                MessageHandler(filters.TEXT & ~filters.COMMAND, typed),
                CallbackQueryHandler(pressed, pattern=r"^f:"),
            ],
            ConversationHandler.TIMEOUT: [TypeHandler(Update, timed_out)],
        },
        fallbacks=[
            CommandHandler("cancel", cancel),
            CallbackQueryHandler(pressed, pattern=r"^f:"),
        ],
        conversation_timeout=timeout,
        allow_reentry=True,
        name="log",
    )
