"""What each `fudao` subcommand does; kept apart from argument parsing."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.config import Settings

EXIT_USAGE = 2


def _fail(message: str) -> int:
    """Print a one-line reason and return the usage exit status."""
    print(message, file=sys.stderr)
    return EXIT_USAGE


def _prepare(settings: Settings) -> int | None:
    """Check the token and the policy, then migrate; an exit code when something is wrong."""
    if settings.telegram_token is None:
        return _fail(
            "FUDAO_TELEGRAM_TOKEN is not set: export FUDAO_TELEGRAM_TOKEN=<token from "
            "@BotFather> (or put it in .env) and run again."
        )
    from policy.errors import PolicyError
    from policy.service import PolicyService

    try:
        PolicyService.load(settings.policy_dir)
    except PolicyError as error:
        return _fail(f"policy: {error}")
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    from models.migrate import upgrade

    upgrade(settings.db_url)
    return None


def cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    """Migrate, then poll the Bot API or serve a webhook until stopped."""
    from bot.webhook import MIN_SECRET, run_webhook

    secret = _webhook_secret(settings, args)
    if settings.telegram_token is not None and args.webhook and len(secret) < MIN_SECRET:
        return _fail(
            f"--webhook needs FUDAO_WEBHOOK_SECRET of at least {MIN_SECRET} characters "
            "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))')."
        )
    failed = _prepare(settings)
    if failed is not None:
        return failed
    from bot.app import build_application

    if getattr(args, "no_jobs", False):  # `fudao worker` runs them, in a process of its own
        settings = settings.model_copy(update={"scheduler": False})
    app = build_application(settings)
    if args.webhook:
        host, _, port = args.listen.rpartition(":")
        run_webhook(app, listen=host or "0.0.0.0", port=int(port), url=args.webhook, secret=secret)
        return 0
    from bot.gates import ALLOWED_UPDATES
    from bot.stopping import run_polling

    run_polling(app, allowed_updates=ALLOWED_UPDATES)
    return 0


def cmd_worker(settings: Settings, args: argparse.Namespace) -> int:
    """Migrate, then run the scheduled jobs (no chat) until stopped."""
    failed = _prepare(settings)
    if failed is not None:
        return failed
    from bot.worker import run_worker

    run_worker(settings)
    return 0


def _webhook_secret(settings: Settings, args: argparse.Namespace) -> str:
    """The secret from FUDAO_WEBHOOK_SECRET, or (with a warning) from --secret-token."""
    if args.secret_token:
        print("warning: --secret-token is visible in the process list; prefer "
              "FUDAO_WEBHOOK_SECRET.", file=sys.stderr)  # fmt: skip
        return str(args.secret_token)
    return settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""


def cmd_db(settings: Settings, args: argparse.Namespace) -> int:
    """Apply the migrations."""
    from models.migrate import upgrade

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.db_url)
    print("database is up to date")
    return 0


def cmd_import(settings: Settings, args: argparse.Namespace) -> int:
    """Import any list file, all or nothing."""
    from bot.import_cli import run_import

    return run_import(settings, args)


def cmd_export(settings: Settings, args: argparse.Namespace) -> int:
    """Write a college's records and quota results for a date range to an .xlsx file."""
    from bot.export_cli import export

    return export(settings, args)


def cmd_assign(settings: Settings, args: argparse.Namespace) -> int:
    """Hand classes over and send the newcomer their handover message."""
    from bot.assign_cli import assign

    return assign(settings, args)


def cmd_invite(settings: Settings, args: argparse.Namespace) -> int:
    """Make a one-time deep link for a person and print it last."""
    from bot.invite_cli import invite

    return asyncio.run(invite(settings, args))


def cmd_policy(settings: Settings, args: argparse.Namespace) -> int:
    """Show the effective rules, or check a policy file."""
    from policy.errors import PolicyError
    from policy.rules import check_policy_file, format_effective_policy, policy_warnings
    from policy.service import PolicyService

    if args.action == "check":
        problems = check_policy_file(args.file)
        for problem in problems:
            print(problem)
        for warning in policy_warnings(args.file):
            print(f"warning: {warning}")
        print("OK" if not problems else f"{len(problems)} problem(s)")
        return 1 if problems else 0
    try:
        svc = PolicyService.load(settings.policy_dir)
    except PolicyError as error:
        return _fail(f"policy: {error}")
    print(format_effective_policy(svc.policy, args.college))
    return 0


def cmd_demo_data(settings: Settings, args: argparse.Namespace) -> int:
    """Migrate, then seed demo colleges, staff and a term of records."""
    from bot.demo_cli import demo_data
    from models.migrate import upgrade

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.db_url)
    return asyncio.run(demo_data(settings, args))


def cmd_sandbox(settings: Settings, args: argparse.Namespace) -> int:
    """Run the emulator, the bot and the sandbox page until stopped."""
    from bot.sandbox.cli import sandbox

    return sandbox(settings, args)


def cmd_assess(settings: Settings, args: argparse.Namespace) -> int:
    """Import assessment lists, or print a year's results."""
    from bot.assess_cli import assess

    return assess(settings, args)


def cmd_jobs(settings: Settings, args: argparse.Namespace) -> int:
    """List the jobs, or run one as of a moment."""
    from bot.jobs_cli import describe_jobs, parse_moment, run
    from scheduler.runner import JOB_NAMES

    if args.action == "list":
        print("\n".join(describe_jobs(settings)))
        return 0
    if args.name not in JOB_NAMES:
        return _fail(f"unknown job {args.name!r}; jobs: {', '.join(JOB_NAMES)}")
    if settings.telegram_token is None:
        return _fail("FUDAO_TELEGRAM_TOKEN is not set: a job needs the bot to send its messages.")
    try:
        at = parse_moment(args.at) if args.at else None
    except ValueError as error:
        return _fail(f"--at: {error}")
    return asyncio.run(run(settings, args.name, at))


def cmd_calendar(settings: Settings, args: argparse.Namespace) -> int:
    """Merge the university's calendar file into the policy dir."""
    from bot.calendar_cli import calendar_import

    return calendar_import(settings, args)


def cmd_doctor(settings: Settings, args: argparse.Namespace) -> int:
    """Check the installation, one line per check; non-zero on any failure."""
    from bot.doctor import doctor

    return asyncio.run(doctor(settings))


def cmd_keys(settings: Settings, args: argparse.Namespace) -> int:
    """Print a new encryption key, or re-encrypt everything under the newest one."""
    from bot.keys_cli import keys

    return keys(settings, args)


def cmd_privacy(settings: Settings, args: argparse.Namespace) -> int:
    """Export or erase everything held about one student."""
    from bot.privacy_cli import privacy

    return privacy(settings, args)


def cmd_staff(settings: Settings, args: argparse.Namespace) -> int:
    """Offboard a staff member: end roles, or unbind their Telegram account."""
    from bot.staff_cli import staff

    return asyncio.run(staff(settings, args))
