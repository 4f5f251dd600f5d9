"""Stopping within seconds of SIGTERM, even when the Bot API cannot be reached.

Three things held a stop up for 30 s and more in an outage: replies waiting to be retried,
calls hanging until their timeout (a job's outbox sends, one after another), and PTB's
polling loop, which sleeps up to 30 s after a failed getUpdates without looking at its stop
event. On a stop signal the retries are abandoned (each call gets two seconds, time enough
for a healthy API), a job's run leaves what it could not send in the outbox for the next
start (scheduler/delivery.py stops trying once the API is plainly down), and the polling
loop's sleep is cut. The last getUpdates waits 2 s past its poll (bot/app.py), not PTB's 5.
"""

from __future__ import annotations

import asyncio
import signal
from typing import Any

from telegram.ext import Application

from bot.resilient import abandon_retries

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
# PTB 22's name for the task of its polling loop; Updater.stop() awaits it and takes its
# cancellation as the end it is waiting for.
POLLING_TASK = "Updater:start_polling:polling_task"
# Seconds an HTTP server of ours (webhook, WeCom callback, console) gives requests in flight
# when it stops: aiohttp's own default is a minute.
HTTP_GRACE = 2.0

AnyApp = Application[Any, Any, Any, Any, Any, Any]


def stop_promptly(app: AnyApp) -> None:
    """Give up what would hold a stop up: the retries, and the polling loop's sleep."""
    abandon_retries(app.bot)
    for task in asyncio.all_tasks():
        # Only while it sleeps: inside a getUpdates it heeds the stop event, and a cancel there
        # would orphan the call, which then holds the connection the last getUpdates (the one
        # that confirms the updates already handled) needs.
        if task.get_name() == POLLING_TASK and sleeping(task):
            task.cancel()


def sleeping(task: asyncio.Task[Any]) -> bool:
    """Whether the task is waiting in an `asyncio.sleep` (and not in a call)."""
    waiting_on = getattr(task.get_coro(), "cr_await", None)
    return getattr(waiting_on, "__name__", "") == "sleep"
