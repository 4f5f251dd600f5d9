"""What each person sees in the console, and what the admin pages change."""

from __future__ import annotations

import re

from sqlmodel import select

from bot.web.server import CONSOLE
from imports.roster import REQUIRED
from imports.tables import MAX_BYTES
from models.db import Database
from models.org import Staff, Student
from models.records import AuditEntry
from tests.bot.web.conftest import Client, Place, csrf, origin, post, sign_in
from tests.e2e.conftest import Clock
from tests.imports.sheets import xlsx_of


async def test_it_opens_a_person_of_the_leaders_college_and_audits_the_view(
    client: Client, place: Place, clock: Clock, db: Database
) -> None:
    await sign_in(client, "leader", clock)
    page = await client.get(f"/app/person/{place.world.counselor.id}")
    text = await page.text()
    assert page.status == 200
    assert "张老师" in text and 'class="rules"' in text
    async with db.session() as session:
        lines = (
            await session.exec(select(AuditEntry).where(AuditEntry.action == "person.read"))
        ).all()
    assert [e.target for e in lines] == [f"staff:{place.world.counselor.id}"]


async def test_it_answers_not_found_for_another_colleges_person_as_for_nobody(
    client: Client, place: Place, clock: Clock
) -> None:
    await sign_in(client, "leader", clock)
    other = await client.get(f"/app/person/{place.other_person.id}")
    nobody = await client.get("/app/person/999999")
    assert other.status == nobody.status == 404
    assert await other.text() == await nobody.text()
    api = await client.get(f"/app/api/person/{place.other_person.id}")
    assert api.status == 404
    college = await client.get(f"/app/api/college?college={place.other_leader.college_id}")
    assert college.status == 404


async def test_it_shows_the_overview_as_json_with_filters(
    client: Client, place: Place, clock: Clock
) -> None:
    await sign_in(client, "leader", clock)
    data = await (await client.get("/app/api/college?period=month")).json()
    assert data["college"]["name"] == "机电工程学院" and data["period"] == "month"
    names = {p["name"] for p in data["people"]}
    assert {"张老师", "刘老师"} <= names
    heads = await (await client.get("/app/api/college?period=month&role=head_teacher")).json()
    assert {p["name"] for p in heads["people"]} == {"刘老师"}
    trend = await client.get("/app/college/trend.svg")
    assert trend.status == 200 and "<circle" in await trend.text()
    book = await client.get("/app/college/digest.xlsx")
    assert book.status == 200 and (await book.read())[:2] == b"PK"


async def test_it_shows_a_counselor_only_their_own_page(
    client: Client, place: Place, clock: Clock
) -> None:
    response = await sign_in(client, "counselor", clock)
    assert (await response.json())["next"] == "/app/me"
    me = await client.get("/app/me")
    assert me.status == 200 and "张老师" in await me.text()
    assert (await client.get("/app/college")).status == 404
    assert (await client.get(f"/app/person/{place.world.leader.id}")).status == 404
    assert (await client.get(f"/app/person/{place.world.counselor.id}")).status == 200
    assert (await client.get("/app/admin/upload")).status == 404
    data = await (await client.get("/app/api/me")).json()
    assert data["name"] == "张老师" and data["periods"]


def roster(*rows: tuple[str, ...]) -> bytes:
    """A roster workbook with the required columns only."""
    return xlsx_of(REQUIRED, rows)


async def _upload(client: Client, content: bytes) -> tuple[int, str]:
    token = await csrf(client, "/app/admin/upload")
    from aiohttp import FormData

    form = FormData()
    form.add_field("csrf", token)
    form.add_field("file", content, filename="花名册.xlsx")
    response = await client.post("/app/admin/upload", data=form, headers={"Origin": origin(client)})
    return response.status, await response.text()


async def _student(db: Database, student_no: str) -> Student | None:
    async with db.session() as session:
        query = select(Student).where(Student.student_no == student_no)
        return (await session.exec(query)).first()


