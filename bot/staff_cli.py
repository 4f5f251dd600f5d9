"""`fudao staff set|revoke|unbind` and `fudao invite --revoke`: post facts and offboarding."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import select

from bot.config import Settings
from i18n import Translate, translator
from imports.cells import day
from imports.staff import FULL_TIME, REASONS
from models.corrections import college_by_name
from models.db import Database
from models.invites import revoke_invites
from models.org import Staff
from policy.service import PolicyService
from reports.staff_export import export_staff
from services.offboarding import ROLES, revoke_roles, unbind
from services.posts import PostChange, set_post

EXIT_USAGE = 2


def add_parser(sub: Any) -> None:
    """`fudao staff set|revoke|unbind --staff-no X …`."""
    staff = sub.add_parser("staff", help="set a staff member's post facts, or offboard them")
    actions = staff.add_subparsers(dest="action", required=True)
    post = actions.add_parser("set", help="任职起始日期, 专兼职 and 班主任起始日期")
    post.add_argument("--staff-no", required=True, help="工号")
    post.add_argument("--started", metavar="YYYY-MM-DD", help="任职起始日期 (counselor)")
    post.add_argument("--type", metavar="专职|兼职", help="专兼职 (counselor)")
    post.add_argument("--head-started", metavar="YYYY-MM-DD", help="班主任起始日期")
    post.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the output")
    out = actions.add_parser("export", help="everyone's post facts and head-teacher years (S09)")
    out.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")
    out.add_argument("--college", help="only this college (学院名称)")
    out.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the sheet")
    revoke = actions.add_parser("revoke", help="end roles (all by default)")
    revoke.add_argument("--staff-no", required=True, help="工号")
    revoke.add_argument("--role", choices=[*ROLES, "all"], default="all")
    revoke.add_argument("--reason", choices=list(REASONS), help="离岗原因 (S03 counts 转岗)")
    unbind_ = actions.add_parser("unbind", help="unbind the Telegram account")
    unbind_.add_argument("--staff-no", required=True, help="工号")


async def _find(db: Database, staff_no: str | None) -> Staff | None:
    """The person with this 工号, or None after saying so."""
    async with db.session() as session:
        staff = (await session.exec(select(Staff).where(Staff.staff_no == staff_no))).first()
    if staff is None:
        print(f"no staff member with 工号 {staff_no}", file=sys.stderr)
    return staff


def _day(text: str | None) -> date | None:
    """A day as 2024-09-01 (or 2024/9/1), None when absent; ValueError when not a date."""
    if not text:
        return None
    found = day(text)
    if found is None:
        raise ValueError(text)
    return found


def _post_change(t: Translate, args: argparse.Namespace) -> PostChange | str:
    """The facts `staff set` was given, or why they cannot be stored."""
    for option, text in (("--started", args.started), ("--head-started", args.head_started)):
        try:
            _day(text)
        except ValueError:
            return t("staff-set-bad-date", option=option, text=text)
    if args.type is not None and args.type not in FULL_TIME:
        return t("staff-set-bad-type", text=args.type)
    if args.started is None and args.type is None and args.head_started is None:
        return t("staff-set-nothing")
    full_time = FULL_TIME[args.type] if args.type is not None else None
    return PostChange(_day(args.started), full_time, _day(args.head_started))


async def set_facts(settings: Settings, args: argparse.Namespace) -> int:
    """`fudao staff set`: check every option, then store them and say what was before."""
    t = translator(args.lang)
    change = _post_change(t, args)
    if isinstance(change, str):
        print(change, file=sys.stderr)
        return EXIT_USAGE
    db = Database(settings.db_url)
    try:
        async with db.session() as session:
            query = select(Staff).where(Staff.staff_no == args.staff_no)
            person = (await session.exec(query)).first()
            if person is None:
                print(t("staff-set-unknown", no=args.staff_no), file=sys.stderr)
                return EXIT_USAGE
            done = await set_post(session, staff=person, change=change, actor_id=None, via="cli")
            print(t("staff-set-done", name=person.name, no=args.staff_no,
                    started=_iso(person.started_on), type=t(f"staff-type-{person.full_time}"),
                    before=_iso(done.started_before)))  # fmt: skip
            if change.head_started is not None:
                print(t("staff-set-head", classes=done.head_classes,
                        day=change.head_started.isoformat()))  # fmt: skip
            return 0
    finally:
        await db.dispose()


def _iso(day: date | None) -> str:
    """A day as 2024-09-01, or a dash."""
    return day.isoformat() if day else "—"


async def export(settings: Settings, args: argparse.Namespace) -> int:
    """`fudao staff export`: the workbook for the personnel office, audited."""
    t = translator(args.lang)
    db = Database(settings.db_url)
    try:
        async with db.session() as session:
            college_id = None
            if args.college:
                college = await college_by_name(session, name=args.college)
                if college is None:
                    print(t("export-unknown-college", college=args.college), file=sys.stderr)
                    return EXIT_USAGE
                college_id = college.id
            today = PolicyService.load(settings.policy_dir).today(datetime.now(UTC))
            content, people = await export_staff(
                session, t=t, today=today, college_id=college_id, actor_id=None
            )
    finally:
        await db.dispose()
    args.out.write_bytes(content)
    print(t("staff-export-ready", count=people, path=str(args.out)))
    return 0


async def staff(settings: Settings, args: argparse.Namespace) -> int:
    """Set post facts, export, end roles or unbind, and say what changed."""
    if args.action == "set":
        return await set_facts(settings, args)
    if args.action == "export":
        return await export(settings, args)
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
                session, staff=person, roles=roles, actor_id=None, now=now, left_on=day,
                reason=REASONS.get(args.reason or ""),
            )  # fmt: skip
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
