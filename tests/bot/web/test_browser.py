"""The console in a real (headless) Chromium, against the real Application and the emulator."""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Coroutine, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect, sync_playwright
from sqlmodel import select

from bot.web import Console, serve
from imports.roster import REQUIRED
from models.db import Database
from models.migrate import drop_everything, upgrade
from models.org import Student
from tests.bot.sandbox.conftest import ARTIFACTS
from tests.bot.web.conftest import IDS, init_data
from tests.conftest import find_chromium
from tests.e2e.conftest import START, TOKEN, Clock, start_application, stop_application
from tests.imports.sheets import xlsx_of

pytestmark = pytest.mark.browser
PHONE: ViewportSize = {"width": 390, "height": 844}
T = TypeVar("T")


class Served:
    """The emulator, the bot and the console, running on a loop in a thread of their own."""

    def __init__(self, url: str, tmp_path: Path) -> None:
        self.database_url = url
        self.tmp_path = tmp_path
        self.clock = Clock(START)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.url = ""
        self.other_person_id = 0

    def run(self, work: Coroutine[Any, Any, T]) -> T:
        """Run a coroutine on the served loop and wait for it."""
        return asyncio.run_coroutine_threadsafe(work, self.loop).result(timeout=60)

    async def start(self) -> None:
        """Seed both colleges, start the emulator, the bot polling it and the console."""
        from bot.emulator import Emulator, EmulatorLimits

        await asyncio.to_thread(upgrade, self.database_url)
        self.db = Database(self.database_url)
        self.place = await _seed(self.db, self.clock)
        self.other_person_id = self.place.other_person.id or 0
        self.emulator = Emulator(TOKEN, "fudao_test_bot", EmulatorLimits(1000, 100, 100))
        await self.emulator.start(host="127.0.0.1", port=0)
        for key, user_id in IDS.items():
            self.emulator.add_user(user_id, key)
        self.app = await start_application(
            self.emulator, self.database_url, self.clock, self.tmp_path
        )
        svc = self.app.bot_data["services"]
        console = Console(svc, self.app.bot_data["settings"], TOKEN, bot=self.app.bot)
        self.runner, port = await serve(console, "127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{port}"
        svc.web_url = self.url

    async def stop(self) -> None:
        """Stop the console, the bot and the emulator."""
        await self.runner.cleanup()
        await stop_application(self.app)
        await self.emulator.stop()
        await self.db.dispose()

    async def web_link(self, user_id: int) -> str:
        """Send /web as this person and read the sign-in link from the bot's answer."""
        user = self.emulator.state.users[user_id]
        waiting = asyncio.ensure_future(
            self.emulator.wait_for_message(user_id, lambda m: "/app/signin" in (m.text or ""))
        )
        await asyncio.sleep(0)
        await self.emulator.send_text(user, "/web")
        message = await waiting
        found = re.search(r"(http://\S+/app/signin\?token=\S+)", message.text or "")
        assert found is not None
        return found.group(1)

    async def student(self, student_no: str) -> Student | None:
        """A student by 学号, read from the database."""
        async with self.db.session() as session:
            query = select(Student).where(Student.student_no == student_no)
            return (await session.exec(query)).first()


async def _seed(db: Database, clock: Clock) -> Any:
    from tests.bot.web import conftest

    fixture = conftest.place.__wrapped__  # type: ignore[attr-defined]
    return await fixture(db, clock)


@pytest.fixture
def served(database_url: str, tmp_path: Path) -> Iterator[Served]:
    """Everything started on a fresh, migrated database."""
    drop_everything(database_url)
    box = Served(database_url, tmp_path)
    box.run(box.start())
    try:
        yield box
    finally:
        box.run(box.stop())
        box.loop.call_soon_threadsafe(box.loop.stop)
        box.thread.join(timeout=10)
        box.loop.close()
        drop_everything(database_url)


@pytest.fixture
def browser() -> Iterator[Browser]:
    """The system's Chromium, headless."""
    executable = find_chromium()
    assert executable is not None, "no Chromium: install chromium or set FUDAO_CHROMIUM"
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A phone-sized tab."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN")
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def open_mini_app(page: Page, served: Served, who: str, **shift: float) -> None:
    """Open /app as Telegram opens a Mini App: init data in the URL fragment."""
    data = init_data(IDS[who], served.clock() - timedelta(**shift), token=TOKEN)
    page.goto(f"{served.url}/app#tgWebAppData={quote(data)}&tgWebAppVersion=8.0")


