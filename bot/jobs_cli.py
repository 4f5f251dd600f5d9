"""`fudao jobs list` and `fudao jobs run NAME [--at WHEN]`: any job at once, as of any moment."""

from __future__ import annotations

import argparse
from datetime import datetime

from bot.config import Settings

EXIT_USAGE = 2


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `jobs` subcommand and its two actions."""
    jobs = sub.add_parser("jobs", help="list the scheduled jobs, or run one now")
    actions = jobs.add_subparsers(dest="action", required=True)
    actions.add_parser("list", help="the jobs and when they run")
    run = actions.add_parser("run", help="run a job as of a moment (default: now)")
    run.add_argument("name")
    run.add_argument("--at", help="ISO moment with its zone, e.g. 2026-03-27T08:00+08:00")


def parse_moment(text: str) -> datetime:
    """An aware moment; raises ValueError for text without a zone or that is no date."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("give the time zone, e.g. 2026-03-27T08:00+08:00")
    return moment


def describe_jobs(settings: Settings) -> list[str]:
    """One line per job: its name and when it runs."""
    from policy.service import PolicyService

    jobs = PolicyService.load(settings.policy_dir).policy.settings.jobs
    return [
        f"nudges        {jobs.nudges.at:%H:%M} {jobs.nudges.days}",
        f"followups     {jobs.followups.at:%H:%M} {jobs.followups.days}",
        f"digest        {jobs.digest.at:%H:%M} {jobs.digest.weekday}",
        f"period_close  {jobs.nudges.at:%H:%M} every_day (periods that just ended)",
        "crisis_watch  every minute (unacknowledged crises repeat every 30 minutes)",
        "retention     03:00 every_day (erases what outlived its retention period)",
    ]


async def run(settings: Settings, name: str, at: datetime | None) -> int:
    """Start the Application without polling, run the job, stop; print what was sent."""
    from bot.app import build_application
    from models.migrate import upgrade
    from scheduler.runner import run_job

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.db_url)
    app = build_application(settings.model_copy(update={"scheduler": False}))
    async with app:
        moment = at or app.bot_data["services"].now()
        sent = await run_job(app, name, moment)
    print(f"{name} as of {moment.isoformat()}: {sent} message(s) sent")
    return 0
