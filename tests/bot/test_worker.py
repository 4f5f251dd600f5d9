"""`fudao worker`: jobs in processes of their own; several of them never send a message twice."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from bot.emulator import Emulator
from models.db import Database
from models.migrate import upgrade
from models.outbox import OutboxMessage, insert_new
from models.types import table_of
from tests.factories import make_college, make_staff

ROWS = 120
ROOT = Path(__file__).resolve().parents[2]


async def _fill_outbox(database_url: str, emu: Emulator) -> list[int]:
    """ROWS registered people, each with one message waiting in the outbox."""
    upgrade(database_url)
    db = Database(database_url)
    async with db.session() as session:
        college = await make_college(session)
        people = [
            await make_staff(session, college, telegram_user_id=900_000 + i, is_counselor=False)
            for i in range(ROWS)
        ]
        rows = [
            {"recipient_id": p.id, "rule": "test", "period": "p", "stage": "s",
             "batch": f"test:{p.id}", "body": {"text": f"message {p.id}"}}
            for p in people
        ]  # fmt: skip
        await insert_new(session, rows)
        await session.commit()
    await db.dispose()
    for p in people:
        emu.add_user(user_id=p.telegram_user_id or 0, first_name=p.name)
    return [p.telegram_user_id or 0 for p in people]


def _unsent(database_url: str) -> int:
    engine = sa.create_engine(Database.sync_url_of(database_url))
    try:
        with engine.connect() as conn:
            table = table_of(OutboxMessage)
            query = sa.select(sa.func.count()).select_from(table).where(table.c.sent_at.is_(None))
            return int(conn.execute(query).scalar_one())
    finally:
        engine.dispose()


def test_it_sends_each_message_once_with_two_workers(
    cli_emulator: Emulator, database_url: str
) -> None:
    chats = asyncio.run(_fill_outbox(database_url, cli_emulator))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    workers = [
        subprocess.Popen([sys.executable, "-m", "bot.cli", "worker"], env=env) for _ in range(2)
    ]
    try:
        # Both start at once and deliver what is pending; wait until nothing is left.
        deadline = time.monotonic() + 300  # a safety net against a hang, not a measurement
        while _unsent(database_url) and time.monotonic() < deadline:
            assert all(w.poll() is None for w in workers), "a worker stopped early"
            time.sleep(0.2)
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        codes = [worker.wait(timeout=60) for worker in workers]
    assert codes == [0, 0]
    assert _unsent(database_url) == 0
    received = {chat: [m.text for m in cli_emulator.messages(chat)] for chat in chats}
    assert all(len(texts) == 1 for texts in received.values()), {
        chat: texts for chat, texts in received.items() if len(texts) != 1
    }
