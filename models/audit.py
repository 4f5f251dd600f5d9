"""The append-only audit log: who read, exported or changed what."""

from __future__ import annotations

from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlmodel.ext.asyncio.session import AsyncSession

from models.records import AuditEntry
from models.types import table_of, utcnow


def audit(
    session: AsyncSession, *, actor_id: int | None, action: str, target: str = "", **details: Any
) -> AuditEntry:
    """Add an audit line to the session; it is written with the caller's commit."""
    entry = AuditEntry(actor_staff_id=actor_id, action=action, target=target, details=details)
    session.add(entry)
    return entry


@cache
def _insert() -> Any:
    return sa.insert(table_of(AuditEntry))


async def audit_now(
    session: AsyncSession, *, actor_id: int | None, action: str, target: str = "", **details: Any
) -> None:
    """Write an audit line in the session's transaction at once, as `audit` would at the
    commit, without building an ORM object: the save path's (every record saved makes one)."""
    line = {"at": utcnow(), "actor_staff_id": actor_id, "action": action, "target": target}
    await (await session.connection()).execute(_insert(), {**line, "details": details})
