"""/me on a phone: what needs action first, one line for the rest, the full list a tap away."""

from __future__ import annotations

import re
from datetime import date

import pytest

from bot.emulator import Emulator
from demo.data import DemoPeople, seed_college, seed_history
from models.db import Database
from tests.e2e.conftest import Clock
from tests.e2e.people import Person, labels

pytestmark = pytest.mark.usefixtures("app")


@pytest.fixture
async def demo(db: Database, clock: Clock) -> DemoPeople:
    """The demo college with a term of records, as the sandbox seeds it."""
    async with db.session() as session:
        people = await seed_college(session)
        await seed_history(session, people, start=date(2026, 9, 1), end=clock().date())
        await session.commit()
        return people


def person_of(emulator: Emulator, demo: DemoPeople, index: int, language: str) -> Person:
    """A demo counselor (already registered) in their Telegram chat."""
    staff = demo.counselors[index]
    assert staff.telegram_user_id is not None
    return Person(emulator, staff.telegram_user_id, staff.name, language)


BAR = re.compile(r"^[▓░]{10} ")


def bar_lines(text: str) -> list[str]:
    """The quota lines of a message: those that start with a progress bar."""
    return [line for line in text.split("\n") if BAR.match(line)]


def days_left(line: str) -> int:
    """The days a listed quota has left; a far deadline shows only its date."""
    found = re.search(r"(?:剩 |, )(\d+)(?: 天| days left)", line)
    return int(found.group(1)) if found else 10_000


async def test_it_fits_a_phone_screen_with_the_most_urgent_first(
    emulator: Emulator, demo: DemoPeople
) -> None:
    for index in range(len(demo.counselors)):
        me = person_of(emulator, demo, index, "zh-hans")
        answer = await me.say("/me")
        lines = answer.text.split("\n")
        assert len(lines) <= 20, answer.text
        listed = bar_lines(answer.text)
        assert listed, answer.text
        assert [days_left(x) for x in listed] == sorted(days_left(x) for x in listed)
        assert all("截止" in line for line in listed)
        assert not any("（还差" in x and "剩" in x and days_left(x) > 60 for x in listed)
        assert labels(answer)[0] == "查看全部"
        assert any("尚未覆盖" in label for label in labels(answer))
        rest = re.search(r"其余 (\d+) 项进度正常", answer.text)
        assert rest is not None, answer.text
        full = await me.tap("查看全部", answer)
        everything = bar_lines(full.text)
        # The full list holds the listed ones and the N others, grouped by period.
        assert len(everything) == len(listed) + int(rest.group(1))
        # The same quotas, the full list without the dates of the near ones.
        assert {x.split("（")[0] for x in listed} <= {x.split("（")[0] for x in everything}
        assert "<b>本周</b>" in full.text and "<b>本学年</b>" in full.text


async def test_it_gives_the_five_year_rule_its_real_end(
    emulator: Emulator, demo: DemoPeople
) -> None:
    me = person_of(emulator, demo, 1, "zh-hans")
    answer = await me.tap("查看全部", await me.say("/me"))
    five = next(x for x in answer.text.split("\n") if "五年内" in x and BAR.match(x))
    assert "剩" not in five
    end = re.search(r"(\d{4})-\d\d-\d\d 截止", five)
    assert end is not None and int(end.group(1)) >= 2027, five


async def test_it_speaks_english_too(emulator: Emulator, demo: DemoPeople) -> None:
    me = person_of(emulator, demo, 0, "en")
    await me.say("/lang en")
    answer = await me.say("/me")
    assert len(answer.text.split("\n")) <= 20
    assert re.search(r"The other \d+ are on track", answer.text), answer.text
    assert all("due " in line for line in bar_lines(answer.text))
    assert labels(answer)[0] == "Show all"
