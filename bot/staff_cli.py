"""`fudao staff revoke|unbind` and `fudao invite --revoke`: offboarding from the terminal."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from typing import Any

from sqlmodel import select

from bot.config import Settings
from models.db import Database
from models.invites import revoke_invites
from models.org import Staff
from policy.service import PolicyService
from services.offboarding import ROLES, revoke_roles, unbind

EXIT_USAGE = 2


def add_parser(sub: Any) -> None:
    """`fudao staff revoke --staff-no X [--role R]` and `fudao staff unbind --staff-no X`."""
    staff = sub.add_parser("staff", help="offboard a staff member")
    actions = staff.add_subparsers(dest="action", required=True)
    revoke = actions.add_parser("revoke", help="end roles (all by default)")
    revoke.add_argument("--staff-no", required=True, help="工号")
    revoke.add_argument("--role", choices=[*ROLES, "all"], default="all")
    unbind_ = actions.add_parser("unbind", help="unbind the Telegram account")
    unbind_.add_argument("--staff-no", required=True, help="工号")


async def _find(db: Database, staff_no: str | None) -> Staff | None:
    """The person with this 工号, or None after saying so."""
    async with db.session() as session:
        staff = (await session.exec(select(Staff).where(Staff.staff_no == staff_no))).first()
    if staff is None:
        print(f"no staff member with 工号 {staff_no}", file=sys.stderr)
    return staff


async def staff(settings: Settings, args: argparse.Namespace) -> int:
    """End roles or unbind, and say what changed."""
    db = Database(settings.db_url)
    try:
        person = await _find(db, args.staff_no)
        if person is None:
            return EXIT_USAGE
        now = datetime.now(UTC)
        async with db.session() as session:
            person = await session.get(Staff, person.id)
            assert person is not None
            if args.action == "unbind":
                bound = await unbind(session, staff=person, actor_id=None, now=now)
                print(f"{person.name}: Telegram account {'unbound' if bound else 'was not bound'}")
                return 0
            roles = list(ROLES) if args.role == "all" else [args.role]
            # The day a counselor leaves is the university's local day (S03 counts by it).
            day = PolicyService.load(settings.policy_dir).today(now)
            ended = await revoke_roles(
                session, staff=person, roles=roles, actor_id=None, now=now, left_on=day
            )
            left = "、".join(person.roles) or "none"
            print(f"{person.name}: ended {', '.join(ended) or 'nothing'}; roles left: {left}")
            return 0
    finally:
        await db.dispose()


async def revoke_links(settings: Settings, staff_no: str | None) -> int:
    """`fudao invite --revoke --staff-no X`: end every open link of that person."""
    if not staff_no:
        print("--revoke needs --staff-no", file=sys.stderr)
        return EXIT_USAGE
    db = Database(settings.db_url)
    try:
        person = await _find(db, staff_no)
        if person is None or person.id is None:
            return EXIT_USAGE
        async with db.session() as session:
            count = await revoke_invites(session, staff_id=person.id)
            await session.commit()
        print(f"{person.name}: {count} open link(s) revoked")
        return 0
    finally:
        await db.dispose()
