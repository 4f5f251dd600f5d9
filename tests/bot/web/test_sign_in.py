"""Signing in to the console: Telegram init data, one-time links, sessions and sign-out."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from bot.web.signing import verify_init_data
from models.db import Database
from models.web import create_sign_in_link
from services.offboarding import revoke_roles
from tests.bot.web.conftest import TOKEN, Client, Place, csrf, init_data, origin, post, sign_in
from tests.e2e.conftest import Clock


async def test_it_signs_a_leader_in_with_init_data_and_shows_their_college(
    client: Client, place: Place, clock: Clock
) -> None:
    response = await sign_in(client, "leader", clock)
    assert response.status == 200
    assert (await response.json()) == {"ok": True, "next": "/app/college"}
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Max-Age=28800" in cookie
    page = await client.get("/app/college")
    text = await page.text()
    assert page.status == 200
    assert "机电工程学院" in text and "张老师" in text


async def test_it_refuses_init_data_that_was_tampered_with(
    client: Client, place: Place, clock: Clock
) -> None:
    good = init_data(7004, clock())
    # The leader's signed data, with the user id swapped for the admin's.
    forged = good.replace("7004", "7005")
    response = await post(client, "/app/auth/telegram", {"init_data": forged})
    assert response.status == 403
    assert (await client.get("/app/college")).status == 404
    other_bot = init_data(7004, clock(), token="999:another-bot")
    assert (await post(client, "/app/auth/telegram", {"init_data": other_bot})).status == 403


async def test_it_refuses_init_data_older_than_an_hour(
    client: Client, place: Place, clock: Clock
) -> None:
    old = init_data(7004, clock() - timedelta(hours=1, minutes=1))
    assert (await post(client, "/app/auth/telegram", {"init_data": old})).status == 403
    recent = init_data(7004, clock() - timedelta(minutes=59))
    assert (await post(client, "/app/auth/telegram", {"init_data": recent})).status == 200


def test_it_checks_init_data_as_telegram_documents(clock: Clock) -> None:
    raw = init_data(42, clock())
    found = verify_init_data(raw, TOKEN, now=clock())
    assert found is not None and found.user_id == 42
    assert verify_init_data(raw + "&extra=1", TOKEN, now=clock()) is None
    assert verify_init_data(raw, TOKEN + "x", now=clock()) is None


async def test_it_refuses_a_stranger_with_valid_init_data(
    client: Client, place: Place, clock: Clock
) -> None:
    assert (await sign_in(client, "stranger", clock)).status == 403


async def test_it_lets_a_sign_in_link_work_once(
    client: Client, place: Place, clock: Clock, db: Database
) -> None:
    async with db.session() as session:
        token = await create_sign_in_link(session, staff_id=place.world.leader.id or 0, now=clock())
        await session.commit()
    page = await client.get("/app/signin?" + urlencode({"token": token}))
    assert page.status == 200  # a GET (a link preview) does not use it up
    first = await post(client, "/app/auth/link", {"token": token})
    assert first.status == 303 and first.headers["Location"] == "/app/college"
    await post(client, "/app/signout", {})
    second = await post(client, "/app/auth/link", {"token": token})
    assert second.status == 403
    assert (await client.get("/app/college")).status == 404


async def test_it_refuses_a_sign_in_link_after_ten_minutes(
    client: Client, place: Place, clock: Clock, db: Database
) -> None:
    async with db.session() as session:
        token = await create_sign_in_link(session, staff_id=place.world.leader.id or 0, now=clock())
        await session.commit()
    clock.advance(minutes=11)
    assert (await post(client, "/app/auth/link", {"token": token})).status == 403


async def test_it_ends_the_session_on_sign_out_and_after_eight_hours(
    client: Client, place: Place, clock: Clock
) -> None:
    await sign_in(client, "leader", clock)
    assert (await client.get("/app/college")).status == 200
    clock.advance(hours=8, minutes=1)
    assert (await client.get("/app/college")).status == 404
    clock.advance(hours=-8, minutes=-1)
    await sign_in(client, "leader", clock)
    out = await post(client, "/app/signout", {})
    assert out.status == 303
    assert (await client.get("/app/college")).status == 404


async def test_it_ends_a_revoked_persons_session_at_once(
    client: Client, place: Place, clock: Clock, db: Database
) -> None:
    await sign_in(client, "leader", clock)
    assert (await client.get("/app/college")).status == 200
    async with db.session() as session:
        leader = await session.get(type(place.world.leader), place.world.leader.id)
        assert leader is not None
        await revoke_roles(session, staff=leader, roles=["leader"], actor_id=None, now=clock())
    assert (await client.get("/app/college")).status == 404


async def test_it_refuses_a_post_without_its_csrf_token_or_from_another_origin(
    client: Client, place: Place, clock: Clock
) -> None:
    data = {"init_data": init_data(7004, clock())}
    await csrf(client)  # the pre-session cookie, as the page would have it
    bare = await client.post("/app/auth/telegram", data=data, headers={"Origin": origin(client)})
    assert bare.status == 403
    token = await csrf(client)
    elsewhere = await client.post(
        "/app/auth/telegram", data={**data, "csrf": token},
        headers={"Origin": "https://evil.example"},
    )  # fmt: skip
    assert elsewhere.status == 403
    missing = await client.post("/app/auth/telegram", data={**data, "csrf": token})
    assert missing.status == 403
    await sign_in(client, "leader", clock)
    # Signed in, the pre-session token no longer fits: the session has its own.
    stale = await client.post(
        "/app/signout", data={"csrf": token}, headers={"Origin": origin(client)}
    )
    assert stale.status == 403


async def test_it_serves_a_strict_content_security_policy(client: Client) -> None:
    response = await client.get("/app")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    text = await response.text()
    assert "<script>" not in text and "http://" not in text.replace("http://www.w3.org", "")
