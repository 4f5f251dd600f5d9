"""`fudao assign`: hand classes over to another counselor or head teacher, and tell them."""

from __future__ import annotations

import argparse
import asyncio
import html
import re
import sys
from datetime import UTC, datetime

from telegram import Bot

from bot.config import Settings
from handlers.assign import deliver, handover_text, preview_text, refusal_text
from i18n import t
from models.assignments import AssignRefused, apply_handover, plan_handover
from models.db import Database
from policy.service import PolicyService

EXIT_USAGE = 2
_TAG = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """A bot message as a terminal shows it: no HTML tags or entities."""
    return html.unescape(_TAG.sub("", text))


def assign(settings: Settings, args: argparse.Namespace) -> int:
    """Reassign, print what changed, and send the handover message when the bot can."""
    return asyncio.run(run_assign(settings, args))


async def run_assign(settings: Settings, args: argparse.Namespace) -> int:
    """The handover itself, for callers that already run an event loop."""
    db = Database(settings.db_url)
    now = datetime.now(UTC)
    try:
        async with db.session() as session:
            try:
                plan = await plan_handover(
                    session, old_no=args.old, new_no=args.new, class_names=args.classes
                )
            except AssignRefused as refusal:
                print(plain(refusal_text(t, refusal)), file=sys.stderr)
                return EXIT_USAGE
            print(plain(preview_text(t, plan)))
            if args.dry_run:
                return 0
            await apply_handover(session, plan=plan, actor_id=None, now=now, via="cli")
            policy = PolicyService.load(settings.policy_dir)
            text = await handover_text(session, policy, plan, now, policy.today(now))
    finally:
        await db.dispose()
    delivered = False
    if settings.telegram_token is not None:
        async with Bot(
            settings.telegram_token.get_secret_value(), base_url=settings.telegram_api_url
        ) as bot:
            delivered = await deliver(bot, plan.new, text)
    who = f"{plan.new.name}（{plan.new.staff_no or '-'}）"
    print(
        plain(
            t(
                "assign-done",
                old=f"{plan.old.name}（{plan.old.staff_no or '-'}）",
                new=who,
                count=len(plan.moves),
            )
        )
    )
    print(plain(t("assign-delivered" if delivered else "assign-not-delivered", new=who)))
    return 0
