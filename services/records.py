"""Saving a record, the one path for /log forms and one-line shortcuts, and undoing the newest."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from i18n import Translate
from models.org import Staff
from models.records import WorkRecord
from models.worklog import RecordDraft, save_record, undo_record
from models.write_turns import write_turn
from reports.progress import progress_lines
from services.context import Services


@dataclass(frozen=True)
class Saved:
    """A saved record's id, whether this update created it (False: a repeated update), and
    the quota lines it counts toward (when asked for)."""

    record_id: int
    new: bool
    progress: tuple[str, ...] = ()


async def save(
    svc: Services,
    session: AsyncSession,
    *,
    staff: Staff,
    draft: RecordDraft,
    update_id: int | None,
    progress_in: Translate | None = None,
) -> Saved:
    """Write a confirmed record once per Telegram update, audited, and commit; a crisis wakes
    the watch now. With `progress_in`, the quota lines it counts toward, in that language.

    The lines are read in the save's transaction, before the commit, which sees the record:
    after it they took a transaction of their own, on PostgreSQL two more round trips. On
    SQLite the record is committed already in the audit line's trip to the thread
    (`save_record(commit=True)`), and the lines, which open no transaction there, follow.
    On SQLite the save waits for the process's write turn, as the outbox's writers do: in
    SQLite's busy handler, fifty counselors saving at once on a starved machine waited out
    its 30 s and were refused ("database is locked").
    """
    assert staff.id is not None
    now = svc.now()
    async with write_turn(session):
        record_id, new = await save_record(
            session, staff_id=staff.id, draft=draft, now=now, update_id=update_id, commit=True
        )
        lines = []
        if progress_in is not None:
            lines = await progress_lines(session, svc.policy, staff, draft, progress_in, now=now)
        await session.commit()
    if new and draft.crisis:
        svc.run_job_soon("crisis_watch")  # committed: leaders hear of it now, not in a minute
    return Saved(record_id, new, tuple(lines))


async def undo(
    svc: Services, session: AsyncSession, *, staff: Staff, record_id: int
) -> WorkRecord | None:
    """Withdraw the caller's newest record within its window; None when that is not allowed."""
    assert staff.id is not None
    return await undo_record(session, staff_id=staff.id, record_id=record_id, now=svc.now())
