"""Monday's digest: each college's week to its leaders, every college to the admins."""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from i18n import translator
from models.outbox import file_hash, insert_new, store_files
from policy.service import PolicyService
from reports.digest_data import Week
from reports.digest_text import build_digests


async def decide_digests(session: AsyncSession, policy: PolicyService, now: datetime) -> int:
    """Last full week's digests into the outbox (one row per reader and college)."""
    week = Week.containing(policy.today(now)).previous
    found = await build_digests(
        session,
        policy,
        now=now,
        week=week,
        translator=translator,
    )
    rows = [
        {
            "recipient_id": d.staff_id,
            "rule": "digest",
            "period": f"week:{d.week_start.isoformat()}/{d.college_id}",
            "stage": "weekly",
            "batch": f"digest:{d.week_start.isoformat()}:{d.college_id}",
            "body": {"text": "\n".join(d.parts), "caption": d.caption},
            "photo_file": file_hash(d.png),
            "document_file": file_hash(d.xlsx),
            "filename": d.filename,
        }
        for d in found
    ]
    # A college's chart and workbook are the same bytes for each of its readers: stored once.
    await store_files(session, (f for d in found for f in (d.png, d.xlsx)))
    added = await insert_new(session, rows)
    await session.commit()
    return added
