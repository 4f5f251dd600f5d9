"""`make bench`, the WeCom path: one Application on both channels, through both emulators.

- W1 `/dorm` answered end to end through the WeCom emulator (callback in, message/send out),
  one at a time, beside the same number through the Bot API emulator, in the same app;
- W2 a Monday's nudges and digests for every staff member bound in WeCom, through an
  emulator that drops what passes WeCom's 30 a minute per member: sent, lost, doubled, dropped.

Run last by suite.py: binding everybody in WeCom moves where jobs reach them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from itertools import zip_longest
from pathlib import Path
from typing import Any

from sqlmodel import col, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.app import build_application
from bot.config import Settings
from bot.demo_cli import seed_demo
from bot.emulator import Emulator, EmulatorLimits
from bot.sandbox.wecom import WeComSide
from bot.wecom.request import MEMBER_PER_MINUTE
from bot.wecom.shapes import plain_text
from bot.wecom_emulator import WeComEmulator
from models.channels import member_chat_id
from models.crypto import KEYS_ENV, new_key
from models.db import Database
from models.invites import bind_chat
from models.migrate import upgrade
from models.org import Staff
from models.outbox import OutboxMessage
from models.types import utcnow
from policy.service import PolicyService
from scheduler.runner import run_jobs
from services.context import Services

Answer = Callable[[Emulator, Any, str], Awaitable[float]]
# Fields that differ between two sends of the same message.
VOLATILE = {"at", "msgid", "task_id", "response_code", "media"}


async def wecom_answer(emu: WeComEmulator, userid: str, text: str) -> float:
    """Seconds from a member's text to the first thing the app sends back."""
    before = len(emu.sent_to(userid))
    start = time.perf_counter()
    await emu.send_text(userid, text)
    await emu.wait_for(userid, lambda _entry: True, since=before)
    return time.perf_counter() - start


async def staff_numbers(db: Database) -> dict[int, str]:
    """工号 by telegram id, of everybody registered."""
    async with db.session() as session:
        query = select(Staff.telegram_user_id, Staff.staff_no).where(
            col(Staff.telegram_user_id).is_not(None), col(Staff.staff_no).is_not(None)
        )
        return {uid: no for uid, no in (await session.exec(query)).all() if uid and no}


async def bind_everybody(db: Database, numbers: dict[int, str]) -> None:
    """Each person the WeCom member known by their 工号, last seen in WeCom (as a first message)."""
    async with db.session() as session:
        query = select(Staff).where(col(Staff.staff_no).in_(numbers.values()))
        people = (await session.exec(query)).all()
        for staff in people:
            assert staff.staff_no is not None
            chat_id = await member_chat_id(session, userid=staff.staff_no)
            await bind_chat(session, staff=staff, chat_id=chat_id)
            session.add(staff)
        await session.commit()


def doubled(emu: WeComEmulator, userids: list[str], captions: set[str]) -> int:
    """Messages that reached a member a second time (the same content twice). A caption goes
    as a text before its file, and a digest's chart and workbook share one: twice is right."""
    extra = 0
    for userid in userids:
        got = [e for e in emu.sent_to(userid) if e["msgtype"] != "update"]
        seen = Counter(
            json.dumps({k: v for k, v in e.items() if k not in VOLATILE}, sort_keys=True)
            for e in got
        )
        for key, n in seen.items():
            caption = json.loads(key).get("text", {}).get("content") in captions
            extra += max(0, n - (2 if caption else 1))
    return extra


