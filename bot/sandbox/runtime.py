"""The sandbox's moving parts: a seeded database, the emulator and the real bot polling it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from bot.app import build_application
from bot.config import Settings
from bot.demo_cli import seed_demo
from bot.emulator import Emulator, EmulatorLimits
from bot.sandbox.wecom import WeComSide
from i18n import t
from models.db import Database
from models.org import Staff
from models.types import utcnow
from policy.service import PolicyService
from services.context import Services, services_of

log = logging.getLogger(__name__)

# Not a secret: the sandbox's bot only ever talks to the local emulator.
SANDBOX_TOKEN = "424242:sandbox-token-for-the-local-emulator"


@dataclass(frozen=True)
class Person:
    """A demo person as the switcher lists them."""

    user_id: int
    name: str
    role: str
    staff_no: str

    def as_json(self, language: str = "zh") -> dict[str, Any]:
        """The switcher's entry."""
        return {
            "user_id": self.user_id,
            "name": self.name,
            "role": self.role,
            "role_label": t(f"role-{self.role}", language),
            "staff_no": self.staff_no,
        }


def sandbox_database_url(settings: Settings) -> str:
    """A fresh SQLite file under FUDAO_DATA_DIR/sandbox/ (the previous one is removed)."""
    folder = (settings.data_dir / "sandbox").resolve()
    folder.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{folder / 'fudao.db'}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{folder / 'fudao.db'}"


def _people_of(staff: list[Staff]) -> list[Person]:
    """Registered staff, as switcher entries."""
    return [
        Person(s.telegram_user_id, s.name, s.roles[0], s.staff_no or "")
        for s in staff
        if s.telegram_user_id is not None and s.roles
    ]


@dataclass
class Runtime:
    """Database, emulator and bot, started together and stopped together."""

    settings: Settings
    database_url: str
    students: int = 480
    # The application's "now"; tests fix it, the sandbox keeps the real time.
    clock: Callable[[], datetime] = utcnow
    migrate: bool = True
    emulator: Emulator = field(init=False)
    app: Any = field(init=False)
    people: list[Person] = field(default_factory=list)
    # The web console (bot/web/), served beside the page; each person's 看板 opens it.
    console_url: str = ""
    _console: Any = None
    # The same Application on WeCom too, against its emulator, for the page's WeCom view.
    wecom: WeComSide = field(default_factory=WeComSide)

    async def start(self) -> None:
        """Migrate, seed, start the emulator and the bot polling it."""
        if self.migrate:
            from models.migrate import upgrade

            await asyncio.to_thread(upgrade, self.database_url)
        policy = PolicyService.load(self.settings.policy_dir)
        db = Database(self.database_url)
        try:
            today = policy.today(self.clock())
            summary = await seed_demo(db, policy, today=today, students=self.students)
        finally:
            await db.dispose()
        self.people = _people_of(summary.colleges[0].everyone)
        # Generous limits: one click may answer with a chart, a table and a text at once.
        self.emulator = Emulator(
            SANDBOX_TOKEN,
            "fudao_sandbox_bot",
            EmulatorLimits(global_per_second=200, chat_burst=40, chat_per_second=20),
        )
        await self.emulator.start(host="127.0.0.1", port=0)
        for person in self.people:
            self.emulator.add_user(person.user_id, person.name, language_code="zh-hans")
        await self.wecom.start_emulator()
        for person in self.people:
            self.wecom.add_member(person.staff_no, person.name)
        settings = self.settings.model_copy(
            update={
                "telegram_api_url": self.emulator.api_url,
                "telegram_file_url": self.emulator.file_url,
                "database_url": self.database_url,
                **self.wecom.settings(),
            }
        )
        svc = Services(db=Database(self.database_url), policy=policy, clock=self.clock)
        self.app = build_application(settings, svc=svc, token=SANDBOX_TOKEN)
        await self.app.initialize()
        # run_polling() would call post_init (the command menu); starting by hand, we do.
        if self.app.post_init is not None:
            await self.app.post_init(self.app)
        await self.app.start()
        await self.app.updater.start_polling(poll_interval=0.0, timeout=2)
        from bot.web import Console, serve

        console = Console(svc, settings, SANDBOX_TOKEN, bot=self.app.bot)
        self._console, port = await serve(console, "127.0.0.1", 0)
        self.console_url = svc.web_url = f"http://127.0.0.1:{port}"
        await self.wecom.start_channel(self.app, settings, svc.db)

    @property
    def tz(self) -> tzinfo:
        """The university's zone, as the running bot counts in it."""
        return services_of(self.app.bot_data).policy.tz

    async def stop(self) -> None:
        """Stop the console and the bot, then the emulator (whichever of them got started)."""
        if self._console is not None:
            await self._console.cleanup()
        await self.wecom.stop_channel()
        app = getattr(self, "app", None)
        if app is not None:
            if app.updater is not None and app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()
            await app.shutdown()
        emulator = getattr(self, "emulator", None)
        if emulator is not None:
            await emulator.stop()
        await self.wecom.stop_emulator()

    def job_names(self) -> list[str]:
        """The scheduler's jobs, or none while the scheduler is not installed."""
        try:
            from scheduler.runner import JOB_NAMES
        except ImportError:
            return []
        return list(JOB_NAMES)

    async def run_job(self, name: str, at: datetime) -> int:
        """Run one scheduled job as of `at`; how many messages it sent."""
        from scheduler.runner import run_job

        log.info("sandbox: running job %s as of %s", name, at.isoformat())
        sent: int = await run_job(self.app, name, at)
        return sent
