"""Invitations: random, stored only as a hash, single use, seven days."""

from datetime import UTC, datetime, timedelta

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.invites import create_invite, hash_token, redeem_invite
from models.records import Invite
from tests.factories import make_college, make_staff

NOW = datetime(2026, 11, 18, 2, 0, tzinfo=UTC)


async def test_it_stores_only_the_hash_of_a_long_url_safe_token(session: AsyncSession) -> None:
    staff = await make_staff(session, await make_college(session))
    token = await create_invite(session, staff=staff, now=NOW)
    assert 43 <= len(token) <= 64 and all(c.isalnum() or c in "-_" for c in token)
    [invite] = (await session.exec(select(Invite))).all()
    assert invite.token_hash == hash_token(token) and token not in invite.token_hash


async def test_it_binds_once_and_refuses_the_same_token_again(session: AsyncSession) -> None:
    staff = await make_staff(session, await make_college(session))
    token = await create_invite(session, staff=staff, now=NOW)
    bound = await redeem_invite(session, token=token, telegram_user_id=42, now=NOW)
    assert bound is not None and bound.telegram_user_id == 42
    assert await redeem_invite(session, token=token, telegram_user_id=43, now=NOW) is None


async def test_it_refuses_a_token_after_seven_days(session: AsyncSession) -> None:
    staff = await make_staff(session, await make_college(session))
    token = await create_invite(session, staff=staff, now=NOW)
    late = NOW + timedelta(days=7, seconds=1)
    assert await redeem_invite(session, token=token, telegram_user_id=42, now=late) is None


async def test_it_moves_a_telegram_account_to_the_newly_invited_person(
    session: AsyncSession,
) -> None:
    college = await make_college(session)
    first, second = await make_staff(session, college), await make_staff(session, college)
    await redeem_invite(
        session,
        token=await create_invite(session, staff=first, now=NOW),
        telegram_user_id=42,
        now=NOW,
    )
    await redeem_invite(
        session,
        token=await create_invite(session, staff=second, now=NOW),
        telegram_user_id=42,
        now=NOW,
    )
    await session.refresh(first)
    assert first.telegram_user_id is None and second.telegram_user_id == 42
