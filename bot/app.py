"""All wiring in one place: build the Application with its handlers and services."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from telegram import BotCommand, Update
from telegram.error import BadRequest, NetworkError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

import handlers.assess
import handlers.staff
from bot.channels import ChannelRequest
from bot.config import Settings
from bot.gates import add_gates
from bot.http_clients import bot_api_request
from bot.identity import remember_username
from bot.json_bot import JsonBot
from bot.ordering import PerUserOrder
from bot.persistence import DatabasePersistence
from bot.resilient import retrying_request, tried_once
from bot.wecom.api import api_of
from bot.wecom.request import WeComRequest
from handlers import (
    assign,
    concern,
    digest,
    export,
    free_text,
    history,
    me,
    reminders,
    rules,
    shortcuts,
    start,
    upload,
    web,
)
from handlers.common import Context, refuse_stranger, reply, services, tr
from handlers.common import identify as identify_caller
from handlers.log_menu import build_log_conversation
from i18n import t
from models.db import Database
from policy.service import PolicyService
from scheduler.runner import deliver_pending, kick, start_jobs
from services.context import Services
from services.logsafe import log_failure, quiet_chatty_loggers

log = logging.getLogger(__name__)

# With WeCom alone, python-telegram-bot still wants a token of the right shape; nothing uses it.
WECOM_ONLY_TOKEN = "1:wecom-only"
# Who the bot is when only WeCom is configured (getMe answers this; commands need a username).
WECOM_BOT_USER = {
    "id": 1,
    "is_bot": True,
    "first_name": "辅导员工作助手",
    "username": "fudao_wecom",
}

# Seconds past the long poll's own 10 s that getUpdates waits for Telegram (PTB's default is
# 5): a stop's last getUpdates, made to confirm the updates handled, waits no longer on a
# hanging API (bot/stopping.py).
POLL_READ_MARGIN = 2.0
COMMANDS = (
    "log",
    "talk",
    "dorm",
    "meeting",
    "me",
    "todo",
    "rules",
    "history",
    "export",
    "concern",
    "template",
    "assign",
    "staff",
    "digest",
    "assess",
    "away",
    "help",
    "cancel",
    "lang",
    "web",
)


def quiet_http_logs() -> None:
    """httpx logs every request URL at INFO, and Bot API URLs carry the token."""
    quiet_chatty_loggers()


async def stale_button(update: Update, context: Context) -> None:
    """A button from a finished or expired conversation: that step is behind the person."""
    query = update.callback_query
    assert query is not None
    async with services(context).db.turn_session() as session:
        staff = await identify_caller(update, context, session)
    if staff is not None:
        await query.answer(tr(staff)("form-step-gone"))


async def unknown(update: Update, context: Context) -> None:
    """Anything no handler took (a sticker, a group message): point registered people at /help."""
    async with services(context).db.turn_session() as session:
        staff = await identify_caller(update, context, session)
    if staff is not None:
        await reply(update, tr(staff)("unknown-input"))


async def on_error(update: object, context: Context) -> None:
    """Log the failure without the update's text (it may hold notes about students)."""
    update_id = update.update_id if isinstance(update, Update) else None
    if context.error is not None:
        # Type, handler and update id only: the exception's message may quote a note.
        log_failure(log, "handler", context.error, update=update_id)
    unreachable = isinstance(context.error, NetworkError) and not isinstance(
        context.error, BadRequest
    )  # a reply given up on: a message saying so would wait as long, and fail as surely
    if isinstance(update, Update) and not unreachable and update.effective_chat is not None:
        try:
            await update.effective_chat.send_message(t("error-internal"))
        except Exception:  # the chat may be unreachable; the error is logged already
            log.warning("could not tell the user about the failure")


