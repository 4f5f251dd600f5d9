"""The long-lived objects every handler, job and workflow reaches: database, policy, clock."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from models.db import Database
from models.types import utcnow
from policy.service import PolicyService


def _no_job(name: str) -> None:
    """No scheduler is wired (a CLI command, a test without jobs)."""


async def _nothing_to_send() -> None:
    """No sender is wired."""


@dataclass
class Services:
    """Database, policy and clock, created once at start-up and closed at shutdown."""

    db: Database
    policy: PolicyService
    # Tests and `fudao jobs run --at` replace the clock; everything else asks it for "now".
    clock: Callable[[], datetime] = field(default=utcnow)
    # The scheduler's two entry points, wired by bot/app.py, so that a conversation can ask
    # for a job now (a crisis just logged) or a flush of the outbox without importing jobs.
    run_job_soon: Callable[[str], None] = field(default=_no_job)
    send_pending: Callable[[], Awaitable[Any]] = field(default=_nothing_to_send)
    # The web console's public address (FUDAO_WEB_URL), for /web's sign-in link; None: no console.
    web_url: str | None = None

    def now(self) -> datetime:
        """The current moment, as this application sees it."""
        return self.clock()

    def today(self) -> date:
        """Today in the university's zone (the calendar's: the only zone fudao counts in)."""
        return self.policy.today(self.now())


def services_of(bot_data: dict[str, Any]) -> Services:
    """The services stored in an application's bot_data."""
    services = bot_data["services"]
    assert isinstance(services, Services)
    return services
