"""`fudao doctor`: one line per check of an installation (✓ fine, ! soon, ✗ do something).

It exits non-zero when any line is ✗. Each check says what to do; none of them changes
anything except remembering the bot's @username for `fudao invite`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import httpx
import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from bot.config import Settings
from bot.identity import get_me, remember_username
from bot.wecom.api import WeComError, api_of
from models.db import Database
from models.health import (
    JOB_BATCHES,
    last_decisions,
    undated_counselors,
    unreachable_staff,
    waiting_messages,
)
from models.migrate import alembic_config
from policy.errors import PolicyError
from policy.service import PolicyService

OK, SOON, FAIL, NOTE = "✓", "!", "✗", "–"
# The calendar and the holiday data are flagged this long before they run out.
WARN_DAYS, FAIL_DAYS = 90, 60
# An unsent message older than this means no sender is running.
STUCK_AFTER = timedelta(hours=1)


@dataclass(frozen=True)
class Check:
    """One line of the report."""

    mark: str
    text: str

    def __str__(self) -> str:
        return f"{self.mark} {self.text}"


def _schema_state(url: str) -> tuple[set[str], set[str]]:
    """The revisions the database is at, and the revisions the code has (blocking)."""
    config = alembic_config(url)
    heads = set(ScriptDirectory.from_config(config).get_heads())
    engine = sa.create_engine(Database.sync_url_of(url))
    try:
        with engine.connect() as conn:
            return set(MigrationContext.configure(conn).get_current_heads()), heads
    finally:
        engine.dispose()


def check_database(settings: Settings) -> Check:
    """The database answers and has every migration."""
    kind = settings.db_url.split(":", 1)[0].split("+", 1)[0]
    try:
        current, heads = _schema_state(settings.db_url)
    except sa.exc.SQLAlchemyError as error:
        reason = str(error.orig if isinstance(error, sa.exc.DBAPIError) else error).splitlines()[0]
        return Check(FAIL, f"database ({kind}) does not answer: {reason}; check FUDAO_DATABASE_URL")
    if current != heads:
        return Check(FAIL, f"database ({kind}) is not migrated: run fudao db upgrade")
    return Check(OK, f"database ({kind}) is migrated (revision {', '.join(sorted(current))})")


def check_secret_key(settings: Settings) -> Check:
    """Whether a key for encrypted fields is configured (FUDAO_SECRET_KEYS or secret.key)."""
    if os.environ.get("FUDAO_SECRET_KEYS") or (settings.data_dir / "secret.key").is_file():
        return Check(OK, "secret key is configured: back it up with the database")
    return Check(NOTE, "secret key: not configured")


def coverage(what: str, ends: date | None, today: date, fix: str) -> Check:
    """How long the calendar or the holiday data still lasts."""
    if ends is None or (ends - today).days < FAIL_DAYS:
        when = "has run out" if ends is None or ends < today else f"runs out on {ends}"
        return Check(FAIL, f"{what} {when}: {fix}")
    if (ends - today).days < WARN_DAYS:
        return Check(SOON, f"{what} runs out on {ends}: {fix}")
    return Check(OK, f"{what} covers the next {WARN_DAYS} days (until {ends})")


def check_policy(settings: Settings, now: datetime) -> tuple[PolicyService | None, list[Check]]:
    """The policy files load; the time zone, calendar and holiday data are good for a while."""
    try:
        svc = PolicyService.load(settings.policy_dir)
    except PolicyError as error:
        fix = "run fudao policy check FILE for each file"
        return None, [Check(FAIL, f"policy has {len(error.problems)} problem(s): {fix}")]
    where = settings.policy_dir or "shipped"
    local = now.astimezone(svc.tz)
    today = local.date()
    cal = svc.calendar
    fix = "fudao calendar import FILE"
    return svc, [
        Check(OK, f"policy loads ({len(svc.policy.rules)} rules; {where})"),
        Check(OK, f"time zone {svc.tz}: it is {local:%Y-%m-%d %H:%M} there"),
        coverage("academic calendar", cal.calendar_ends(), today, f"{fix} with next year's 校历"),
        coverage("holiday data (法定节假日, 调休)", cal.holidays_end(), today, f"{fix} with them"),
    ]


async def check_bot(settings: Settings, db: Database | None) -> Check:
    """The token works at the API URL (and the @username is kept for invitations)."""
    if settings.telegram_token is None and settings.wecom_enabled:
        return Check(NOTE, "Telegram: not configured (WeCom only)")
    me, why = await get_me(settings)
    if me is None:
        fix = "check FUDAO_TELEGRAM_TOKEN and FUDAO_TELEGRAM_API_URL"
        return Check(FAIL, f"bot: {why}: {fix}")
    if db is not None and me.username:
        await remember_username(db, me.username)
    return Check(OK, f"bot @{me.username} answers at {settings.telegram_api_url}")


async def check_wecom(settings: Settings) -> list[Check]:
    """The WeCom app gives a token, and its callback is configured."""
    if not settings.wecom_enabled:
        return [Check(NOTE, "WeCom: not configured (set FUDAO_WECOM_CORP_ID to use it)")]
    problem = settings.wecom_problem()
    if problem is not None:
        return [Check(FAIL, f"WeCom: {problem}")]
    api = api_of(settings)
    try:
        await api.token()
    except WeComError as error:
        # WeCom's errmsg names the fix (a wrong secret, an IP not in 可信IP); never the secret.
        checks = [Check(FAIL, f"WeCom app refused: errcode {error.errcode} {error.errmsg}")]
    except httpx.HTTPError as error:
        checks = [Check(FAIL, f"WeCom API at {settings.wecom_api_url} does not answer: "
                               f"{type(error).__name__}")]  # fmt: skip
    else:
        checks = [Check(OK, f"WeCom app {settings.wecom_agent_id} gets a token at "
                            f"{settings.wecom_api_url}")]  # fmt: skip
    finally:
        await api.close()
    checks.append(
        Check(
            OK,
            f"WeCom callback is configured: http://{settings.wecom_listen}/wecom/callback "
            "(Token and EncodingAESKey set; save the URL in the admin console)",
        )
    )
    return checks


async def check_jobs(db: Database, now: datetime) -> list[Check]:
    """When each job last decided something, what waits unsent, and who blocked the bot."""
    async with db.session() as session:
        last = await last_decisions(session)
        stuck = await waiting_messages(session, before=now - STUCK_AFTER)
        blocked = await unreachable_staff(session)
        undated = await undated_counselors(session)
    checks = [
        Check(OK, f"job {name}: last message decided {last[name]:%Y-%m-%d %H:%M} UTC")
        if name in last
        else Check(NOTE, f"job {name}: no message decided yet")
        for name in JOB_BATCHES
    ]
    if stuck:
        checks.append(
            Check(FAIL, f"{stuck} message(s) wait unsent for over an hour: is fudao run up?")
        )
    else:
        checks.append(Check(OK, "no message waits unsent"))
    if blocked:
        names = "、".join(f"{s.name}（{s.staff_no or '—'}）" for s in blocked[:10])
        checks.append(
            Check(SOON, f"{len(blocked)} people blocked the bot: {names}; ask them to /start it")
        )
    else:
        checks.append(Check(OK, "everybody can be reached"))
    checks.append(start_dates(undated))
    return checks


def start_dates(undated: list[str]) -> Check:
    """Counselors with no 任职起始日期: C30, C31, S03 and S08 cannot judge them."""
    if not undated:
        return Check(OK, "every counselor has a start date (任职起始日期)")
    names = "、".join(undated[:10]) + (" …" if len(undated) > 10 else "")
    fix = "enter it with the staff list (教职工名单) or fudao staff set --staff-no X --started DAY"
    return Check(
        SOON, f"{len(undated)} counselor(s) have no start date (任职起始日期): {names}; {fix}"
    )


async def run_checks(settings: Settings, now: datetime) -> list[Check]:
    """Every check, in the order an administrator would fix things."""
    database = check_database(settings)
    db = Database(settings.db_url) if database.mark == OK else None
    try:
        checks = [await check_bot(settings, db), *await check_wecom(settings), database]
        checks.append(check_secret_key(settings))
        checks += check_policy(settings, now)[1]
        if db is not None:
            checks += await check_jobs(db, now)
    finally:
        if db is not None:
            await db.dispose()
    return checks


async def doctor(settings: Settings, now: datetime | None = None) -> int:
    """Print one line per check and a verdict; 1 when anything is ✗."""
    checks = await run_checks(settings, now or datetime.now(UTC))
    for check in checks:
        print(check)
    failed = sum(c.mark == FAIL for c in checks)
    print(f"{failed} problem(s) to fix" if failed else "all checks passed")
    return 1 if failed else 0
