"""`make bench`: the hot paths against their bare baselines, measured in the same run.

    .venv/bin/python benchmarks/suite.py [--quick] [--url postgresql://…/empty_db]

Seeds a demo university (`--quick`: 2,000 students in 20 colleges; else 30,000) into a fresh
SQLite file (or the empty database `--url` names), starts the real Application against the
Bot API emulator with the send limiter lifted, and prints one line per measure:

- P1 evaluation of everybody vs one bare `GROUP BY staff_id, kind` over the same records;
- P2 `/dorm` logging vs a bare PTB echo bot, one update at a time through the same emulator;
- P3 Monday's nudge broadcast at the configured send rate through an emulator that enforces
  Telegram's 30/s overall and 1/s per chat: messages a second, lost, doubled;
- P4 the digest for every college: deciding and drawing, then sending (seconds);
- R  `/me` latency p50/p99/max while the 08:00 jobs and the digest run, vs idle;
- W1, W2 the WeCom path (benchmarks/wecom_bench.py): `/dorm` through the WeCom emulator beside
  Telegram, and Monday's nudges and digests within WeCom's 30 a minute per member;
- P5 peak RSS of `fudao jobs run` (the bot without its chat) for the 08:00 jobs and the
  digest, with the university loaded: the largest process (the drawing process is its own).

Long file on purpose: one benchmark run reads top to bottom.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select
from telegram import Update  # noqa: TID251 - the echo bot baseline
from telegram.ext import (  # noqa: TID251
    ApplicationBuilder,
    ContextTypes,
    MessageHandler,
    filters,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wecom_bench import wecom_path  # benchmarks/, beside this file

from bot.app import build_application
from bot.config import Settings
from bot.demo_cli import seed_demo
from bot.emulator import Emulator, EmulatorLimits
from models.crypto import KEYS_ENV, new_key
from models.db import Database
from models.migrate import upgrade
from models.org import CounselorClass, Staff, Student
from models.outbox import OutboxMessage
from models.records import WorkRecord
from policy.service import PolicyService
from reports.digest_text import RENDERS
from scheduler.delivery import deliver
from scheduler.digests import decide_digests
from scheduler.nudges import decide_nudges
from scheduler.runner import MORNING, run_jobs
from services.context import Services

ROOT = Path(__file__).resolve().parents[1]
JOB_RUNS = ("nudges", "period_close", "digest")
TOKEN = "123456:BENCH-token"
# Tuesday 1 December 2026, 08:00 in Shanghai: November closes, nudges go out, and the
# digest (run as of this moment) reports the week of 23 November.
NOW = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
ECHO_UPDATES = 200
WEEK = timedelta(days=7)


async def answer(emu: Emulator, user: Any, text: str) -> float:
    """Seconds from sending a text to the bot's first answer in that chat."""
    before = len(emu.messages(user.id))
    start = time.perf_counter()
    await emu.send_text(user, text)
    while len(emu.messages(user.id)) == before:  # noqa: ASYNC110 - the emulator has no event
        await asyncio.sleep(0.001)
    return time.perf_counter() - start


async def echo_rate(emu: Emulator, n: int) -> float:
    """Updates a second a bare PTB echo bot answers, one at a time, through the emulator."""

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None and update.effective_message.text
        await update.effective_message.reply_text(update.effective_message.text)

    bot = ApplicationBuilder().token(TOKEN).base_url(emu.api_url).build()
    bot.add_handler(MessageHandler(filters.TEXT, echo))
    user = emu.add_user(user_id=1, first_name="echo")
    async with bot:
        await bot.start()
        assert bot.updater is not None
        await bot.updater.start_polling(poll_interval=0.0, timeout=1)
        took = sum([await answer(emu, user, f"hello {i}") for i in range(n)])
        await bot.updater.stop()
        await bot.stop()
    return n / took


async def bare_group_by(db: Database) -> float:
    """Seconds for the one query any evaluation must at least do."""
    start = time.perf_counter()
    async with db.session() as session:
        query = select(WorkRecord.staff_id, WorkRecord.kind, sa.func.count()).group_by(
            col(WorkRecord.staff_id), col(WorkRecord.kind)
        )
        (await session.exec(query)).all()
    return time.perf_counter() - start


async def timed(work: Awaitable[Any]) -> float:
    """Seconds an awaitable takes."""
    start = time.perf_counter()
    await work
    return time.perf_counter() - start


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) of the values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


