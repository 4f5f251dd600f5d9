"""Evaluations shared per instant: the console's readers of one college, in one minute, share one.

The jobs share the evaluation of everybody as of the same instant (PolicyService.sharing);
the console does the same across requests: "now" is taken to the minute, and the evaluation
of a set of people as of that instant (and what is read beside it: a college's digest
figures, its people and classes) is computed once and kept a few minutes.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Collection, Hashable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlmodel.ext.asyncio.session import AsyncSession

from models.org import Staff
from policy.rules import Rule
from policy.service import Evaluation, PolicyService

GRAIN = timedelta(minutes=1)
# A week's close lies in the past and keeps its key: a record logged late shows after this.
KEEP_SECONDS = 300.0
KEPT = 256
T = TypeVar("T")


class SharedPolicy(PolicyService):
    """The policy service, with whole evaluations (and other reads) kept per instant."""

    def __init__(self, base: PolicyService, *, clock: Callable[[], float] = time.monotonic):
        super().__init__(base.policy, base.calendar, base.kinds, base.tz)
        self._clock = clock
        self._kept: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._busy: dict[Hashable, asyncio.Lock] = {}

    @staticmethod
    def instant(now: datetime) -> datetime:
        """The shared instant of a moment: its minute."""
        return now - timedelta(seconds=now.second, microseconds=now.microsecond)

    async def remember(self, key: Hashable, compute: Callable[[], Awaitable[T]]) -> T:
        """The value kept under `key` while fresh; else computed once, however many ask."""
        # Readers arriving together wait for the first one's answer instead of repeating it.
        lock = self._busy.setdefault(key, asyncio.Lock())
        try:
            async with lock:
                found = self._kept.get(key)
                if found is not None and self._clock() - found[0] < KEEP_SECONDS:
                    self._kept.move_to_end(key)
                    value: T = found[1]
                    return value
                value = await compute()
                self._kept[key] = (self._clock(), value)
                while len(self._kept) > KEPT:
                    self._kept.popitem(last=False)
                return value
        finally:
            if not lock.locked():
                self._busy.pop(key, None)

    async def evaluate(
        self,
        session: AsyncSession,
        *,
        now: datetime,
        staff_ids: Collection[int] | None = None,
        only: Callable[[Rule], bool] | None = None,
        known: Collection[Staff] = (),
    ) -> Evaluation:
        """As PolicyService.evaluate; whole evaluations come from the store when fresh."""
        if only is not None:
            return await super().evaluate(
                session, now=now, staff_ids=staff_ids, only=only, known=known
            )
        people = frozenset(staff_ids) if staff_ids is not None else None

        async def compute() -> Evaluation:
            return await PolicyService.evaluate(
                self, session, now=now, staff_ids=staff_ids, known=known
            )

        return await self.remember(("evaluation", now, people), compute)
