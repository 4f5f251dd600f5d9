"""SQLite's one writer at a time, taken in turns inside the process instead of by sleeping.

A connection that finds SQLite's write lock held sleeps in SQLite's busy handler (1, 2, 5 …
up to 100 ms a try) however soon the lock is let go, and a write transaction of ours spans
several turns of the event loop (each statement is a hop to aiosqlite's thread). The outbox's
eight senders met that on every claim and settlement: the slowest waited 1.6 s. Waiting on an
asyncio lock instead wakes the next writer the moment the last one commits. Other processes
(a worker beside `fudao run`) still meet the busy handler, as before; PostgreSQL locks rows and
needs no turns.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlmodel.ext.asyncio.session import AsyncSession

# One lock per event loop (tests run many loops in one process).
_turns: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
    weakref.WeakKeyDictionary()
)


@asynccontextmanager
async def write_turn(session: AsyncSession) -> AsyncIterator[None]:
    """Hold this process's SQLite write turn (on PostgreSQL, nothing) while inside.

    Enter with no write transaction open on `session`, and commit before leaving: a writer
    that held SQLite's lock while waiting here would wait for itself.
    """
    bind = session.bind
    if bind is None or bind.dialect.name != "sqlite":
        yield
        return
    lock = _turns.setdefault(asyncio.get_running_loop(), asyncio.Lock())
    async with lock:
        yield
