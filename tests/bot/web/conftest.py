"""The console served on a free port over the test database, and a seeded pair of colleges."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from aiohttp import ClientResponse, web
from aiohttp.test_utils import TestClient, TestServer

from bot.config import Settings
from bot.web import Console
from bot.web.server import application
from bot.web.signing import sign_init_data
from models.db import Database
from models.org import Staff
from policy.service import PolicyService
from services.context import Services
from tests.e2e.conftest import START, Clock, World, seed
from tests.factories import make_class, make_college, make_counselor, make_staff

TOKEN = "123456:TEST-token-for-the-console"
Client = TestClient[web.Request, web.Application]
IDS = {"counselor": 7001, "head_teacher": 7002, "other_counselor": 7003, "leader": 7004,
       "admin": 7005, "stranger_leader": 7006, "stranger": 7007}  # fmt: skip


@dataclass
class Place:
    """The seeded college, an admin of it, and a second college with its own people."""

    world: World
    admin: Staff
    other_leader: Staff
    other_person: Staff


@pytest.fixture
def clock() -> Clock:
    """The application's clock, on a term-time Wednesday."""
    return Clock(START)


@pytest.fixture
async def place(db: Database, clock: Clock) -> Place:
    """Two colleges; everybody bound to a Telegram account."""
    async with db.session() as session:
        world = await seed(session, clock())
        admin = await make_staff(session, None, is_admin=True, name="管理员", staff_no="A001")
        admin.college_id = world.leader.college_id
        other = await make_college(session, name="外国语学院")
        other_class = await make_class(session, other, name="英语2401班", grade=2024)
        other_leader = await make_staff(session, other, is_leader=True, name="外院领导")
        other_person = await make_counselor(session, other, other_class, name="外院辅导员")
        people = {"counselor": world.counselor, "head_teacher": world.head_teacher,
                  "other_counselor": world.other_counselor, "leader": world.leader,
                  "admin": admin, "stranger_leader": other_leader}  # fmt: skip
        for key, person in people.items():
            person.telegram_user_id = IDS[key]
            session.add(person)
        await session.commit()
        for row in (world.counselor, world.leader, admin, other_leader, other_person):
            await session.refresh(row)
        return Place(world, admin, other_leader, other_person)


def console_for(db: Database, clock: Clock, tmp_path: Path, **settings: object) -> Console:
    """A console over the test database with the test's clock."""
    svc = Services(db=db, policy=PolicyService.load(), clock=clock)
    return Console(svc, Settings(data_dir=tmp_path, **settings), TOKEN)  # type: ignore[arg-type]


@pytest.fixture
async def client(db: Database, clock: Clock, tmp_path: Path) -> AsyncIterator[Client]:
    """An HTTP client of the console on a free port."""
    console = console_for(db, clock, tmp_path)
    async with TestClient(TestServer(application(console))) as test_client:
        yield test_client


def origin(client: Client) -> str:
    """The console's own origin, as a browser would send it."""
    return str(client.make_url("")).rstrip("/")


async def csrf(client: Client, path: str = "/app") -> str:
    """The CSRF token of the page's forms (a GET also sets the pre-session cookie)."""
    response = await client.get(path)
    found = re.search(r'<meta name="csrf" content="([^"]+)"', await response.text())
    assert found is not None, await response.text()
    return found.group(1)


def init_data(user_id: int, at: datetime, token: str = TOKEN) -> str:
    """Init data as Telegram would sign it for this user at this moment."""
    user = json.dumps({"id": user_id, "first_name": "测试"}, separators=(",", ":"))
    return sign_init_data({"auth_date": str(int(at.timestamp())), "user": user,
                           "query_id": "AAH-test"}, token)  # fmt: skip


async def post(client: Client, path: str, data: dict[str, object]) -> ClientResponse:
    """A POST from the console's own page, with its CSRF token."""
    token = await csrf(client)
    response: ClientResponse = await client.post(
        path, data={**data, "csrf": token}, headers={"Origin": origin(client)},
        allow_redirects=False,
    )  # fmt: skip
    return response


async def sign_in(client: Client, who: str, clock: Clock) -> ClientResponse:
    """Sign in with Mini App init data for one of the seeded people."""
    return await post(client, "/app/auth/telegram", {"init_data": init_data(IDS[who], clock())})
