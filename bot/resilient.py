"""Replies that survive an outage: a request layer that retries a chat's replies in order.

`RetryingRequest` wraps whatever `BaseRequest` carries the Bot API calls out (aiohttp for
Telegram, a channel's own for WeCom), so every channel's replies take this one path. The
Application's AIORateLimiter sits above it and still handles 429s; a 429 is an answer, not
a failure, and passes through untouched.

1. A call made while answering an update (`answering_update()`, set by the update processor)
   with a chat_id is retried when it fails for a network error, a timeout or a 5xx: with
   backoff (doubling, with jitter), for up to `deadline` seconds, then dropped and logged by
   method name only. Any other answer (400, 403, 429…) is final: the API said it failed.
2. Calls to one chat go one at a time, so a retried reply is never overtaken by the next.
3. Calls made outside an update (the scheduler's outbox) are tried once: the outbox retries
   them on its next run, and a retry here would hold the outbox's claim and its database
   session. Behind a chat's retried reply they fail at once, to keep the order.
4. `abandon()` (on SIGTERM) ends every wait between retries now, and lets go of each call
   `grace` seconds into it, so that the process stops promptly even when the API hangs.

When the answer is lost (a timeout after the request went out), the call is sent again: at
least once. A reply seen twice is better than none: a counselor who sees no confirmation
writes the record again. An edit repeated in this way is answered "message is not modified",
which is taken as the success it is.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextvars import ContextVar
from functools import partial
from typing import Any, TypeVar

from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from bot.config import Settings

log = logging.getLogger(__name__)
T = TypeVar("T")

# A retry waits at most this many times the first wait.
MAX_BACKOFF_FACTOR = 30
# How long a call made outside an update waits behind a chat's earlier call, at most: far
# below the outbox's five-minute claim, so its row is never sent by two senders.
ONCE_WAIT = 30.0
NOT_MODIFIED = b"message is not modified"
EDIT_DONE = b'{"ok":true,"result":true}'

_answering: ContextVar[bool] = ContextVar("fudao_answering_update", default=False)


@contextlib.contextmanager
def answering_update(answering: bool = True) -> Iterator[None]:
    """Mark the calls made inside as replies to an update (retried), or, with False, not."""
    token = _answering.set(answering)
    try:
        yield
    finally:
        _answering.reset(token)


def tried_once(send: Callable[[], Awaitable[T]]) -> Callable[[], Awaitable[T]]:
    """`send` with its calls tried once, even inside an update (the outbox retries its own)."""

    async def once() -> T:
        with answering_update(False):
            return await send()

    return once


class _Turns:
    """One lock per chat while it has calls in flight, forgotten when the chat is idle."""

    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._users: dict[str, int] = {}
        self.retrying: set[str] = set()

    @contextlib.asynccontextmanager
    async def turn(self, chat: str, wait: float | None = None) -> AsyncIterator[None]:
        """Hold the chat's turn (TimeoutError after `wait` seconds of waiting for it)."""
        lock = self._locks.setdefault(chat, asyncio.Lock())
        self._users[chat] = self._users.get(chat, 0) + 1
        try:
            await asyncio.wait_for(lock.acquire(), wait)
            try:
                yield
            finally:
                lock.release()
        finally:
            self._users[chat] -= 1
            if not self._users[chat]:
                del self._users[chat], self._locks[chat]


