"""Saving a record, the one path for /log forms and one-line shortcuts, and undoing the newest."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from models.org import Staff
from models.records import WorkRecord
from models.worklog import RecordDraft, save_record, undo_record
from services.context import Services


@dataclass(frozen=True)
class Saved:
    """A saved record's id, and whether this update created it (False: a repeated update)."""

    record_id: int
    new: bool


async def save(
    svc: Services,
    session: AsyncSession,
    *,
    staff: Staff,
    draft: RecordDraft,
    update_id: int | None,
) -> Saved:
    """Write a confirmed record once per Telegram update, audited; a crisis wakes the watch now."""
    assert staff.id is not None
    record_id, new = await save_record(
        session, staff_id=staff.id, draft=draft, now=svc.now(), update_id=update_id
    )
    if new and draft.crisis:
        svc.run_job_soon("crisis_watch")  # leaders hear of it now, not in a minute
    return Saved(record_id, new)


async def undo(
    svc: Services, session: AsyncSession, *, staff: Staff, record_id: int
) -> WorkRecord | None:
    """Withdraw the caller's newest record within its window; None when that is not allowed."""
    assert staff.id is not None
    return await undo_record(session, staff_id=staff.id, record_id=record_id, now=svc.now())
