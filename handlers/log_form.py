"""The /log form: one field at a time, typed or tapped, kept in user_data until confirmed."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ConversationHandler

from handlers import steps
from handlers.access import Caller, for_staff
from handlers.common import (
    Buttons,
    Context,
    caller_locale,
    caller_of,
    html_kwargs,
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
from handlers.log_save import save_answers, summary
from i18n import Translate, translator
from policy.kinds import ActivityKind, load_kinds

MENU, FIELD = range(2)
FORM = "log"
END = ConversationHandler.END
Prefill = dict[str, tuple[Any, str]]


def _draft(context: Context) -> dict[str, Any] | None:
    """The half-filled form of this chat, kept in user_data until confirmed."""
    data = context.user_data
    return data.get("draft") if data is not None else None


def _kind(draft: dict[str, Any]) -> ActivityKind:
    """The kind a draft is for."""
    kind = load_kinds().get(draft["kind"])
    assert kind is not None
    return kind


def new_draft(kind: ActivityKind, prefill: Prefill | None = None) -> dict[str, Any]:
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


async def render(caller: Caller, draft: dict[str, Any]) -> tuple[str, Buttons]:
    """The message and buttons for the draft's current step (or its confirmation)."""
    t, kind, step = caller.t, _kind(draft), draft["step"]
    nav_back = [(t("button-back"), f"f:{step}:back")]
    cancel_row = [(t("button-cancel"), f"f:{step}:cancel")]
    if step >= len(kind.fields):
        text = t("confirm-title") + "\n\n" + summary(t, kind, draft)
        edits = [
            (t("button-change", field=t(f"field-{f.key}")), f"f:{step}:e:{i}")
            for i, f in enumerate(kind.fields)
        ]
        return text, [
            [(t("button-confirm"), f"f:{step}:ok")],
            *rows_of(edits, 3),
            nav_back + cancel_row,
        ]
    spec = kind.fields[step]
    pending = draft.get("pending", [])
    values = await choice_buttons(caller.session, caller.staff, spec, t, pending)
    rows = list(rows_of([(label, f"f:{step}:{p}") for label, p in values], 2 if spec.multi else 3))
    extra = [(t("button-skip"), f"f:{step}:skip")] if spec.skippable else []
    if spec.multi:
        extra.append((t("button-done"), f"f:{step}:done"))
    nav = (nav_back if step > 0 else []) + extra + cancel_row
    header = summary(t, kind, draft) if draft["values"] else f"<b>{t(f'kind-{kind.code}')}</b>"
    return f"{header}{crisis_notice(t, kind, draft)}\n\n{prompt_text(t, kind, spec)}", [*rows, nav]


def crisis_notice(t: Translate, kind: ActivityKind, draft: dict[str, Any]) -> str:
    """A crisis word was written (issue 16): say so until the person has answered the question."""
    if draft.get("crisis_seen") and kind.field("crisis") and "crisis" not in draft["values"]:
        return f"\n\n⚠️ {t('freetext-crisis-seen')}"
    return ""


async def show_step(
    update: Update, context: Context, caller: Caller, draft: dict[str, Any], *, edit: bool
) -> None:
    """Ask for the current step: in place of the pressed message, or as a new one."""
    text, buttons = await render(caller, draft)
    if edit:
        await steps.edit(update, context, FORM, text, buttons, **html_kwargs())
    else:
        await steps.ask(update, context, FORM, text, buttons)


async def open_form(
    update: Update,
    context: Context,
    caller: Caller,
    code: str,
    prefill: Prefill | None = None,
    *,
    edit: bool = False,
) -> int:
    """Start the form of a kind the caller may log, with anything already known; else say stale.

    Every way into a form comes here: the /log menu, a "log it now" button, a student from /me.
    """
    kind = next((k for k in load_kinds().for_roles(caller.staff.roles) if k.code == code), None)
    if kind is None:
        if edit and update.callback_query is not None:
            await steps.edit(update, context, FORM, caller.t("error-button-stale"), None)
        else:
            await reply(update, caller.t("error-button-stale"))
        return END
    assert context.user_data is not None
    context.user_data["draft"] = draft = new_draft(kind, prefill)
    await show_step(update, context, caller, draft, edit=edit)
    return FIELD


@for_staff(refused=END)
async def typed(update: Update, context: Context, caller: Caller) -> int:
    """Text typed while a field is asked for."""
    draft = _draft(context)
    message = update.effective_message
    if draft is None or message is None or message.text is None:
        return END
    kind = _kind(draft)
    if draft["step"] >= len(kind.fields):
        await reply(update, caller.t("confirm-use-buttons"))
        return FIELD
    spec, today = kind.fields[draft["step"]], caller.svc.today()
    outcome = await accept_text(caller.session, caller.staff, spec, message.text, today, caller.t)
    return await _after(update, context, caller, draft, outcome, edit=False)


