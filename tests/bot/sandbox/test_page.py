"""The sandbox page in a real (headless) Chromium: a counselor logs a visit, a leader reads."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook
from playwright.sync_api import Browser, Locator, Page, ViewportSize, expect, sync_playwright

from imports.roster import HEADER
from tests.bot.sandbox.conftest import ARTIFACTS, Running
from tests.conftest import find_chromium

pytestmark = pytest.mark.browser
PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture
def browser() -> Iterator[Browser]:
    """The system's Chromium, headless (Playwright's own browser download is not available)."""
    executable = find_chromium()
    # FUDAO_REQUIRE_BROWSER keeps these tests when none is found: fail, saying why.
    assert executable is not None, "no Chromium: install chromium or set FUDAO_CHROMIUM"
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, sandbox: Running) -> Iterator[Page]:
    """The sandbox page on a phone-sized screen."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN")
    context.set_default_timeout(15_000)
    # The expectations' own wait (5 s by default) is too short for a job run on a machine
    # busy with the other test processes; they still pass the moment the text shows.
    expect.set_options(timeout=90_000)
    tab = context.new_page()
    tab.goto(sandbox.url)
    yield tab
    context.close()


def person(sandbox: Running, role: str) -> tuple[int, str]:
    """The user id and name of the first demo person with this role."""
    found = next(p for p in sandbox.box.runtime.people if p.role == role)
    return found.user_id, found.name


def newest(page: Page) -> Locator:
    """The bot's newest message (an edit replaces it in place)."""
    return page.locator(".msg.bot").last


def tap(page: Page, label: str | re.Pattern[str]) -> None:
    """Press a button of the bot's newest message."""
    newest(page).get_by_role("button", name=label).first.click()


def test_it_logs_a_dorm_visit_by_clicks_and_shows_a_leader_the_digest(
    page: Page, sandbox: Running
) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    counselor, _name = person(sandbox, "counselor")
    page.select_option("#person", str(counselor))
    expect(page.locator("#person")).to_have_value(str(counselor))

    page.get_by_role("button", name="菜单").click()
    page.locator("#menu li", has_text="/log").click()
    expect(page.locator(".msg.me").last).to_have_text(re.compile("^/log"))
    tap(page, "走访宿舍")
    tap(page, re.compile("号楼"))
    tap(page, "正常")
    tap(page, "完成")
    tap(page, "今天")
    tap(page, "跳过")
    tap(page, "否")
    tap(page, "确认保存")
    expect(newest(page)).to_contain_text("已保存")
    expect(newest(page).locator("b").first).to_have_text("走访宿舍")
    expect(newest(page)).to_contain_text(re.compile(r"本月走访宿舍 \d+/2"))
    shoot(page, "sandbox-counselor.png")

    leader, _ = person(sandbox, "leader")
    page.select_option("#person", str(leader))
    expect(page.locator(".msg")).to_have_count(0)
    read_the_digest(page)
    digest = page.locator(".msg.bot", has_text="机电工程学院 工作周报")
    expect(digest).to_have_count(1)
    expect(digest).to_contain_text("定额完成情况")
    chart = page.locator(".msg.bot .photo img").last
    expect(chart).to_be_visible()
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    sheet = page.locator(".msg.bot a.doc").last
    expect(sheet).to_contain_text(".xlsx")
    download = page.request.get(sandbox.url + str(sheet.get_attribute("href")))
    assert download.ok and download.body()[:2] == b"PK"
    shoot(page, "sandbox-leader.png")


def shoot(page: Page, name: str) -> None:
    """A screenshot for the CI artifacts, once the web font has loaded."""
    page.evaluate("document.fonts.ready.then(() => true)")
    page.screenshot(path=str(ARTIFACTS / name))


def read_the_digest(page: Page) -> None:
    """Run the weekly digest from the clock control, as of the next Monday, 08:00."""
    page.locator("#clock-toggle").click()
    job = page.locator("#job option", has_text="digest").first.get_attribute("value")
    assert job is not None
    page.select_option("#job", job)
    page.fill("#at", "2026-11-23T08:00")
    page.locator("#run").click()
    expect(page.locator("#job-result")).to_contain_text("已发送消息数")


