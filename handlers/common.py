"""What every handler needs: the caller's identity, their language, and safe replies."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from i18n import Translate, for_language, normalize_locale, translator
from models.channels import remember_last_chat
from models.org import Staff
from models.scope import staff_by_telegram
from services.bot_api import JsonBotApi
from services.context import Services, services_of

Context = ContextTypes.DEFAULT_TYPE
Buttons = Sequence[Sequence[tuple[str, str]]]
# Where the gate leaves the person it looked up for the handlers of the same update.
CALLER = "fudao_caller"


def services(context: Context) -> Services:
    """The application's services."""
    return services_of(context.bot_data)


def keyboard(rows: Buttons) -> InlineKeyboardMarkup:
    """An inline keyboard from rows of (label, callback data)."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


def caller_locale(update: Update, staff: Staff | None = None) -> str:
    """The caller's language: their setting once registered, else Telegram's."""
    if staff is not None:
        return normalize_locale(staff.language)
    user = update.effective_user
    return normalize_locale(user.language_code if user else None)


async def reply(update: Update, text: str, buttons: Buttons | None = None) -> int | None:
    """Send an HTML message to the chat the update came from; the id of the message sent.

    Telegram's answer is read as JSON for its id: building PTB's `Message` of it cost every
    answer more than the id is worth (bot/app.py makes the Application's bot a `JsonBot`).
    """
    chat = update.effective_chat
    if chat is None:
        return None
    markup = keyboard(buttons) if buttons else None
    bot = cast(JsonBotApi, update.get_bot())
    params = {"chat_id": chat.id, "text": text, "parse_mode": ParseMode.HTML,
              "reply_markup": markup}  # fmt: skip
    sent = await bot.post_json("sendMessage", params)
    return int(sent["message_id"])


async def refuse_stranger(update: Update) -> None:
    """The one polite line for anyone who is not a registered staff member in a private chat."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    await reply(update, translator(caller_locale(update))("access-ask-admin"))


async def remember_caller(update: Update, context: Context) -> Staff | None:
    """Look up the registered staff member behind this update, once, for its handlers.

    This is the one look-up of an update (the gate makes it), never a cache: the answer is
    kept on the update's CallbackContext, which PTB builds afresh for every update, so the
    next update looks again and someone revoked a moment ago is refused at once. (A
    conversation's timeout callback is handed the context of the update that set it: it
    must not take its caller from there.)
    """
    user = update.effective_user
    staff = None
    if user is not None:
        # The update's session, which its handler goes on with (bot/ordering.py opens the turn).
        async with services(context).db.turn_session() as session:
            staff = await staff_by_telegram(session, telegram_user_id=user.id)
            if staff is not None:  # jobs reach them on the channel they last wrote from
                await remember_last_chat(session, staff=staff, chat_id=user.id)
            # Ends the read and gives the connection back, keeping the person: until the
            # handler writes, the update holds none (a reply on some channels takes one of its
            # own, and a crowd holding one each while waiting for another would empty the pool).
            await session.commit()
    vars(context)[CALLER] = staff
    return staff


def known_caller(context: Context) -> Staff | None:
    """The person the gate found behind this update; None for a stranger or before the gate."""
    staff: Staff | None = vars(context).get(CALLER)
    return staff


async def caller_of(update: Update, context: Context, session: AsyncSession) -> Staff | None:
    """The person the gate found behind this update (None: a stranger), as an object of
    `session`, which handlers may change and commit; no statement is sent for it."""
    found = vars(context)
    staff = found[CALLER] if CALLER in found else await remember_caller(update, context)
    if staff is None or staff in session:  # the gate read it in the update's session
        return staff
    # Read in another session (outside a turn): a copy attached to this one, from what it read.
    return await session.merge(staff, load=False)


async def identify(update: Update, context: Context, session: AsyncSession) -> Staff | None:
    """The registered staff member behind this update, or None after refusing politely."""
    chat = update.effective_chat
    staff = None
    if chat is not None and chat.type == chat.PRIVATE:
        staff = await caller_of(update, context, session)
    if staff is None:
        await refuse_stranger(update)
    return staff


def tr(staff: Staff) -> Translate:
    """The translator for a staff member's language."""
    return for_language(staff.language)


def args_of(context: Context) -> list[str]:
    """The words after a command."""
    return list(context.args or [])


def id_of(text: str) -> int | None:
    """The id a button carries, or None when the text is not one."""
    return int(text) if text.isdigit() else None


def html_kwargs() -> dict[str, Any]:
    """Keyword arguments for an HTML reply or edit."""
    return {"parse_mode": ParseMode.HTML}