class RetryingRequest(BaseRequest):
    """A `BaseRequest` that retries an update's replies through an outage (see the module)."""

    def __init__(
        self,
        inner: BaseRequest,
        *,
        deadline: float = 600.0,
        backoff: float = 1.0,
        grace: float = 2.0,
    ) -> None:
        self.inner = inner
        self.deadline = deadline
        self.backoff = backoff
        self.grace = grace
        self.dropped = 0  # replies given up on, for tests and the log
        self._turns = _Turns()
        self._stopping = asyncio.Event()
        self._in_flight: set[asyncio.Future[None]] = set()

    @property
    def read_timeout(self) -> float | None:
        """The inner request's."""
        return self.inner.read_timeout

    async def initialize(self) -> None:
        """Initialize the inner request; retrying is on again after an `abandon()`."""
        self._stopping = asyncio.Event()
        await self.inner.initialize()

    async def shutdown(self) -> None:
        """Abandon what is left, then shut the inner request down."""
        self._stopping.set()
        _let_go(set(self._in_flight))
        await self.inner.shutdown()

    def abandon(self, grace: float | None = None) -> None:
        """Stop retrying now; let go of the calls in flight `grace` seconds from now, and of
        each later call `grace` seconds after it starts (time enough for a healthy API)."""
        self._stopping.set()
        self.grace = self.grace if grace is None else grace
        asyncio.get_running_loop().call_later(self.grace, _let_go, set(self._in_flight))

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Carry the call out through the inner request, retrying a reply as the module says."""
        call = partial(
            self.inner.do_request,
            url,
            method,
            request_data,
            read_timeout,
            write_timeout,
            connect_timeout,
            pool_timeout,
        )
        chat = _chat_of(request_data)
        if chat is None:
            return await self._attempt(call)
        # The URL's start carries the token: only its last part, the method, is ever logged.
        name = url.rsplit("/", 1)[-1]
        if _answering.get():
            async with self._turns.turn(chat):
                return await self._with_retries(chat, name, call)
        if chat in self._turns.retrying:
            raise NetworkError(f"{name} waits behind a reply being retried")
        try:
            async with self._turns.turn(chat, ONCE_WAIT):
                return await self._attempt(call)
        except TimeoutError:
            raise NetworkError(f"{name} waited too long behind an earlier call") from None

    async def _attempt(self, call: Callable[[], Awaitable[tuple[int, bytes]]]) -> tuple[int, bytes]:
        """One try, let go of when the process stops.

        The call runs as a task of its own that a stop abandons rather than cancels and awaits:
        a cancellation can be lost inside httpcore, and the call then runs to its timeout.
        """
        loop = asyncio.get_running_loop()
        task = asyncio.ensure_future(call())
        waiter: asyncio.Future[None] = loop.create_future()
        task.add_done_callback(partial(_wake, waiter))
        self._in_flight.add(waiter)
        cut = loop.call_later(self.grace, _let_go, {waiter}) if self._stopping.is_set() else None
        try:
            await waiter
        except asyncio.CancelledError:
            task.cancel()
            raise
        finally:
            self._in_flight.discard(waiter)
            if cut is not None:
                cut.cancel()
        if task.done():
            return task.result()
        task.cancel()
        task.add_done_callback(_forget)
        raise NetworkError("cut short: fudao is stopping")

    async def _with_retries(
        self, chat: str, name: str, call: Callable[[], Awaitable[tuple[int, bytes]]]
    ) -> tuple[int, bytes]:
        """Try until an answer that is not a 5xx, the deadline, or the stop."""
        loop = asyncio.get_running_loop()
        give_up = loop.time() + self.deadline
        delay = self.backoff
        lost = False  # an earlier try may have reached the API: an edit may be done already
        tries = 0
        try:
            while True:
                tries += 1
                failure: NetworkError | tuple[int, bytes]
                try:
                    code, payload = await self._attempt(call)
                except NetworkError as error:
                    if isinstance(error, BadRequest):
                        raise
                    failure, lost = error, lost or isinstance(error, TimedOut)
                else:
                    if code < 500:
                        if lost and code == 400 and NOT_MODIFIED in payload:
                            return 200, EDIT_DONE
                        return code, payload
                    failure = (code, payload)
                wait = delay * random.uniform(0.8, 1.2)
                if self._stopping.is_set() or loop.time() + wait > give_up:
                    self.dropped += 1
                    why = "at stop" if self._stopping.is_set() else f"after {self.deadline:.0f} s"
                    log.warning("reply dropped %s, %d tries: %s", why, tries, name)
                    if isinstance(failure, tuple):
                        return failure
                    raise failure
                self._turns.retrying.add(chat)
                log.info("reply %s failed (%s); retry in %.1f s", name, _kind(failure), wait)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), wait)
                delay = min(delay * 2, self.backoff * MAX_BACKOFF_FACTOR)
        finally:
            self._turns.retrying.discard(chat)


def _let_go(waiters: set[asyncio.Future[None]]) -> None:
    """Wake the callers of these calls, done or not."""
    for waiter in waiters:
        _wake(waiter, None)


def _wake(waiter: asyncio.Future[None], _: object) -> None:
    """The call is done: wake the caller, unless a stop has woken it already."""
    if not waiter.done():
        waiter.set_result(None)


def _forget(task: asyncio.Future[Any]) -> None:
    """Take an abandoned call's outcome, so that asyncio does not log it as never retrieved."""
    if not task.cancelled():
        task.exception()


def _chat_of(request_data: RequestData | None) -> str | None:
    """The chat a call writes to, if it names one."""
    if request_data is None:
        return None
    chat = request_data.parameters.get("chat_id")
    return None if chat is None else str(chat)


def _kind(failure: NetworkError | tuple[int, bytes]) -> str:
    """What went wrong, without the message (an HTTP library's may quote the URL and token)."""
    return f"HTTP {failure[0]}" if isinstance(failure, tuple) else type(failure).__name__


def retrying_request(settings: Settings, inner: BaseRequest) -> RetryingRequest:
    """The Application's request: `inner` (its channels' requests) with retries."""
    return RetryingRequest(
        inner,
        deadline=settings.reply_retry_for,
        backoff=settings.reply_retry_backoff,
    )


def abandon_retries(bot: object) -> None:
    """Abandon the retries of an Application's bot, if it retries (on SIGTERM)."""
    request = getattr(bot, "request", None)
    if isinstance(request, RetryingRequest):
        request.abandon()
