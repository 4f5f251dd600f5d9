"""/web: a one-time sign-in link to the web console, and a 看板 button that opens it in Telegram."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update, WebAppInfo
from telegram.constants import ParseMode

from handlers.access import Caller, for_staff
from handlers.common import Context, reply
from i18n import esc
from models.audit import audit
from models.web import create_sign_in_link


@for_staff()
async def web(update: Update, context: Context, caller: Caller) -> None:
    """/web: the link (ten minutes, once) for a desktop browser; the Mini App button for here."""
    base = (caller.svc.web_url or "").rstrip("/")
    t = caller.t
    if not base:
        await reply(update, t("web-not-configured"))
        return
    token = await create_sign_in_link(caller.session, staff_id=caller.id, now=caller.svc.now())
    audit(caller.session, actor_id=caller.id, action="web.link", target=f"staff:{caller.id}")
    await caller.session.commit()
    link = f"{base}/app/signin?token={token}"
    # Telegram opens Mini Apps from https addresses only; elsewhere the link alone serves.
    markup = None
    if base.startswith("https://"):
        button = InlineKeyboardButton(t("web-open-button"), web_app=WebAppInfo(f"{base}/app"))
        markup = InlineKeyboardMarkup([[button]])
    chat = update.effective_chat
    assert chat is not None
    await chat.send_message(
        t("web-link-message", link=esc(link)), parse_mode=ParseMode.HTML, reply_markup=markup
    )
