"""`make bench`: the hot paths against their bare baselines, measured in the same run.

    .venv/bin/python benchmarks/suite.py [--quick] [--url postgresql://…/empty_db]

Seeds a demo university (`--quick`: 2,000 students in 20 colleges; else 30,000) into a fresh
SQLite file (or the empty database `--url` names), starts the real Application against the
Bot API emulator with the send limiter lifted, and prints one line per measure:

- P1 evaluation of everybody vs one bare `GROUP BY staff_id, kind` over the same records;
- P2 `/dorm` logging vs a bare PTB echo bot, each on an emulator of its own and measured in
  turns (three pairs), one update at a time and 1,000 queued at once from 50 counselors
  (`benchmarks/chat.py`), with CPU per answer;
- P3 Monday's nudge broadcast at the configured send rate through an emulator that enforces
  Telegram's 30/s overall and 1/s per chat: messages a second, lost, doubled;
- P4 the digest for every college, pipelined (each college sent as soon as it is drawn):
  seconds to the first message, the last drawing and the last message with the limits
  lifted; and at send_rate 25/s, the last message against the time sending alone takes;
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
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.chat import (
    Rate,
    answer,
    dorm_commands,
    echo_bot,
    in_turns,
    one_at_a_time,
    paired,
    queued,
    saved_records,
    spread,
)
from benchmarks.wecom_bench import wecom_path
from bot.app import build_application
from bot.config import Settings
from bot.demo_cli import seed_demo
from bot.emulator import Emulator, EmulatorLimits
from bot.emulator.state import BotMessage
from i18n import translator
from models.crypto import KEYS_ENV, new_key
from models.db import Database
from models.migrate import upgrade
from models.org import Staff
from models.outbox import OutboxMessage
from models.records import WorkRecord
from policy.service import PolicyService
from reports.digest_data import Week
from reports.digest_drawing import drawing_workers
from reports.digest_text import RENDERS
from scheduler.delivery import Pump, deliver
from scheduler.digests import decide_digests
from scheduler.nudges import decide_nudges
from scheduler.runner import MORNING, run_jobs
from services.context import Services
from tests.e2e.conftest import Clock

ROOT = Path(__file__).resolve().parents[1]
JOB_RUNS = ("nudges", "period_close", "digest")
TOKEN = "123456:BENCH-token"
# Tuesday 1 December 2026, 08:00 in Shanghai: November closes, nudges go out, and the
# digest (run as of this moment) reports the week of 23 November.
NOW = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
ECHO_UPDATES = 200
# P2 queued: this many /dorm at once from this many counselors (20 each, under the flood limit).
BURST, BURST_PEOPLE = 1000, 50
# P2's pairs of fudao and the echo bot, each way (benchmarks/chat.py's in_turns).
ROUNDS = 3
WEEK = timedelta(days=7)


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


async def suite(
    url: str, students: int, colleges: int, quick: bool, only_chat: bool = False
) -> list[str]:
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

    if not only_chat:
        lines.append(await broadcast(url, db))
        lines.append(await digest_at_rate(url, db))
    lifted = EmulatorLimits(global_per_second=None, chat_per_second=None)
    emu, echo_emu = Emulator(TOKEN, limits=lifted), Emulator(TOKEN, limits=lifted)
    await emu.start()
    await echo_emu.start()
    try:
        settings = Settings(telegram_api_url=emu.api_url, telegram_file_url=emu.file_url,
                            database_url=url, scheduler=False, send_rate=1000.0,
                            data_dir=Path(tempfile.mkdtemp()))  # fmt: skip
        clock = Clock(NOW)
        svc = Services(db=Database(url), policy=PolicyService.load(), clock=clock)
        app = build_application(settings, svc=svc, token=TOKEN)
        async with app:
            await app.start()
            assert app.updater is not None
            await app.updater.start_polling(poll_interval=0.0, timeout=1)
            async with echo_bot(echo_emu, TOKEN):
                lines += await _chat(emu, echo_emu, db, svc.db, clock)
            if not only_chat:
                lines += await _jobs(app, emu, db)
            await app.updater.stop()
            await app.stop()
        if not only_chat:
            lines.append(await peak_rss(url, emu))
            # The WeCom path last: it binds everybody in WeCom. Its /dorm dates precede P2's.
            n = ECHO_UPDATES // (4 if quick else 1)
            rooms = await dorm_commands(db, n, NOW - timedelta(days=18), BURST_PEOPLE)
            lines += await wecom_path(url, rooms, answer, NOW, TOKEN)
    finally:
        await emu.stop()
        await echo_emu.stop()
        await db.dispose()
    return lines


async def registered(db: Database) -> list[int]:
    """Telegram ids of everybody registered."""
    async with db.session() as session:
        query = select(Staff.telegram_user_id).where(col(Staff.telegram_user_id).is_not(None))
        return [uid for uid in (await session.exec(query)).all() if uid]


async def paced_app(
    url: str, db: Database, emu: Emulator, at: datetime
) -> tuple[Settings, Services, Any]:
    """The Application at the default send rate, everybody registered known to the emulator."""
    for uid in await registered(db):
        emu.add_user(user_id=uid, first_name=f"u{uid}")
    settings = Settings(telegram_api_url=emu.api_url, database_url=url, scheduler=False,
                        data_dir=Path(tempfile.mkdtemp()))  # fmt: skip
    svc = Services(db=Database(url), policy=PolicyService.load(), clock=lambda: at)
    return settings, svc, build_application(settings, svc=svc, token=TOKEN)


async def broadcast(url: str, db: Database) -> str:
    """P3: Monday's nudges at the configured rate through an emulator with Telegram's limits."""
    emu = Emulator(TOKEN, limits=EmulatorLimits())  # 30/s overall, 1/s per chat
    await emu.start()
    monday = NOW - timedelta(days=1)
    try:
        settings, svc, app = await paced_app(url, db, emu, monday)
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


@dataclass
class DigestRun:
    """P4: seconds from the start to the first message, the last drawing, the last message."""

    first: float
    drawn: float
    total: float
    sent: int
    lost: int
    doubled: int


def _messages(emu: Emulator) -> int:
    return sum(len(chat) for chat in emu.state.messages.values())


async def digest_run(
    app: Any, emu: Emulator, db: Database, at: datetime, *, pipelined: bool
) -> DigestRun:
    """P4: the digest as run_jobs runs it (pipelined), or every college drawn before sending."""
    policy = app.bot_data["services"].policy
    pump = Pump(app.bot, db, at)
    before, photos = _messages(emu), _photos(emu)
    start = time.perf_counter()

    async def first_message() -> float:
        await emu.wait_for(lambda: _messages(emu) > before, timeout=900)
        return time.perf_counter() - start

    first = asyncio.create_task(first_message())
    async with db.session() as session:
        await decide_digests(session, policy, at, ready=pump.kick if pipelined else None)
    drawn = time.perf_counter() - start
    done = await pump.finish()
    total = time.perf_counter() - start
    first_at = await first
    week = f"digest:{Week.containing(policy.today(at)).previous.start.isoformat()}:"
    async with db.session() as session:
        query = select(OutboxMessage.id).where(col(OutboxMessage.batch).startswith(week))
        rows = len((await session.exec(query)).all())
        unsent = query.where(col(OutboxMessage.sent_at).is_(None))
        lost = len((await session.exec(unsent)).all())
    doubled = max(0, _photos(emu) - photos - rows)  # one chart per digest sent
    return DigestRun(first_at, drawn, total, done.sent, lost, doubled)


def _photos(emu: Emulator) -> int:
    return sum(1 for chat in emu.state.messages.values() for m in chat if m.photo is not None)


async def digest_at_rate(url: str, db: Database) -> str:
    """P4 at Telegram's pace: the digest pipelined at send_rate 25/s vs sending alone."""
    emu = Emulator(TOKEN, limits=EmulatorLimits(global_per_second=30, chat_per_second=None))
    await emu.start()
    try:
        settings, _svc, app = await paced_app(url, db, emu, NOW)
        async with app:
            # Sending alone: every college drawn first, then timed from the first message.
            alone = await digest_run(app, emu, db, NOW - 3 * WEEK, pipelined=False)
            sending = alone.total - alone.drawn
            piped = await digest_run(app, emu, db, NOW - 2 * WEEK, pipelined=True)
    finally:
        await emu.stop()
    return (
        f"P4 digest at send_rate {settings.send_rate:.0f}/s: sending alone {sending:.1f} s "
        f"({alone.sent} digests, after {alone.drawn:.1f} s drawing); pipelined, the last "
        f"digest leaves at {piped.total:.1f} s ({piped.total - sending:+.1f} s vs sending "
        f"alone; first message at {piped.first:.1f} s), lost {piped.lost}, doubled "
        f"{piped.doubled}; load {_load()}"
    )


