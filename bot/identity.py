"""Who the bot is: ask the Bot API (`getMe`, briefly) and remember the @username it gives."""

from __future__ import annotations

import asyncio

from telegram import Bot, User
from telegram.error import NetworkError, TelegramError

from bot.config import Settings
from models.db import Database
from models.settings import BOT_USERNAME, store_setting, stored_setting

GET_ME_TIMEOUT = 5.0


async def get_me(settings: Settings) -> tuple[User | None, str]:
    """The bot's account, or None and why it could not be had."""
    if settings.telegram_token is None:
        return None, "FUDAO_TELEGRAM_TOKEN is not set"
    try:
        async with asyncio.timeout(GET_ME_TIMEOUT):
            token = settings.telegram_token.get_secret_value()
            async with Bot(token, base_url=settings.telegram_api_url) as bot:
                return bot.bot, ""
    except TimeoutError:
        return None, f"the Bot API at {settings.telegram_api_url} did not answer in time"
    except (NetworkError, OSError):
        return None, f"cannot reach the Bot API at {settings.telegram_api_url}"
    except TelegramError as error:
        return None, f"the Bot API refused the token: {error.message}"


async def remember_username(db: Database, username: str) -> None:
    """Keep the @username for commands that run while the Bot API is out of reach."""
    async with db.session() as session:
        await store_setting(session, BOT_USERNAME, username)
        await session.commit()


async def bot_username(settings: Settings, db: Database) -> tuple[str | None, str]:
    """The @username: FUDAO_BOT_USERNAME, else the one kept at the last start, else getMe."""
    if settings.bot_username:
        return settings.bot_username.removeprefix("@"), ""
    async with db.session() as session:
        kept = await stored_setting(session, BOT_USERNAME)
    if kept:
        return kept, ""
    me, problem = await get_me(settings)
    if me is None or not me.username:
        return None, problem or "the bot has no @username"
    await remember_username(db, me.username)
    return me.username, ""
