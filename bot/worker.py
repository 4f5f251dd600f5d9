"""`fudao worker`: the scheduled jobs in a process of their own, while `fudao run --no-jobs`
answers the chat. Several workers may run: outbox claims keep any message from going twice.
"""

from __future__ import annotations

import asyncio

from bot.app import build_application
from bot.config import Settings
from bot.stopping import STOP_SIGNALS, stop_promptly
from scheduler.runner import start_jobs


async def work(settings: Settings, stop: asyncio.Event) -> None:
    """Start the Application without fetching updates, run the jobs until `stop` is set."""
    app = build_application(settings.model_copy(update={"scheduler": False}))
    async with app:
        await app.start()  # the JobQueue; no updater, so no chat reaches this process
        start_jobs(app)
        await stop.wait()
        stop_promptly(app)  # what a job decided and could not send stays in the outbox
        await app.stop()
    await app.bot_data["services"].db.dispose()


def run_worker(settings: Settings) -> None:
    """Run the jobs until SIGINT or SIGTERM."""

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in STOP_SIGNALS:
            loop.add_signal_handler(sig, stop.set)
        await work(settings, stop)

    asyncio.run(main())