@for_staff(refused=END)
async def pressed(update: Update, context: Context, caller: Caller) -> int:
    """A button of the current step: a value, skip, back, done, cancel or confirm."""
    query = update.callback_query
    assert query is not None and query.data is not None
    draft, t = _draft(context), caller.t
    _f, step_text, action, *rest = [*query.data.split(":", 3), ""][:4]
    if draft is None or step_text != str(draft["step"]) or not steps.is_live(update, context, FORM):
        await steps.gone(update, t)
        return FIELD if draft is not None else END
    await query.answer()
    kind, step = _kind(draft), draft["step"]
    if action == "cancel":
        return await _cancelled(update, context, t)
    if action == "back":
        draft["step"] = max(step - 1, 0)
        key = kind.fields[draft["step"]].key
        draft["values"].pop(key, None)
        draft["shown"].pop(key, None)
        await show_step(update, context, caller, draft, edit=True)
        return FIELD
    if action == "ok" and step >= len(kind.fields):
        text = await save_answers(update, caller, kind, draft)
        assert context.user_data is not None
        context.user_data.pop("draft", None)
        await steps.edit(update, context, FORM, text, None, **html_kwargs())
        return END
    if action == "e" and step >= len(kind.fields) and rest and rest[0].isdigit():
        # A change button of the confirmation: ask that field again, keep the others.
        draft["step"] = min(int(rest[0]), len(kind.fields) - 1)
        key = kind.fields[draft["step"]].key
        draft["values"].pop(key, None)
        draft["shown"].pop(key, None)
        await show_step(update, context, caller, draft, edit=True)
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
        await show_step(update, context, caller, draft, edit=True)
        return FIELD
    elif action == "done" and spec.multi:
        chosen_list = draft.pop("pending", [])
        if not chosen_list:
            outcome = Refused(t("error-choose-one"))
        else:
            shown = "、".join(t(f"option-{o}") for o in chosen_list)
            outcome = Accepted(chosen_list, shown)
    elif action == "v":
        value = rest[0] if rest else ""
        today = caller.svc.today()
        outcome = await accept_button(caller.session, caller.staff, spec, value, today, t)
    else:
        outcome = Refused(t("error-button-stale"))
    return await _after(update, context, caller, draft, outcome, edit=True)


def tr_for_update(update: Update) -> Translate:
    """A translator for someone not looked up yet (stale buttons)."""
    return translator(caller_locale(update))


async def _after(
    update: Update,
    context: Context,
    caller: Caller,
    draft: dict[str, Any],
    outcome: Accepted | Refused | Choose,
    *,
    edit: bool,
) -> int:
    """Store an accepted value and move on, or say why not and stay on the step."""
    kind, step, t = _kind(draft), draft["step"], caller.t
    if isinstance(outcome, Accepted):
        key = kind.fields[step].key
        draft["values"][key], draft["shown"][key] = outcome.value, outcome.shown
        draft["step"] = next_step(kind, draft)
        draft.pop("pending", None)
        await show_step(update, context, caller, draft, edit=edit)
        return FIELD
    if isinstance(outcome, Choose):
        rows = list(rows_of([(label, f"f:{step}:{p}") for label, p in outcome.buttons], 1))
        rows.append([(t("button-cancel"), f"f:{step}:cancel")])
        await steps.ask(update, context, FORM, outcome.text, rows)
        return FIELD
    if edit:
        # A refused press keeps its step: the pressed keyboard stays the live one.
        await reply(update, f"⚠️ {outcome.text}")
        return FIELD
    text, buttons = await render(caller, draft)
    await steps.ask(update, context, FORM, f"⚠️ {outcome.text}\n\n{text}", buttons)
    return FIELD


async def _cancelled(update: Update, context: Context, t: Translate) -> int:
    """Drop the half-filled form, save nothing, and say so."""
    if context.user_data is not None:
        context.user_data.pop("draft", None)
    if update.callback_query is not None:
        await steps.edit(update, context, FORM, t("log-cancelled"), None)
    else:
        await steps.ask(update, context, FORM, t("log-cancelled"), None)
    return END


async def cancel(update: Update, context: Context) -> int:
    """/cancel: drop the half-filled form, in the person's language if they are registered."""
    t = tr_for_update(update)
    async with services(context).db.turn_session() as session:
        staff = await caller_of(update, context, session)
    if staff is not None:
        t = tr(staff)
    return await _cancelled(update, context, t)


async def timed_out(update: Update, context: Context) -> None:
    """Ten idle minutes: say the form was dropped."""
    if context.user_data is not None:
        context.user_data.pop("draft", None)
    await steps.ask(update, context, FORM, tr_for_update(update)("log-timeout"), None)
