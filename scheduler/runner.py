"""The jobs by name: run one as of any moment, and schedule them all on the JobQueue.

A job first decides (writes outbox rows in one transaction), then delivers what is pending;
the digest delivers each college's rows as soon as they are committed (issue 22).
Because decisions are idempotent, running a job twice, late, or after a restart sends
nothing twice; at start-up every job runs once so that a run missed while the bot was down
catches up.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from datetime import datetime, time, timedelta
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession
from telegram.ext import Application, ContextTypes

from policy.rules import JobTime
from policy.service import PolicyService
from scheduler.closing import decide_period_close
from scheduler.crisis import decide_crisis_alerts
from scheduler.delivery import Delivery, Pump, deliver
from scheduler.digests import decide_digests
from scheduler.followups import decide_followups
from scheduler.nudges import decide_nudges
from scheduler.retention import decide_retention
from services.context import Services, services_of
from services.logsafe import log_failure

log = logging.getLogger(__name__)

Decide = Callable[[AsyncSession, PolicyService, datetime], Awaitable[int]]
JOBS: dict[str, Decide] = {
    "nudges": decide_nudges,
    "followups": decide_followups,
    "digest": decide_digests,
    "period_close": decide_period_close,
    "crisis_watch": decide_crisis_alerts,
    "retention": decide_retention,
}
JOB_NAMES = tuple(JOBS)
# The jobs that run at the nudge time every day; together, they evaluate everybody once.
MORNING = ("nudges", "period_close")
RETENTION_AT = time(3, 0)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
AnyApp = Application[Any, Any, Any, Any, Any, Any]


async def run_job(app: AnyApp, name: str, at: datetime) -> int:
    """Run a job as of `at`: decide, then deliver everything pending; return messages sent."""
    return await run_jobs(app, (name,), at)


async def run_jobs(app: AnyApp, names: Sequence[str], at: datetime) -> int:
    """Run jobs as of the same instant, sharing one evaluation of everybody, then deliver."""
    unknown = [n for n in names if n not in JOBS]
    if unknown:
        raise KeyError(unknown[0])
    svc = services_of(app.bot_data)
    decided = 0
    pump = Pump(app.bot, svc.db, at)
    try:
        with svc.policy.sharing():
            for name in names:
                async with svc.db.session() as session:
                    if name == "digest":  # sent a college at a time, as each is drawn
                        decided += await decide_digests(session, svc.policy, at, ready=pump.kick)
                    else:
                        decided += await JOBS[name](session, svc.policy, at)
    finally:
        done = await pump.finish()
    log.info(
        "jobs %s: %d decided, %d sent, %d failed, %d left",
        "+".join(names),
        decided,
        done.sent,
        done.failed,
        done.retry,
    )
    return done.sent


async def deliver_pending(app: AnyApp) -> Delivery:
    """Send whatever the outbox still holds (after a crash, or a send that failed)."""
    svc = services_of(app.bot_data)
    return await deliver(app.bot, svc.db, svc.now())


def _callback(*names: str) -> Callable[[ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]:
    async def job(context: ContextTypes.DEFAULT_TYPE) -> None:
        svc: Services = services_of(context.application.bot_data)
        try:
            await run_jobs(context.application, names, svc.now())
        except Exception as error:  # a failed run is retried by the next one; never stop it
            # Never log.exception: the error's message may quote a note or a name.
            log_failure(log, "job " + "+".join(names), error)

    job.__name__ = "job_" + "_".join(names)
    return job


def _days(when: JobTime) -> tuple[int, ...]:
    """JobQueue's day numbers (0 = Sunday … 6 = Saturday) for a job's days."""
    if when.weekday is not None:
        return ((WEEKDAYS.index(when.weekday) + 1) % 7,)
    return tuple(range(7))  # teaching days are checked by the job itself


def schedule_jobs(app: AnyApp) -> None:
    """Register every job with a fixed ID, in the university's time zone."""
    queue = app.job_queue
    if queue is None:
        return
    svc = services_of(app.bot_data)
    tz = svc.policy.tz
    jobs = svc.policy.policy.settings.jobs
    # Periods end at midnight: the day after, at the nudge time, the summaries go out. The
    # two run as one job, as of one instant, so that they share one evaluation of everybody.
    for names, when in (
        (MORNING, jobs.nudges),
        (("followups",), jobs.followups),
        (("digest",), jobs.digest),
    ):
        name = "+".join(names)
        queue.run_daily(
            _callback(*names), time=when.at.replace(tzinfo=tz), days=_days(when), name=name,
            job_kwargs={"id": name, "replace_existing": True, "misfire_grace_time": 3600},
        )  # fmt: skip
    # Nightly, when nobody is writing: erase what outlived its retention period.
    queue.run_daily(
        _callback("retention"), time=RETENTION_AT.replace(tzinfo=tz), name="retention",
        job_kwargs={"id": "retention", "replace_existing": True, "misfire_grace_time": 3600},
    )  # fmt: skip
    queue.run_repeating(
        _callback("crisis_watch"), interval=timedelta(minutes=1), first=timedelta(seconds=5),
        name="crisis_watch", job_kwargs={"id": "crisis_watch", "replace_existing": True},
    )  # fmt: skip


def start_jobs(app: AnyApp) -> None:
    """Schedule every job, and run each once now: what a crash left claimed-but-unsent, or a
    job missed while down, goes out at start."""
    schedule_jobs(app)
    kick(app, "crisis_watch")
    kick(app, *MORNING)
    kick(app, "followups")
    kick(app, "digest")


def kick(app: AnyApp, *names: str) -> None:
    """Run jobs now, as of one instant, in the background (a crisis just logged should not
    wait a minute)."""
    if app.job_queue is not None:
        app.job_queue.run_once(_callback(*names), when=0, name="+".join(names) + "-now")