def _load() -> str:
    """The 1-, 5- and 15-minute load averages: the machine is shared."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


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


async def _chat(
    emu: Emulator, echo_emu: Emulator, db: Database, bots: Database, clock: Clock
) -> list[str]:
    """P2 both ways, each in turns with the echo bot: /dorm one at a time, then BURST queued
    at once."""
    # Every round's commands from one call: no room is asked about twice on one day.
    asked = await dorm_commands(db, ECHO_UPDATES * ROUNDS, NOW, BURST_PEOPLE)
    singles = [asked[i * ECHO_UPDATES : (i + 1) * ECHO_UPDATES] for i in range(ROUNDS)]
    texts = spread(range(10**9, 10**9 + BURST_PEOPLE), BURST)
    with bots.statements() as statements:
        one = await in_turns(
            ROUNDS,
            lambda i: one_at_a_time(emu, singles[i]),
            lambda _: one_at_a_time(echo_emu, texts[:ECHO_UPDATES]),
        )
    # The bursts ask about rooms further back, on days the one-at-a-time asks did not use.
    asked = await dorm_commands(db, BURST * ROUNDS, NOW - timedelta(days=9), BURST_PEOPLE)
    bursts = [asked[i * BURST : (i + 1) * BURST] for i in range(ROUNDS)]

    async def burst(i: int) -> Rate:
        # Each burst in a minute of its own: 20 from each counselor, under the flood gate's 60.
        clock.advance(minutes=1)
        return await queued(emu, bursts[i])

    before = await saved_records(db)
    many = await in_turns(ROUNDS, burst, lambda _: queued(echo_emu, texts))
    saved = await saved_records(db) - before
    return [
        f"P2 /dorm one at a time {paired(one)}; "
        f"{len(statements) / len(singles) / ECHO_UPDATES:.1f} SQL statements each "
        "(persistence included)",
        f"P2 /dorm {BURST} queued from {BURST_PEOPLE} people ({saved} saved of "
        f"{BURST * ROUNDS}) {paired(many)}",
    ]


async def _jobs(app: Any, emu: Emulator, db: Database) -> list[str]:
    """P4 and R: the digest alone, then /me while the morning jobs and the digest run."""
    lines = []
    users = {uid: emu.state.users.get(uid) or emu.add_user(uid, f"u{uid}")
             for uid in await registered(db)}  # fmt: skip
    # P4: the digest alone, the week before the one R's digest reports, pipelined as
    # run_jobs runs it: each college is sent as soon as it is drawn.
    # First as before issue 22, every college drawn before the first is sent (another week).
    old = await digest_run(app, emu, db, NOW - 4 * WEEK, pipelined=False)
    lines.append(
        f"P4 digest drawn first, then sent: {old.total:.1f} s ({old.drawn:.1f} s drawing, "
        f"first message at {old.first:.1f} s), {old.sent} digests; load {_load()}"
    )
    renders = sum(RENDERS.values())
    run = await digest_run(app, emu, db, NOW - WEEK, pipelined=True)
    lines.append(
        f"P4 digest {run.total:.1f} s for every college with the limits lifted: first message "
        f"at {run.first:.1f} s, last college drawn at {run.drawn:.1f} s "
        f"({sum(RENDERS.values()) - renders} charts and workbooks, drawing processes: "
        f"{drawing_workers()}), {run.sent} digests (text, chart and workbook each), "
        f"lost {run.lost}, doubled {run.doubled}; load {_load()}"
    )

    # R: /me while the 08:00 jobs and the digest run, against /me when idle. Everybody asks
    # in turn: the bench's clock stands still, so one person asking without pause would
    # meet the flood gate (60 a minute) in a minute that never ends.
    askers = itertools.cycle(users.values())
    nothing = translator("zh")("me-nothing")

    def is_me(m: BotMessage) -> bool:  # not a nudge or a digest arriving meanwhile
        return m.text == nothing or "me:all" in json.dumps(m.reply_markup or {})

    idle = [await answer(emu, next(askers), "/me", is_me) for _ in range(20)]
    jobs = asyncio.create_task(run_jobs(app, (*MORNING, "followups"), NOW))
    digest = asyncio.create_task(run_jobs(app, ("digest",), NOW))
    busy: list[float] = []
    while not (jobs.done() and digest.done()) or len(busy) < 20:
        busy.append(await answer(emu, next(askers), "/me", is_me))
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
    parser.add_argument("--chat", action="store_true", help="P1 and P2 only (a few minutes)")
    args = parser.parse_args()
    # Notes and the outbox are sealed at rest: a throwaway key for this run and its children.
    os.environ.setdefault(KEYS_ENV, new_key())
    students, colleges = (2000, 20) if args.quick else (30000, 20)
    url = args.url or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    print(f"fudao bench on {'PostgreSQL' if args.url else 'SQLite'}")
    for line in asyncio.run(suite(url, students, colleges, args.quick, args.chat)):
        print(line)


if __name__ == "__main__":
    main()