def add_handlers(app: Application[Any, Any, Any, Any, Any, Any], settings: Settings) -> None:
    """Register every handler; the /log conversation after the other forms (see below)."""
    add_gates(app)
    app.add_handler(CommandHandler("start", start.start))
    app.add_handler(CommandHandler("help", start.help_command))
    app.add_handler(CommandHandler("lang", start.lang))
    app.add_handler(CommandHandler("talk", shortcuts.talk))
    app.add_handler(CommandHandler("dorm", shortcuts.dorm))
    app.add_handler(CommandHandler("meeting", shortcuts.meeting))
    app.add_handler(CommandHandler("me", me.me))
    app.add_handler(CommandHandler("todo", rules.todo))
    app.add_handler(CommandHandler("rules", rules.rules))
    app.add_handler(CommandHandler("digest", digest.digest))
    app.add_handler(CommandHandler("web", web.web))  # the web console (bot/web/, issue 21)
    app.add_handler(CommandHandler("away", reminders.away))
    app.add_handler(CallbackQueryHandler(reminders.nudge_button, pattern=r"^nz:"))
    app.add_handler(CallbackQueryHandler(reminders.crisis_ack, pattern=r"^cr:ack:"))
    app.add_handler(history.build_history_conversation(timeout=settings.conversation_timeout))
    app.add_handler(CommandHandler("export", export.export))
    app.add_handler(CallbackQueryHandler(export.pressed, pattern=r"^ex:"))
    app.add_handler(CommandHandler("concern", concern.concern))
    app.add_handler(CallbackQueryHandler(concern.pressed, pattern=r"^kc:"))
    app.add_handler(CommandHandler("assign", assign.assign))
    app.add_handler(CallbackQueryHandler(assign.pressed, pattern=r"^as:"))
    app.add_handler(CommandHandler("staff", handlers.staff.staff))
    app.add_handler(CallbackQueryHandler(handlers.staff.pressed, pattern=r"^st:"))
    app.add_handler(CallbackQueryHandler(me.missing, pattern=r"^me:miss:"))
    app.add_handler(CallbackQueryHandler(me.everything, pattern=r"^me:all$"))
    for handler in handlers.assess.build_assess_handlers(timeout=settings.conversation_timeout):
        app.add_handler(handler)
    app.add_handler(CommandHandler("template", upload.template))
    app.add_handler(MessageHandler(filters.Document.ALL, upload.document))
    app.add_handler(CallbackQueryHandler(upload.decide, pattern=r"^up:"))
    # The /log conversation comes after the other forms: it reads any private sentence as a
    # proposed record (issue 16), so a correction typed into /history must reach /history first.
    app.add_handler(
        build_log_conversation(
            entry_points=[
                CallbackQueryHandler(me.talk_to, pattern=r"^log:stu:\d+$"),
                free_text.sentence_entry_point(),
            ],
            timeout=settings.conversation_timeout,
        )
    )
    app.add_handler(CallbackQueryHandler(stale_button))
    app.add_handler(MessageHandler(filters.ALL, unknown))
    app.add_error_handler(on_error)


async def _post_init(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Publish the command menu in both languages, then schedule the jobs and catch up."""
    for language in ("zh", "en"):
        commands = [BotCommand(c, t(f"command-{c}", language)) for c in COMMANDS]
        await app.bot.set_my_commands(commands, language_code=None if language == "zh" else "en")
    if app.bot.username and app.bot.token != WECOM_ONLY_TOKEN:
        # `fudao invite` builds its links from this when the Bot API is out of its reach.
        await remember_username(app.bot_data["services"].db, app.bot.username)
    settings: Settings = app.bot_data["settings"]
    if settings.scheduler:
        start_jobs(app)


async def _post_shutdown(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Close the database pool."""
    await app.bot_data["services"].db.dispose()


def channel_request(settings: Settings, svc: Services, *, telegram: bool) -> ChannelRequest:
    """The request that carries Bot API calls to Telegram, to WeCom, or to both."""
    wecom = None
    if settings.wecom_enabled:
        wecom = WeComRequest(api_of(settings), svc.db, WECOM_BOT_USER)
    return ChannelRequest(bot_api_request(256) if telegram else None, wecom)


def build_application(
    settings: Settings, *, svc: Services | None = None, token: str | None = None
) -> Application[Any, Any, Any, Any, Any, Any]:
    """The fudao Application, talking to the Bot API (or emulator) the settings name."""
    quiet_http_logs()
    if svc is None:
        svc = Services(
            db=Database(settings.db_url),
            policy=PolicyService.load(settings.policy_dir),
        )
    secret = token or (
        settings.telegram_token.get_secret_value() if settings.telegram_token else ""
    )
    bot = JsonBot(
        secret or WECOM_ONLY_TOKEN,
        base_url=settings.telegram_api_url,
        base_file_url=settings.file_url,
        # Replies survive an outage on either channel; getUpdates (Telegram's) is apart.
        request=retrying_request(settings, channel_request(settings, svc, telegram=bool(secret))),
        get_updates_request=bot_api_request(1, read_timeout=POLL_READ_MARGIN),
        rate_limiter=AIORateLimiter(overall_max_rate=settings.send_rate, max_retries=5),
    )
    app = (
        ApplicationBuilder()
        .bot(bot)
        .persistence(DatabasePersistence(svc.db))
        # One person's slow request (a digest) never holds up another's; theirs stay in order.
        .concurrent_updates(PerUserOrder())
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    app.bot_data["services"] = svc
    svc.web_url = svc.web_url or settings.web_url
    app.bot_data["settings"] = settings
    # Conversations reach the scheduler only through these two hooks (handlers never import it).
    svc.run_job_soon = partial(kick, app)
    svc.send_pending = tried_once(partial(deliver_pending, app))  # the outbox retries its own
    add_handlers(app, settings)
    return app


__all__ = ["build_application", "refuse_stranger"]