def test_it_signs_a_leader_in_from_telegram_and_opens_a_person(page: Page, served: Served) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    open_mini_app(page, served, "leader")
    expect(page).to_have_url(re.compile(r"/app/college$"))
    expect(page.locator("h1")).to_have_text("机电工程学院")
    expect(page.locator("#headline")).to_contain_text("达标率")
    page.screenshot(path=str(ARTIFACTS / "console-leader-overview.png"), full_page=True)
    page.locator("table.people a", has_text="张老师").click()
    expect(page.locator("h1")).to_have_text("张老师")
    expect(page.locator("ul.rules li").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "console-person.png"), full_page=True)
    # Editing the address to another college's person: not found, as for nobody.
    page.goto(f"{served.url}/app/person/{served.other_person_id}")
    expect(page.locator("h1")).to_have_text("未找到")


def test_it_refuses_tampered_and_hour_old_init_data(page: Page, served: Served) -> None:
    data = init_data(IDS["leader"], served.clock(), token=TOKEN).replace("7004", "7005")
    page.goto(f"{served.url}/app#tgWebAppData={quote(data)}")
    expect(page.locator("#signin-failed")).to_be_visible()
    open_mini_app(page, served, "leader", hours=1, minutes=5)
    expect(page.locator("#signin-failed")).to_be_visible()
    page.goto(f"{served.url}/app/college")
    expect(page.locator("h1")).to_have_text("未找到")


def test_it_refuses_a_sign_in_link_the_second_time(page: Page, served: Served) -> None:
    link = served.run(served.web_link(IDS["leader"]))
    page.goto(link)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("h1")).to_have_text("机电工程学院")
    page.get_by_role("button", name="退出登录").click()
    page.goto(link)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("main")).to_contain_text("已使用过")


def test_it_shows_a_counselor_only_their_own_page(page: Page, served: Served) -> None:
    open_mini_app(page, served, "counselor")
    expect(page).to_have_url(re.compile(r"/app/me$"))
    expect(page.locator("h1")).to_have_text("张老师")
    page.screenshot(path=str(ARTIFACTS / "console-counselor.png"), full_page=True)
    page.goto(f"{served.url}/app/college")
    expect(page.locator("h1")).to_have_text("未找到")


def _roster(tmp: Path, *rows: tuple[str, ...]) -> Path:
    path = tmp / "花名册.xlsx"
    path.write_bytes(xlsx_of(REQUIRED, rows))
    return path


def test_it_lets_an_admin_import_a_roster_after_the_row_errors_are_fixed(
    page: Page, served: Served, tmp_path: Path
) -> None:
    open_mini_app(page, served, "admin")
    good = ("2024099901", "新同学", "机电工程学院", "2024", "机械2401班")
    bad = ("2024099902", "错同学", "机电工程学院", "两千", "机械2401班")
    page.get_by_role("link", name="上传名单").click()
    page.set_input_files('input[name="file"]', _roster(tmp_path, good, bad))
    page.get_by_role("button", name="检查").click()
    expect(page.locator("main")).to_contain_text("第 3 行")
    assert served.run(served.student("2024099901")) is None
    page.get_by_role("link", name="上传名单").click()
    page.set_input_files('input[name="file"]', _roster(tmp_path, good))
    page.get_by_role("button", name="检查").click()
    page.get_by_role("button", name="确认导入").click()
    expect(page.locator("main")).to_contain_text("已导入")
    page.screenshot(path=str(ARTIFACTS / "console-admin-import.png"), full_page=True)
    student = served.run(served.student("2024099901"))
    assert student is not None and student.name == "新同学"


def test_it_refuses_a_post_without_csrf_or_from_another_origin(page: Page, served: Served) -> None:
    open_mini_app(page, served, "leader")
    expect(page.locator("h1")).to_have_text("机电工程学院")
    token = page.locator('meta[name="csrf"]').get_attribute("content") or ""
    bare = page.request.post(f"{served.url}/app/signout", headers={"Origin": served.url})
    assert bare.status == 403
    foreign = page.request.post(
        f"{served.url}/app/signout", form={"csrf": token},
        headers={"Origin": "https://evil.example"},
    )  # fmt: skip
    assert foreign.status == 403
    page.reload()
    expect(page.locator("h1")).to_have_text("机电工程学院")
