"""`fudao export`: a college's records and quota results for a date range, as .xlsx."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, date, datetime

from bot.config import Settings
from i18n import t
from models.corrections import college_by_name, college_staff
from models.db import Database
from policy.service import PolicyService
from reports.records_export import ExportRequest, make_export, valid_range

EXIT_USAGE = 2


def export(settings: Settings, args: argparse.Namespace) -> int:
    """Write the workbook to --out; every such export is audited like a leader's."""
    return asyncio.run(run_export(settings, args))


def _fail(message: str) -> int:
    """Print the reason and return the usage status."""
    print(message, file=sys.stderr)
    return EXIT_USAGE


async def run_export(settings: Settings, args: argparse.Namespace) -> int:
    """The export itself, for callers that already run an event loop."""
    try:
        start, end = date.fromisoformat(args.date_from), date.fromisoformat(args.date_to)
    except ValueError:
        return _fail(t("export-usage-cli"))
    if not valid_range(start, end):
        return _fail(t("export-bad-range"))
    db = Database(settings.db_url)
    try:
        async with db.session() as session:
            college = await college_by_name(session, name=args.college)
            if college is None or college.id is None:
                return _fail(t("export-unknown-college", college=args.college))
            people = await college_staff(session, college_id=college.id)
            if args.staff_no:
                people = [p for p in people if p.staff_no == args.staff_no]
                if not people:
                    return _fail(t("history-unknown-staff", query=args.staff_no))
            request = ExportRequest(
                actor=None,
                staff=people,
                college=college.id,
                start=start,
                end=end,
                with_notes=args.with_notes,
                via="cli",
                everyone=not args.staff_no,
            )
            policy = PolicyService.load(settings.policy_dir)
            content, data, _name = await make_export(
                session, policy, request, now=datetime.now(UTC), tz=policy.tz, t=t
            )
    finally:
        await db.dispose()
    args.out.write_bytes(content)
    print(
        t(
            "export-ready",
            title=data.title,
            count=len(data.records),
            to=end.isoformat(),
            **{"from": start.isoformat()},
        )
    )
    print(args.out)
    return 0
