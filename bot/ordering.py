"""Updates from different people are handled at once; one person's, one at a time, in order."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.resilient import answering_update
from models.db import one_session_per_turn

# Enough for a college's worth of people typing at once; a job's heavy part is off the loop.
MAX_CONCURRENT_UPDATES = 64


class PerUserOrder(BaseUpdateProcessor):
    """Run updates concurrently, but each user's (or, without a user, each chat's) in the
    order they arrived, so a conversation's state moves one step at a time.

    PTB starts one task per update in arrival order, and an `asyncio.Lock` wakes its waiters
    first-come first-served, so a person's updates keep their order.
    """

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._holders: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for this person's earlier updates, then handle this one (its replies retried,
        its gate and handler in one database session)."""
        with answering_update():
            async with one_session_per_turn():
                await self._in_turn(update, coroutine)

    async def _in_turn(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _who(update)
        if key is None:
            await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._holders[key] = self._holders.get(key, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            # Forget idle people, so the table holds only those with updates in flight.
            self._holders[key] -= 1
            if not self._holders[key]:
                del self._holders[key], self._locks[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def _who(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_user is not None:
        return update.effective_user.id
    return update.effective_chat.id if update.effective_chat is not None else None