async def test_it_imports_a_roster_only_when_every_row_is_right_and_confirmed(
    client: Client, place: Place, clock: Clock, db: Database
) -> None:
    await sign_in(client, "admin", clock)
    good = ("2024099901", "新同学", "机电工程学院", "2024", "机械2401班")
    bad = ("2024099902", "错同学", "机电工程学院", "两千", "机械2401班")
    status, text = await _upload(client, roster(good, bad))
    assert status == 422 and "第 3 行" in text and "确认导入" not in text
    assert await _student(db, "2024099901") is None
    status, text = await _upload(client, roster(good))
    assert status == 200 and "确认导入" in text
    assert await _student(db, "2024099901") is None
    key = re.search(r'name="key" value="([^"]+)"', text)
    assert key is not None
    done = await post(client, "/app/admin/upload/decide", {"key": key.group(1), "choice": "ok"})
    assert done.status == 200 and "已导入" in await done.text()
    student = await _student(db, "2024099901")
    assert student is not None and student.name == "新同学"
    again = await post(client, "/app/admin/upload/decide", {"key": key.group(1), "choice": "ok"})
    assert again.status == 410


async def test_it_revokes_a_person_after_the_confirm_step(
    client: Client, place: Place, clock: Clock, db: Database
) -> None:
    await sign_in(client, "admin", clock)
    target = place.world.other_counselor.id
    listing = await client.get("/app/admin/staff")
    assert "赵老师" in await listing.text() and "外院辅导员" not in await listing.text()
    preview = await post(client, f"/app/admin/staff/{target}", {"action": "revoke"})
    assert preview.status == 200 and "请确认撤销角色" in await preview.text()
    async with db.session() as session:
        assert (await session.get(Staff, target)).is_counselor  # type: ignore[union-attr]
    done = await post(client, f"/app/admin/staff/{target}", {"action": "revoke", "confirm": "yes"})
    assert done.status == 303
    async with db.session() as session:
        person = await session.get(Staff, target)
        assert person is not None and person.roles == []
    beyond = await post(client, f"/app/admin/staff/{place.other_person.id}", {"action": "unbind"})
    assert beyond.status == 404


async def test_it_creates_shows_and_revokes_an_invite(
    client: Client, place: Place, clock: Clock
) -> None:
    await sign_in(client, "admin", clock)
    created = await post(client, "/app/admin/invites", {"staff_no": "T1003", "action": "create"})
    text = await created.text()
    code = re.search(r'<code id="invite-code">([^<]+)</code>', text)
    assert code is not None and len(code.group(1)) >= 40
    revoked = await post(client, "/app/admin/invites", {"staff_no": "T1003", "action": "revoke"})
    assert "1" in await revoked.text()
    other = await post(client, "/app/admin/invites", {"staff_no": "nobody", "action": "create"})
    assert "invite-code" not in await other.text()


async def test_it_refuses_a_list_over_the_chats_size_limit(
    client: Client, place: Place, clock: Clock
) -> None:
    await sign_in(client, "admin", clock)
    status, text = await _upload(client, b"x" * (MAX_BYTES + 100 * 1024))
    assert status == 413 and "超过 5 MB" in text


async def test_it_shares_the_evaluations_of_one_minute_between_readers(
    client: Client, place: Place, clock: Clock
) -> None:
    app = client.app
    assert app is not None
    console = app[CONSOLE]
    await sign_in(client, "leader", clock)
    for _ in range(3):
        assert (await client.get("/app/api/college")).status == 200
    # This week's and last week's, once for the minute however many read them.
    assert console.policy.evaluations == 2
    clock.advance(minutes=1)
    assert (await client.get("/app/api/college")).status == 200
    assert console.policy.evaluations == 4


async def test_it_speaks_english_to_a_person_who_chose_it(
    client: Client, place: Place, clock: Clock, db: Database
) -> None:
    async with db.session() as session:
        leader = await session.get(Staff, place.world.leader.id)
        assert leader is not None
        leader.language = "en"
        session.add(leader)
        await session.commit()
    await sign_in(client, "leader", clock)
    text = await (await client.get("/app/college")).text()
    assert '<html lang="en">' in text and "Compliance" in text and "Sign out" in text
