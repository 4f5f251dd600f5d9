"""`fudao invite`: find or create the person, then print their one-time link (or /start line)."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from sqlmodel import select

from bot.config import Settings
from bot.identity import bot_username
from i18n import role_names, translator
from models.db import Database
from models.invites import create_invite
from models.migrate import upgrade
from models.org import College, Staff

EXIT_USAGE = 2


async def invite(settings: Settings, args: argparse.Namespace) -> int:
    """Create the invitation and print the deep link as the last line."""
    if args.revoke:
        from bot.staff_cli import revoke_links

        return await revoke_links(settings, args.staff_no)
    if bool(args.staff_no) == bool(args.role):
        print(
            "give either --staff-no T001, or --role leader|academic_staff|admin"
            " --name 姓名 --college 学院",
            file=sys.stderr,
        )
        return EXIT_USAGE
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.db_url)
    db = Database(settings.db_url)
    try:
        async with db.session() as session:
            if args.staff_no:
                staff = (
                    await session.exec(select(Staff).where(Staff.staff_no == args.staff_no))
                ).first()
                if staff is None:
                    print(
                        f"no staff member with 工号 {args.staff_no}: import the roster first",
                        file=sys.stderr,
                    )
                    return EXIT_USAGE
            else:
                if not args.name or not args.college:
                    print("--role needs --name and --college", file=sys.stderr)
                    return EXIT_USAGE
                college = (
                    await session.exec(select(College).where(College.name == args.college))
                ).first()
                if college is None:
                    college = College(name=args.college)
                    session.add(college)
                    await session.flush()
                staff = Staff(
                    name=args.name,
                    college_id=college.id,
                    is_leader=args.role == "leader",
                    is_academic_staff=args.role == "academic_staff",
                    is_admin=args.role == "admin",
                )
                session.add(staff)
                await session.flush()
            token = await create_invite(session, staff=staff, now=datetime.now(UTC))
            roles = role_names(translator("zh"), staff.roles)
            print(f"{staff.name}（{roles}）— valid 7 days, single use:")
        if settings.wecom_enabled and not settings.telegram_enabled:
            # WeCom alone: no link to follow, the person sends the line in the app.
            print(translator("zh")("wecom-invite-text", app="辅导员工作助手"))
            print(f"/start {token}")
            return 0
        username, why = await bot_username(settings, db)
    finally:
        await db.dispose()
    if username is None:
        # The invitation exists: the person can still send this line to the bot.
        print(f"no link: {why}. Set FUDAO_BOT_USERNAME for a link; meanwhile send the bot:")
        print(f"/start {token}")
        return 0
    print(f"https://t.me/{username}?start={token}")
    return 0
