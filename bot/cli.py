"""The `fudao` command: run the bot, migrate, import rosters, invite people, show the policy."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.config import Settings


def _parser() -> argparse.ArgumentParser:
    """Every subcommand and its options."""
    parser = argparse.ArgumentParser(prog="fudao", description="辅导员工作助手")
    parser.add_argument("-v", "--verbose", action="store_true", help="log INFO lines too")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the bot (long polling, or a webhook)")
    run.add_argument("--webhook", metavar="URL", help="public HTTPS URL Telegram posts to")
    run.add_argument("--listen", metavar="HOST:PORT", default="0.0.0.0:8443")
    run.add_argument("--secret-token", metavar="S", help="required header on webhook requests")
    run.add_argument("--no-jobs", action="store_true", help="chat only: `fudao worker` runs jobs")
    sub.add_parser("worker", help="run the scheduled jobs only (with `fudao run --no-jobs`)")

    db = sub.add_parser("db", help="database migrations")
    db.add_argument("action", choices=["upgrade"])

    from bot.import_cli import add_arguments as add_import_arguments

    add_import_arguments(sub.add_parser("import", help="import a list: roster, warnings, …"))

    inv = sub.add_parser("invite", help="print a one-time registration link")
    inv.add_argument("--staff-no", help="工号 of a person on the roster")
    inv.add_argument("--role", choices=["leader", "academic_staff", "admin"])
    inv.add_argument("--name", help="姓名 (with --role)")
    inv.add_argument("--college", help="学院 (with --role)")
    inv.add_argument("--revoke", action="store_true", help="end the open links of --staff-no")

    from bot.staff_cli import add_parser as add_staff_parser

    add_staff_parser(sub)

    from bot.wecom.menu import add_parser as add_wecom_parser

    add_wecom_parser(sub)

    exp = sub.add_parser("export", help="a college's records and quota results as .xlsx")
    exp.add_argument("--college", required=True, help="学院")
    exp.add_argument("--from", dest="date_from", required=True, metavar="YYYY-MM-DD")
    exp.add_argument("--to", dest="date_to", required=True, metavar="YYYY-MM-DD")
    exp.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx")
    exp.add_argument("--staff-no", help="only this person (工号)")
    exp.add_argument("--with-notes", action="store_true", help="include the notes")

    asg = sub.add_parser("assign", help="hand classes over to another counselor or head teacher")
    asg.add_argument("old", help="工号 of the person handing over")
    asg.add_argument("new", help="工号 of the person taking over")
    asg.add_argument("classes", nargs="*", help="班级 (default: all of them)")
    asg.add_argument("--dry-run", action="store_true", help="show what would change")

    pol = sub.add_parser("policy", help="the rules in force")
    pol_sub = pol.add_subparsers(dest="action", required=True)
    show = pol_sub.add_parser("show", help="print the effective rules with their catalog IDs")
    show.add_argument("--college")
    check = pol_sub.add_parser("check", help="validate a policy file")
    check.add_argument("file", type=Path)

    from bot.demo_cli import add_demo_parser
    from bot.sandbox.cli import add_sandbox_parser

    add_demo_parser(sub)
    add_sandbox_parser(sub)
    from bot.assess_cli import add_parser as add_assess_parser

    add_assess_parser(sub)
    from bot.jobs_cli import add_parser as add_jobs_parser

    add_jobs_parser(sub)
    from bot.calendar_cli import add_parser as add_calendar_parser

    add_calendar_parser(sub)
    sub.add_parser("doctor", help="check the installation; one line per check")
    from bot.keys_cli import add_parser as add_keys_parser
    from bot.privacy_cli import add_parser as add_privacy_parser

    add_keys_parser(sub)
    add_privacy_parser(sub)
    return parser


# httpx logs every request URL at INFO, and a Bot API URL carries the token; alembic logs
# each migration step. Neither helps an administrator, even with -v.
QUIET_LOGGERS = ("httpx", "httpcore", "alembic")


def configure_logging(*, verbose: bool) -> None:
    """Warnings and above on stderr (INFO with -v), so a command's last line is its result."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
        force=True,
    )
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    from services.logsafe import quiet_chatty_loggers

    # PTB and aiosqlite write message texts and statement parameters (notes) at DEBUG.
    quiet_chatty_loggers()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args = _parser().parse_args(argv)
    configure_logging(verbose=args.verbose)
    settings = Settings()
    from bot import commands
    from bot.keys_cli import use_configured_keys

    use_configured_keys(settings, args.command)

    handler = getattr(commands, f"cmd_{args.command.replace('-', '_')}")
    code: int = handler(settings, args)
    return code


if __name__ == "__main__":
    sys.exit(main())
