"""`fudao privacy export|purge --student 学号`: answer a student's request about their data."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.config import Settings
from i18n import t
from models.db import Database, private_file
from services.privacy import compact, export_student, purge_student, student_by_no

EXIT_USAGE = 2


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The `privacy` subcommand and its two actions."""
    privacy = sub.add_parser("privacy", help="export or erase one student's data")
    actions = privacy.add_subparsers(dest="action", required=True)
    exp = actions.add_parser("export", help="everything held about a student, as .xlsx")
    exp.add_argument("--student", required=True, metavar="学号")
    exp.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx")
    purge = actions.add_parser("purge", help="erase a student's personal data for good")
    purge.add_argument("--student", required=True, metavar="学号")
    purge.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")


def privacy(settings: Settings, args: argparse.Namespace) -> int:
    """Run the export or the purge."""
    if args.action == "purge" and not args.yes:
        print(t("privacy-purge-needs-yes"), file=sys.stderr)
        return EXIT_USAGE
    return asyncio.run(_run(settings, args))


async def _run(settings: Settings, args: argparse.Namespace) -> int:
    """Find the student, then export or erase."""
    db = Database(settings.db_url)
    try:
        async with db.session() as session:
            student = await student_by_no(session, args.student)
            if student is None:
                print(t("privacy-unknown-student", student_no=args.student), file=sys.stderr)
                return 1
            if args.action == "export":
                content, data = await export_student(session, student=student, t=t)
                # The file holds the notes in clear: readable by its owner only.
                private_file(args.out)
                args.out.write_bytes(content)
                counts = {k: len(data.rows.get(k, [])) for k in ("records", "concerns")}
                counts |= {k: len(data.rows.get(k, [])) for k in ("warnings", "audit")}
                print(
                    t(
                        "privacy-exported",
                        student_no=args.student,
                        file=str(args.out),
                        records=counts["records"],
                        concerns=counts["concerns"],
                        warnings=counts["warnings"],
                        audits=counts["audit"],
                    )
                )
                return 0
            erased = await purge_student(session, student=student, now=datetime.now(UTC))
        await compact(db.engine)
    finally:
        await db.dispose()
    print(
        t(
            "privacy-purged",
            records=erased.records,
            concerns=erased.concerns,
            warnings=erased.warnings,
            messages=erased.messages,
        )
    )
    return 0
