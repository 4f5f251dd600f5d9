"""Monday's digest: each college's week to its leaders, every college to the admins.

Pipelined (issue 22): each college's rows are committed to the outbox as soon as its files
are drawn, and `ready` is called, so that sending starts while the other colleges are drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from i18n import translator
from models.outbox import file_hash, insert_new, store_files
from policy.service import PolicyService
from reports.digest_data import Week
from reports.digest_drawing import DigestForRecipient, Draw, digests_by_college, draw_college


async def decide_digests(
    session: AsyncSession,
    policy: PolicyService,
    now: datetime,
    *,
    ready: Callable[[], None] | None = None,
    draw: Draw = draw_college,
) -> int:
    """Last full week's digests into the outbox (one row per reader and college).

    A college at a time, in the order their drawings finish: its rows are committed, then
    `ready()` says there is something to send.
    """
    week = Week.containing(policy.today(now)).previous
    added = 0
    colleges = digests_by_college(
        session, policy, now=now, week=week, translator=translator, draw=draw
    )
    async for found in colleges:
        # A college's chart and workbook are the same bytes for each of its readers: stored once.
        await store_files(session, (f for d in found for f in (d.png, d.xlsx)))
        added += await insert_new(session, [_row(d) for d in found])
        await session.commit()
        if ready is not None:
            ready()
    return added


def _row(d: DigestForRecipient) -> dict[str, Any]:
    return {
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
