"""The long-lived objects every handler and job reaches through the application."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.config import Settings
from models.db import Database
from models.types import utcnow
from policy.service import PolicyService


@dataclass
class Services:
    """Settings, database and policy, created once in `post_init` and closed at shutdown."""

    settings: Settings
    db: Database
    policy: PolicyService
    # Tests and `fudao jobs run --at` replace the clock; everything else asks it for "now".
    clock: Callable[[], datetime] = field(default=utcnow)

    def now(self) -> datetime:
        """The current moment, as this application sees it."""
        return self.clock()


def services_of(bot_data: dict[str, Any]) -> Services:
    """The services stored in an application's bot_data."""
    services = bot_data["services"]
    assert isinstance(services, Services)
    return services