def round_robin(commands: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The commands taking turns between people: WeCom lets one member get 30 messages a
    minute, and the channel waits at 25, which would measure the pace and not the path."""
    by_person: dict[int, list[tuple[int, str]]] = {}
    for command in commands:
        by_person.setdefault(command[0], []).append(command)
    turns = zip_longest(*by_person.values())
    return [command for turn in turns for command in turn if command is not None]


async def wecom_path(
    url: str, commands: list[tuple[int, str]], answer: Answer, now: datetime, token: str
) -> list[str]:
    """W1 and W2; `commands` are (telegram id, `/dorm …`), half for each channel."""
    commands = round_robin(commands)
    db = Database(url)
    telegram = Emulator(token, limits=EmulatorLimits(global_per_second=None, chat_per_second=None))
    await telegram.start()
    side = WeComSide()
    await side.start_emulator()
    emu = side.emulator
    numbers = await staff_numbers(db)
    for uid, no in numbers.items():
        emu.add_member(no, f"u{uid}")
        telegram.add_user(user_id=uid, first_name=f"u{uid}")
    settings = Settings(telegram_api_url=telegram.api_url, telegram_file_url=telegram.file_url,
                        database_url=url, scheduler=False, send_rate=1000.0,
                        data_dir=Path(tempfile.mkdtemp()), **side.settings())  # fmt: skip
    svc = Services(db=Database(url), policy=PolicyService.load(), clock=lambda: now)
    app = build_application(settings, svc=svc, token=token)
    lines = []
    try:
        async with app:
            await app.start()
            assert app.updater is not None
            await app.updater.start_polling(poll_interval=0.0, timeout=1)
            await side.start_channel(app, settings, svc.db)
            half = len(commands) // 2
            on_telegram = [(telegram.state.users[uid], text) for uid, text in commands[:half]]
            took = sum([await answer(telegram, user, text) for user, text in on_telegram])
            tg_rate = half / took
            await bind_everybody(db, numbers)
            in_wecom = [(numbers[uid], text) for uid, text in commands[half:]]
            took = sum([await wecom_answer(emu, userid, text) for userid, text in in_wecom])
            wc_rate = len(in_wecom) / took
            lines.append(
                f"W1 /dorm in WeCom {wc_rate:.0f}/s vs Telegram {tg_rate:.0f}/s in the same app: "
                f"{wc_rate / tg_rate:.2f}× ({len(in_wecom)} and {half}, one at a time, "
                f"{len({u for u, _ in in_wecom})} members)"
            )
            lines.append(await monday_in_wecom(app, emu, db, numbers, now))
            await side.stop_channel()
            await app.updater.stop()
            await app.stop()
    finally:
        await side.stop_emulator()
        await telegram.stop()
        await db.dispose()
    return lines


async def monday_in_wecom(
    app: Any, emu: WeComEmulator, db: Database, numbers: dict[int, str], now: datetime
) -> str:
    """W2: next Monday's 08:00 nudges and digests, everybody in WeCom."""
    # The Monday after next: P5 already sent next week's digest on Telegram.
    monday = now + timedelta(days=(7 - now.weekday()) % 7 + 7)
    before = {no: len(emu.sent_to(no)) for no in numbers.values()}
    started = utcnow()
    start = time.perf_counter()
    done = await run_jobs(app, ("nudges", "digest"), monday)
    took = time.perf_counter() - start
    async with db.session() as session:
        rows = (await session.exec(
            select(OutboxMessage).where(col(OutboxMessage.created_at) >= started)
        )).all()  # fmt: skip
    lost = sum(1 for row in rows if row.sent_at is None)
    captions = {
        plain_text(str(row.body["caption"]), "HTML") for row in rows if row.body.get("caption")
    }
    got = [len(emu.sent_to(no)) - before[no] for no in numbers.values()]
    messages, busiest = sum(got), max(got)
    return (
        f"W2 Monday {monday.date()} nudges and digests in WeCom: {done} sends of {len(rows)} "
        f"outbox rows ({messages} WeCom messages, at most {busiest} to one member: "
        f"{busiest / MEMBER_PER_MINUTE:.1f} min at least) in "
        f"{took:.1f} s = {messages / took:.1f}/s, paced at {MEMBER_PER_MINUTE}/min per member: "
        f"lost {lost}, "
        f"doubled {doubled(emu, list(numbers.values()), captions)}, dropped over 30/min "
        f"{len(emu.dropped)}"
    )


async def _alone(url: str, students: int, colleges: int, n: int) -> list[str]:
    """Seed a university and run W1 and W2 alone."""
    from benchmarks import suite  # it imports this module, so not at the top
    from benchmarks.chat import answer, dorm_commands

    upgrade(url)
    policy = PolicyService.load()
    db = Database(url)
    try:
        await seed_demo(db, policy, today=policy.today(suite.NOW), students=students,
                        colleges=colleges)  # fmt: skip
        commands = await dorm_commands(db, n, suite.NOW, suite.BURST_PEOPLE)
    finally:
        await db.dispose()
    return await wecom_path(url, commands, answer, suite.NOW, suite.TOKEN)


def main() -> None:
    """`python benchmarks/wecom_bench.py [--quick]`: the WeCom path without the rest."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="2,000 students in 20 colleges")
    parser.add_argument("--url", help="an empty PostgreSQL database (default: SQLite)")
    parser.add_argument("--colleges", type=int, default=20, help="colleges (default 20)")
    args = parser.parse_args()
    os.environ.setdefault(KEYS_ENV, new_key())
    students, n = (2000, 50) if args.quick else (30000, 200)
    students = students * args.colleges // 20
    url = args.url or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    print(f"fudao WeCom bench on {'PostgreSQL' if args.url else 'SQLite'}, {students} students")
    for line in asyncio.run(_alone(url, students, args.colleges, n)):
        print(line)


if __name__ == "__main__":
    main()
