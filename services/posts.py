"""`fudao staff set`: a person's 任职起始日期, 专兼职 and 班主任起始日期, stored and audited."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from models.audit import audit
from models.org import Staff
from models.posts import PostChange, PostResult, store_post

__all__ = ["PostChange", "PostResult", "set_post"]


async def set_post(
    session: AsyncSession, *, staff: Staff, change: PostChange, actor_id: int | None, via: str
) -> PostResult:
    """Store the change on the person, audited, and commit."""
    result = await store_post(session, staff=staff, change=change)
    audit(
        session, actor_id=actor_id, action="staff.post", target=f"staff:{staff.id}", via=via,
        started_on=change.started_on.isoformat() if change.started_on else None,
        full_time=change.full_time,
        head_started=change.head_started.isoformat() if change.head_started else None,
    )  # fmt: skip
    await session.commit()
    return result
