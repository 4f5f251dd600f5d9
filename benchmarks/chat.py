"""P2's two ways of asking: one update at a time, and many queued at once from many people.

Both are measured for fudao's `/dorm` and for a bare PTB echo bot, each on an emulator of its
own, in turns (`in_turns`), so the ratio says what fudao's own work costs beside Telegram's
plumbing, not how the machine's speed drifted between the two.
"""

from __future__ import annotations

import statistics
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import col, func, select
from telegram import Update  # noqa: TID251 - the echo bot baseline
from telegram.ext import (  # noqa: TID251
    ApplicationBuilder,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.emulator import Emulator
from bot.emulator.state import BotMessage
from models.db import Database
from models.org import CounselorClass, Staff, Student
from models.records import WorkRecord

Asks = Sequence[tuple[int, str]]  # (telegram id, text), in the order they are sent
# Long enough for a loaded machine; a bot that never answers fails the bench, not hangs it.
ANSWER_WITHIN = 60.0


@dataclass(frozen=True)
class Rate:
    """Answers a second, and this process's CPU time per answer (the emulator's included, as
    it is for the echo bot): the CPU figure holds still when other programs load the machine."""

    per_second: float
    cpu_ms: float

    def __str__(self) -> str:
        return f"{self.per_second:.0f}/s ({self.cpu_ms:.1f} ms CPU each)"


def sent_to(emu: Emulator, chat_id: int) -> int:
    """How many messages the bot has sent into a chat (cheap: the bench asks after each one)."""
    return len(emu.state.messages.get(chat_id, ()))


async def answer(
    emu: Emulator, user: Any, text: str, is_answer: Callable[[BotMessage], bool] | None = None
) -> float:
    """Seconds from sending a text to the bot's answer in that chat: its first message, or
    the first that `is_answer` recognises (a nudge may arrive in between)."""
    before = sent_to(emu, user.id)
    start = time.perf_counter()
    await emu.send_text(user, text)

    def answered() -> bool:
        new = emu.state.messages.get(user.id, [])[before:]
        return any(is_answer is None or is_answer(m) for m in new)

    # Woken by each message the bot sends, not by polling: the waiting costs the bench's
    # CPU figure nothing, for either bot.
    await emu.wait_for(answered, timeout=ANSWER_WITHIN)
    return time.perf_counter() - start


def users_of(emu: Emulator, asks: Asks) -> dict[int, Any]:
    """The emulator's user for each telegram id asking."""
    return {uid: emu.state.users.get(uid) or emu.add_user(uid, f"u{uid}") for uid, _ in asks}


async def one_at_a_time(emu: Emulator, asks: Asks) -> Rate:
    """Answers a second, each text sent once the previous one was answered."""
    users = users_of(emu, asks)
    cpu = time.process_time()
    took = sum([await answer(emu, users[uid], text) for uid, text in asks])
    return Rate(len(asks) / took, (time.process_time() - cpu) * 1000 / len(asks))


async def queued(emu: Emulator, asks: Asks) -> Rate:
    """Answers a second, every text queued at once (as after an outage or a busy minute)."""
    users = users_of(emu, asks)
    wanted: dict[int, int] = defaultdict(int)
    for uid, _ in asks:
        wanted[uid] += 1
    before = {uid: sent_to(emu, uid) for uid in wanted}
    start, cpu = time.perf_counter(), time.process_time()
    for uid, text in asks:
        await emu.send_text(users[uid], text)

    def answered() -> bool:
        return all(sent_to(emu, uid) - before[uid] >= n for uid, n in wanted.items())

    await emu.wait_for(answered, timeout=ANSWER_WITHIN * len(asks))
    took, cpu = time.perf_counter() - start, time.process_time() - cpu
    return Rate(len(asks) / took, cpu * 1000 / len(asks))


def spread(people: Sequence[int], n: int) -> list[tuple[int, str]]:
    """`n` echo texts from the people in turn."""
    return [(people[i % len(people)], f"hello {i}") for i in range(n)]


@asynccontextmanager
async def echo_bot(emu: Emulator, token: str) -> AsyncIterator[None]:
    """A bare PTB echo bot polling `emu` (its own emulator) while the block runs."""

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None and update.effective_message.text
        await update.effective_message.reply_text(update.effective_message.text)

    bot = ApplicationBuilder().token(token).base_url(emu.api_url).build()
    bot.add_handler(MessageHandler(filters.TEXT, echo))
    async with bot:
        await bot.start()
        assert bot.updater is not None
        await bot.updater.start_polling(poll_interval=0.0, timeout=1)
        try:
            yield
        finally:
            await bot.updater.stop()
            await bot.stop()


Pair = tuple[Rate, Rate]  # fudao's, the echo bot's


async def in_turns(
    rounds: int, fudao: Callable[[int], Awaitable[Rate]], echo: Callable[[int], Awaitable[Rate]]
) -> list[Pair]:
    """Both bots measured `rounds` times, each round one right after the other.

    The machine's speed drifts by a quarter within minutes here (the echo bot alone ran
    447–591/s in one sitting), so a ratio of two figures taken minutes apart says as much
    about the drift as about fudao. Taken in turns, the two of a pair meet the same machine;
    who goes first alternates, so neither always meets it warmer. Each callable is handed the
    round's number.
    """
    pairs = []
    for i in range(rounds):
        if i % 2 == 0:
            mine = await fudao(i)
            pairs.append((mine, await echo(i)))
        else:
            theirs = await echo(i)
            pairs.append((await fudao(i), theirs))
    return pairs


def paired(pairs: Sequence[Pair]) -> str:
    """The rounds as one figure: the pair with the median ratio, the ratios' range, and the
    median ratio of CPU per answer."""

    def ratio(pair: Pair) -> float:
        return pair[0].per_second / pair[1].per_second

    ordered = sorted(pairs, key=ratio)
    median = ordered[len(ordered) // 2]
    by_cpu = statistics.median(theirs.cpu_ms / mine.cpu_ms for mine, theirs in pairs)
    return (
        f"{median[0]} vs echo bot {median[1]}: {ratio(median):.2f}× "
        f"(the median of {len(pairs)} pairs taken in turns, "
        f"{ratio(ordered[0]):.2f}–{ratio(ordered[-1]):.2f}×; {by_cpu:.2f}× by CPU)"
    )


async def dorm_commands(db: Database, n: int, now: datetime, people: int) -> list[tuple[int, str]]:
    """`n` (telegram id, `/dorm ROOM DATE`) from `people` counselors in turn, about their own
    students' rooms; a room asked about again is visited a day earlier, so none repeats."""
    async with db.session() as session:
        query = (
            select(Staff.telegram_user_id, Student.dorm)
            .join(CounselorClass, col(CounselorClass.staff_id) == Staff.id)
            .join(Student, col(Student.class_id) == CounselorClass.class_id)
            .where(col(Student.dorm).is_not(None), col(Staff.telegram_user_id).is_not(None))
            .distinct()
        )
        rooms: dict[int, list[str]] = defaultdict(list)
        for uid, dorm in (await session.exec(query)).all():
            if uid and dorm:
                rooms[uid].append(dorm)
    who = sorted(rooms)[:people]
    found = []
    for i in range(n):
        uid, k = who[i % len(who)], i // len(who)
        mine = sorted(rooms[uid])
        day = (now + timedelta(days=-1 - k // len(mine))).date()
        found.append((uid, f"/dorm {mine[k % len(mine)]} {day.month}-{day.day}"))
    return found


async def saved_records(db: Database) -> int:
    """How many records there are (what a burst added is the difference)."""
    async with db.session() as session:
        return int((await session.exec(select(func.count()).select_from(WorkRecord))).one())
