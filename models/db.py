"""Engine and sessions: one async session per update or job."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager, suppress
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

import models.assessment
import models.channels
import models.chat_state
import models.concern
import models.courses
import models.indicators
import models.org
import models.outbox
import models.records
import models.settings
import models.spells
import models.warnings
import models.web  # noqa: F401  (registers the tables on SQLModel.metadata)
from models.sqlite_trips import one_trip_creator

__all__ = ["Database", "async_url"]

# Connections kept open, and opened beyond them for a moment under load. SQLAlchemy keeps 5:
# the outbox's eight batches in flight, the chat's concurrent updates and the jobs then
# opened and closed connections all the time (on SQLite each is a thread, a file, its
# pragmas and a schema read; on PostgreSQL a server process), a quarter of a digest's sending.
POOL_SIZE = 16
POOL_OVERFLOW = 10


# The sessions `one_session_per_turn` shares: the task that opened the turn, and one session
# per database. Another task (one a handler starts) opens its own: a session is not shared
# between concurrent tasks, and the turn might close it before that task ends.
Turn = tuple[asyncio.Task[Any] | None, dict["Database", AsyncSession]]
_turn: ContextVar[Turn | None] = ContextVar("fudao_turn", default=None)


@asynccontextmanager
async def one_session_per_turn() -> AsyncIterator[None]:
    """Within, `Database.turn_session` hands out one session per database, closed at the end:
    an update's gate and handler share it, and the person the gate read is the handler's."""
    opened: dict[Database, AsyncSession] = {}
    token = _turn.set((asyncio.current_task(), opened))
    try:
        yield
    finally:
        _turn.reset(token)
        for session in opened.values():
            await session.close()


def async_url(url: str) -> str:
    """Give a plain SQLite or PostgreSQL URL its asyncio driver."""
    if url.startswith("sqlite:"):
        return "sqlite+aiosqlite:" + url.removeprefix("sqlite:")
    for prefix in ("postgresql://", "postgres://", "postgresql+psycopg2://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    """Turn on foreign keys and WAL so readers never wait for the writer."""
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # Conversations, persistence and delivery write concurrently; SQLite has one writer at a
    # time, so a writer waits its turn (up to 30 s on a loaded machine) instead of failing.
    cursor.execute("PRAGMA busy_timeout=30000")
    # Deleted rows are overwritten with zeros, so an erased student is gone from the file.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite URL, or None for other databases and in-memory ones."""
    for prefix in ("sqlite:///", "sqlite+aiosqlite:///"):
        if url.startswith(prefix):
            path = url.removeprefix(prefix).split("?", 1)[0]
            return Path(path) if path and path != ":memory:" else None
    return None


def private_file(path: Path) -> None:
    """Create the file readable by its owner only (0600), and tighten it if it exists."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # Never open an existing database file here: closing any descriptor of a file drops
    # every POSIX lock this process holds on it, SQLite's included (SQLite's "How To Corrupt",
    # 2.2). Without its shared lock, another process closing its last connection takes itself
    # for the last one and deletes the WAL under this one's (the bench saw "database disk
    # image is malformed"). A file that does not exist yet has no connection to lose a lock.
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    os.chmod(path, 0o600)


class Database:
    """The engine and its session factory."""

    def __init__(self, url: str) -> None:
        self.url = async_url(url)
        file = sqlite_path(self.url)
        if file is not None:
            # SQLite would create it 0644 (and its -wal and -shm files copy that mode).
            private_file(file)
        # Statement parameters hold notes and names: never put them into an error's text.
        options: dict[str, Any] = {}
        if self.url.startswith("sqlite+aiosqlite:"):
            options["async_creator"] = one_trip_creator(self.url)
        self.engine: AsyncEngine = create_async_engine(
            self.url,
            hide_parameters=True,
            pool_size=POOL_SIZE,
            max_overflow=POOL_OVERFLOW,
            **options,
        )
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        self.sessions = async_sessionmaker(self.engine, class_=AsyncSession, expire_on_commit=False)

    @staticmethod
    def sync_url_of(url: str) -> str:
        """The URL with a synchronous driver, for alembic."""
        # psycopg 3 speaks both ways; aiosqlite's synchronous twin is the stdlib driver.
        return async_url(url).replace("+aiosqlite", "")

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A session that commits nothing by itself; callers commit what they confirm."""
        async with self.sessions() as session:
            yield session

    @asynccontextmanager
    async def turn_session(self) -> AsyncIterator[AsyncSession]:
        """The turn's session (see `one_session_per_turn`), left open for the turn's next
        user; outside a turn, a session of its own, as `session` gives."""
        turn = _turn.get()
        if turn is None or turn[0] is not asyncio.current_task():
            async with self.session() as session:
                yield session
            return
        opened = turn[1]
        if self not in opened:
            opened[self] = self.sessions()
        session = opened[self]
        try:
            yield session
        except BaseException:
            # As a session of its own would be: closed, and the turn's next user (an error
            # handler) starts afresh with a new one.
            if opened.get(self) is session:  # not forgotten already by a nested user
                del opened[self]
            await session.close()
            raise

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()

    @contextmanager
    def statements(self) -> Iterator[list[str]]:
        """The SQL statements run meanwhile, as text (never their parameters): for tests and
        benchmarks that count them."""
        seen: list[str] = []

        def note(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
            seen.append(statement)

        event.listen(self.engine.sync_engine, "before_cursor_execute", note)
        try:
            yield seen
        finally:
            event.remove(self.engine.sync_engine, "before_cursor_execute", note)


def run_sync_ddl(connection: Connection) -> None:
    """Create every table (tests and the sandbox; production uses migrations)."""
    from sqlmodel import SQLModel

    SQLModel.metadata.create_all(connection)
