"""Outages on demand: for N seconds the Bot API answers 502, holds each call unanswered, or
carries each call out but answers late (the answer lost to a client that timed out)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Literal

Mode = Literal["502", "hang", "late"]
MODES: tuple[Mode, ...] = ("502", "hang", "late")


@dataclass
class Outage:
    """One outage: until when (the loop's clock), how calls fail, and which methods it spares."""

    until: float
    mode: Mode
    spare: frozenset[str] = frozenset()
    over: asyncio.Event = field(default_factory=asyncio.Event)


class Outages:
    """The emulator's outage switch; `hits` counts the calls an outage failed."""

    def __init__(self) -> None:
        self.current: Outage | None = None
        self.hits = 0

    def start(self, seconds: float, mode: Mode = "502", spare: Collection[str] = ()) -> None:
        """Fail every call (but those to the `spare` methods) for the next `seconds`."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        self.end()
        until = asyncio.get_running_loop().time() + seconds
        self.current = Outage(until, mode, frozenset(m.lower() for m in spare))

    def end(self) -> None:
        """End the outage now: held calls are let go (with a 504, not carried out)."""
        if self.current is not None:
            self.current.over.set()
        self.current = None

    def active(self, method: str) -> Outage | None:
        """The outage this call falls into, if any."""
        outage = self.current
        if outage is None:
            return None
        if asyncio.get_running_loop().time() >= outage.until:
            self.end()
            return None
        return None if method.lower() in outage.spare else outage

    async def hold(self, outage: Outage) -> None:
        """Hold a call's answer until the outage ends (for "hang", and "late" once carried out)."""
        left = outage.until - asyncio.get_running_loop().time()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(outage.over.wait(), max(left, 0))

    async def fail(self, outage: Outage) -> int:
        """Fail one call as the outage says: the HTTP status to answer with.

        A held call is answered 504 when the outage ends (a gateway giving up) and is not
        carried out: the client has usually timed out long before.
        """
        self.hits += 1
        if outage.mode == "hang":
            await self.hold(outage)
            return 504
        return 502
