"""The append-only audit log: who read, exported or changed what."""

from __future__ import annotations

from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from models.records import AuditEntry


def audit(
    session: AsyncSession, *, actor_id: int | None, action: str, target: str = "", **details: Any
) -> AuditEntry:
    """Add an audit line to the session; it is written with the caller's commit."""
    entry = AuditEntry(actor_staff_id=actor_id, action=action, target=target, details=details)
    session.add(entry)
    return entry
