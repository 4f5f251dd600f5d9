"""`fudao import KIND FILE [--dry-run]`: any list, through the runner the chat uses too."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.config import Settings
from i18n import Translate, translator
from imports.cells import academic_year
from imports.errors import TableError
from imports.kinds import BY_NAME
from imports.runner import After, ListKind, ListResult, Request, import_list
from models.corrections import staff_by_no
from models.db import Database

EXIT_USAGE = 2
EXIT_REJECTED = 1


def add_arguments(imp: argparse.ArgumentParser) -> None:
    """The arguments of `fudao import`."""
    imp.add_argument("what", choices=list(BY_NAME), help="which list the file is")
    imp.add_argument("file", type=Path)
    add_options(imp)


def add_options(imp: argparse.ArgumentParser) -> None:
    """The options `fudao import` shares with its alias `fudao assess import`."""
    imp.add_argument("--dry-run", action="store_true", help="report what would change")
    imp.add_argument("--year", help="academic year, like 2025-2026 (the assessment needs it)")
    imp.add_argument("--by", metavar="工号", help="the staff member the import is recorded under")
    imp.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the output")


def _fail(message: str) -> int:
    """Print a one-line reason and return the usage exit status."""
    print(message, file=sys.stderr)
    return EXIT_USAGE


def run_import(settings: Settings, args: argparse.Namespace) -> int:
    """Check the whole file; unless --dry-run, write all of it; exit 1 on any bad row."""
    t = translator(args.lang)
    kinds = BY_NAME[args.what]
    year = None
    if args.year is not None:
        year = academic_year(args.year)
        if year is None:
            return _fail(t("import-cli-year"))
    elif any(k.needs_year for k in kinds):
        return _fail(t("import-cli-needs-year"))
    try:
        content = args.file.read_bytes()
    except OSError as error:
        return _fail(f"cannot read {args.file}: {error.strerror}")
    from models.migrate import upgrade

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.db_url)
    return asyncio.run(_run(settings, args, t, kinds, content, year))


def _regrading(settings: Settings, kinds: tuple[ListKind, ...], now: datetime) -> After | None:
    """The assessment's regrade after it is written; nothing for the other lists."""
    if not any(k.needs_year for k in kinds):
        return None
    from policy.service import PolicyService
    from services.grading import regrading

    return regrading(PolicyService.load(settings.policy_dir), now)


async def _run(
    settings: Settings,
    args: argparse.Namespace,
    t: Translate,
    kinds: tuple[ListKind, ...],
    content: bytes,
    year: str | None,
) -> int:
    """Run the import and print its outcome, the result last."""
    now = datetime.now(UTC)
    after = _regrading(settings, kinds, now)
    db = Database(settings.db_url)
    try:
        async with db.session() as session:
            actor = None
            if args.by:
                actor = await staff_by_no(session, staff_no=args.by)
                if actor is None:
                    return _fail(t("import-cli-unknown-sender", no=args.by))
            request = Request(actor, now, year)
            result = await import_list(
                session, kinds, content, args.file.name, request, dry_run=args.dry_run,
                after=after,
            )  # fmt: skip
    except TableError as error:
        return _fail(error.render(t))
    finally:
        await db.dispose()
    return _report(t, result, dry_run=args.dry_run)


def _report(t: Translate, result: ListResult, *, dry_run: bool) -> int:
    """Every error with its row and column, or what changed; the result on the last line."""
    if result.outcome is None:
        if result.refused:
            return _fail(t("import-kind-not-allowed", kind=t(f"import-kind-{result.kind.code}")))
        for error in result.errors:
            print(error.render(t))
        print(t("import-cli-failed", count=len(result.errors)), file=sys.stderr)
        return EXIT_REJECTED
    print(result.summary(t))
    print(t("import-cli-dry-run") if dry_run else t("import-cli-done"))
    return 0
