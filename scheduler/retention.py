"""The retention job: erase personal data whose period in the policy file is over.

1. Notes of records older than `retention.notes_years` are erased; the record itself stays
   (kind, day, staff), so counts and quotas do not change.
2. Outbox rows older than `retention.outbox_days` are deleted: every decision they guard is
   about a period long over, so none can be decided again.
3. Files (digest workbooks, charts) of rows sent more than `retention.sent_files_days` ago
   are dropped: the person has them in Telegram. A stored file (`outbox_files`) goes when no
   row names it any more.
4. Nudge mutes whose day has passed, or older than the longest period, are deleted.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from models.outbox import NudgeMute, OutboxFile, OutboxMessage
from models.records import WorkRecord
from models.types import table_of
from policy.service import PolicyService

# A mute is for one period at most; the longest period is a year.
MUTE_MAX_AGE = timedelta(days=400)


def years_before(day: datetime, years: int) -> datetime:
    """The same moment `years` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


async def decide_retention(session: AsyncSession, policy: PolicyService, now: datetime) -> int:
    """Erase what has outlived its retention period; return how many rows changed."""
    keep = policy.policy.settings.retention
    today = now.astimezone(policy.tz).date()
    notes_until = years_before(now, keep.notes_years).astimezone(policy.tz).date()
    conn = await session.connection()
    records = sa.update(WorkRecord).where(
        col(WorkRecord.occurred_on) < notes_until, col(WorkRecord.note).is_not(None)
    )
    changed = (await conn.execute(records.values(note=None))).rowcount or 0
    outbox = table_of(OutboxMessage)
    old = sa.delete(outbox).where(outbox.c.created_at < now - timedelta(days=keep.outbox_days))
    changed += (await conn.execute(old)).rowcount or 0
    files = (outbox.c.photo, outbox.c.document, outbox.c.photo_file, outbox.c.document_file)
    delivered = sa.update(outbox).where(
        outbox.c.sent_at < now - timedelta(days=keep.sent_files_days),
        sa.or_(*(c.is_not(None) for c in files)),
    )
    changed += (await conn.execute(delivered.values({c.name: None for c in files}))).rowcount or 0
    # A stored file goes with the last message that sends it.
    named = sa.union(
        sa.select(outbox.c.photo_file).where(outbox.c.photo_file.is_not(None)),
        sa.select(outbox.c.document_file).where(outbox.c.document_file.is_not(None)),
    )
    orphans = sa.delete(OutboxFile).where(col(OutboxFile.sha256).not_in(named))
    changed += (await conn.execute(orphans)).rowcount or 0
    mutes = sa.delete(NudgeMute).where(
        sa.or_(col(NudgeMute.until) < today, col(NudgeMute.created_at) < now - MUTE_MAX_AGE)
    )
    changed += (await conn.execute(mutes)).rowcount or 0
    await session.commit()
    return changed
