"""Invitations: one winner when two redeem at once, older links revoked, revocation by 工号."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlmodel import select

from models.db import Database
from models.invites import create_invite, redeem_invite
from models.org import Staff
from tests.factories import make_college, make_staff

NOW = datetime(2026, 11, 18, 2, 0, tzinfo=UTC)


async def test_it_lets_exactly_one_of_two_concurrent_redemptions_win(db: Database) -> None:
    async with db.session() as session:
        staff = await make_staff(session, await make_college(session))
        token = await create_invite(session, staff=staff, now=NOW)
    async with db.session() as first, db.session() as second:
        results = await asyncio.gather(
            redeem_invite(first, token=token, telegram_user_id=41, now=NOW),
            redeem_invite(second, token=token, telegram_user_id=42, now=NOW),
            return_exceptions=True,
        )
    winners = [r for r in results if isinstance(r, Staff)]
    assert len(winners) == 1
    async with db.session() as session:
        bound = (await session.exec(select(Staff.telegram_user_id))).all()
    assert bound == [winners[0].telegram_user_id]


async def test_it_revokes_the_older_link_when_a_new_one_is_made(db: Database) -> None:
    async with db.session() as session:
        staff = await make_staff(session, await make_college(session))
        old = await create_invite(session, staff=staff, now=NOW)
        new = await create_invite(session, staff=staff, now=NOW)
        assert await redeem_invite(session, token=old, telegram_user_id=41, now=NOW) is None
        assert await redeem_invite(session, token=new, telegram_user_id=41, now=NOW) is not None
