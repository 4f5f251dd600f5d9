"""One live keyboard per form: the message of the current step is the only one with buttons.

Each form keeps the id of its live message in user_data (so a restart keeps it too). Moving
on, confirming or cancelling takes the keyboard off the earlier message; a press on a button
that is no longer live gets a toast and changes nothing.
"""

from __future__ import annotations

import contextlib

from telegram import Message, Update
from telegram.error import BadRequest

from handlers.common import Buttons, Context, keyboard, reply
from i18n import Translate

LIVE = "live_keyboards"


def _live(context: Context) -> dict[str, int]:
    """Form name → id of the message whose keyboard is live."""
    assert context.user_data is not None
    live: dict[str, int] = context.user_data.setdefault(LIVE, {})
    return live


def live_message(context: Context, form: str) -> int | None:
    """The id of the form's live message, if it has one."""
    return _live(context).get(form) if context.user_data is not None else None


def is_live(update: Update, context: Context, form: str) -> bool:
    """Whether the pressed button sits on the form's live message."""
    query = update.callback_query
    message = query.message if query is not None else None
    return message is not None and message.message_id == live_message(context, form)


async def retire(update: Update, context: Context, form: str, *, keep: int | None = None) -> None:
    """Take the keyboard off the form's live message (unless it is `keep`) and forget it."""
    if context.user_data is None:
        return
    old = _live(context).pop(form, None)
    chat = update.effective_chat
    if old is None or old == keep or chat is None:
        return
    # Deleted by the person, or already without buttons: nothing is left to press.
    with contextlib.suppress(BadRequest):
        await context.bot.edit_message_reply_markup(chat.id, old, reply_markup=None)


def adopt(context: Context, form: str, message_id: int | None) -> None:
    """Make this message the form's live one."""
    if message_id is not None and context.user_data is not None:
        _live(context)[form] = message_id


async def ask(
    update: Update, context: Context, form: str, text: str, buttons: Buttons | None
) -> int | None:
    """Send the form's next step as a new message: the earlier step's keyboard goes; its id."""
    # The new step first, then the old keyboard: the chat never shows a form without buttons.
    sent = await reply(update, text, buttons)
    await retire(update, context, form, keep=sent)
    if buttons:
        adopt(context, form, sent)
    return sent


async def edit(
    update: Update, context: Context, form: str, text: str, buttons: Buttons | None, **kw: object
) -> None:
    """Show the form's next step in place of the pressed message, which stays (or stops) live."""
    query = update.callback_query
    assert query is not None
    pressed = query.message.message_id if query.message is not None else None
    await query.edit_message_text(text, reply_markup=keyboard(buttons) if buttons else None, **kw)  # type: ignore[arg-type]
    await retire(update, context, form, keep=pressed)
    if buttons:
        adopt(
            context, form, query.message.message_id if isinstance(query.message, Message) else None
        )


async def gone(update: Update, t: Translate) -> None:
    """The toast for a button of a step the form has left behind."""
    query = update.callback_query
    if query is not None:
        await query.answer(t("form-step-gone"))


async def stale(update: Update, context: Context, form: str, t: Translate) -> bool:
    """True (after the toast) for a press on a step the form has left behind; else answer it."""
    query = update.callback_query
    if not is_live(update, context, form):
        await gone(update, t)
        return True
    if query is not None:
        await query.answer()
    return False