def roster(path: Path, names: dict[str, str]) -> Path:
    """A one-student roster .xlsx for the demo college, as an administrator would save it."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(HEADER))
    student = ["2026010199", "新同学", "机电工程学院", "车辆工程", "2026", "机电车辆2602班"]
    staff = ["JC401", names["JC401"], "JH402", names["JH402"]]
    sheet.append([*student, "12号楼 501", *staff, "否", "否", "否", "否"])
    book.save(path)
    return path


def test_it_imports_a_roster_sent_into_an_admins_chat(
    page: Page, sandbox: Running, tmp_path: Path
) -> None:
    admin, _ = person(sandbox, "admin")
    page.select_option("#person", str(admin))
    names = {p.staff_no: p.name for p in sandbox.box.runtime.people}
    page.set_input_files("#file", str(roster(tmp_path / "名单.xlsx", names)))
    expect(page.locator(".msg.me .doc-name")).to_have_text("名单.xlsx")
    expect(newest(page)).to_contain_text("检查通过")
    tap(page, "确认导入")
    expect(newest(page)).to_contain_text("已导入")
    shoot(page, "sandbox-admin-upload.png")


def test_it_shows_markup_typed_by_a_person_as_text(page: Page, sandbox: Running) -> None:
    counselor, _ = person(sandbox, "counselor")
    page.select_option("#person", str(counselor))
    typed = '<img src=x onerror="window.hacked=1"><b>粗体</b>'
    page.fill("#text", typed)
    page.keyboard.press("Enter")
    expect(page.locator(".msg.me .text")).to_have_text(typed)
    expect(newest(page)).to_be_visible()
    assert page.locator(".msg.me img, .msg.me b").count() == 0
    assert page.evaluate("window.hacked") is None


def test_it_keeps_only_telegrams_tags_and_safe_links_in_bot_html(page: Page) -> None:
    bot_html = (
        '<b>粗</b><i>斜</i><a href="javascript:window.hacked=1">链接</a>'
        '<a href="https://example.edu.cn/">网站</a><img src=x onerror="window.hacked=1">'
        "<script>window.hacked=1</script><tg-spoiler>剧透</tg-spoiler>&lt;备注&gt;"
    )
    drawn = page.evaluate(
        "(html) => { const box = document.createElement('div'); renderHTML(html, box);"
        " return box.innerHTML; }",
        bot_html,
    )
    assert drawn == (
        "<b>粗</b><i>斜</i><a>链接</a>"
        '<a href="https://example.edu.cn/" target="_blank" rel="noopener noreferrer">网站</a>'
        '&lt;img src=x onerror="window.hacked=1"&gt;&lt;script&gt;window.hacked=1&lt;/script&gt;'
        '<span class="spoiler">剧透</span>&lt;备注&gt;'
    )
    assert page.evaluate("window.hacked") is None


def test_it_brings_nudges_from_the_clock_to_the_right_chats(page: Page, sandbox: Running) -> None:
    counselor, _ = person(sandbox, "counselor")
    leader, _ = person(sandbox, "leader")
    page.select_option("#person", str(leader))
    page.locator("#clock-toggle").click()
    page.select_option("#job", "nudges")
    page.fill("#at", "2026-11-27T09:00")
    page.locator("#run").click()
    expect(page.locator("#job-result")).to_contain_text("已发送消息数")
    option = page.locator(f'#person option[value="{counselor}"]')
    expect(option).to_contain_text(re.compile(r"\(\d+ 条新消息\)"))
    page.select_option("#person", str(counselor))
    expect(option).not_to_contain_text("新消息")
    nudge = page.locator(".msg.bot", has_text="工作提醒").last
    nudge.get_by_role("button", name="明天再提醒").first.click()
    expect(page.locator("#toast")).to_contain_text("好的，明天再提醒")


def test_it_shows_the_same_bot_in_wecom_with_cards_a_person_presses(
    page: Page, sandbox: Running
) -> None:
    counselor, _ = person(sandbox, "counselor")
    page.select_option("#person", str(counselor))
    page.select_option("#channel", "wecom")
    expect(page.locator("#wecom-menu")).to_be_visible()
    page.fill("#text", "/dorm 11号楼 101")
    page.keyboard.press("Enter")
    expect(page.locator(".msg.me .text")).to_have_text("/dorm 11号楼 101")
    expect(newest(page)).to_contain_text("已保存")

    page.locator("#wecom-menu button", has_text="记录工作").click()
    card = page.locator(".msg.bot .card").last
    pick(card, "走访宿舍")
    expect(card.locator(".card-title")).to_have_text("走访宿舍")
    pick(card, re.compile("号楼"))
    expect(card).to_contain_text("走访发现")
    pick(card, "正常")
    expect(card.get_by_role("radio", name="✅ 正常")).to_be_visible()
    pick(card, "完成")
    for label in ("今天", "跳过", "否"):
        card.get_by_role("button", name=label).click()
    pick(card, "确认保存")
    # Saved: the card's buttons are greyed out with one word, and the record follows.
    expect(card.locator(".card-button.greyed")).to_have_text("已处理")
    expect(newest(page)).to_contain_text("已保存")
    shoot(page, "sandbox-wecom.png")
    # The Telegram chat of the same person holds none of it.
    page.select_option("#channel", "telegram")
    expect(page.locator(".msg")).to_have_count(0)


def pick(card: Locator, label: str | re.Pattern[str]) -> None:
    """Choose an option of a WeCom vote card and submit it."""
    card.get_by_role("radio", name=label).first.check()
    card.get_by_role("button", name="确定").click()