async def dorm_commands(db: Database, n: int) -> list[tuple[int, str]]:
    """(telegram id, `/dorm ROOM DATE`) for counselors' own students' rooms, never repeated."""
    async with db.session() as session:
        query = (
            select(Staff.telegram_user_id, Student.dorm)
            .join(CounselorClass, col(CounselorClass.staff_id) == Staff.id)
            .join(Student, col(Student.class_id) == CounselorClass.class_id)
            .where(col(Student.dorm).is_not(None), col(Staff.telegram_user_id).is_not(None))
            .distinct()
        )
        rooms = [(uid, dorm) for uid, dorm in (await session.exec(query)).all() if uid and dorm]
    found = []
    for i in range(n):
        uid, dorm = rooms[i % len(rooms)]
        day = (NOW + timedelta(days=-1 - i // len(rooms))).date()
        found.append((uid, f"/dorm {dorm} {day.month}-{day.day}"))
    return found


async def suite(url: str, students: int, colleges: int, quick: bool) -> list[str]:
    """Seed, start the bot, measure; the result lines."""
    upgrade(url)
    policy = PolicyService.load()
    db = Database(url)
    seeded = await seed_demo(db, policy, today=policy.today(NOW), students=students,
                             colleges=colleges)  # fmt: skip
    staff = sum(len(p.everyone) for p in seeded.colleges)
    lines = [f"data: {seeded.students} students, {staff} staff, {seeded.records} records"]

    # P1: evaluation of everybody vs the bare GROUP BY, best of three each.
    async with db.session() as session:
        evaluate = min([await timed(policy.evaluate(session, now=NOW)) for _ in range(3)])
    bare = min([await bare_group_by(db) for _ in range(3)])
    lines.append(f"P1 evaluate {evaluate:.3f} s vs GROUP BY {bare:.3f} s: {evaluate / bare:.1f}×")

    lines.append(await broadcast(url, db))
    emu = Emulator(TOKEN, limits=EmulatorLimits(global_per_second=None, chat_per_second=None))
    await emu.start()
    try:
        echo = await echo_rate(emu, ECHO_UPDATES // (4 if quick else 1))
        settings = Settings(telegram_api_url=emu.api_url, telegram_file_url=emu.file_url,
                            database_url=url, scheduler=False, send_rate=1000.0,
                            data_dir=Path(tempfile.mkdtemp()))  # fmt: skip
        clock: Callable[[], datetime] = lambda: NOW  # noqa: E731
        svc = Services(db=Database(url), policy=PolicyService.load(), clock=clock)
        app = build_application(settings, svc=svc, token=TOKEN)
        async with app:
            await app.start()
            assert app.updater is not None
            await app.updater.start_polling(poll_interval=0.0, timeout=1)
            lines += await _chat_and_jobs(app, emu, db, echo, quick)
            await app.updater.stop()
            await app.stop()
        lines.append(await peak_rss(url, emu))
        # The WeCom path last: it binds everybody in WeCom. Its /dorm rooms follow P2's.
        n = ECHO_UPDATES // (4 if quick else 1)
        lines += await wecom_path(url, (await dorm_commands(db, 3 * n))[n:], answer, NOW, TOKEN)
    finally:
        await emu.stop()
        await db.dispose()
    return lines


async def registered(db: Database) -> list[int]:
    """Telegram ids of everybody registered."""
    async with db.session() as session:
        query = select(Staff.telegram_user_id).where(col(Staff.telegram_user_id).is_not(None))
        return [uid for uid in (await session.exec(query)).all() if uid]


async def broadcast(url: str, db: Database) -> str:
    """P3: Monday's nudges at the configured rate through an emulator with Telegram's limits."""
    emu = Emulator(TOKEN, limits=EmulatorLimits())  # 30/s overall, 1/s per chat
    await emu.start()
    monday = NOW - timedelta(days=1)
    try:
        for uid in await registered(db):
            emu.add_user(user_id=uid, first_name=f"u{uid}")
        settings = Settings(telegram_api_url=emu.api_url, database_url=url, scheduler=False,
                            data_dir=Path(tempfile.mkdtemp()))  # fmt: skip
        svc = Services(db=Database(url), policy=PolicyService.load(), clock=lambda: monday)
        app = build_application(settings, svc=svc, token=TOKEN)
        async with app:
            async with svc.db.session() as session:
                decide = await timed(decide_nudges(session, svc.policy, monday))
            start = time.perf_counter()
            done = await deliver(app.bot, svc.db, monday)
            took = time.perf_counter() - start
        batch = f"nudge:{svc.policy.today(monday).isoformat()}"
        async with db.session() as session:
            query = select(OutboxMessage.recipient_id).where(OutboxMessage.batch == batch)
            rows = set((await session.exec(query)).all())
            query = query.where(col(OutboxMessage.sent_at).is_(None))
            lost = len(set((await session.exec(query)).all()))
        # A message that reached the same chat twice (each person has one nudge message).
        chats = [[m.text for m in emu.messages(uid)] for uid in await registered(db)]
        doubled = sum(len(texts) - len(set(texts)) for texts in chats)
        rate = done.sent / took if took else 0.0
    finally:
        await emu.stop()
    return (
        f"P3 nudges: {done.sent} of {len(rows)} people in {took:.1f} s = {rate:.1f}/s at "
        f"send_rate {settings.send_rate:.0f}/s ({rate / settings.send_rate:.2f}×), "
        f"{emu.flood.refused} 429s, lost {lost}, doubled {doubled}; deciding {decide:.2f} s"
    )


async def peak_rss(url: str, emu: Emulator) -> str:
    """P5: peak RSS of `fudao jobs run` for the 08:00 jobs and the digest, each on its own."""
    env = {**os.environ, "FUDAO_DATABASE_URL": url, "FUDAO_TELEGRAM_TOKEN": TOKEN,
           "FUDAO_TELEGRAM_API_URL": emu.api_url, "FUDAO_DATA_DIR": tempfile.mkdtemp(),
           "PYTHONPATH": str(ROOT)}  # fmt: skip
    at = (NOW + timedelta(days=7)).isoformat()  # next Tuesday: everything is decided afresh

    def peak_of(job: str) -> tuple[float, float]:
        """MB: the peak RSS of one `fudao jobs run`, and of its drawing process if any.

        Read from /proc (VmHWM) while it runs: rusage's maxrss of a child would count the
        pages of this process it was forked from.
        """
        command = [sys.executable, "-m", "bot.cli", "jobs", "run", job, "--at", at]
        child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
        peaks: dict[int, float] = {}
        while child.poll() is None:
            for pid in (child.pid, *_children(child.pid)):
                peaks[pid] = max(peaks.get(pid, 0.0), _high_water_mb(pid))
            time.sleep(0.02)
        own = peaks.pop(child.pid, 0.0)
        return own, max(peaks.values(), default=0.0)

    # In a thread: the emulator on this loop answers the child meanwhile.
    peaks = {job: await asyncio.to_thread(peak_of, job) for job in JOB_RUNS}
    shown = ", ".join(
        f"{job} {own:.0f}" + (f" + drawing {drawing:.0f}" if drawing else "")
        for job, (own, drawing) in peaks.items()
    )
    return f"P5 peak RSS {max(own for own, _ in peaks.values()):.0f} MB ({shown} MB)"


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _high_water_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:  # it just ended
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def _chat_and_jobs(
    app: Any, emu: Emulator, db: Database, echo: float, quick: bool
) -> list[str]:
    lines = []
    # P2: /dorm, one at a time, from counselors about their own students' rooms.
    commands = await dorm_commands(db, ECHO_UPDATES // (4 if quick else 1))
    users = {uid: emu.add_user(user_id=uid, first_name=f"u{uid}") for uid, _ in commands}
    took = sum([await answer(emu, users[uid], text) for uid, text in commands])
    dorm = len(commands) / took
    lines.append(f"P2 /dorm {dorm:.0f}/s vs echo bot {echo:.0f}/s: {dorm / echo:.2f}×")

    async with db.session() as session:
        query = select(Staff.telegram_user_id).where(col(Staff.telegram_user_id).is_not(None))
        for uid in (await session.exec(query)).all():
            users.setdefault(uid or 0, emu.add_user(user_id=uid or 0, first_name=f"u{uid}"))
    # P4: the digest alone, the week before the one R's digest reports.
    renders = sum(RENDERS.values())
    async with db.session() as session:
        decide = await timed(decide_digests(session, app.bot_data["services"].policy, NOW - WEEK))
    drawn = sum(RENDERS.values()) - renders
    start = time.perf_counter()
    done = await deliver(app.bot, db, NOW - WEEK)
    sending = time.perf_counter() - start
    lines.append(
        f"P4 digest {decide + sending:.1f} s for every college: {decide:.1f} s deciding and "
        f"drawing ({drawn} charts and workbooks), {sending:.1f} s sending {done.sent} digests "
        f"(text, chart and workbook each) with the limits lifted"
    )

    # R: /me while the 08:00 jobs and the digest run, against /me when idle.
    me_user = users[commands[0][0]]
    idle = [await answer(emu, me_user, "/me") for _ in range(20)]
    jobs = asyncio.create_task(run_jobs(app, (*MORNING, "followups"), NOW))
    digest = asyncio.create_task(run_jobs(app, ("digest",), NOW))
    busy: list[float] = []
    while not (jobs.done() and digest.done()) or len(busy) < 20:
        busy.append(await answer(emu, me_user, "/me"))
    await digest
    await jobs
    lines.append(
        f"R  /me busy p50 {pct(busy, 50) * 1000:.0f} ms, p99 {pct(busy, 99) * 1000:.0f} ms, "
        f"max {max(busy) * 1000:.0f} ms ({len(busy)} asked) vs idle p50 "
        f"{statistics.median(idle) * 1000:.0f} ms"
    )
    return lines


def main() -> None:
    """Parse the options, run the suite, print the lines."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a small university, < 1 minute")
    parser.add_argument("--url", help="an empty PostgreSQL database (default: SQLite)")
    args = parser.parse_args()
    # Notes and the outbox are sealed at rest: a throwaway key for this run and its children.
    os.environ.setdefault(KEYS_ENV, new_key())
    students, colleges = (2000, 20) if args.quick else (30000, 20)
    url = args.url or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    print(f"fudao bench on {'PostgreSQL' if args.url else 'SQLite'}")
    for line in asyncio.run(suite(url, students, colleges, args.quick)):
        print(line)


if __name__ == "__main__":
    main()
